"""A table model over a list of frozen snapshot rows, described column by column.

Sorting happens here, in Python, on each column's native value (dates as dates, numbers as
numbers): a QSortFilterProxyModel sort calls back into Python for every comparison and takes
seconds on tens of thousands of rows, where ``sorted`` with a key takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from cypp_desktop.models import Rag
from cypp_desktop.views.rag_style import rag_text

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

SortRole = Qt.ItemDataRole.UserRole + 1
# The RAG's value ("red"): a Rag is a str enum, and Qt would hand it back as a plain str anyway.
RagRole = Qt.ItemDataRole.UserRole + 2
IdRole = Qt.ItemDataRole.UserRole + 3

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    display: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    rag: Callable[[Row], Rag] | None = None
    tooltip: Callable[[Row], str] | None = None
    align: Qt.AlignmentFlag = LEFT
    max_chars: int = 28  # the widest the column opens at, in average characters


def _is_blank(value: Any) -> bool:
    return value is None or value == ""


class SnapshotTableModel(QAbstractTableModel, Generic[Row]):
    columns: Sequence[Column[Row]] = ()

    def __init__(self, row_id: Callable[[Row], int], parent: Any = None):
        super().__init__(parent)
        self._rows: list[Row] = []
        self._plan_order: list[Row] = []
        self._row_id = row_id
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # Data in ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._plan_order = list(rows)
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    # Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self.columns[section].align)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self.columns[index.column()]
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column.rag is not None:
                return rag_text(column.rag(row))
            return column.display(row)
        if role == RagRole and column.rag is not None:
            return column.rag(row).value
        if role == SortRole:
            return (column.sort_key or column.display)(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == IdRole:
            return self._row_id(row)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``; column -1 restores the plan's own order."""
        if column >= len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._row_id(self._rows[index.row()]) for index in persistent]
        self._sort = (column, order) if column >= 0 else None
        if column >= 0:
            self._sort_rows(column, order)
        else:
            self._rows = list(self._plan_order)
        position = {self._row_id(row): number for number, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [
                self.index(position[row_id], index.column())
                for row_id, index in zip(ids, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        """Blanks always sort last, whichever the direction: they are the least interesting."""
        spec = self.columns[column]
        key = spec.sort_key or spec.display
        keyed = [(key(row), row) for row in self._rows]
        present = [pair for pair in keyed if not _is_blank(pair[0])]
        blank = [row for value, row in keyed if _is_blank(value)]
        present.sort(key=lambda pair: pair[0], reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [row for _value, row in present] + blank
