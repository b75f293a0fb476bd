"""Presenter mode: what each page shows, the clock and the time left, live capture, the
screen it opens on, and how it reads at projector resolutions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from cypp_desktop.charts.spec import IndicatorChart, RagSummary
from cypp_desktop.models import AgendaLink, LogKind, Rag
from cypp_desktop.models.rag_rules import Direction
from cypp_desktop.store import Store, queries
from cypp_desktop.store.action_log import carried_forward
from cypp_desktop.store.meetings import meeting_detail, meeting_rows
from cypp_desktop.store.presentation import OVERDUE_FLAG, build_presentation
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.presenter import PresenterWindow, open_presenter, present, projector
from cypp_desktop.views.presenter_style import Sizes

PERIOD = "2012/13 Q2"
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


def no_progress(_done: int, _total: int, _message: str) -> None:
    return None


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


def board_meeting(store: Store) -> int:
    """The Children's Trust Board of 29 November 2012: every kind of agenda item."""
    return next(row.id for row in meeting_rows(store) if row.starts_at.date() == date(2012, 11, 29))


@pytest.fixture
def context(demo_store: Store) -> PlanContext:
    return PlanContext(demo_store, PERIOD, date(2012, 11, 29), "Chair")


@pytest.fixture
def shown(qtbot: QtBot, context: PlanContext) -> Iterator[tuple[PresenterWindow, Clock]]:
    parent = QMainWindow()
    qtbot.addWidget(parent)
    clock = Clock(datetime(2012, 11, 29, 14, 0))
    presentation = build_presentation(
        context.store, board_meeting(context.store), PERIOD, no_progress
    )
    window = PresenterWindow(presentation, context, parent, clock=clock)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    yield window, clock
    window.close()


def test_each_kind_of_item_has_its_page(context: PlanContext) -> None:
    store = context.store
    presentation = build_presentation(store, board_meeting(store), PERIOD, no_progress)
    slides = {slide.item.link: slide for slide in presentation.slides}
    assert set(slides) == set(AgendaLink)

    priority = next(s for s in presentation.slides if s.item.link is AgendaLink.PRIORITY)
    row = next(r for r in queries.priority_rags(store, PERIOD) if r.id == priority.item.priority_id)
    assert priority.rag is not None and priority.rag.rag is row.rag.rag
    assert dict(priority.counts) == row.counts  # the RAG summary, count by count
    assert priority.overdue == row.overdue
    exceptions = [e for e in queries.exceptions(store, PERIOD) if e.priority_code == row.code]
    assert sorted(r.lead for r in priority.rows) == sorted(e.code for e in exceptions)
    assert all(
        r.rag is not None and r.note.startswith(tuple(d.arrow for d in Direction))
        for r in priority.rows
    )
    assert 1 <= len(priority.charts) <= 2 and all(
        isinstance(c, IndicatorChart) for c in priority.charts
    )

    listed = slides[AgendaLink.EXCEPTIONS]
    assert len(listed.rows) == len(queries.exceptions(store, PERIOD))
    severities = [r.rag.severity for r in listed.rows if r.rag]  # the worst first
    assert severities == sorted(severities, reverse=True)
    assert isinstance(listed.charts[0], RagSummary)

    log = slides[AgendaLink.ACTION_LOG]
    open_actions = carried_forward(store, board_meeting(store))
    assert len(log.rows) == len(open_actions)
    overdue = [r for r in log.rows if r.flag == OVERDUE_FLAG]
    assert (
        len(overdue) == log.overdue == sum(1 for a in open_actions if a.overdue(date(2012, 11, 29)))
    )
    assert log.rows[: len(overdue)] == tuple(overdue)  # the overdue first

    paper = slides[AgendaLink.PAPER]
    assert paper.text == paper.item.paper and not paper.rows


