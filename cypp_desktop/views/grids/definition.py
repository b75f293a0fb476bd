"""What a grid shows and how its cells map onto the store: one subclass per grid.

A definition knows nothing of widgets. It loads rows, names them for messages, turns a
parsed cell value into store edits, and lists the filters that make sense for its rows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy.orm import Session

from cypp_desktop.models import ItemKind
from cypp_desktop.store.edits import Edit, EditError, NewOrganisation, NewOwner
from cypp_desktop.store.grid_rows import Names, names
from cypp_desktop.views.grids.columns import Editor, GridColumn

Row = TypeVar("Row")


@dataclass(frozen=True)
class FilterSpec(Generic[Row]):
    """A drop-down filter: its label, the choices (value, text) and the test for a choice."""

    key: str
    label: str
    choices: Callable[[], list[tuple[str, str]]]
    test: Callable[[str], Callable[[Row], bool]]
    all_text: str = ""  # the "no filter" choice; "All <label>s" unless given

    @property
    def unfiltered(self) -> str:
        return self.all_text or f"Any {self.label.lower()}"


class GridDefinition(ABC, Generic[Row]):
    name = ""  # also the key its settings are saved under
    kind: ItemKind = ItemKind.ACTION
    can_add = False
    can_delete = False

    def __init__(self) -> None:
        self.names = Names({}, {}, {}, {}, {}, {})
        # Names the user agreed to add with the edit being made (see GridController).
        self.new_names: dict[tuple[Editor, str], NewOwner | NewOrganisation] = {}

    def refresh_names(self, session: Session) -> None:
        """Re-read who and what rows refer to (after an owner or organisation was added)."""
        self.names = names(session)

    def known_names(self) -> dict[Editor, set[str]]:
        return {
            Editor.OWNER: set(self.names.owners.values()),
            Editor.ORGANISATION: set(self.names.organisations.values()),
        }

    def owner_id(self, name: str | None) -> int | NewOwner | None:
        """The id of the owner called ``name``, or the NewOwner the user agreed to add."""
        new = self.new_names.get((Editor.OWNER, name or ""))
        if isinstance(new, NewOwner):
            return new
        return _lookup(self.names.owners, name, "owner")

    def organisation_id(self, name: str | None) -> int | NewOrganisation | None:
        new = self.new_names.get((Editor.ORGANISATION, name or ""))
        if isinstance(new, NewOrganisation):
            return new
        return _lookup(self.names.organisations, name, "organisation")

    @abstractmethod
    def load(self, session: Session, period: str) -> list[Row]: ...

    def reload(self, session: Session, period: str, ids: Sequence[int]) -> list[Row]:
        """Fresh copies of the given rows after they changed."""
        wanted = set(ids)
        return [row for row in self.load(session, period) if self.row_id(row) in wanted]

    @abstractmethod
    def columns(self, period: str) -> list[GridColumn[Row]]: ...

    def row_id(self, row: Row) -> int:
        return int(row.id)  # type: ignore[attr-defined]

    def item_id(self, row: Row) -> int:
        return self.row_id(row)

    def version(self, row: Row) -> int | None:
        return getattr(row, "version", None)

    def row_label(self, row: Row) -> str:
        code = getattr(row, "code", None)
        return code or f"row {self.row_id(row)}"

    def edit_for(self, row: Row, column: GridColumn[Row], value: Any) -> Edit:
        """The store edit for ``value`` typed in ``column`` of ``row``; owner and organisation
        names become ids here (or the NewOwner the user agreed to add). Grids that store a
        cell differently from how it is typed convert it before calling this."""
        assert column.field is not None
        if column.editor is Editor.OWNER:
            value = self.owner_id(value)
        elif column.editor is Editor.ORGANISATION:
            value = self.organisation_id(value)
        return Edit(
            self.kind,
            self.item_id(row),
            column.field,
            value,
            period=column.period,
            expected_version=None if column.period else self.version(row),
        )

    def filters(self) -> list[FilterSpec[Row]]:
        return []

    # What the row header shows instead of the row number (None: the number).
    row_header: Callable[[Row], str] | None = None

    def column_to_show(self, columns: list[GridColumn[Row]], period: str) -> int | None:
        """The column to scroll to when the grid opens (None: the first)."""
        return None

    # The long text of the selected row, edited in the details pane: (field, label).
    detail_fields: ClassVar[list[tuple[str, str]]] = []

    def details(self, session: Session, row: Row, period: str) -> tuple[str, dict[str, str]]:
        """HTML summary of the row for the details pane, and its long fields' text."""
        return f"<h3>{escape(self.row_label(row))}</h3>", {}

    def why_not_delete(self, session: Session, ids: Sequence[int]) -> str | None:
        """Why these items must not be deleted, in words for the user (None: they may be)."""
        return None

    def new_item(self, session: Session, near: Row | None) -> dict[str, Any]:
        """Column values for a new row (added after ``near``); grids that can add say how."""
        raise EditError(f"Rows cannot be added to the {self.name} grid.")


class ReadInTwoSteps(ABC, Generic[Row]):
    """A grid that may run to tens of thousands of rows: it reads ``first_rows`` first and
    shows them, and has the rest read in a worker thread (see GridController.load)."""

    first_rows: ClassVar[int] = 500

    @abstractmethod
    def load_start(self, session: Session, period: str, limit: int) -> list[Row]:
        """The first ``limit`` rows, in the order ``load`` gives them, ready to show."""

    @abstractmethod
    def read_all(self, session: Session, period: str, between: Callable[[int], None]) -> Any:
        """What ``load`` reads, as plain data for ``adopt``. Runs in a worker thread, so it
        reads the store and nothing of this definition's; ``between`` as in grid_rows."""

    @abstractmethod
    def adopt(self, read: Any) -> list[Row]:
        """On the GUI thread: take in what ``read_all`` read, and give back every row."""


def _lookup(table: dict[int, str], name: str | None, what: str) -> int | None:
    if not name:
        return None
    for item_id, known in table.items():
        if known == name:
            return item_id
    raise EditError(f'There is no {what} called "{name}" in this plan.')
