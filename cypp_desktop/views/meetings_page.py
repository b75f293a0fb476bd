"""The Meetings page: the meeting cycle before, during and after.

Before: create a meeting (board, date and time, place, reporting period, attendees and
apologies) and build its agenda, reordered by dragging rows. During: Present (F5) walks the
agenda full screen (views/presenter.py). After: the decisions and actions, "Changes since
the last meeting", and draft minutes as PDF.

The page lays out and reads what it shows; ``MeetingsHandler`` (views/meeting_handler.py)
acts on its buttons, through the dialogs of views/meeting_dialogs.py, and each change is one
audited transaction checked against the version the page showed. Every change goes on the
undo stack the page is given (the main window's, shared with the grids), so Edit > Undo
takes it back; deleting still asks first.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.errors import CyppError
from cypp_desktop.models import LogStatus
from cypp_desktop.store.meeting_changes import MeetingChanges, changes_since_last_meeting
from cypp_desktop.store.meeting_rows import AgendaRow, LogRow, MeetingDetail, MeetingRow
from cypp_desktop.store.meetings import default_meeting_id, meeting_detail, meeting_rows
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.details import DetailsPane
from cypp_desktop.views.meeting_handler import MeetingsHandler
from cypp_desktop.views.meeting_html import changes_html, meeting_html
from cypp_desktop.views.meeting_models import AgendaModel, LogModel
from cypp_desktop.views.table_model import IdRole
from cypp_desktop.views.table_page import fit_columns, make_table
from cypp_desktop.views.worker import run_in_background

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
    right. Layout only: MeetingsHandler acts on the buttons. Changes go on ``undo_stack``
    (the main window's); a page shown on its own keeps a history of its own."""

    title = "Meetings"
    watches = frozenset({"meeting", "owner"})
    TAB_AGENDA, TAB_LOG, TAB_CHANGES = range(3)

    minutes_written = Signal(Path)
    changes_shown = Signal(int)  # the meeting whose changes are now on the tab

    def __init__(self, undo_stack: QUndoStack | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.context: PlanContext | None = None
        self.meetings: list[MeetingRow] = []
        self.detail: MeetingDetail | None = None

        self.list = QListWidget()
        self.list.setAccessibleName("Meetings")
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.new_button = _button("&New Meeting…", "newMeeting")
        self.edit_button = _button("Edit Meetin&g…", "editMeeting")
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
        self.cover_button = _button("&Cover Report…", "coverReport")
        actions = QHBoxLayout()
        actions.addWidget(self.present_button)
        actions.addWidget(self.minutes_button)
        actions.addWidget(self.cover_button)
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
        self.remove_item_button = _button("Remove I&tem", "removeItem")
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
        self.done_button = _button("Mar&k Done", "markDone")
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
            self.cover_button,
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
