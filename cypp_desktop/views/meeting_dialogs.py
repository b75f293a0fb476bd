"""The Meetings page's dialogs: the boards list, a meeting, an agenda item, and a decision
or an action.

Each dialog's OK writes to the plan through the handler, and on expected trouble (a name
already listed, a due date before the meeting, a meeting a colleague changed meanwhile) it
says why inside the dialog and stays open, so nothing typed is lost. The dialogs only
gather and check what is typed; the handler decides what to write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QDateTime, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.errors import CyppError
from cypp_desktop.models import AgendaLink, LogKind
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.models.parsing import FieldError, parse_date
from cypp_desktop.store.action_log import LogFields
from cypp_desktop.store.agenda import AgendaFields, Target
from cypp_desktop.store.meeting_rows import LINK_LABELS, AgendaRow, LogRow, MeetingDetail
from cypp_desktop.store.meetings import MeetingFields

UK_DATE_TIME = "dd/MM/yyyy HH:mm"
NO_ITEM = "(not against an agenda item)"


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
