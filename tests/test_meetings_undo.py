"""Meeting changes on the shared undo stack, driven as the officer and the chair drive them:
each change made on the Meetings page, in presenter mode or in the cover report editor is
taken back by Ctrl+Z and made again by Ctrl+Y, leaving the plan (its rows, their ids, and
the JSON dump) exactly as it was before or after; deleting a meeting backs the plan up
first; an undo that would overwrite a colleague's change is refused and offers Reload.

The page is shown in a window whose Edit menu is built as the main window's is, on one
undo stack handed to the page, as the main window hands its stack to the grids."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cypp_desktop.models import ActionLogNote, AgendaLink, LogKind, LogStatus
from cypp_desktop.packs.cover_report import load_cover, save_cover
from cypp_desktop.store import Store, backups
from cypp_desktop.store.agenda import AgendaFields, update_agenda_item
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.meetings import meeting_detail, meeting_rows
from cypp_desktop.store.row_images import TABLES, table
from cypp_desktop.views import meeting_commands
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.cover_report_dialog import CoverReportDialog
from cypp_desktop.views.meeting_dialogs import AgendaItemDialog, LogEntryDialog, MeetingDialog
from cypp_desktop.views.meetings_page import MeetingsPage
from cypp_desktop.views.presenter import PresenterWindow, open_presenter

PERIOD = "2012/13 Q2"
WHO = "Officer"
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)
State = tuple[dict[str, Any], dict[str, dict[int, dict[str, Any]]]]


def plan_state(store: Store) -> State:
    """The JSON dump, and every row a meeting change can write, by id, versions aside."""
    rows: dict[str, dict[int, dict[str, Any]]] = {}
    with store.read() as session:
        for name in TABLES:
            found = table(name)
            key = next(iter(found.primary_key.columns)).name
            rows[name] = {
                row[key]: {k: v for k, v in row.items() if k != "version"}
                for row in session.execute(select(found)).mappings()
            }
    return dump_plan(store), rows


@dataclass
class Shown:
    window: QMainWindow
    page: MeetingsPage
    stack: QUndoStack
    store: Store

    def undo(self, qtbot: QtBot) -> None:
        focus(qtbot, self.window)
        qtbot.keyClick(self.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    def redo(self, qtbot: QtBot) -> None:
        focus(qtbot, self.window)
        qtbot.keyClick(self.window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)

    def undone_and_redone(self, qtbot: QtBot, before: State, text: str) -> State:
        """Ctrl+Z puts the plan back as ``before``; Ctrl+Y makes the change again. Returns
        the plan as the change left it."""
        after = plan_state(self.store)
        assert after != before
        assert self.stack.undoText() == text
        self.undo(qtbot)
        assert plan_state(self.store) == before
        assert self.stack.redoText() == text
        self.redo(qtbot)
        assert plan_state(self.store) == after
        return after


@pytest.fixture
def shown(qtbot: QtBot, demo_store: Store) -> Iterator[Shown]:
    window = QMainWindow()
    stack = QUndoStack(window)
    edit = window.menuBar().addMenu("&Edit")
    undo = stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    edit.addAction(undo)
    edit.addAction(redo)
    page = MeetingsPage(stack)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    window.resize(1200, 780)
    window.show()
    qtbot.waitExposed(window)
    page.load(PlanContext(demo_store, PERIOD, date(2012, 11, 20), WHO))
    yield Shown(window, page, stack, demo_store)
    window.close()


@pytest.fixture
def yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question asked, each answered Yes."""
    asked: list[str] = []

    def answer(_parent: QWidget, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    return asked


@pytest.fixture
def conflicts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The conflicts an undo or redo met, each answered with Reload."""
    shown: list[str] = []
    monkeypatch.setattr(
        meeting_commands, "ask_to_reload", lambda _w, message: (shown.append(message), True)[1]
    )
    return shown


def dialog_of(parent: QWidget, kind: type[QWidget]) -> Any:
    found = [child for child in parent.findChildren(kind) if child.isVisible()]
    assert len(found) == 1, f"expected one open {kind.__name__}"
    return found[0]


def ok(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)


def select_row(qtbot: QtBot, view: QTableView, row: int) -> None:
    """Click the row, as the officer does (a click, unlike selectRow, is not taken as a
    Ctrl+click because Ctrl was held for the last undo)."""
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [index.row() for index in view.selectionModel().selectedRows()] == [row]


def focus(qtbot: QtBot, window: QWidget) -> None:
    """Make ``window`` the active one, as the chair's click or the projector's focus does:
    a window's shortcuts work only while it is active."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def titles(page: MeetingsPage) -> list[str]:
    return [page.agenda.row_at(row).title for row in range(page.agenda.rowCount())]


def drop_row(page: MeetingsPage, source: int, before: int) -> None:
    """Drag row ``source`` and drop it on row ``before`` of the agenda table."""
    table_view = page.agenda_table
    data = page.agenda.mimeData([page.agenda.index(source, 0)])
    at = table_view.visualRect(page.agenda.index(before, 1)).topLeft() + QPoint(4, 2)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    move = Qt.DropAction.MoveAction
    for event in (
        QDragEnterEvent(at, move, data, buttons, modifiers),
        QDragMoveEvent(at, move, data, buttons, modifiers),
        QDropEvent(at.toPointF(), move, data, buttons, modifiers),
    ):
        QApplication.sendEvent(table_view.viewport(), event)


def choose_meeting(page: MeetingsPage, day: date) -> int:
    row = next(n for n, m in enumerate(page.meetings) if m.starts_at.date() == day)
    page.list.setCurrentRow(row)
    return page.meetings[row].id


# The agenda and the meeting ---------------------------------------------------------------


def test_the_agenda_is_reordered_added_to_edited_and_trimmed_with_undo(
    qtbot: QtBot, shown: Shown, qtmodeltester: Any
) -> None:
    page, store = shown.page, shown.store
    order = titles(page)
    before = plan_state(store)
    drop_row(page, 3, 0)
    assert titles(page) == [order[3], *order[:3], *order[4:]]
    shown.undone_and_redone(qtbot, before, "move an agenda item")
    assert titles(page) == [order[3], *order[:3], *order[4:]]
    shown.undo(qtbot)
    assert titles(page) == order  # the page shows what the undo wrote
    qtmodeltester.check(page.agenda)

    before = plan_state(store)
    select_row(qtbot, page.agenda_table, 1)
    click(qtbot, page.add_item_button)
    dialog = dialog_of(page, AgendaItemDialog)
    qtbot.keyClicks(dialog.title, "Any other business")
    dialog.minutes.setValue(5)
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible(), dialog.problem.text()
    assert titles(page)[2] == "Any other business"
    shown.undone_and_redone(qtbot, before, "add an agenda item")
    assert titles(page)[2] == "Any other business"

    before = plan_state(store)
    select_row(qtbot, page.agenda_table, 3)
    click(qtbot, page.edit_item_button)
    dialog = dialog_of(page, AgendaItemDialog)
    retype(qtbot, dialog.title, "Stay Safe: the neglect strategy")
    dialog.link.setCurrentIndex(dialog.link.findData(AgendaLink.EXCEPTIONS.value))
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible(), dialog.problem.text()
    shown.undone_and_redone(qtbot, before, "edit an agenda item")

    before = plan_state(store)
    select_row(qtbot, page.agenda_table, 0)
    click(qtbot, page.remove_item_button)
    assert page.agenda.rowCount() == 7
    shown.undone_and_redone(qtbot, before, "remove an agenda item")
    shown.undo(qtbot)
    assert page.agenda.rowCount() == 8 and titles(page)[0] == order[0]


def test_editing_a_meeting_is_undone_with_its_attendance(qtbot: QtBot, shown: Shown) -> None:
    page, store = shown.page, shown.store
    meeting = page.selected_meeting_id()
    before = plan_state(store)
    click(qtbot, page.edit_button)
    dialog = dialog_of(page, MeetingDialog)
    retype(qtbot, dialog.location, "Stobart Stadium, Widnes")
    qtbot.keyClicks(dialog.name, "Director of Public Health")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # from apologies to attending
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible(), dialog.problem.text()
    shown.undone_and_redone(qtbot, before, "edit the meeting")
    shown.undo(qtbot)
    detail = meeting_detail(store, meeting)  # type: ignore[arg-type]
    assert detail is not None and detail.location == "Council Chamber, Runcorn Town Hall"
    assert [p.name for p in detail.apologies] == ["Director of Public Health"]
    assert "Director of Public Health" in page.details.toPlainText()


# Decisions and actions --------------------------------------------------------------------


def test_each_change_to_the_action_log_is_undone_and_redone(
    qtbot: QtBot, shown: Shown, yes: list[str]
) -> None:
    page, store = shown.page, shown.store
    page.tabs.setCurrentIndex(page.TAB_LOG)
    select_row(qtbot, page.agenda_table, 3)

    before = plan_state(store)
    click(qtbot, page.add_action_button)
    dialog = dialog_of(page, LogEntryDialog)
    qtbot.keyClicks(dialog.text, "Report foster carer recruitment by area.")
    qtbot.keyClicks(dialog.owner, "Nia Newcomer")  # new to the plan: undo takes her away
    qtbot.keyClicks(dialog.due, "31/01/2013")
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible(), dialog.problem.text()
    assert "Nia Newcomer" in [o["name"] for o in dump_plan(store)["owners"]]
    shown.undone_and_redone(qtbot, before, "record an action")
    (entry,) = page.log.rows()
    assert entry.owner == "Nia Newcomer"

    before = plan_state(store)
    select_row(qtbot, page.log_table, 0)
    click(qtbot, page.edit_entry_button)
    dialog = dialog_of(page, LogEntryDialog)
    retype(qtbot, dialog.owner, "Paul Boyce")
    dialog.item.setCurrentIndex(0)
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible(), dialog.problem.text()
    shown.undone_and_redone(qtbot, before, "edit the action")

    for button, text, status in (
        (page.done_button, "mark the action done", LogStatus.DONE),
        (page.reopen_button, "reopen the action", LogStatus.OPEN),
    ):
        before = plan_state(store)
        select_row(qtbot, page.log_table, 0)
        click(qtbot, button)
        assert page.log.rows()[0].status is status
        shown.undone_and_redone(qtbot, before, text)

    before = plan_state(store)
    select_row(qtbot, page.log_table, 0)
    click(qtbot, page.delete_entry_button)
    assert "undo this with Ctrl+Z" in yes[-1]
    assert page.log.rowCount() == 0
    shown.undone_and_redone(qtbot, before, "delete the action")
    shown.undo(qtbot)
    assert [e.id for e in page.log.rows()] == [entry.id]  # back with its id


# Deleting a meeting -----------------------------------------------------------------------


def test_deleting_a_meeting_backs_the_plan_up_and_is_undone_whole(
    qtbot: QtBot, shown: Shown, yes: list[str], demo_file: Any
) -> None:
    page, store = shown.page, shown.store
    july = choose_meeting(page, date(2012, 7, 19))
    with store.session() as session:  # a return's progress note on one of its actions
        session.add(
            ActionLogNote(
                entry_id=5,
                period="2012/13 Q2",
                text="Recovery plan drafted.",
                author="Jane Middleton",
                recorded_at=datetime(2012, 10, 2, 9, 30),
                source="return",
            )
        )
    cover = load_cover(store, july, "2012/13 Q1")
    save_cover(store, july, replace(cover, subject="Quarter one"), who=WHO)
    page.load(page.context)  # type: ignore[arg-type]
    before = plan_state(store)

    click(qtbot, page.delete_button)
    assert "backed up first" in yes[-1] and "undo this with Ctrl+Z" in yes[-1]
    assert july not in {m.id for m in meeting_rows(store)}
    assert july not in {m.id for m in page.meetings}
    (backup,) = [s for s in backups.snapshots(demo_file) if s.reason != backups.DAILY]
    assert backup.reason == "before deleting the meeting of 19 Jul 2012"
    with Store.open(backup.path, read_only=True) as copy:
        assert plan_state(copy) == before  # the backup holds the meeting whole

    shown.undone_and_redone(qtbot, before, "delete the meeting of 19 Jul 2012")
    shown.undo(qtbot)
    assert page.selected_meeting_id() == july  # the page shows the meeting put back
    assert page.log.rowCount() == 8 and page.agenda.rowCount() == 7
    assert load_cover(store, july, "2012/13 Q1").subject == "Quarter one"


# The cover report -------------------------------------------------------------------------


def test_the_cover_report_is_saved_undone_and_redone(qtbot: QtBot, shown: Shown) -> None:
    page, store = shown.page, shown.store
    meeting = page.selected_meeting_id()
    assert meeting is not None
    before = plan_state(store)
    cover_before = load_cover(store, meeting, PERIOD)
    click(qtbot, page.cover_button)
    dialog = dialog_of(page, CoverReportDialog)
    subject = dialog.fields["subject"]
    assert isinstance(subject, QLineEdit)
    retype(qtbot, subject, "Quarter two performance")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert load_cover(store, meeting, PERIOD).subject == "Quarter two performance"
    shown.undo(qtbot)
    assert load_cover(store, meeting, PERIOD) == cover_before  # the defaults, never saved
    assert plan_state(store) == before
    shown.redo(qtbot)
    assert load_cover(store, meeting, PERIOD).subject == "Quarter two performance"

    click(qtbot, page.cover_button)  # saved again: undo goes back to the first save
    dialog = dialog_of(page, CoverReportDialog)
    retype(qtbot, dialog.fields["wards"], "Halton Lea")
    saved = plan_state(store)
    click(qtbot, dialog.save_button)
    shown.undone_and_redone(qtbot, saved, "edit the cover report")


# Someone else's change --------------------------------------------------------------------


def test_an_undo_that_would_overwrite_a_colleague_is_refused_with_reload(
    qtbot: QtBot, shown: Shown, conflicts: list[str]
) -> None:
    page, store = shown.page, shown.store
    select_row(qtbot, page.agenda_table, 3)
    click(qtbot, page.edit_item_button)
    dialog = dialog_of(page, AgendaItemDialog)
    retype(qtbot, dialog.title, "Stay Safe: the neglect strategy")
    ok(qtbot, dialog.buttons)
    item = page.agenda.row_at(3)
    detail = meeting_detail(store, page.selected_meeting_id())  # type: ignore[arg-type]
    assert detail is not None
    update_agenda_item(  # a colleague, in another window, retitles the same item
        store,
        item.id,
        AgendaFields(
            "Stay Safe (the colleague's title)",
            item.presenter,
            item.minutes,
            item.link,
            item.priority_id,
            item.objective_id,
            item.paper,
        ),
        expected_version=detail.version,
        who="Colleague",
        source="meeting",
    )
    theirs = plan_state(store)
    shown.undo(qtbot)
    assert conflicts == [
        'Undo edit an agenda item: The agenda item "Stay Safe: the neglect strategy" has been '
        "changed by someone else since. Reload to see the latest; their change is kept."
    ]
    assert plan_state(store) == theirs
    assert page.agenda.row_at(3).title == "Stay Safe (the colleague's title)"  # reloaded
    assert shown.stack.count() == 0  # the step left the history: it cannot be undone exactly


# Presenter mode ---------------------------------------------------------------------------


def test_an_action_recorded_live_is_undone_in_the_room_and_after_the_meeting(
    qtbot: QtBot, shown: Shown
) -> None:
    page, store = shown.page, shown.store
    page.list.setCurrentRow(page.list.count() - 1)
    drop_row(page, 3, 0)  # the officer's change before the meeting: not the chair's to undo
    moved = titles(page)
    before = plan_state(store)
    click(qtbot, page.present_button)
    qtbot.waitUntil(lambda: open_presenter(shown.window) is not None, timeout=10_000)
    presenter = open_presenter(shown.window)
    assert isinstance(presenter, PresenterWindow)
    assert presenter.history.stack is shown.stack  # the page's stack: one history
    focus(qtbot, presenter)
    qtbot.keyClick(presenter, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert presenter.message.text() == "Nothing recorded in this meeting to undo."
    assert plan_state(store) == before and shown.stack.count() == 1
    qtbot.keyClick(presenter, Qt.Key.Key_End)
    qtbot.keyClick(presenter, Qt.Key.Key_A)
    panel = presenter.capture
    qtbot.keyClicks(panel.text, "Bring the teenage pregnancy plan back in March")
    qtbot.keyClicks(panel.owner, "Nia Newcomer")
    qtbot.keyClicks(panel.due, "31/03/2013")
    with qtbot.waitSignal(presenter.recorded) as recorded:
        qtbot.keyClick(panel.due, Qt.Key.Key_Return)
    assert "Ctrl+Z takes it back" in presenter.message.text()
    presenter.page.recorded.grab()  # painted: the entry itself, not "… and 1 more"
    assert presenter.page.recorded.shown == 1
    after = plan_state(store)
    assert shown.stack.undoText() == "record an action"

    focus(qtbot, presenter)
    qtbot.keyClick(presenter, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert plan_state(store) == before  # the action and its new owner gone
    assert not presenter.page.recorded.isVisible()
    assert presenter.message.text() == "Undo record an action: done."
    qtbot.keyClick(presenter, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert plan_state(store) == after
    assert recorded.args[0] in {e.id for e in presenter.log}  # back with its id

    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: open_presenter(shown.window) is None)
    shown.undo(qtbot)  # after the meeting, from the Edit menu
    assert plan_state(store) == before
    assert recorded.args[0] not in {e.id for e in page.log.rows()}
    assert titles(page) == moved
    shown.undo(qtbot)  # and then the officer's move
    assert titles(page) != moved


def test_a_decision_recorded_in_a_presenter_of_its_own_is_undone_there(
    qtbot: QtBot, shown: Shown
) -> None:
    """Opened without the main window's stack, presenter mode keeps a history of its own."""
    from cypp_desktop.store.presentation import build_presentation

    store = shown.store
    meeting = page_meeting = shown.page.selected_meeting_id()
    assert page_meeting is not None
    presentation = build_presentation(store, meeting, PERIOD, lambda *_args: None)
    presenter = PresenterWindow(
        presentation, PlanContext(store, PERIOD, date(2012, 11, 29), "Chair")
    )
    qtbot.addWidget(presenter)
    presenter.resize(1280, 720)
    presenter.show()
    qtbot.waitExposed(presenter)
    before = plan_state(store)
    qtbot.keyClick(presenter, Qt.Key.Key_D)
    qtbot.keyClicks(presenter.capture.text, "Neglect strategy endorsed")
    qtbot.keyClick(presenter.capture.text, Qt.Key.Key_Return)
    assert [e.kind for e in presenter.log] == [LogKind.DECISION]
    # The whole line is read at 1280x720: the keys' hint gives way while it shows.
    assert presenter.message.text() == "Decision recorded. Ctrl+Z takes it back."
    assert not presenter.hint.isVisible()
    message = presenter.message
    qtbot.waitUntil(lambda: message.sizeHint().width() <= message.width())
    focus(qtbot, presenter)
    qtbot.keyClick(presenter, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert plan_state(store) == before and presenter.log == []
    assert shown.stack.count() == 0  # not the page's history


def test_edit_undo_in_the_main_window_takes_back_an_agenda_move(
    qtbot: QtBot, opened: tuple[Any, Any]
) -> None:
    window, _controller = opened
    window.navigation.setCurrentRow([t for _p, t in window.pages].index("Meetings"))
    page = window.meetings_page
    choose_meeting(page, date(2012, 11, 29))
    order = titles(page)
    drop_row(page, 3, 0)
    assert titles(page) == [order[3], *order[:3], *order[4:]]
    assert window.undo_stack.undoText()  # on the window's own stack, named
    focus(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: titles(page) == order)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: titles(page) == [order[3], *order[:3], *order[4:]])
