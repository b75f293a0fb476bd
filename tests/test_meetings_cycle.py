"""The meeting cycle end to end, driven as the officer and the chair drive it.

The officer builds a meeting in its dialog and reorders its agenda by dragging a row; the
chair presents it with F5, walks it by keyboard and records an action live. The action is
then in the plan, in the JSON dump, in the next meeting's board pack and in its owner's
next return.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QModelIndex, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cypp_desktop.app import build_main_window, create_application
from cypp_desktop.models import AgendaLink, LogKind, LogStatus
from cypp_desktop.packs.snapshot import take_snapshot
from cypp_desktop.returns.content import gather_returns
from cypp_desktop.returns.layout import Row
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.meetings import meeting_detail, meeting_rows
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.meeting_dialogs import AgendaItemDialog, MeetingDialog
from cypp_desktop.views.meetings_page import MeetingsPage
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.presenter import PresenterWindow, open_presenter

PERIOD = "2012/13 Q2"
# Typing a name opens its completer's pop-up list, which the offscreen platform cannot raise
# or give the keyboard to; it says so, as it says of every window's size hints.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)
ACTION = "Bring the breastfeeding recovery plan to the Board"
OWNER = "Julie Webster"


@pytest.fixture
def opened(qtbot: QtBot, demo_file: Path) -> Iterator[tuple[MainWindow, PlanController]]:
    create_application()
    window, controller = build_main_window(demo_file)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window, controller
    window.close()


def shown_dialog(page: QWidget, kind: type[QWidget]) -> QWidget:
    found = [child for child in page.findChildren(kind) if child.isVisible()]
    assert len(found) == 1, f"expected one open {kind.__name__}"
    return found[0]


def click_ok(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def click(qtbot: QtBot, parent: QWidget, text: str) -> None:
    button = next(b for b in parent.findChildren(QPushButton) if b.text().replace("&", "") == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_meetings(qtbot: QtBot, window: MainWindow) -> MeetingsPage:
    row = [title for _page, title in window.pages].index("Meetings")
    rect = window.navigation.visualItemRect(window.navigation.item(row))
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.meetings_page
    assert window.stack.currentWidget() is page
    return page


def build_meeting(qtbot: QtBot, page: MeetingsPage) -> int:
    """New Meeting…, filled in as a user fills it in; returns the new meeting's id."""
    before = {row.id for row in meeting_rows(page.context.store)}  # type: ignore[union-attr]
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = shown_dialog(page, MeetingDialog)
    assert isinstance(dialog, MeetingDialog)
    dialog.board.setCurrentIndex(dialog.board.findText("Policy & Performance Board"))
    dialog.starts.setDateTime(QDateTime(2012, 10, 25, 18, 0, 0))
    qtbot.keyClicks(dialog.location, "Civic Suite, Runcorn Town Hall")
    dialog.period.lineEdit().clear()
    qtbot.keyClicks(dialog.period.lineEdit(), PERIOD)
    for name in ("Cllr Ellen Cargill (Chair)", OWNER):
        qtbot.keyClicks(dialog.name, name)
        click(qtbot, dialog, "Add attendee")
    qtbot.keyClicks(dialog.name, "Mark Grady")
    click(qtbot, dialog, "Add apology")
    click_ok(qtbot, dialog.buttons)
    assert not dialog.isVisible(), dialog.problem.text()
    (new_id,) = {row.id for row in meeting_rows(page.context.store)} - before  # type: ignore[union-attr]
    assert page.selected_meeting_id() == new_id
    return int(new_id)


def add_item(
    qtbot: QtBot, page: MeetingsPage, title: str, minutes: int, link: AgendaLink, target: int = 0
) -> None:
    qtbot.mouseClick(page.add_item_button, Qt.MouseButton.LeftButton)
    dialog = shown_dialog(page, AgendaItemDialog)
    assert isinstance(dialog, AgendaItemDialog)
    qtbot.keyClicks(dialog.title, title)
    qtbot.keyClicks(dialog.presenter, "Mark Grady")
    dialog.minutes.setValue(minutes)
    dialog.link.setCurrentIndex(dialog.link.findData(link.value))
    if dialog.target.isEnabled():
        dialog.target.setCurrentIndex(target)
    click_ok(qtbot, dialog.buttons)
    assert not dialog.isVisible(), dialog.problem.text()


def drag_row(page: MeetingsPage, source: int, before: int) -> None:
    """Drop row ``source`` above row ``before``, as the table's drop hands it to the model."""
    model = page.agenda
    data = model.mimeData([model.index(source, 0)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, before, 0, QModelIndex())
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, before, 0, QModelIndex())


