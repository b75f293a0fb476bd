"""An editable table model over light rows, sorting and filtering in Python.

The rows (named tuples) stay in load order in ``rows``; ``order`` lists the indices shown,
filtered and sorted. Sorting keys and the quick-filter text are native values and plain
strings, so a 50,000-row sort is one ``sorted`` call and a filter keystroke one substring
test per row. Editing does not happen here: ``setData`` hands the typed text to the grid's
controller, which validates it, writes it through the store and gives back fresh rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from itertools import compress, repeat
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from cypp_desktop.views.grids.columns import GridColumn
from cypp_desktop.views.rag_style import rag_text
from cypp_desktop.views.table_model import IdRole, RagRole, SortRole

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
Filter = Callable[[Any], bool]

INDEX_AFTER_MS = 150

# The roles the grid answers, as plain ints: a repaint asks some ten roles of every cell
# shown, most of which (font, colours, decoration) the grid leaves to the style.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ROLES = frozenset(
    {_DISPLAY, _EDIT, _ALIGNMENT, _TOOLTIP, _BACKGROUND, _ACCESSIBLE, RagRole, SortRole, IdRole}
)
EditHandler = Callable[[list[tuple[Any, GridColumn[Any], str]]], bool]


def _blank(value: Any) -> bool:
    return value is None or value == ""


class GridModel(QAbstractTableModel, Generic[Row]):
    # Cells whose edit was refused: (message, the cells' indexes).
    refused = Signal(str, list)

    def __init__(
        self,
        columns: Sequence[GridColumn[Row]],
        row_id: Callable[[Row], int],
        parent: Any = None,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self.row_id = row_id
        self.rows: list[Row] = []
        self.order: list[int] = []
        self._position: dict[int, int] = {}  # row id -> index in rows
        self._filters: dict[str, Filter] = {}
        self._quick = ""
        # Each row's cells as one lower-case string, for the quick filter. Built in idle time
        # after a load (a few thousand rows per turn of the event loop) so typing is instant.
        self._search: list[str] = []
        self._search_timer = QTimer(self)
        self._search_timer.setInterval(0)
        self._search_timer.timeout.connect(self._index_some)
        self._search_delay = QTimer(self)  # let the first paint happen first
        self._search_delay.setSingleShot(True)
        self._search_delay.setInterval(INDEX_AFTER_MS)
        self._search_delay.timeout.connect(self._search_timer.start)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.edit_handler: EditHandler | None = None
        # What the row header shows: the row number, unless the grid names its rows there
        # (a wide grid scrolls its first columns away; the row header stays).
        self.row_header: Callable[[Row], str] | None = None
        self.read_only = False
        self._shade = QBrush(_tint())

    # Rows in -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._reindex()
        self._refilter()
        self.endResetModel()

    def set_columns(self, columns: Sequence[GridColumn[Row]]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self._search = []
        self._search_delay.start()
        self._sort = None
        self.endResetModel()

    def _reindex(self) -> None:
        self._position = {self.row_id(row): i for i, row in enumerate(self.rows)}
        self._search = []
        self._search_delay.start()

    def replace_rows(self, fresh: Iterable[Row]) -> None:
        """Rows changed in the store: update them where they stand (no re-sort, as in a
        spreadsheet, so the row being edited does not jump away)."""
        changed: list[int] = []
        for row in fresh:
            position = self._position.get(self.row_id(row))
            if position is not None:
                self.rows[position] = row
                changed.append(position)
        if not changed:
            return
        for position in changed:
            if position < len(self._search):
                self._search[position] = self._search_text(self.rows[position])
        shown = {index: visible for visible, index in enumerate(self.order)}
        last = self.columnCount() - 1
        for position in changed:
            visible = shown.get(position)
            if visible is not None:
                self.dataChanged.emit(self.index(visible, 0), self.index(visible, last))

    def remove_ids(self, ids: Iterable[int]) -> None:
        gone = {self._position[i] for i in ids if i in self._position}
        if not gone:
            return
        self.beginResetModel()
        self.rows = [row for i, row in enumerate(self.rows) if i not in gone]
        self._reindex()
        self._refilter()
        self.endResetModel()

    def add_rows(self, rows: Sequence[Row]) -> None:
        """New rows go at the end of what is shown, whatever the sort, where the user expects."""
        if not rows:
            return
        first = len(self.order)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        for row in rows:
            self.rows.append(row)
            self._position[self.row_id(row)] = len(self.rows) - 1
            self.order.append(len(self.rows) - 1)
        self._search_delay.start()
        self.endInsertRows()

    def complete_rows(self, rows: Sequence[Row]) -> None:
        """The rest of a grid read in two steps: ``rows`` is all of it, the rows already
        held among them (read again, so perhaps fresher). Held rows are refreshed where
        they stand; the others join what is shown under the filters and sort in force, and
        the current cell and selection stay put."""
        held = self._position
        self.replace_rows(
            row for row in rows if (at := held.get(self.row_id(row))) is not None
            and row != self.rows[at]
        )  # fmt: skip
        start = len(self.rows)
        for row in rows:
            row_id = self.row_id(row)
            if row_id not in held:
                held[row_id] = len(self.rows)
                self.rows.append(row)
        self._search_delay.start()
        passing = self._passing(range(start, len(self.rows)))
        if not passing:
            return
        first = len(self.order)
        self.beginInsertRows(QModelIndex(), first, first + len(passing) - 1)
        self.order += passing
        self.endInsertRows()
        if self._sort is not None:
            self.sort(*self._sort)

    def row_at(self, visible: int) -> Row:
        return self.rows[self.order[visible]]

    def visible_row_of(self, row_id: int) -> int | None:
        position = self._position.get(row_id)
        if position is None:
            return None
        try:
            return self.order.index(position)
        except ValueError:
            return None

    def shown_rows(self) -> list[Row]:
        return [self.rows[i] for i in self.order]

    # Filtering -------------------------------------------------------------------------------

    def set_filters(self, quick: str, predicates: dict[str, Filter]) -> None:
        """Show rows whose cells, any of them, contain ``quick`` (ignoring case) and that pass
        every predicate. One pass over the rows, however many filters change at once; a
        keystroke that only narrows the quick filter looks at the rows already shown."""
        quick = quick.strip().lower()
        narrowing = (
            bool(self._quick) and quick.startswith(self._quick) and predicates == self._filters
        )
        self._quick = quick
        self._filters = dict(predicates)
        self._apply_filters(within_shown=narrowing)

    def _apply_filters(self, *, within_shown: bool = False) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._id_at(index.row()) for index in persistent]
        if within_shown:
            self.order = self._containing(self._quick, self.order)  # stays sorted
        else:
            self._refilter()
        self._remap(persistent, ids)
        self.layoutChanged.emit()

    def _containing(self, needle: str, indices: Iterable[int]) -> list[int]:
        """Those of the rows at ``indices`` whose text contains ``needle``. Each test runs
        in C (no Python step per row): a keystroke tests up to 50,000 rows."""
        indices = list(indices)
        texts = map(self._searchable().__getitem__, indices)
        return list(compress(indices, map(str.__contains__, texts, repeat(needle))))

    def _search_text(self, row: Row) -> str:
        # RAG letters would match almost any search; the RAG filter is there for them.
        return "\t".join(c.display(row) for c in self.columns if c.rag is None).lower()

    def _index_some(self, batch: int = 2000) -> None:
        done = len(self._search)
        self._search.extend(self._search_text(row) for row in self.rows[done : done + batch])
        if len(self._search) >= len(self.rows):
            self._search_timer.stop()

    @property
    def search_ready(self) -> bool:
        return len(self._search) >= len(self.rows)

    def _searchable(self) -> list[str]:
        if len(self._search) < len(self.rows):
            self._index_some(len(self.rows))
        return self._search

    def _refilter(self) -> None:
        self.order = self._passing(range(len(self.rows)))
        if self._sort is not None:
            self._sort_order(*self._sort)

    def _passing(self, indices: Iterable[int]) -> list[int]:
        """Those of the rows at ``indices`` that the filters let through."""
        if self._quick:
            indices = self._containing(self._quick, indices)
        for predicate in self._filters.values():
            rows = self.rows
            indices = [i for i in indices if predicate(rows[i])]
        return list(indices)

    # Sorting ---------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` on its native values; -1 restores the plan's own order."""
        if column >= len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._id_at(index.row()) for index in persistent]
        if column < 0:
            self._sort = None
            self.order.sort()
        else:
            self._sort = (column, order)
            self._sort_order(column, order)
        self._remap(persistent, ids)
        self.layoutChanged.emit()

    def _sort_order(self, column: int, order: Qt.SortOrder) -> None:
        """Blanks sort last whichever the direction: they are the least interesting."""
        spec = self.columns[column]
        key = spec.sort_key or spec.display
        rows = self.rows
        keyed = [(key(rows[i]), i) for i in self.order]
        present = [pair for pair in keyed if not _blank(pair[0])]
        blank = [i for value, i in keyed if _blank(value)]
        present.sort(key=lambda pair: pair[0], reverse=order == Qt.SortOrder.DescendingOrder)
        self.order = [i for _value, i in present] + blank

    def _id_at(self, visible: int) -> int | None:
        if 0 <= visible < len(self.order):
            return self.row_id(self.rows[self.order[visible]])
        return None

    def _remap(self, persistent: list[QModelIndex], ids: list[int | None]) -> None:
        """Keep the current cell and the selection on the same rows after they moved."""
        if not persistent:
            return
        shown = self._visible_rows({self._position[i] for i in ids if i in self._position})
        targets = []
        for row_id, old in zip(ids, persistent, strict=True):
            position = self._position.get(row_id) if row_id is not None else None
            visible = shown.get(position) if position is not None else None
            targets.append(
                self.index(visible, old.column()) if visible is not None else QModelIndex()
            )
        self.changePersistentIndexList(persistent, targets)

    def _visible_rows(self, positions: set[int]) -> dict[int, int]:
        """Where the rows at ``positions`` are shown (if they are). A few (the current cell,
        a selection of some rows) are looked up one by one, each in C; many, in one pass."""
        if len(positions) > 6:  # where one pass over 25,000 shown rows costs the same
            return {
                index: visible for visible, index in enumerate(self.order) if index in positions
            }
        found = {}
        for position in positions:
            with suppress(ValueError):
                found[position] = self.order.index(position)
        return found

    # Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(column.align)
            if role == Qt.ItemDataRole.ToolTipRole and not column.editable:
                return f"{column.header} (worked out; not edited here)"
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            if self.row_header is not None and 0 <= section < len(self.order):
                return self.row_header(self.row_at(section))
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].editable and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _ROLES or not 0 <= index.row() < len(self.order):
            return None  # the font, colours, decoration...: the style's own
        column = self.columns[index.column()]
        row = self.rows[self.order[index.row()]]
        if role in (_DISPLAY, _ACCESSIBLE):
            return rag_text(column.rag(row)) if column.rag else column.display(row)
        if role == _ALIGNMENT:
            return int(column.align)
        if role == RagRole:
            return column.rag(row).value if column.rag else None
        if role == _BACKGROUND:
            return self._shade if column.shaded else None
        if role == _EDIT:
            return column.text_for_edit(row)
        if role == _TOOLTIP:
            return (column.tooltip(row) or None) if column.tooltip else None
        if role == SortRole:
            return (column.sort_key or column.display)(row)
        return self.row_id(row)  # IdRole

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.edit_handler is None:
            return False
        column = self.columns[index.column()]
        if not column.editable:
            return False
        return self.edit_handler([(self.row_at(index.row()), column, str(value))])

    def cell_edits(self, cells: Iterable[tuple[int, int, str]]) -> bool:
        """Several cells at once (a paste, a fill-down, a clear): all applied or none."""
        if self.edit_handler is None:
            return False
        batch = [
            (self.row_at(row), self.columns[column], text)
            for row, column, text in cells
            if self.columns[column].editable
        ]
        return bool(batch) and self.edit_handler(batch)


def _tint() -> QColor:
    """A light wash of the highlight colour over the base: visible in light and dark themes,
    and distinct from the alternating-row colour."""
    palette = QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    accent = palette.color(QPalette.ColorRole.Highlight)
    share = 0.12
    return QColor(
        round(base.red() * (1 - share) + accent.red() * share),
        round(base.green() * (1 - share) + accent.green() * share),
        round(base.blue() * (1 - share) + accent.blue() * share),
    )
