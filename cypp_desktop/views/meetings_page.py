"""The Meetings page: the meeting cycle before, during and after.

Before: create a meeting (board, date and time, place, reporting period, attendees and
apologies) and build its agenda, reordered by dragging rows. During: Present (F5) walks the
agenda full screen (views/presenter.py). After: the decisions and actions, "Changes since
the last meeting", and draft minutes as PDF.

The page lays out; ``MeetingsHandler`` acts on its buttons through store/meetings.py, where
each change is one audited transaction checked against the version the page showed.
Edits are not on the grids' undo stack: a meeting's record is kept by its audit trail, and
deleting asks first.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.errors import CyppError
from cypp_desktop.files import safe_part
from cypp_desktop.models import AgendaLink, LogKind, LogStatus
from cypp_desktop.models.formatting import number, uk_date
from cypp_desktop.models.parsing import FieldError, parse_date
from cypp_desktop.models.rag_rules import Direction
from cypp_desktop.store import queries
from cypp_desktop.store.meetings import (
    LINK_LABELS,
    SOURCE_MEETING,
    AgendaFields,
    AgendaRow,
    LogChange,
    LogFields,
    LogRow,
    MeetingChanges,
    MeetingDetail,
    MeetingFields,
    MeetingRow,
    Target,
    add_agenda_item,
    agenda_targets,
    boards,
    changes_since_last_meeting,
    create_meeting,
    default_meeting_id,
    delete_log_entry,
    delete_meeting,
    meeting_detail,
    meeting_rows,
    owner_names,
    record,
    remove_agenda_item,
    reorder_agenda,
    set_boards,
    update_agenda_item,
    update_log_entry,
    update_meeting,
)
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.details import DetailsPane, rag_chip
from cypp_desktop.views.table_model import Column, IdRole, SnapshotTableModel
from cypp_desktop.views.table_page import fit_columns, make_table
from cypp_desktop.views.worker import Progress, run_in_background

Index = QModelIndex | QPersistentModelIndex
UK_DATE_TIME = "dd/MM/yyyy HH:mm"
NO_ITEM = "(not against an agenda item)"
SHOWN_ROWS = 250  # of each kind of change: a page to read, not a plan's every row


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


def _status_text(row: LogRow) -> str:
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
            _status_text,
            sort_key=lambda r: (r.status.value, r.closed_on),
            max_chars=16,
        ),
    )

    def __init__(self, parent: QObject | None = None):
        super().__init__(lambda row: row.id, parent)


# Dialogs -------------------------------------------------------------------------------------


def _completer(names: Sequence[str], parent: QObject) -> QCompleter:
    completer = QCompleter(list(names), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


def _qt_time(value: datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


def _python_time(value: QDateTime) -> datetime:
    day, moment = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), moment.hour(), moment.minute())


class _CommitDialog(QDialog):
    """A dialog whose OK writes to the plan: on expected trouble it says why and stays
    open, so nothing typed is lost."""

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #B3261E")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._commit)
        self.buttons.rejected.connect(self.reject)
        self.commit: Callable[[], None] = lambda: None

    def _commit(self) -> None:
        try:
            self.commit()
        except CyppError as error:
            self.problem.setText(str(error))
            return
        self.accept()


class BoardsDialog(_CommitDialog):
    """The boards a meeting can be for: add, rename (double-click), remove, reorder."""

    def __init__(self, names: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent, "Boards")
        self.list = QListWidget()
        self.list.setAccessibleName("Boards")
        for name in names:
            self._add(name)
        self.name = QLineEdit()
        self.name.setPlaceholderText("New board's name")
        add = QPushButton("&Add")
        add.clicked.connect(self._add_typed)
        self.name.returnPressed.connect(self._add_typed)
        remove = QPushButton("&Remove")
        remove.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        up = QPushButton("Move &Up")
        up.clicked.connect(lambda: self._move(-1))
        down = QPushButton("Move &Down")
        down.clicked.connect(lambda: self._move(1))
        side = QVBoxLayout()
        for button in (remove, up, down):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(add)
        grid = QGridLayout(self)
        grid.addWidget(
            QLabel("Meetings keep the board they were held under when it leaves the list."),
            0,
            0,
            1,
            2,
        )
        grid.addWidget(self.list, 1, 0)
        grid.addLayout(side, 1, 1)
        grid.addLayout(row, 2, 0, 1, 2)
        grid.addWidget(self.problem, 3, 0, 1, 2)
        grid.addWidget(self.buttons, 4, 0, 1, 2)

    def _add(self, name: str) -> None:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)

    def _add_typed(self) -> None:
        if self.name.text().strip():
            self._add(self.name.text().strip())
            self.name.clear()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        if row < 0 or not 0 <= row + step < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(row + step, item)
        self.list.setCurrentRow(row + step)

    def names(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]


class MeetingDialog(_CommitDialog):
    """A meeting's board, date and time, place, reporting period, attendees and apologies."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        boards_list: Sequence[str],
        periods: Sequence[str],
        people: Sequence[str],
        meeting: MeetingDetail | None,
        default_period: str,
        default_start: datetime,
        edit_boards: Callable[[], list[str] | None],
    ):
        super().__init__(parent, "Edit meeting" if meeting else "New meeting")
        self._edit_boards = edit_boards
        self.board = QComboBox()
        self.board.setAccessibleName("Board")
        self._fill_boards(boards_list, meeting.board if meeting else None)
        boards_button = QPushButton("Boards…")
        boards_button.clicked.connect(self._boards)
        self.starts = QDateTimeEdit(_qt_time(meeting.starts_at if meeting else default_start))
        self.starts.setDisplayFormat(UK_DATE_TIME)
        self.starts.setCalendarPopup(True)
        self.starts.setAccessibleName("Date and time")
        self.location = QLineEdit(meeting.location if meeting else "")
        self.location.setAccessibleName("Location")
        self.period = QComboBox()
        self.period.setEditable(True)
        self.period.setAccessibleName("Reporting period")
        self.period.addItems(list(periods))
        self.period.setCurrentText(meeting.period if meeting else default_period)
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("An owner (type to find) or any name")
        self.name.setCompleter(_completer(people, self.name))
        self.attendees = QListWidget()
        self.attendees.setAccessibleName("Attendees")
        self.apologies = QListWidget()
        self.apologies.setAccessibleName("Apologies")
        add_attendee = QPushButton("Add &attendee")
        add_attendee.clicked.connect(lambda: self._add_person(self.attendees))
        self.name.returnPressed.connect(lambda: self._add_person(self.attendees))
        add_apology = QPushButton("Add a&pology")
        add_apology.clicked.connect(lambda: self._add_person(self.apologies))
        if meeting:
            self.attendees.addItems([person.name for person in meeting.attendees])
            self.apologies.addItems([person.name for person in meeting.apologies])
        board_row = QHBoxLayout()
        board_row.addWidget(self.board, 1)
        board_row.addWidget(boards_button)
        board_label = QLabel("&Board")
        board_label.setBuddy(self.board)
        form = QFormLayout()
        form.addRow(board_label, board_row)
        form.addRow("&Date and time", self.starts)
        form.addRow("&Location", self.location)
        form.addRow("Reporting &period", self.period)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(add_attendee)
        name_row.addWidget(add_apology)
        people_box = QGroupBox("Attendees and apologies")
        people_grid = QGridLayout(people_box)
        people_grid.addLayout(name_row, 0, 0, 1, 2)
        for column, (label, listing) in enumerate(
            (("Attending", self.attendees), ("Apologies", self.apologies))
        ):
            people_grid.addWidget(QLabel(label), 1, column)
            people_grid.addWidget(listing, 2, column)
            remove = QPushButton(f"Remove from {label.lower()}")
            remove.clicked.connect(lambda _c=False, lw=listing: lw.takeItem(lw.currentRow()))
            people_grid.addWidget(remove, 3, column)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(people_box, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(640, 560)

    def _fill_boards(self, names: Sequence[str], current: str | None) -> None:
        chosen = current or self.board.currentText()
        self.board.clear()
        listed = list(names)
        if chosen and chosen not in listed:
            listed.append(chosen)
        self.board.addItems(listed)
        if chosen:
            self.board.setCurrentText(chosen)

    def _boards(self) -> None:
        names = self._edit_boards()
        if names is not None:
            self._fill_boards(names, None)

    def _add_person(self, listing: QListWidget) -> None:
        name = self.name.text().strip()
        if not name:
            return
        for other in (self.attendees, self.apologies):
            for found in other.findItems(name, Qt.MatchFlag.MatchFixedString):
                other.takeItem(other.row(found))
        listing.addItem(name)
        self.name.clear()

    def fields(self) -> MeetingFields:
        def names(listing: QListWidget) -> tuple[str, ...]:
            return tuple(listing.item(row).text() for row in range(listing.count()))

        return MeetingFields(
            board=self.board.currentText(),
            starts_at=_python_time(self.starts.dateTime()),
            location=self.location.text(),
            period=self.period.currentText(),
            attendees=names(self.attendees),
            apologies=names(self.apologies),
        )


class AgendaItemDialog(_CommitDialog):
    """An agenda item: title, presenter, time, and what it presents."""

    LINKS = (
        AgendaLink.PAPER,
        AgendaLink.PRIORITY,
        AgendaLink.OBJECTIVE,
        AgendaLink.EXCEPTIONS,
        AgendaLink.ACTION_LOG,
    )

    def __init__(
        self,
        parent: QWidget | None,
        *,
        priorities: Sequence[Target],
        objectives: Sequence[Target],
        people: Sequence[str],
        item: AgendaRow | None,
    ):
        super().__init__(parent, "Edit agenda item" if item else "New agenda item")
        self._targets = {AgendaLink.PRIORITY: priorities, AgendaLink.OBJECTIVE: objectives}
        self.title = QLineEdit(item.title if item else "")
        self.title.setAccessibleName("Title")
        self.presenter = QLineEdit(item.presenter if item else "")
        self.presenter.setAccessibleName("Presenter")
        self.presenter.setCompleter(_completer(people, self.presenter))
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 600)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(item.minutes if item else 10)
        self.minutes.setAccessibleName("Time allocated")
        self.link = QComboBox()
        self.link.setAccessibleName("Presents")
        for link in self.LINKS:
            self.link.addItem(LINK_LABELS[link], link.value)
        self.target = QComboBox()
        self.target.setAccessibleName("Priority or objective")
        self.paper = QPlainTextEdit(item.paper if item else "")
        self.paper.setAccessibleName("Paper")
        self.paper.setPlaceholderText("The paper's title or text, shown when the item is presented")
        self.link.currentIndexChanged.connect(self._link_changed)
        if item:
            self.link.setCurrentIndex(self.LINKS.index(item.link))
        self._link_changed()
        if item and item.link in self._targets:
            wanted = item.priority_id if item.link is AgendaLink.PRIORITY else item.objective_id
            self.target.setCurrentIndex(max(self.target.findData(wanted), 0))
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("P&resenter", self.presenter)
        form.addRow("Time &allocated", self.minutes)
        form.addRow("&Presents", self.link)
        form.addRow("Priority or &objective", self.target)
        form.addRow("Pa&per", self.paper)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(620, 420)

    def chosen_link(self) -> AgendaLink:
        return AgendaLink(self.link.currentData())

    def _link_changed(self) -> None:
        link = self.chosen_link()
        self.target.clear()
        for target in self._targets.get(link, ()):
            self.target.addItem(f"{target.code}  {target.title}", target.id)
        self.target.setEnabled(link in self._targets)

    def fields(self) -> AgendaFields:
        link = self.chosen_link()
        target = self.target.currentData() if link in self._targets else None
        return AgendaFields(
            title=self.title.text(),
            presenter=self.presenter.text(),
            minutes=self.minutes.value(),
            link=link,
            priority_id=target if link is AgendaLink.PRIORITY else None,
            objective_id=target if link is AgendaLink.OBJECTIVE else None,
            paper=self.paper.toPlainText(),
        )