def test_the_time_left_counts_from_when_the_page_was_first_shown(
    qtbot: QtBot, shown: tuple[PresenterWindow, Clock]
) -> None:
    window, clock = shown
    first = window.slides[0].item
    assert window.clock_label.text() == "14:00"
    assert window.remaining_label.text() == f"{first.minutes}:00 left of {first.minutes} min"
    clock.now += timedelta(minutes=2, seconds=30)
    window.tick()
    assert window.remaining_label.text() == f"{first.minutes - 3}:30 left of {first.minutes} min"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    second = window.slides[1].item
    assert window.remaining_label.text() == f"{second.minutes}:00 left of {second.minutes} min"
    clock.now += timedelta(minutes=second.minutes, seconds=5)
    window.tick()
    assert window.remaining_label.text() == f"⚠ 0:05 over the {second.minutes} min"
    qtbot.keyClick(window, Qt.Key.Key_Left)  # back: the first item's time still runs
    left = first.minutes * 60 - (150 + second.minutes * 60 + 5)
    shown_text = (
        f"{left // 60}:{left % 60:02d} left of {first.minutes} min"
        if left >= 0
        else f"⚠ {-left // 60}:{-left % 60:02d} over the {first.minutes} min"
    )
    assert window.remaining_label.text() == shown_text
    assert window.clock_label.text() == f"{clock.now:%H:%M}"


def test_live_capture_checks_what_is_typed_and_keeps_the_panel_open(
    qtbot: QtBot, shown: tuple[PresenterWindow, Clock], context: PlanContext
) -> None:
    window, _clock = shown
    qtbot.keyClick(window, Qt.Key.Key_End)
    panel = window.capture
    qtbot.keyClick(window, Qt.Key.Key_A)
    qtbot.keyClicks(panel.text, "Write to the schools")
    qtbot.keyClicks(panel.owner, "Someone New")
    assert panel.owner_note.text() == "new owner: added to the plan"
    qtbot.keyClicks(panel.due, "31/02/2013")
    qtbot.keyClick(panel.due, Qt.Key.Key_Return)
    assert panel.isVisible() and "Due date" in panel.problem.text()
    panel.due.clear()
    qtbot.keyClicks(panel.due, "1 Jan 2012")
    qtbot.keyClick(panel.due, Qt.Key.Key_Return)
    assert panel.isVisible() and "before the meeting" in panel.problem.text()
    qtbot.keyClick(panel.text, Qt.Key.Key_Escape)  # Esc puts the panel away, not the presenter
    assert not panel.isVisible() and window.isVisible()
    meeting = meeting_detail(context.store, window.presentation.meeting.id)
    assert meeting is not None and meeting.log == ()

    qtbot.keyClick(window, Qt.Key.Key_D)
    assert panel.decision.isChecked() and not panel.owner.isEnabled()
    qtbot.keyClicks(panel.text, "Feedback noted.")
    with qtbot.waitSignal(window.recorded):
        qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    meeting = meeting_detail(context.store, window.presentation.meeting.id)
    assert meeting is not None
    (decision,) = meeting.log
    assert (decision.kind, decision.text, decision.agenda_item_id) == (
        LogKind.DECISION,
        "Feedback noted.",
        window.slides[-1].item.id,
    )
    assert "Decision recorded." in window.message.text()


def test_the_page_reads_from_the_back_of_the_room_at_both_resolutions(
    qtbot: QtBot, shown: tuple[PresenterWindow, Clock], tmp_path: Path
) -> None:
    window, _clock = shown
    priority = next(n for n, s in enumerate(window.slides) if s.item.link is AgendaLink.PRIORITY)
    exceptions = next(
        n for n, s in enumerate(window.slides) if s.item.link is AgendaLink.EXCEPTIONS
    )
    titles: dict[int, int] = {}
    shown: dict[int, int] = {}
    for width, height in ((1280, 720), (1920, 1080)):
        window.resize(width, height)
        window.go(priority)
        charts = [chart for chart in window.page.charts if chart.isVisible()]
        assert len(charts) == Sizes.for_height(height).charts
        qtbot.waitUntil(lambda c=charts: all(chart.picture_shown for chart in c), timeout=20_000)
        qtbot.wait(50)
        path = tmp_path / f"presenter-{width}x{height}.png"
        assert window.grab().save(str(path))
        image = QImage(str(path))
        assert (image.width(), image.height()) == (width, height)
        sizes = Sizes.for_height(height)
        assert sizes.body >= height / 34  # body text: at least a 34th of the screen's height
        titles[height] = sizes.title
        assert window.page.summary.isVisible()
        assert window.page.rows.shown == len(window.page.rows.rows)  # its exceptions all fit
        window.go(exceptions)  # a long list: as many rows as fit, then how many more
        window.page.rows.grab()
        shown[height] = window.page.rows.shown
        assert 5 <= shown[height] < len(window.page.rows.rows)
        assert all(len(lines.title) == len(lines.note) == 1 for lines in window.page.rows.painted)
    assert titles[1080] / titles[720] == pytest.approx(1.5, abs=0.05)
    assert shown[1080] >= shown[720]


