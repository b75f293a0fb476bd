"""The Meetings page's two tables: the agenda, reordered by dragging its rows, and the
decisions and actions a meeting recorded.

The agenda is not a SnapshotTableModel: its order is the meeting's, changed by dragging a
row rather than by sorting a column. The model handles the drop itself, moving the row and
working out every start time again at once, and says ``reordered`` for the handler to write
the new order to the plan. The log is an ordinary snapshot table, sortable by any column.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from cypp_desktop.models import LogStatus
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.store.meeting_rows import AgendaRow, LogRow
from cypp_desktop.views.table_model import Column, IdRole, SnapshotTableModel

Index = QModelIndex | QPersistentModelIndex


# The agenda: a table reordered by dragging its rows ------------------------------------------


class AgendaModel(QAbstractTableModel):
    """The agenda in order, with each item's planned start. Rows are dragged to reorder:
    the drop is handled here, which moves the row at once and says so (``reordered``) for
    the handler to write to the plan."""

    COL_NUMBER, COL_STARTS, COL_TITLE, COL_PRESENTER, COL_MINUTES, COL_PRESENTS = range(6)
    HEADERS = ("#", "Starts", "Title", "Presenter", "Minutes", "Presents")
    MIME_TYPE = "application/x-cypp-agenda-items"

    reordered = Signal(list)  # the item ids in their new order

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[AgendaRow] = []
        self._start = datetime(2000, 1, 1)

    def set_rows(self, rows: Sequence[AgendaRow], starts_at: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._start = starts_at
        self.endResetModel()

    def row_at(self, row: int) -> AgendaRow:
        return self._rows[row]

    def ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_PRESENTS:
            return item.target_title or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COL_NUMBER,
            self.COL_MINUTES,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == IdRole:
            return item.id
        return None

    def _text(self, item: AgendaRow, row: int, column: int) -> str:
        if column == self.COL_NUMBER:
            return str(row + 1)
        if column == self.COL_STARTS:
            return f"{item.starts:%H:%M}"
        if column == self.COL_TITLE:
            return item.title
        if column == self.COL_PRESENTER:
            return item.presenter
        if column == self.COL_MINUTES:
            return str(item.minutes)
        return item.link_text

    # Dragging rows ----------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between rows, never on one
        return (
            Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [self.MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        data.setData(self.MIME_TYPE, json.dumps([self._rows[row].id for row in rows]).encode())
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return action == Qt.DropAction.MoveAction and data.hasFormat(self.MIME_TYPE)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            ids = [int(i) for i in json.loads(bytes(data.data(self.MIME_TYPE).data()).decode())]
        except (ValueError, TypeError):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._rows)
        return self.move_items(ids, row)

    def move_items(self, ids: Sequence[int], before: int) -> bool:
        """Move the items ``ids`` to sit before row ``before`` (the row count: at the end).
        Returns whether the order changed."""
        moving = [row for row in self._rows if row.id in set(ids)]
        if not moving:
            return False
        staying = [row for row in self._rows[:before] if row.id not in set(ids)]
        after = [row for row in self._rows[before:] if row.id not in set(ids)]
        order = staying + moving + after
        if [row.id for row in order] == self.ids():
            return False
        self.layoutAboutToBeChanged.emit()
        old = {row.id: number for number, row in enumerate(self._rows)}
        self._rows = self._timed(order)
        new = {row.id: number for number, row in enumerate(self._rows)}
        by_old = {number: item_id for item_id, number in old.items()}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent,
            [self.index(new[by_old[index.row()]], index.column()) for index in persistent],
        )
        self.layoutChanged.emit()
        self.reordered.emit(self.ids())
        return True

    def _timed(self, rows: list[AgendaRow]) -> list[AgendaRow]:
        """The rows renumbered, each starting when the one before it ends."""
        starts = self._start
        timed = []
        for position, row in enumerate(rows):
            timed.append(replace(row, position=position, starts=starts))
            starts += timedelta(minutes=row.minutes)
        return timed


# Decisions and actions -------------------------------------------------------------------


def status_text(row: LogRow) -> str:
    """ "Open", or how and when it was closed ("Done 14 Dec 2012"): the day matters to a board
    asking whether an action was closed before or after it last met."""
    if row.status is LogStatus.OPEN:
        return "Open"
    closed = f" {uk_date(row.closed_on)}" if row.closed_on else ""
    return f"{row.status.value.capitalize()}{closed}"


class LogModel(SnapshotTableModel[LogRow]):
    """A meeting's decisions and actions, in the order recorded; sortable by any column."""

    COL_KIND, COL_ITEM, COL_TEXT, COL_OWNER, COL_DUE, COL_STATUS = range(6)
    columns = (
        Column[LogRow]("Kind", lambda r: r.kind.value.capitalize(), max_chars=9),
        Column[LogRow]("Agenda item", lambda r: r.agenda_title, max_chars=26),
        Column[LogRow]("Text", lambda r: r.text, tooltip=lambda r: r.text, max_chars=60),
        Column[LogRow]("Owner", lambda r: r.owner, max_chars=24),
        Column[LogRow]("Due", lambda r: uk_date(r.due), sort_key=lambda r: r.due, max_chars=12),
        Column[LogRow](
            "Status",
            status_text,
            sort_key=lambda r: (r.status.value, r.closed_on),
            max_chars=16,
        ),
    )

    def __init__(self, parent: QObject | None = None):
        super().__init__(lambda row: row.id, parent)
