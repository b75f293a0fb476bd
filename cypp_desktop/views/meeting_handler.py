"""What the Meetings page's buttons do: open a dialog, write what it gathered to the plan,
and show the page again.

The page only lays out; every change goes through here to the store (store/meetings.py,
store/agenda.py, store/action_log.py) as one audited transaction, checked against the
version the page showed, and onto the shared undo stack (views/meeting_commands.py), so
Edit > Undo takes back a meeting change as it does a grid edit. Deleting a meeting asks
first and backs the plan up first, as any bulk change does. Expected trouble (a colleague
changed the meeting meanwhile, a due date before the meeting) is said in the dialog or a
message box, and the page is read again so it shows the latest. Presenting, the cover
report and the draft minutes start here too.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox

from cypp_desktop.errors import CyppError
from cypp_desktop.files import safe_part
from cypp_desktop.models import LogKind, LogStatus
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.store import queries
from cypp_desktop.store.action_log import (
    LogChange,
    LogFields,
    delete_log_entry,
    record,
    update_log_entry,
)
from cypp_desktop.store.agenda import (
    add_agenda_item,
    agenda_targets,
    remove_agenda_item,
    reorder_agenda,
    update_agenda_item,
)
from cypp_desktop.store.meeting_rows import AgendaRow, MeetingDetail
from cypp_desktop.store.meeting_work import SOURCE_MEETING, Keep
from cypp_desktop.store.meetings import (
    boards,
    create_meeting,
    delete_meeting,
    owner_names,
    set_boards,
    update_meeting,
)
from cypp_desktop.store.row_images import RowChange
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.cover_report_dialog import CoverReportDialog
from cypp_desktop.views.meeting_commands import MeetingHistory
from cypp_desktop.views.meeting_dialogs import (
    AgendaItemDialog,
    BoardsDialog,
    LogEntryDialog,
    MeetingDialog,
)
from cypp_desktop.views.worker import Progress, run_in_background

if TYPE_CHECKING:
    from cypp_desktop.views.meetings_page import MeetingsPage


class MeetingsHandler(QObject):
    """Acts on the page it is given: its buttons, its double-clicks, its agenda's drops,
    and what an undo or redo of a meeting change wrote."""

    def __init__(self, page: MeetingsPage):
        super().__init__(page)
        self.page = page
        self.history = MeetingHistory.of(page.undo_stack)
        self.history.replayed.connect(self._replayed)
        self.history.reload_wanted.connect(self._reload)
        page.new_button.clicked.connect(self.new_meeting)
        page.edit_button.clicked.connect(self.edit_meeting)
        page.delete_button.clicked.connect(self.delete_meeting)
        page.boards_button.clicked.connect(self.edit_boards)
        page.list.itemDoubleClicked.connect(lambda _item: self.edit_meeting())
        page.present_button.clicked.connect(self.present)
        page.minutes_button.clicked.connect(self.draft_minutes)
        page.cover_button.clicked.connect(self.edit_cover_report)
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

    def _undoable(self, text: str) -> Keep:
        """Where a change goes once written: onto the undo stack, as "Undo ``text``"."""
        return self.history.keeper(self.context, text)

    def _replayed(self, change: RowChange, _what: str) -> None:
        """An undo or redo wrote a meeting change: show the meeting it was made to."""
        if self.page.context is not None:
            self._refresh(min(change.meetings, default=None))

    def _reload(self) -> None:
        if self.page.context is not None:
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
                    keep=self._undoable("new meeting"),
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
            keep=self._undoable("edit the meeting"),
        )
        dialog.accepted.connect(lambda: self._refresh(detail.id))
        dialog.open()
        return dialog

    def delete_meeting(self) -> None:
        """Delete after the user confirms, once the plan is backed up; undo puts the meeting
        back whole, with its agenda, attendance, action log and progress notes."""
        detail = self.page.detail
        if detail is None:
            return
        day = uk_date(detail.starts_at.date())
        then = "You can undo this with Ctrl+Z."
        if self.context.store.path is not None:  # a server's plan is backed up by its tools
            then = "The plan is backed up first, and you can undo this with Ctrl+Z."
        answer = QMessageBox.question(
            self.page,
            "Delete meeting",
            f"Delete the {detail.title} meeting, with its agenda of {len(detail.agenda)} items "
            f"and its {len(detail.log)} decisions and actions? {then}",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.context.store.snapshot(f"before deleting the meeting of {day}")
        except OSError as error:
            QMessageBox.warning(
                self.page,
                "Cannot delete the meeting",
                f"The plan could not be backed up first ({error}); nothing was deleted.",
            )
            return
        try:
            delete_meeting(
                self.context.store,
                detail.id,
                expected_version=detail.version,
                who=self.context.user,
                source=SOURCE_MEETING,
                keep=self._undoable(f"delete the meeting of {day}"),
            )
        except CyppError as error:
            self._problem("Cannot delete the meeting", error)
            return
        self._refresh()

    def _boards_from_dialog(self) -> list[str] | None:
        """The boards dialog, modal over whatever asked for it; the new list, or None."""
        dialog = BoardsDialog(boards(self.context.store), self.page)
        dialog.commit = lambda: set_boards(
            self.context.store,
            dialog.names(),
            who=self.context.user,
            source=SOURCE_MEETING,
            keep=self._undoable("edit the boards"),
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
                keep=self._undoable("add an agenda item"),
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
            keep=self._undoable("edit an agenda item"),
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
                keep=self._undoable("remove an agenda item"),
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
                keep=self._undoable("move an agenda item"),
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
        record(
            self.context.store,
            meeting_id,
            fields,
            who=self.context.user,
            source=SOURCE_MEETING,
            keep=self._undoable(f"record {_a(fields.kind)}"),
        )

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
                keep=self._undoable(f"edit the {entry.kind.value}"),
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
                keep=self._undoable(
                    f"reopen the {entry.kind.value}"
                    if status is LogStatus.OPEN
                    else f"mark the {entry.kind.value} {status.value}"
                ),
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
            f'Delete the {entry.kind.value} "{entry.text}" from the action log, with any '
            "progress notes on it? You can undo this with Ctrl+Z.",
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
                keep=self._undoable(f"delete the {entry.kind.value}"),
            )
        except CyppError as error:
            self._problem("Cannot delete the entry", error)
            return
        self._refresh(detail.id)

    # During and after ----------------------------------------------------------------------------

    def present(self) -> None:
        from cypp_desktop.views.presenter import present

        present(
            self.page.window(),
            self.context,
            self.page.selected_meeting_id(),
            undo_stack=self.page.undo_stack,
        )

    def edit_cover_report(self) -> CoverReportDialog | None:
        """The cover of the chosen meeting's board pack, for the period it reports on."""
        detail = self.page.detail
        if detail is None:
            return None
        dialog = CoverReportDialog(
            self.context,
            detail.id,
            detail.period or self.context.period,
            self.page,
            undo_stack=self.page.undo_stack,
        )
        dialog.open()
        return dialog

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


def _a(kind: LogKind) -> str:
    return "an action" if kind is LogKind.ACTION else "a decision"


def minutes_file_name(detail: MeetingDetail) -> str:
    """``Draft minutes Children's Trust Board 2012-11-29.pdf``: sorts by date, safe anywhere."""
    return f"{safe_part(f'Draft minutes {detail.board} {detail.starts_at:%Y-%m-%d}')}.pdf"