class LogEntryDialog(_CommitDialog):
    """A decision, or an action with its owner and due date (typed the UK way)."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        kind: LogKind,
        agenda: Sequence[AgendaRow],
        people: Sequence[str],
        entry: LogRow | None,
        item_id: int | None,
    ):
        noun = "decision" if kind is LogKind.DECISION else "action"
        super().__init__(parent, f"Edit {noun}" if entry else f"New {noun}")
        self.kind = kind
        self.item = QComboBox()
        self.item.setAccessibleName("Agenda item")
        self.item.addItem(NO_ITEM, None)
        for row in agenda:
            self.item.addItem(f"{row.position + 1}. {row.title}", row.id)
        wanted = entry.agenda_item_id if entry else item_id
        self.item.setCurrentIndex(max(self.item.findData(wanted), 0))
        self.text = QPlainTextEdit(entry.text if entry else "")
        self.text.setAccessibleName("Text")
        self.owner = QLineEdit(entry.owner if entry else "")
        self.owner.setAccessibleName("Owner")
        self.owner.setCompleter(_completer(people, self.owner))
        self.due = QLineEdit(uk_date(entry.due) if entry and entry.due else "")
        self.due.setAccessibleName("Due date")
        self.due.setPlaceholderText("e.g. 31/01/2013")
        form = QFormLayout()
        form.addRow("Agenda &item", self.item)
        form.addRow("&Text", self.text)
        if kind is LogKind.ACTION:
            form.addRow("&Owner", self.owner)
            form.addRow("&Due", self.due)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(560, 320)

    def fields(self) -> LogFields:
        due = None
        if self.kind is LogKind.ACTION:
            try:
                due = parse_date(self.due.text()).value
            except FieldError as error:
                raise CyppError(f"Due date: {error}.") from error
        return LogFields(
            kind=self.kind,
            text=self.text.toPlainText(),
            owner=self.owner.text() if self.kind is LogKind.ACTION else "",
            due=due,
            agenda_item_id=self.item.currentData(),
        )


# Changes since the last meeting, as a page ---------------------------------------------------


def _more(total: int) -> str:
    if total <= SHOWN_ROWS:
        return ""
    return f"<p>… and {total - SHOWN_ROWS:,} more, not shown here.</p>"


def changes_html(changes: MeetingChanges) -> str:
    """The changes as HTML: every RAG with its letter, every direction with its words."""
    parts = [
        f"<h3>Changes since the last meeting</h3><p>For the {escape(changes.meeting)}: "
        f"{escape(changes.basis)}.</p>"
    ]
    moves = Counter(change.direction for change in changes.rag_changes)
    firsts = sum(1 for change in changes.rag_changes if change.before is None)
    parts.append(
        f"<h4>RAG changes ({len(changes.rag_changes)})</h4><p>"
        f"{moves[Direction.WORSENING]} {Direction.WORSENING.arrow} worse, "
        f"{moves[Direction.IMPROVING]} {Direction.IMPROVING.arrow} better, "
        f"{firsts} reported for the first time; the worse first.</p>"
    )
    if changes.rag_changes:
        parts.append(
            "<table cellpadding='3' cellspacing='0' border='1'><tr><th>Item</th><th>Was</th>"
            "<th>Now</th><th>Direction</th><th>Commentary</th></tr>"
        )
        for change in changes.rag_changes[:SHOWN_ROWS]:
            was = (
                f"{rag_chip(change.before)} {change.before.label} ({escape(change.before_period)})"
                if change.before is not None
                else "no update yet"
            )
            parts.append(
                f"<tr><td>{escape(change.kind.value.capitalize())} <b>{escape(change.code)}</b> "
                f"{escape(change.title)}</td><td>{was}</td>"
                f"<td>{rag_chip(change.after)} {change.after.label} "
                f"({escape(change.after_period)})</td>"
                f"<td>{change.direction.arrow} {change.direction.label}</td>"
                f"<td>{escape(change.commentary)}</td></tr>"
            )
        parts.append("</table>" + _more(len(changes.rag_changes)))
    else:
        parts.append("<p>No RAG has changed.</p>")
    parts.append(f"<h4>New values ({len(changes.new_values)})</h4>")
    if changes.new_values:
        parts.append(
            "<table cellpadding='3' cellspacing='0' border='1'><tr><th>Indicator</th>"
            "<th>Period</th><th>Value</th><th>Period before</th><th>Direction</th></tr>"
        )
        for value in changes.new_values[:SHOWN_ROWS]:
            shown = number(value.value) if value.value is not None else "(removed)"
            if value.revised:
                shown += f" (was {number(value.replaced)})"
            parts.append(
                f"<tr><td><b>{escape(value.code)}</b> {escape(value.title)}</td>"
                f"<td>{escape(value.period)}</td><td>{escape(shown)} {escape(value.unit)}</td>"
                f"<td>{number(value.earlier)}</td>"
                f"<td>{value.direction.arrow} {value.direction.label}</td></tr>"
            )
        parts.append("</table>" + _more(len(changes.new_values)))
    else:
        parts.append("<p>No new values.</p>")
    parts.append(f"<h4>Actions closed ({len(changes.closed)})</h4>")
    if changes.closed:
        parts.append(
            "<table cellpadding='3' cellspacing='0' border='1'><tr><th>Action</th>"
            "<th>Owner</th><th>Status</th><th>Set at</th></tr>"
        )
        for entry in changes.closed[:SHOWN_ROWS]:
            parts.append(
                f"<tr><td>{escape(entry.text)}</td><td>{escape(entry.owner)}</td>"
                f"<td>{escape(_status_text(entry))}</td><td>{escape(entry.meeting)}</td></tr>"
            )
        parts.append("</table>" + _more(len(changes.closed)))
    else:
        parts.append("<p>No actions closed.</p>")
    return "".join(parts)


# The page ------------------------------------------------------------------------------------


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


def _button_rows(*rows: tuple[QPushButton, ...]) -> QGridLayout:
    """Buttons in short rows, so the page still fits beside the navigation on a small screen."""
    grid = QGridLayout()
    for row, buttons in enumerate(rows):
        for column, button in enumerate(buttons):
            grid.addWidget(button, row, column)
    grid.setColumnStretch(len(max(rows, key=len)), 1)
    return grid


class MeetingsPage(QWidget):
    """Meetings on the left; the chosen meeting's details, agenda, log and changes on the
    right. Layout only: MeetingsHandler acts on the buttons."""

    title = "Meetings"
    watches = frozenset({"meeting", "owner"})
    TAB_AGENDA, TAB_LOG, TAB_CHANGES = range(3)

    minutes_written = Signal(Path)
    changes_shown = Signal(int)  # the meeting whose changes are now on the tab

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.context: PlanContext | None = None
        self.meetings: list[MeetingRow] = []
        self.detail: MeetingDetail | None = None

        self.list = QListWidget()
        self.list.setAccessibleName("Meetings")
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.new_button = _button("&New Meeting…", "newMeeting")
        self.edit_button = _button("&Edit…", "editMeeting")
        self.delete_button = _button("Delete…", "deleteMeeting")
        self.boards_button = _button("Boards…", "editBoards")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        for button in (self.new_button, self.edit_button, self.delete_button, self.boards_button):
            left_layout.addWidget(button)

        self.details = DetailsPane(name="Meeting details")
        self.present_button = _button("&Present (F5)", "present")
        self.minutes_button = _button("Draft &Minutes…", "draftMinutes")
        actions = QHBoxLayout()
        actions.addWidget(self.present_button)
        actions.addWidget(self.minutes_button)
        actions.addStretch(1)

        self.agenda = AgendaModel(self)
        self.agenda_table = QTableView()
        self.agenda_table.setObjectName("agenda")
        self.agenda_table.setAccessibleName("Agenda")
        self.agenda_table.setModel(self.agenda)
        self.agenda_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda_table.setDragEnabled(True)
        self.agenda_table.setAcceptDrops(True)
        self.agenda_table.setDropIndicatorShown(True)
        self.agenda_table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.agenda_table.setDragDropOverwriteMode(False)
        self.agenda_table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.agenda_table.verticalHeader().hide()
        header = self.agenda_table.horizontalHeader()
        header.setSectionResizeMode(AgendaModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.add_item_button = _button("&Add Item…", "addItem")
        self.edit_item_button = _button("Edit &Item…", "editItem")
        self.remove_item_button = _button("&Remove Item", "removeItem")
        self.up_button = _button("Move &Up", "moveUp")
        self.down_button = _button("Move &Down", "moveDown")
        agenda_tab = QWidget()
        agenda_layout = QVBoxLayout(agenda_tab)
        hint = QLabel("Drag rows to reorder the agenda (or select one and Move Up / Move Down).")
        hint.setWordWrap(True)
        agenda_layout.addWidget(hint)
        agenda_layout.addWidget(self.agenda_table, 1)
        agenda_layout.addLayout(
            _button_rows(
                (self.add_item_button, self.edit_item_button, self.remove_item_button),
                (self.up_button, self.down_button),
            )
        )

        self.log = LogModel(self)
        self.log_table = make_table(self.log, "Decisions and actions")
        self.add_decision_button = _button("Add &Decision…", "addDecision")
        self.add_action_button = _button("Add Ac&tion…", "addAction")
        self.edit_entry_button = _button("Ed&it…", "editEntry")
        self.done_button = _button("Mark D&one", "markDone")
        self.reopen_button = _button("Re&open", "reopen")
        self.delete_entry_button = _button("De&lete…", "deleteEntry")
        log_tab = QWidget()
        log_layout = QVBoxLayout(log_tab)
        log_layout.addWidget(self.log_table, 1)
        log_layout.addLayout(
            _button_rows(
                (self.add_decision_button, self.add_action_button, self.edit_entry_button),
                (self.done_button, self.reopen_button, self.delete_entry_button),
            )
        )

        self.changes = DetailsPane(name="Changes since the last meeting")
        self.tabs = QTabWidget()
        self.tabs.addTab(agenda_tab, "Agenda")
        self.tabs.addTab(log_tab, "Decisions and Actions")
        self.tabs.addTab(self.changes, "Changes Since the Last Meeting")
        self.tabs.currentChanged.connect(lambda _tab: self._show_changes())

        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.details, 1)
        top_layout.addLayout(actions)
        right.addWidget(top)
        right.addWidget(self.tabs)
        right.setSizes([2000, 5000])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([2000, 7000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.list.currentRowChanged.connect(self._chosen)
        self.agenda_table.selectionModel().selectionChanged.connect(self._enable)
        self.log_table.selectionModel().selectionChanged.connect(self._enable)
        self.handler = MeetingsHandler(self)
        self._enable()

    # Loading ---------------------------------------------------------------------------------

    def load(self, context: PlanContext) -> None:
        """Read the meetings again, keeping the chosen meeting chosen."""
        self.context = context
        chosen = self.selected_meeting_id()
        self.meetings = meeting_rows(context.store)
        if chosen is None or chosen not in {m.id for m in self.meetings}:
            chosen = default_meeting_id(context.store, context.today)
        self.list.blockSignals(True)
        self.list.clear()
        for meeting in self.meetings:
            item = QListWidgetItem(f"{meeting.starts_at:%a %d %b %Y, %H:%M}\n{meeting.board}")
            item.setToolTip(meeting.title)
            item.setData(IdRole, meeting.id)
            self.list.addItem(item)
        row = next((n for n, m in enumerate(self.meetings) if m.id == chosen), -1)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._chosen(row)

    def show_meeting(self, meeting_id: int) -> None:
        row = next((n for n, m in enumerate(self.meetings) if m.id == meeting_id), -1)
        if row >= 0:
            self.list.setCurrentRow(row)

    def selected_meeting_id(self) -> int | None:
        row = self.list.currentRow()
        return self.meetings[row].id if 0 <= row < len(self.meetings) else None

    def _chosen(self, row: int) -> None:
        self.detail = None
        if self.context is not None and 0 <= row < len(self.meetings):
            self.detail = meeting_detail(self.context.store, self.meetings[row].id)
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.detail
        selected_item = self.selected_agenda_item()
        selected_entry = self.selected_log_entry()
        if detail is None:
            self.details.setHtml(
                "<p>No meetings in this plan yet. <b>New Meeting…</b> adds one.</p>"
                if not self.meetings
                else ""
            )
            self.agenda.set_rows([], datetime(2000, 1, 1))
            self.log.set_rows([])
            self.changes.clear()
            self._enable()
            return
        self.details.setHtml(meeting_html(detail))
        self.agenda.set_rows(detail.agenda, detail.starts_at)
        self.agenda_table.resizeColumnsToContents()
        self.agenda_table.horizontalHeader().setSectionResizeMode(
            AgendaModel.COL_TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.log.set_rows(detail.log)
        fit_columns(self.log_table, self.log)
        self._select(self.agenda_table, selected_item.id if selected_item else None)
        self._select(self.log_table, selected_entry.id if selected_entry else None)
        self._show_changes()
        self._enable()

    def _select(self, table: QTableView, wanted: int | None) -> None:
        model = table.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(IdRole) == wanted:
                table.selectRow(row)
                return

    def _show_changes(self) -> None:
        """Read in the background: on a large plan the status history is long."""
        if self.tabs.currentIndex() != self.TAB_CHANGES or self.context is None:
            return
        if self.detail is None:
            self.changes.clear()
            return
        store, meeting_id = self.context.store, self.detail.id
        self.changes.setHtml("<p>Reading the changes since the last meeting…</p>")
        run_in_background(
            self,
            lambda _progress: changes_since_last_meeting(store, meeting_id),
            title="Changes since the last meeting",
            on_success=lambda found: self._changes_read(meeting_id, found),
            on_failure=lambda error: self._changes_read(meeting_id, error),
            show_dialog=False,
        )

    def _changes_read(self, meeting_id: int, found: MeetingChanges | BaseException) -> None:
        if self.detail is None or self.detail.id != meeting_id:
            return  # another meeting was chosen meanwhile; its own read is on its way
        if isinstance(found, CyppError):
            self.changes.setHtml(f"<p>{escape(str(found))}</p>")
        elif isinstance(found, BaseException):
            raise found
        else:
            self.changes.setHtml(changes_html(found))
        self.changes_shown.emit(meeting_id)

    # What is selected ---------------------------------------------------------------------------

    def selected_agenda_item(self) -> AgendaRow | None:
        rows = self.agenda_table.selectionModel().selectedRows()
        return self.agenda.row_at(rows[0].row()) if rows else None

    def selected_log_entry(self) -> LogRow | None:
        rows = self.log_table.selectionModel().selectedRows()
        return self.log.row_at(rows[0].row()) if rows else None

    def _enable(self) -> None:
        writable = self.context is not None and not self.context.store.read_only
        meeting = self.detail is not None
        item = self.selected_agenda_item() is not None
        entry = self.selected_log_entry()
        self.new_button.setEnabled(writable)
        self.boards_button.setEnabled(writable)
        for button in (
            self.edit_button,
            self.delete_button,
            self.add_item_button,
            self.add_decision_button,
            self.add_action_button,
        ):
            button.setEnabled(writable and meeting)
        self.present_button.setEnabled(meeting)
        self.minutes_button.setEnabled(meeting)
        for button in (self.edit_item_button, self.remove_item_button):
            button.setEnabled(writable and item)
        self.up_button.setEnabled(writable and item)
        self.down_button.setEnabled(writable and item)
        self.agenda_table.setDragEnabled(writable)
        self.edit_entry_button.setEnabled(writable and entry is not None)
        self.delete_entry_button.setEnabled(writable and entry is not None)
        self.done_button.setEnabled(
            writable and entry is not None and entry.status is LogStatus.OPEN
        )
        self.reopen_button.setEnabled(
            writable and entry is not None and entry.status is not LogStatus.OPEN
        )


def meeting_html(detail: MeetingDetail) -> str:
    period = f" · reporting period {escape(detail.period)}" if detail.period else ""
    attendees = ", ".join(p.name for p in detail.attendees) or "none recorded"
    apologies = ", ".join(p.name for p in detail.apologies) or "none"
    items = len(detail.agenda)
    decisions = sum(1 for e in detail.log if e.kind is LogKind.DECISION)
    actions = len(detail.log) - decisions
    return (
        f"<h3>{escape(detail.title)}</h3>"
        f"<p>{detail.starts_at:%H:%M} to {detail.ends_at:%H:%M}, "
        f"{escape(detail.location) or 'no location given'}{period}</p>"
        f"<p><b>Attendees:</b> {escape(attendees)}<br><b>Apologies:</b> {escape(apologies)}</p>"
        f"<p><b>Agenda:</b> {items} item{'s' if items != 1 else ''}, {detail.minutes} minutes"
        f" · <b>Recorded:</b> {decisions} decision{'s' if decisions != 1 else ''}, "
        f"{actions} action{'s' if actions != 1 else ''}</p>"
    )


# Acting on the page's buttons -----------------------------------------------------------------


class MeetingsHandler(QObject):
    """Opens the dialogs, writes through store/meetings.py, and shows the page again."""

    def __init__(self, page: MeetingsPage):
        super().__init__(page)
        self.page = page
        page.new_button.clicked.connect(self.new_meeting)
        page.edit_button.clicked.connect(self.edit_meeting)
        page.delete_button.clicked.connect(self.delete_meeting)
        page.boards_button.clicked.connect(self.edit_boards)
        page.list.itemDoubleClicked.connect(lambda _item: self.edit_meeting())
        page.present_button.clicked.connect(self.present)
        page.minutes_button.clicked.connect(self.draft_minutes)
        page.add_item_button.clicked.connect(self.add_item)
        page.edit_item_button.clicked.connect(self.edit_item)
        page.agenda_table.doubleClicked.connect(lambda _index: self.edit_item())
        page.remove_item_button.clicked.connect(self.remove_item)
        page.up_button.clicked.connect(lambda: self.move_item(-1))
        page.down_button.clicked.connect(lambda: self.move_item(1))
        page.agenda.reordered.connect(self.reorder)
        page.add_decision_button.clicked.connect(lambda: self.add_entry(LogKind.DECISION))
        page.add_action_button.clicked.connect(lambda: self.add_entry(LogKind.ACTION))
        page.edit_entry_button.clicked.connect(self.edit_entry)
        page.log_table.doubleClicked.connect(lambda _index: self.edit_entry())
        page.done_button.clicked.connect(lambda: self.set_status(LogStatus.DONE))
        page.reopen_button.clicked.connect(lambda: self.set_status(LogStatus.OPEN))
        page.delete_entry_button.clicked.connect(self.delete_entry)

    @property
    def context(self) -> PlanContext:
        assert self.page.context is not None
        return self.page.context

    def _refresh(self, meeting_id: int | None = None) -> None:
        self.page.load(self.context)
        if meeting_id is not None:
            self.page.show_meeting(meeting_id)

    def _problem(self, title: str, error: CyppError) -> None:
        QMessageBox.warning(self.page, title, str(error))
        self._refresh()

    def _people(self) -> list[str]:
        names = owner_names(self.context.store)
        if self.page.detail is not None:
            names += [p.name for p in self.page.detail.attendees if p.name not in names]
        return names

    # Meetings ----------------------------------------------------------------------------------

    def _meeting_dialog(self, meeting: MeetingDetail | None) -> MeetingDialog:
        store = self.context.store
        periods = queries.plan_summary(store).periods
        if self.context.period not in periods:
            periods.append(self.context.period)
        start = datetime.combine(self.context.today, datetime.min.time()).replace(hour=14)
        return MeetingDialog(
            self.page,
            boards_list=boards(store),
            periods=list(reversed(periods)),
            people=owner_names(store),
            meeting=meeting,
            default_period=self.context.period,
            default_start=start,
            edit_boards=self._boards_from_dialog,
        )

    def new_meeting(self) -> MeetingDialog:
        dialog = self._meeting_dialog(None)
        created: list[int] = []

        def commit() -> None:
            created.append(
                create_meeting(
                    self.context.store,
                    dialog.fields(),
                    who=self.context.user,
                    source=SOURCE_MEETING,
                )
            )

        dialog.commit = commit
        dialog.accepted.connect(lambda: self._refresh(created[0] if created else None))
        dialog.open()
        return dialog

    def edit_meeting(self) -> MeetingDialog | None:
        detail = self.page.detail
        if detail is None:
            return None
        dialog = self._meeting_dialog(detail)
        dialog.commit = lambda: update_meeting(
            self.context.store,
            detail.id,
            dialog.fields(),
            expected_version=detail.version,
            who=self.context.user,
            source=SOURCE_MEETING,
        )
        dialog.accepted.connect(lambda: self._refresh(detail.id))
        dialog.open()
        return dialog

    def delete_meeting(self) -> None:
        detail = self.page.detail
        if detail is None:
            return
        answer = QMessageBox.question(
            self.page,
            "Delete meeting",
            f"Delete the {detail.title} meeting, with its agenda of {len(detail.agenda)} items "
            f"and its {len(detail.log)} decisions and actions? This cannot be undone.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_meeting(
                self.context.store,
                detail.id,
                expected_version=detail.version,
                who=self.context.user,
                source=SOURCE_MEETING,
            )
        except CyppError as error:
            self._problem("Cannot delete the meeting", error)
            return
        self._refresh()

    def _boards_from_dialog(self) -> list[str] | None:
        """The boards dialog, modal over whatever asked for it; the new list, or None."""
        dialog = BoardsDialog(boards(self.context.store), self.page)
        dialog.commit = lambda: set_boards(
            self.context.store, dialog.names(), who=self.context.user, source=SOURCE_MEETING
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.names()

    def edit_boards(self) -> None:
        self._boards_from_dialog()

    # The agenda ---------------------------------------------------------------------------------

    def _item_dialog(self, item: AgendaRow | None) -> AgendaItemDialog:
        priorities, objectives = agenda_targets(self.context.store)
        return AgendaItemDialog(
            self.page,
            priorities=priorities,
            objectives=objectives,
            people=self._people(),
            item=item,
        )

    def add_item(self) -> AgendaItemDialog | None:
        detail = self.page.detail
        if detail is None:
            return None
        dialog = self._item_dialog(None)
        selected = self.page.selected_agenda_item()

        def commit() -> None:
            add_agenda_item(
                self.context.store,
                detail.id,
                dialog.fields(),
                expected_version=detail.version,
                who=self.context.user,
                source=SOURCE_MEETING,
                position=selected.position + 1 if selected else None,
            )

        dialog.commit = commit
        dialog.accepted.connect(lambda: self._refresh(detail.id))
        dialog.open()
        return dialog

    def edit_item(self) -> AgendaItemDialog | None:
        detail, item = self.page.detail, self.page.selected_agenda_item()
        if detail is None or item is None:
            return None
        dialog = self._item_dialog(item)
        dialog.commit = lambda: update_agenda_item(
            self.context.store,
            item.id,
            dialog.fields(),
            expected_version=detail.version,
            who=self.context.user,
            source=SOURCE_MEETING,
        )
        dialog.accepted.connect(lambda: self._refresh(detail.id))
        dialog.open()
        return dialog

    def remove_item(self) -> None:
        detail, item = self.page.detail, self.page.selected_agenda_item()
        if detail is None or item is None:
            return
        try:
            remove_agenda_item(
                self.context.store,
                item.id,
                expected_version=detail.version,
                who=self.context.user,
                source=SOURCE_MEETING,
            )
        except CyppError as error:
            self._problem("Cannot remove the item", error)
            return
        self._refresh(detail.id)

    def move_item(self, step: int) -> None:
        item = self.page.selected_agenda_item()
        if item is None:
            return
        row = self.page.agenda.ids().index(item.id)
        target = row + step if step < 0 else row + step + 1
        if 0 <= target <= self.page.agenda.rowCount():
            self.page.agenda.move_items([item.id], target)

    def reorder(self, order: list[int]) -> None:
        """A row was dropped (or moved) in the agenda: write the new order to the plan."""
        detail = self.page.detail
        if detail is None:
            return
        try:
            reorder_agenda(
                self.context.store,
                detail.id,
                order,
                expected_version=detail.version,
                who=self.context.user,
                source=SOURCE_MEETING,
            )
        except CyppError as error:
            self._problem("Cannot reorder the agenda", error)
            return
        self._refresh(detail.id)

    # The log ------------------------------------------------------------------------------------

    def add_entry(self, kind: LogKind) -> LogEntryDialog | None:
        detail = self.page.detail
        if detail is None:
            return None
        item = self.page.selected_agenda_item()
        dialog = LogEntryDialog(
            self.page,
            kind=kind,
            agenda=detail.agenda,
            people=self._people(),
            entry=None,
            item_id=item.id if item else None,
        )
        dialog.commit = lambda: self._record(detail.id, dialog.fields())
        dialog.accepted.connect(lambda: self._refresh(detail.id))
        dialog.open()
        return dialog

    def _record(self, meeting_id: int, fields: LogFields) -> None:
        record(self.context.store, meeting_id, fields, who=self.context.user, source=SOURCE_MEETING)

    def edit_entry(self) -> LogEntryDialog | None:
        detail, entry = self.page.detail, self.page.selected_log_entry()
        if detail is None or entry is None:
            return None
        dialog = LogEntryDialog(
            self.page,
            kind=entry.kind,
            agenda=detail.agenda,
            people=self._people(),
            entry=entry,
            item_id=None,
        )

        def commit() -> None:
            fields = dialog.fields()
            update_log_entry(
                self.context.store,
                entry.id,
                LogChange(
                    text=fields.text,
                    owner=fields.owner,
                    due=fields.due,
                    agenda_item_id=fields.agenda_item_id,
                    clear_item=fields.agenda_item_id is None,
                ),
                expected_version=entry.version,
                who=self.context.user,
                source=SOURCE_MEETING,
            )

        dialog.commit = commit
        dialog.accepted.connect(lambda: self._refresh(detail.id))
        dialog.open()
        return dialog

    def set_status(self, status: LogStatus) -> None:
        detail, entry = self.page.detail, self.page.selected_log_entry()
        if detail is None or entry is None:
            return
        try:
            update_log_entry(
                self.context.store,
                entry.id,
                LogChange(status=status),
                expected_version=entry.version,
                who=self.context.user,
                source=SOURCE_MEETING,
                today=self.context.today,
            )
        except CyppError as error:
            self._problem("Cannot change the entry", error)
            return
        self._refresh(detail.id)

    def delete_entry(self) -> None:
        detail, entry = self.page.detail, self.page.selected_log_entry()
        if detail is None or entry is None:
            return
        answer = QMessageBox.question(
            self.page,
            "Delete entry",
            f'Delete the {entry.kind.value} "{entry.text}" from the action log?',
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_log_entry(
                self.context.store,
                entry.id,
                expected_version=entry.version,
                who=self.context.user,
                source=SOURCE_MEETING,
            )
        except CyppError as error:
            self._problem("Cannot delete the entry", error)
            return
        self._refresh(detail.id)

    # During and after ----------------------------------------------------------------------------

    def present(self) -> None:
        from cypp_desktop.views.presenter import present

        present(self.page.window(), self.context, self.page.selected_meeting_id())

    def draft_minutes(self) -> None:
        detail = self.page.detail
        if detail is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder or Path.home()) / minutes_file_name(detail)
        chosen, _filter = QFileDialog.getSaveFileName(
            self.page, "Save draft minutes", str(suggested), "PDF files (*.pdf)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        store, meeting_id = self.context.store, detail.id

        def work(progress: Progress) -> Path:
            from cypp_desktop.packs.minutes import build_minutes, take_minutes

            build_minutes(take_minutes(store, meeting_id), path, progress)
            return path

        run_in_background(
            self.page, work, title="Writing the draft minutes", on_success=self._minutes_written
        )

    def _minutes_written(self, path: Path) -> None:
        window = self.page.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(f"Draft minutes written to {path}", 8000)
        self.page.minutes_written.emit(path)


def minutes_file_name(detail: MeetingDetail) -> str:
    """``Draft minutes Children's Trust Board 2012-11-29.pdf``: sorts by date, safe anywhere."""
    return f"{safe_part(f'Draft minutes {detail.board} {detail.starts_at:%Y-%m-%d}')}.pdf"
