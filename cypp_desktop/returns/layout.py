"""What a return workbook holds, sheet by sheet and column by column.

Making and importing read the same description, so a column can never be written in one
place and looked for in another. A column is either locked (what the plan says, shaded; an
edit there is ignored with a warning) or for the lead to fill in (validated on import).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

TEMPLATE_VERSION = 1
FORMAT = "cypp-return"
DATA_SHEET = "CYPP return data"  # veryHidden: the return's identity and what was issued
INSTRUCTIONS_SHEET = "Instructions"
HEADER_ROW = 1
FIRST_ROW = 2


class Kind(StrEnum):
    """What a cell holds; the importer reads each kind with the matching parser."""

    ID = "id"
    TEXT = "text"
    DATE = "date"
    PERCENT = "percent"
    NUMBER = "number"
    RAG = "rag"
    STATUS = "status"
    LOG_STATUS = "log_status"


class Row(StrEnum):
    """The kinds of row a return holds: plan items, and actions from the board's log."""

    ACTION = "action"
    INDICATOR = "indicator"
    OBJECTIVE = "objective"
    LOG = "log"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    kind: Kind
    width: float
    locked: bool = True
    prompt: str = ""  # the input message Excel shows when the lead enters the cell


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    row: Row
    columns: tuple[Column, ...]
    intro: str

    def letter(self, key: str) -> str:
        return str(get_column_letter(self.index(key)))

    def index(self, key: str) -> int:
        for number, column in enumerate(self.columns, start=1):
            if column.key == key:
                return number
        raise KeyError(key)

    @property
    def fill_in(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if not column.locked)

    @property
    def locked(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.locked)


RAG_CHOICES = ("Red", "Amber", "Green", "Blue")
STATUS_CHOICES = ("Not started", "In progress", "Complete", "Dropped")
LOG_STATUS_CHOICES = ("Open", "Done", "Dropped")

_ID = Column("id", "ID", Kind.ID, 7)
_CODE = Column("code", "Code", Kind.TEXT, 10)
_DUE = Column("due", "Due", Kind.DATE, 12)
_PREVIOUS_RAG = Column("previous_rag", "RAG last period", Kind.TEXT, 11)
_RAG = Column(
    "rag",
    "RAG",
    Kind.RAG,
    9,
    locked=False,
    prompt="Red, Amber, Green or Blue (complete). Pick from the list. Leave as it is to let "
    "the plan's rules decide; a different RAG needs your reason in Commentary.",
)
_COMMENTARY = Column(
    "commentary",
    "Commentary",
    Kind.TEXT,
    48,
    locked=False,
    prompt="Progress this period in a few sentences: what happened, what is next, any risk.",
)

ACTIONS = Sheet(
    "Actions",
    Row.ACTION,
    (
        _ID,
        _CODE,
        Column("title", "Action", Kind.TEXT, 44),
        _DUE,
        _PREVIOUS_RAG,
        Column(
            "status",
            "Status",
            Kind.STATUS,
            13,
            locked=False,
            prompt="Not started, In progress, Complete or Dropped. Pick from the list.",
        ),
        Column(
            "percent_complete",
            "% complete",
            Kind.PERCENT,
            10,
            locked=False,
            prompt="A whole number from 0 to 100, such as 75.",
        ),
        _RAG,
        _COMMENTARY,
        Column(
            "revised_due",
            "Revised due date",
            Kind.DATE,
            13,
            locked=False,
            prompt="Only if the date has moved: a date such as 31/03/2013.",
        ),
        Column(
            "evidence",
            "Evidence",
            Kind.TEXT,
            30,
            locked=False,
            prompt="What shows the action is done or on track: a report, a figure, a link.",
        ),
    ),
    "Your actions in the plan.",
)

INDICATORS = Sheet(
    "Indicators",
    Row.INDICATOR,
    (
        _ID,
        _CODE,
        Column("title", "Indicator", Kind.TEXT, 44),
        Column("unit", "Unit", Kind.TEXT, 9),
        Column("target", "Target", Kind.NUMBER, 9),
        Column("previous_value", "Value last period", Kind.NUMBER, 10),
        _PREVIOUS_RAG,
        Column(
            "value",
            "Value this period",
            Kind.NUMBER,
            11,
            locked=False,
            prompt="The figure for this period, in the unit shown (17.4 or 17.4% for a "
            "percentage). Leave blank if it is not yet known.",
        ),
        _RAG,
        _COMMENTARY,
    ),
    "Indicators of the objectives you lead (or of the priority you lead, where the objective "
    "has no lead).",
)

OBJECTIVES = Sheet(
    "Objectives",
    Row.OBJECTIVE,
    (
        _ID,
        _CODE,
        Column("title", "Objective", Kind.TEXT, 56),
        _DUE,
        _PREVIOUS_RAG,
        _RAG,
        _COMMENTARY,
    ),
    "Objectives you lead.",
)

ACTION_LOG = Sheet(
    "Action log",
    Row.LOG,
    (
        _ID,
        Column("meeting", "Meeting", Kind.TEXT, 24),
        Column("title", "Action agreed", Kind.TEXT, 50),
        _DUE,
        Column(
            "log_status",
            "Status",
            Kind.LOG_STATUS,
            10,
            locked=False,
            prompt="Open, Done or Dropped. Pick from the list.",
        ),
        Column(
            "note",
            "Progress note",
            Kind.TEXT,
            44,
            locked=False,
            prompt="What has been done about this action since the meeting.",
        ),
    ),
    "Actions the board gave you that are still open.",
)

SHEETS: tuple[Sheet, ...] = (ACTIONS, INDICATORS, OBJECTIVES, ACTION_LOG)
SHEET_FOR: dict[Row, Sheet] = {sheet.row: sheet for sheet in SHEETS}
SHEET_NAMED: dict[str, Sheet] = {sheet.title: sheet for sheet in SHEETS}
