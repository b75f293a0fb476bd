"""What a grid column shows, how it sorts, and how typed text becomes a stored value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum, auto
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt

from cypp_desktop.models import Rag
from cypp_desktop.models.parsing import (
    FieldError,
    parse_date,
    parse_number,
    parse_percent,
    parse_rag,
    parse_status,
)

Row = TypeVar("Row")

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class Editor(Enum):
    """Which editor a cell opens, and so how its text is read."""

    TEXT = auto()
    MULTILINE = auto()
    DATE = auto()
    PERCENT = auto()
    NUMBER = auto()
    RAG = auto()
    STATUS = auto()
    OWNER = auto()
    ORGANISATION = auto()
    CHOICE = auto()


@dataclass(frozen=True)
class GridColumn(Generic[Row]):
    """One column. ``field`` is the item field an edit writes (None: read-only); ``period``
    makes it a per-period field (a value, a target, the commentary or the RAG)."""

    header: str
    display: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    field: str | None = None
    editor: Editor = Editor.TEXT
    period: str | None = None
    edit_text: Callable[[Row], str] | None = None
    rag: Callable[[Row], Rag] | None = None
    tooltip: Callable[[Row], str] | None = None
    align: Qt.AlignmentFlag = LEFT
    max_chars: int = 24
    required: bool = False
    unit: Callable[[Row], str] | None = None
    choices: Callable[[Row], Sequence[str]] | None = None
    shaded: bool = False  # drawn on a tinted background, e.g. targets beside actuals

    @property
    def editable(self) -> bool:
        return self.field is not None

    def text_for_edit(self, row: Row) -> str:
        return (self.edit_text or self.display)(row)

    def parse(self, text: str, row: Row) -> Any:
        """Typed text to the value to store; FieldError says what was expected."""
        text = text.strip()
        if not text:
            if self.required:
                raise FieldError(f"{self.header} cannot be blank")
            # Text cleared is empty text (the text fields are never missing); anything else
            # cleared is no value.
            return "" if self.editor in (Editor.TEXT, Editor.MULTILINE) else None
        match self.editor:
            case Editor.DATE:
                return parse_date(text).value
            case Editor.PERCENT:
                return parse_percent(text).value
            case Editor.NUMBER:
                return parse_number(text, self.unit(row) if self.unit else "number").value
            case Editor.RAG:
                return parse_rag(text).value
            case Editor.STATUS:
                return parse_status(text).value
            case Editor.CHOICE:
                options = list(self.choices(row)) if self.choices else []
                for option in options:
                    if option.lower() == text.lower():
                        return option
                listed = ", ".join(options[:8]) + (" ..." if len(options) > 8 else "")
                raise FieldError(f'"{text}" is not one of {listed or "the allowed values"}')
        return text
