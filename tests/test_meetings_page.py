"""The Meetings page, driven as the officer drives it: edit a meeting and the boards, keep
the action log, see the changes since the last meeting, write the draft minutes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from cypp_desktop.models import LogKind, LogStatus
from cypp_desktop.store import Store
from cypp_desktop.store.agenda import AgendaFields, add_agenda_item
from cypp_desktop.store.meetings import boards, meeting_detail
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.meeting_dialogs import BoardsDialog, LogEntryDialog, MeetingDialog
from cypp_desktop.views.meetings_page import MeetingsPage

PERIOD = "2012/13 Q2"
WHO = "Officer"
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@pytest.fixture
def page(qtbot: QtBot, demo_store: Store) -> Iterator[MeetingsPage]:
    shown = MeetingsPage()
    qtbot.addWidget(shown)
    shown.resize(1200, 760)
    shown.show()
    shown.load(PlanContext(demo_store, PERIOD, date(2012, 11, 20), WHO))
    yield shown
    shown.close()


def shown_dialog(page: QWidget, kind: type[QWidget]) -> QWidget:
    found = [child for child in page.findChildren(kind) if child.isVisible()]
    assert len(found) == 1, f"expected one open {kind.__name__}"
    return found[0]


def ok(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_it_opens_on_the_next_meeting_with_its_details_and_agenda(
    page: MeetingsPage, qtmodeltester: object
) -> None:
    detail = page.detail
    assert detail is not None and detail.starts_at.date() == date(2012, 11, 29)
    assert page.list.count() == 3
    text = page.details.toPlainText()
    assert detail.title in text and "Agenda: 7 items, 105 minutes" in text
    assert "Apologies: Director of Public Health" in text
    assert page.agenda.rowCount() == 7
    assert page.agenda.index(1, page.agenda.COL_STARTS).data() == "14:05"
    qtmodeltester.check(page.agenda)  # type: ignore[attr-defined]
    page.list.setCurrentRow(0)
    assert page.log.rowCount() == 8
    qtmodeltester.check(page.log)  # type: ignore[attr-defined]
    page.log_table.sortByColumn(page.log.COL_DUE, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(page.log)  # type: ignore[attr-defined]


def test_edit_a_meeting_and_its_boards(
    qtbot: QtBot, page: MeetingsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page.context is not None
    store = page.context.store
    detail = page.detail
    assert detail is not None
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = shown_dialog(page, MeetingDialog)
    assert isinstance(dialog, MeetingDialog)
    assert dialog.board.currentText() == "Children's Trust Board"
    assert dialog.attendees.count() == len(detail.attendees)

    def boards_dialog() -> None:
        shown = shown_dialog(dialog.parent(), BoardsDialog)  # type: ignore[arg-type]
        assert isinstance(shown, BoardsDialog)
        qtbot.keyClicks(shown.name, "Health and Wellbeing Board")
        qtbot.keyClick(shown.name, Qt.Key.Key_Return)
        ok(qtbot, shown.buttons)

    QTimer.singleShot(0, boards_dialog)
    qtbot.mouseClick(
        next(b for b in dialog.findChildren(type(page.new_button)) if b.text() == "Boards…"),
        Qt.MouseButton.LeftButton,
    )
    assert boards(store)[-1] == "Health and Wellbeing Board"
    assert dialog.board.findText("Health and Wellbeing Board") >= 0
    dialog.board.setCurrentText("Health and Wellbeing Board")
    dialog.location.clear()
    qtbot.keyClicks(dialog.location, "Stobart Stadium, Widnes")
    qtbot.keyClicks(dialog.name, "Director of Public Health")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # moved from apologies to attending
    assert dialog.apologies.count() == 0
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible(), dialog.problem.text()
    after = meeting_detail(store, detail.id)
    assert after is not None
    assert (after.board, after.location) == (
        "Health and Wellbeing Board",
        "Stobart Stadium, Widnes",
    )
    assert after.apologies == () and after.attendees[-1].name == "Director of Public Health"
    assert page.selected_meeting_id() == detail.id
    assert "Health and Wellbeing Board" in page.details.toPlainText()


def test_a_stale_page_is_told_and_shows_the_latest(
    qtbot: QtBot, page: MeetingsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page.context is not None and page.detail is not None
    add_agenda_item(  # a colleague adds an item after the page was shown
        page.context.store,
        page.detail.id,
        AgendaFields("Any other business", minutes=5),
        expected_version=page.detail.version,
        who="Colleague",
        source="meeting",
    )
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    page.agenda_table.selectRow(2)
    qtbot.mouseClick(page.remove_item_button, Qt.MouseButton.LeftButton)
    assert told and "changed by someone else" in told[0]
    assert page.agenda.rowCount() == 8  # reloaded: the colleague's item, nothing removed
    assert page.agenda.row_at(7).title == "Any other business"


def test_decisions_and_actions_are_kept_from_the_page(
    qtbot: QtBot, page: MeetingsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page.context is not None and page.detail is not None
    store, meeting = page.context.store, page.detail.id
    page.tabs.setCurrentIndex(page.TAB_LOG)
    page.agenda_table.selectRow(3)
    qtbot.mouseClick(page.add_action_button, Qt.MouseButton.LeftButton)
    dialog = shown_dialog(page, LogEntryDialog)
    assert isinstance(dialog, LogEntryDialog)
    assert dialog.item.currentText().startswith("4. Stay Safe")  # the selected agenda item
    qtbot.keyClicks(dialog.text, "Report foster carer recruitment by area.")
    qtbot.keyClicks(dialog.owner, "Paul Boyce")
    qtbot.keyClicks(dialog.due, "next week")
    ok(qtbot, dialog.buttons)
    assert dialog.isVisible() and "Due date" in dialog.problem.text()  # nothing typed is lost
    dialog.due.clear()
    qtbot.keyClicks(dialog.due, "31 Jan 2013")
    ok(qtbot, dialog.buttons)
    assert not dialog.isVisible(), dialog.problem.text()
    detail = meeting_detail(store, meeting)
    assert detail is not None
    (entry,) = detail.log
    assert (entry.kind, entry.owner, entry.due, entry.agenda_title) == (
        LogKind.ACTION,
        "Paul Boyce",
        date(2013, 1, 31),
        "Stay Safe: neglect and foster carer recruitment",
    )
    assert page.log.rowCount() == 1

    page.log_table.selectRow(0)
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    detail = meeting_detail(store, meeting)
    assert detail is not None
    assert (detail.log[0].status, detail.log[0].closed_on) == (LogStatus.DONE, date(2012, 11, 20))
    assert page.reopen_button.isEnabled() and not page.done_button.isEnabled()
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert meeting_detail(store, meeting).log[0].status is LogStatus.OPEN  # type: ignore[union-attr]

    qtbot.mouseClick(page.add_decision_button, Qt.MouseButton.LeftButton)
    decision = shown_dialog(page, LogEntryDialog)
    assert isinstance(decision, LogEntryDialog) and not decision.owner.isVisible()
    qtbot.keyClicks(decision.text, "Neglect strategy endorsed.")
    ok(qtbot, decision.buttons)
    assert page.log.rowCount() == 2

    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    page.log_table.selectRow(0)
    qtbot.mouseClick(page.delete_entry_button, Qt.MouseButton.LeftButton)
    assert page.log.rowCount() == 1


def test_changes_since_the_last_meeting_are_a_tab_of_the_page(
    qtbot: QtBot, page: MeetingsPage
) -> None:
    assert page.detail is not None
    with qtbot.waitSignal(page.changes_shown) as shown:
        page.tabs.setCurrentIndex(page.TAB_CHANGES)
    assert shown.args == [page.detail.id]
    text = page.changes.toPlainText()
    assert "since the Children's Trust Board, 19 July 2012, this board's last meeting" in text
    assert "RAG changes (" in text and "New values (" in text and "Actions closed (" in text
    assert "▼ worsening" in text
    with qtbot.waitSignal(page.changes_shown):
        page.list.setCurrentRow(0)
    assert "no earlier meeting is recorded" in page.changes.toPlainText()


def test_draft_minutes_are_written_as_pdf(
    qtbot: QtBot, page: MeetingsPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page.list.setCurrentRow(0)
    detail = page.detail
    assert detail is not None
    asked: list[str] = []
    folder = tmp_path / "papers"
    folder.mkdir()

    def choose(_parent: QWidget, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(folder / "minutes"), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    with qtbot.waitSignal(page.minutes_written, timeout=20_000) as written:
        qtbot.mouseClick(page.minutes_button, Qt.MouseButton.LeftButton)
    assert Path(asked[0]).name == "Draft minutes Children's Trust Board 2012-07-19.pdf"
    path = written.args[0]
    assert path == folder / "minutes.pdf"
    text = "\n".join(page_.extract_text() for page_ in pypdf.PdfReader(path).pages)
    assert "Draft minutes" in text and detail.title in text
    for item in detail.agenda:
        assert item.title.split(":")[0] in text
    assert sorted(p.name for p in folder.iterdir()) == ["minutes.pdf"]  # no temporary left


def test_a_read_only_plan_shows_its_meetings_but_offers_no_changes(
    qtbot: QtBot, demo_file: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "read-only.cypp"
    shutil.copyfile(demo_file, copy)
    copy.chmod(0o444)
    with Store.open(copy, read_only=True) as store:
        shown = MeetingsPage()
        qtbot.addWidget(shown)
        shown.load(PlanContext(store, PERIOD, date(2012, 11, 20), WHO))
        assert shown.list.count() == 3
        shown.agenda_table.selectRow(0)
        for button in (
            shown.new_button,
            shown.edit_button,
            shown.add_item_button,
            shown.remove_item_button,
            shown.add_action_button,
        ):
            assert not button.isEnabled(), button.text()
        assert shown.present_button.isEnabled() and shown.minutes_button.isEnabled()