def test_build_reorder_present_and_record_then_find_the_action_everywhere(
    qtbot: QtBot, qtmodeltester: object, opened: tuple[MainWindow, PlanController], tmp_path: Path
) -> None:
    window, controller = opened
    store = controller.store
    assert store is not None
    page = open_meetings(qtbot, window)
    meeting_id = build_meeting(qtbot, page)
    add_item(qtbot, page, "Welcome and apologies", 5, AgendaLink.PAPER)
    add_item(qtbot, page, "Be Healthy", 20, AgendaLink.PRIORITY, target=5)
    add_item(qtbot, page, "Action log", 10, AgendaLink.ACTION_LOG)
    qtmodeltester.check(page.agenda)  # type: ignore[attr-defined]
    assert [page.agenda.row_at(r).title for r in range(3)] == [
        "Welcome and apologies",
        "Be Healthy",
        "Action log",
    ]

    drag_row(page, 2, 1)  # the action log moves up, before Be Healthy
    detail = meeting_detail(store, meeting_id)
    assert detail is not None
    assert [item.title for item in detail.agenda] == [
        "Welcome and apologies",
        "Action log",
        "Be Healthy",
    ]
    assert [f"{item.starts:%H:%M}" for item in detail.agenda] == ["18:00", "18:05", "18:15"]
    assert page.agenda.index(2, page.agenda.COL_STARTS).data() == "18:15"
    qtmodeltester.check(page.agenda)  # type: ignore[attr-defined]

    # F5: the chosen meeting, full screen, once its pages are read in the background.
    window.present_action.trigger()
    qtbot.waitUntil(lambda: open_presenter(window) is not None, timeout=10_000)
    presenter = open_presenter(window)
    assert isinstance(presenter, PresenterWindow)
    assert presenter.presentation.meeting.id == meeting_id
    assert presenter.isFullScreen()
    titles = [slide.item.title for slide in presenter.slides]
    walked = []
    for key in (
        Qt.Key.Key_Right,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Right,  # already on the last item: stays
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_Left,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_Down,
    ):
        qtbot.keyClick(presenter, key)
        walked.append(presenter.page.title.text)
    assert walked == [
        f"2. {titles[1]}",
        f"3. {titles[2]}",
        f"3. {titles[2]}",
        f"1. {titles[0]}",
        f"3. {titles[2]}",
        f"2. {titles[1]}",
        f"1. {titles[0]}",
        f"2. {titles[1]}",
    ]
    assert presenter.position_label.text() == "Item 2 of 3"
    assert not presenter.sidebar.isVisible()
    qtbot.keyClick(presenter, Qt.Key.Key_S)
    assert presenter.sidebar.isVisible() and presenter.sidebar.currentRow() == 1
    qtbot.keyClick(presenter, Qt.Key.Key_S)
    assert not presenter.sidebar.isVisible()

    # A: the capture panel, against the item on screen (the action log).
    qtbot.keyClick(presenter, Qt.Key.Key_A)
    panel = presenter.capture
    assert panel.isVisible() and panel.action.isChecked()
    assert "Action log" in panel.against.text()
    qtbot.keyClicks(panel.text, ACTION)
    qtbot.keyClicks(panel.owner, OWNER)
    qtbot.keyClicks(panel.due, "14/12/2012")
    with qtbot.waitSignal(presenter.recorded, timeout=5_000) as recorded:
        qtbot.keyClick(panel.due, Qt.Key.Key_Return)
    assert not panel.isVisible()
    assert "Action recorded for Julie Webster, due 14 Dec 2012" in presenter.message.text()
    assert presenter.page.recorded.isVisible()
    assert ACTION in presenter.page.recorded.accessibleDescription()
    assert ACTION in presenter.page.rows.accessibleDescription()  # on the action-log page now

    qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: open_presenter(window) is None)

    # In the plan: owned, dated, open, against the item it was recorded at.
    entry_id = recorded.args[0]
    detail = meeting_detail(store, meeting_id)
    assert detail is not None
    entry = next(row for row in detail.log if row.id == entry_id)
    assert (entry.kind, entry.text, entry.owner, entry.due, entry.status) == (
        LogKind.ACTION,
        ACTION,
        OWNER,
        date(2012, 12, 14),
        LogStatus.OPEN,
    )
    assert entry.agenda_title == "Action log"
    dumped = next(m for m in dump_plan(store)["meetings"] if m["id"] == meeting_id)
    assert [a["text"] for a in dumped["actions"]] == [ACTION]
    assert [item["title"] for item in dumped["agenda"]] == [item.title for item in detail.agenda]

    # In the next meeting's pack: the Children's Trust Board of 29 November 2012.
    following = next(
        row.id
        for row in meeting_rows(store)
        if row.starts_at > datetime(2012, 10, 25, 18, 0) and row.period == PERIOD
    )
    log = take_snapshot(store, PERIOD, meeting_id=following).action_log
    carried = [item for item in (*log.open, *log.overdue) if item.text == ACTION]
    assert [(item.owner, item.due) for item in carried] == [(OWNER, date(2012, 12, 14))]
    assert carried[0].meeting.startswith("Policy & Performance Board")

    # In its owner's next return, among the log actions they report on.
    (julie,) = gather_returns(store, PERIOD, owners=[OWNER]).returns
    assert ACTION in [row.values["title"] for row in julie.rows[Row.LOG]]

    # The page shows it too, once the change is announced.
    qtbot.waitUntil(lambda: any(e.text == ACTION for e in page.log.rows()))
    qtmodeltester.check(page.log)  # type: ignore[attr-defined]


def test_the_agenda_takes_a_drop_from_the_table_itself(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController]
) -> None:
    """A drop event on the table's viewport reaches the model's drop handling."""
    window, controller = opened
    page = open_meetings(qtbot, window)
    titles = [page.agenda.row_at(r).title for r in range(page.agenda.rowCount())]
    table = page.agenda_table
    table.selectRow(3)
    data = page.agenda.mimeData([page.agenda.index(3, 0)])
    top = table.visualRect(page.agenda.index(0, 1)).topLeft() + QPoint(4, 2)
    app = create_application()
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    move = Qt.DropAction.MoveAction
    for event in (
        QDragEnterEvent(top, move, data, buttons, modifiers),
        QDragMoveEvent(top, move, data, buttons, modifiers),
        QDropEvent(top.toPointF(), move, data, buttons, modifiers),
    ):
        app.sendEvent(table.viewport(), event)
    expected = [titles[3], *titles[:3], *titles[4:]]
    assert [page.agenda.row_at(r).title for r in range(page.agenda.rowCount())] == expected
    detail = meeting_detail(controller.store, page.selected_meeting_id())  # type: ignore[arg-type]
    assert detail is not None and [item.title for item in detail.agenda] == expected