def test_an_exception_wraps_rather_than_being_cut_short(
    qtbot: QtBot, shown: tuple[PresenterWindow, Clock]
) -> None:
    window, _clock = shown
    priority = next(n for n, s in enumerate(window.slides) if s.item.link is AgendaLink.PRIORITY)
    page, rows = window.page, window.page.rows
    lines_at: dict[int, int] = {}
    for width, height in ((1280, 720), (1920, 1080)):
        window.resize(width, height)
        window.go(priority)
        chart = page.charts[0]
        qtbot.waitUntil(  # the chart keeps its room beside the list
            lambda c=chart, w=width: c.isVisible() and c.width() >= w * 0.36, timeout=5_000
        )
        rows.grab()
        assert rows.shown == len(rows.rows) >= 1
        for row, lines in zip(rows.rows, rows.painted, strict=True):
            assert " ".join(lines.title) == row.title  # the whole line, nothing elided
            assert " ".join(lines.note) == row.note
        lines_at[height] = max(len(lines.title) for lines in rows.painted)
    assert lines_at[720] > 1  # the demo's exception is too long for one line at 1280x720


def test_the_agenda_sidebar_moves_to_the_item_clicked(
    qtbot: QtBot, shown: tuple[PresenterWindow, Clock]
) -> None:
    window, _clock = shown
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert window.sidebar.isVisible() and window.sidebar.count() == len(window.slides)
    item = window.sidebar.item(4)
    rect = window.sidebar.visualItemRect(item)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current == 4 and window.position_label.text() == f"Item 5 of {len(window.slides)}"


def test_f5_with_no_meeting_chosen_presents_the_next_one(
    qtbot: QtBot, context: PlanContext
) -> None:
    parent = QMainWindow()
    qtbot.addWidget(parent)
    parent.show()
    early = PlanContext(context.store, PERIOD, date(2012, 10, 1), "Chair")
    present(parent, early, None)
    qtbot.waitUntil(lambda: open_presenter(parent) is not None, timeout=10_000)
    window = open_presenter(parent)
    assert window is not None
    assert window.presentation.meeting.starts_at.date() == date(2012, 10, 11)
    present(parent, early, None)  # F5 again: the same window, not a second one
    assert [w for w in parent.findChildren(PresenterWindow) if w.isVisible()] == [window]
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: open_presenter(parent) is None)


def test_f5_on_a_plan_with_no_meetings_says_how_to_add_one(
    qtbot: QtBot, memory_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    parent = QMainWindow()
    qtbot.addWidget(parent)
    present(parent, PlanContext(memory_store, PERIOD, date(2012, 10, 1), "Chair"), None)
    assert told and "Meetings page" in told[0]
    assert open_presenter(parent) is None


class FakeScreen:
    def __init__(self, name: str):
        self._name = name

    def name(self) -> str:
        return self._name


def test_presenter_mode_opens_on_the_second_screen_when_there_is_one() -> None:
    laptop, projector_screen = FakeScreen("eDP-1"), FakeScreen("HDMI-1")
    assert projector([laptop, projector_screen], laptop) is projector_screen  # type: ignore[arg-type]
    assert projector([laptop], laptop) is laptop  # type: ignore[arg-type]


def test_every_rag_on_a_page_carries_its_letter(qtbot: QtBot, context: PlanContext) -> None:
    presentation = build_presentation(
        context.store, board_meeting(context.store), PERIOD, no_progress
    )
    window = PresenterWindow(presentation, context, None)
    qtbot.addWidget(window)
    try:
        for number, slide in enumerate(presentation.slides):
            window.go(number)
            description = window.page.rows.accessibleDescription()
            for row in slide.rows:
                if row.rag is not None:
                    assert f"{row.rag.letter} ({row.rag.label})" in description
            if slide.rag is not None:
                summary = window.page.summary.accessibleDescription()
                assert summary.startswith(f"{slide.rag.rag.letter} ({slide.rag.rag.label})")
                for rag in Rag:
                    count = dict(slide.counts)[rag]
                    if count:
                        assert f"{count} {rag.label}" in summary
    finally:
        window.close()
