"""Chart widgets, the indicator panel and the dashboard, driven as a user drives them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QToolTip
from pytestqt.qtbot import QtBot

from cypp_desktop.charts.spec import IndicatorChart, RagSummary
from cypp_desktop.charts.style import RAG_HEX
from cypp_desktop.models import ItemKind, Rag
from cypp_desktop.store import Store, chart_data, queries
from cypp_desktop.store.edits import Edit, apply_edits
from cypp_desktop.views import indicator_panel
from cypp_desktop.views.chart_view import ChartView
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.dashboard_model import ExceptionModel
from cypp_desktop.views.dashboard_page import DashboardPage
from cypp_desktop.views.indicator_panel import IndicatorPanel
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.rag_style import RAG_COLOURS
from cypp_desktop.views.table_model import RagRole

PERIOD = "2012/13 Q2"
DRAWING = 15_000  # ms: the first chart also loads matplotlib


def context_for(store: Store) -> PlanContext:
    return PlanContext(store, PERIOD, date(2012, 10, 15), "Test officer")


def indicator_id(store: Store, code: str) -> int:
    return next(row.id for row in queries.indicator_rows(store, PERIOD) if row.code == code)


def wait_drawn(qtbot: QtBot, *views: ChartView) -> None:
    qtbot.waitUntil(lambda: all(view.picture is not None for view in views), timeout=DRAWING)


def chart_of(store: Store, code: str) -> IndicatorChart:
    return chart_data.indicator_charts(store, PERIOD, [indicator_id(store, code)])[0]


@pytest.fixture
def shown_chart(qtbot: QtBot, demo_store: Store) -> tuple[ChartView, IndicatorChart]:
    view = ChartView(name="Test chart")
    qtbot.addWidget(view)
    view.resize(820, 460)
    view.show()
    qtbot.waitExposed(view)
    spec = chart_of(demo_store, "BH1.2-LRTI")
    with qtbot.waitSignal(view.drawn, timeout=DRAWING):
        view.set_spec(spec)
    return view, spec


# The chart widget ----------------------------------------------------------------------------


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen tooltip
def test_a_chart_is_drawn_at_the_widgets_size_and_explains_its_points(
    qtbot: QtBot, shown_chart: tuple[ChartView, IndicatorChart]
) -> None:
    view, spec = shown_chart
    picture = view.picture
    assert picture is not None
    ratio = view.devicePixelRatioF()
    assert (picture.width, picture.height) == (round(820 * ratio), round(460 * ratio))
    latest = spec.actuals[-1]
    hit = next(hit for hit in picture.hits if latest.reason in hit.text)
    where = QPoint(
        round((hit.left + hit.right) / 2 / ratio), round((hit.top + hit.bottom) / 2 / ratio)
    )
    assert view.tooltip_at(QPointF(where)) == f"2011/12: 20.3 per 1,000\n{latest.reason}"
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, where, view.mapToGlobal(where)))
    assert QToolTip.text() == f"2011/12: 20.3 per 1,000\n{latest.reason}"
    assert view.tooltip_at(QPointF(2, 2)) is None
    assert "BH1.2-LRTI" in view.accessibleDescription()


def test_a_resized_chart_is_drawn_again_at_its_new_size(
    qtbot: QtBot, shown_chart: tuple[ChartView, IndicatorChart]
) -> None:
    view, _spec = shown_chart
    with qtbot.waitSignal(view.drawn, timeout=DRAWING):
        view.resize(600, 380)
    assert view.picture is not None
    assert view.picture.width == round(600 * view.devicePixelRatioF())


def choose_from_context_menu(qtbot: QtBot, view: ChartView, text: str) -> None:
    """Right-click the chart and pick ``text`` from the menu that opens."""
    chosen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        chosen.extend(action.text() for action in menu.actions())
        action = next(action for action in menu.actions() if action.text() == text)
        menu.close()
        action.trigger()

    QTimer.singleShot(300, pick)
    where = QPoint(100, 100)
    # What the window system sends a widget on a right-click (offscreen has no mouse).
    QApplication.sendEvent(
        view, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, view.mapToGlobal(where))
    )
    qtbot.waitUntil(lambda: bool(chosen), timeout=5_000)
    assert chosen == ["Save Chart as &PNG…", "Save Chart as &SVG…"]


def answer_save_dialog(
    monkeypatch: pytest.MonkeyPatch, answer: Path, asked: list[str]
) -> Callable[..., tuple[str, str]]:
    def get_save_file_name(_parent: Any, caption: str, suggested: str, _filter: str) -> Any:
        asked.append(f"{caption}|{Path(suggested).name}")
        return str(answer), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    return get_save_file_name


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the menu
def test_right_click_saves_the_chart_as_png_and_as_svg(
    qtbot: QtBot,
    shown_chart: tuple[ChartView, IndicatorChart],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view, _spec = shown_chart
    folder = tmp_path / "charts"
    folder.mkdir()
    asked: list[str] = []
    answer_save_dialog(monkeypatch, folder / "respiratory", asked)
    choose_from_context_menu(qtbot, view, "Save Chart as &PNG…")
    png = folder / "respiratory.png"
    qtbot.waitUntil(png.exists, timeout=5_000)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    answer_save_dialog(monkeypatch, folder / "respiratory.svg", asked)
    choose_from_context_menu(qtbot, view, "Save Chart as &SVG…")
    svg = folder / "respiratory.svg"
    qtbot.waitUntil(svg.exists, timeout=5_000)
    assert "<svg" in svg.read_text(encoding="utf-8")
    assert asked == ["Save Chart as PNG|BH1.2-LRTI.png", "Save Chart as SVG|BH1.2-LRTI.svg"]
    assert sorted(path.name for path in folder.iterdir()) == ["respiratory.png", "respiratory.svg"]


def test_an_empty_chart_offers_nothing_to_save(qtbot: QtBot) -> None:
    view = ChartView(empty_text="Nothing to show.")
    qtbot.addWidget(view)
    assert not view.save_png_action.isEnabled()
    assert view.save_as("png") is None


def test_chart_colours_are_the_screens_rag_colours() -> None:
    for rag in Rag:
        assert RAG_COLOURS[rag].name() == RAG_HEX[rag].lower()


def test_chart_widgets_do_not_load_matplotlib_until_a_chart_is_drawn(tmp_path: Path) -> None:
    probe = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        f"os.environ['CYPP_DESKTOP_HOME'] = {str(tmp_path)!r}\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from cypp_desktop.views.dashboard_page import DashboardPage\n"
        "from cypp_desktop.views.indicator_panel import IndicatorPanel\n"
        "panel, page = IndicatorPanel(), DashboardPage()\n"
        "print('before', 'matplotlib' in sys.modules)\n"
        "from cypp_desktop.views.chart_view import renderer\n"
        "renderer()\n"
        "print('after', 'matplotlib' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["before", "False", "after", "True"]


# The indicator panel ---------------------------------------------------------------------------


@pytest.fixture
def panel(qtbot: QtBot) -> IndicatorPanel:
    widget = IndicatorPanel()
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_panel_shows_chart_values_story_and_why(
    qtbot: QtBot, qtmodeltester: Any, panel: IndicatorPanel, demo_store: Store
) -> None:
    context = context_for(demo_store)
    panel.show_indicator(context, indicator_id(demo_store, "PEH-IND1"))
    assert "PEH-IND1" in panel.heading.text()
    assert "higher is better · quarterly · tolerance 10% of target" in panel.heading.text()
    status = panel.status.text()
    assert "Red: 168 against a target of 190 (higher is better); 22 off, beyond the 10%" in status
    assert "▼ worsening (Amber last period)" in status  # an arrow always has its words
    assert "▼ worsening on the period before" in status
    assert panel.chart.spec == chart_of(demo_store, "PEH-IND1")
    model = panel.values_model
    assert model.rowCount() == 6
    first = [model.index(0, column).data() for column in range(model.columnCount())]
    assert first == [
        "2012/13 Q2",
        "168",
        "190",
        "R (Red)",
        "Outreach contract gap July-August reduced testing",
    ]
    assert model.index(0, model.COL_RAG).data(RagRole) == "red"
    reason = model.index(0, model.COL_RAG).data(Qt.ItemDataRole.ToolTipRole)
    assert reason.startswith("Red: 168 against a target of 190")
    assert "nominal diagnostic rate" in panel.story.toPlainText()
    qtmodeltester.check(model)
    wait_drawn(qtbot, panel.chart, panel.history)


def test_showing_the_same_indicator_again_reads_nothing_until_the_plan_changes(
    qtbot: QtBot, panel: IndicatorPanel, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = context_for(demo_store)
    target = indicator_id(demo_store, "BH1.1-OB")
    reads: list[int] = []
    real = chart_data.indicator_detail

    def counted(store: Store, item: int, period: str) -> chart_data.IndicatorDetail | None:
        reads.append(item)
        return real(store, item, period)

    monkeypatch.setattr(indicator_panel.chart_data, "indicator_detail", counted)
    panel.show_indicator(context, target)
    panel.show_indicator(context, target)
    panel.show_indicator(context, target)
    assert reads == [target]
    before = panel.chart.spec
    apply_edits(
        demo_store,
        [Edit(ItemKind.INDICATOR, target, "value", 19.5, period="2011/12")],
        who="Test officer",
        source="test",
    )
    panel.show_indicator(context, target)
    assert reads == [target, target]
    assert panel.values_model.index(0, 1).data() == "19.5%"
    assert panel.chart.spec != before
    assert panel.detail is not None and panel.detail.values[0].rag is Rag.RED
    panel.show_indicator(context, None)
    assert panel.chart.spec is None and panel.values_model.rowCount() == 0
    assert "Select an indicator" in panel.heading.text()


# The dashboard ---------------------------------------------------------------------------------


@pytest.fixture
def opened(
    open_window: Callable[..., tuple[MainWindow, PlanController]], demo_file: Path
) -> tuple[MainWindow, PlanController]:
    return open_window(demo_file, size=(1280, 800))


def test_the_dashboard_shows_the_rag_summary_and_the_exceptions(
    qtbot: QtBot, qtmodeltester: Any, opened: tuple[MainWindow, PlanController]
) -> None:
    window, controller = opened
    assert controller.context is not None
    store = controller.context.store
    dashboard = window.dashboard
    assert isinstance(dashboard, DashboardPage)
    summary = dashboard.summary_chart.spec
    assert isinstance(summary, RagSummary)
    assert summary == chart_data.rag_summary(store, PERIOD)
    wait_drawn(qtbot, dashboard.summary_chart)

    exceptions = queries.exceptions(store, PERIOD)
    model = dashboard.exceptions
    assert model.rowCount() == len(exceptions) > 0
    qtmodeltester.check(model)
    first = exceptions[0]
    assert model.index(0, ExceptionModel.COL_CODE).data() == first.code
    assert (
        model.index(0, ExceptionModel.COL_RAG).data()
        == f"{first.rag.rag.letter} ({first.rag.rag.label})"
    )
    assert model.index(0, ExceptionModel.COL_RAG).data(Qt.ItemDataRole.ToolTipRole) == (
        first.rag.result.reason
    )
    change = model.index(0, ExceptionModel.COL_CHANGE).data()
    assert change.startswith(first.rag.direction.arrow + " " + first.rag.direction.label)
    assert model.index(0, ExceptionModel.COL_WHY).data() == first.why
    assert model.index(0, ExceptionModel.COL_OWNER).data() == first.owner

    table = dashboard.exceptions_table
    cell = table.visualRect(model.index(0, ExceptionModel.COL_CODE)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    history = dashboard.history_chart.spec
    assert history is not None and history.title == f"{first.code} {first.title}"
    wait_drawn(qtbot, dashboard.history_chart)


def test_the_milestones_tab_reads_its_timeline_when_opened(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController]
) -> None:
    window, controller = opened
    assert controller.context is not None
    dashboard = window.dashboard
    assert dashboard.timeline_chart.spec is None  # not read until wanted
    bar = dashboard.tabs.tabBar()
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(dashboard.TAB_MILESTONES).center()
    )
    every = chart_data.milestone_timeline(controller.context.store, PERIOD)
    shown = dashboard.timeline_chart.spec
    assert shown is not None and shown.items == tuple(i for i in every.items if not i.closed)
    assert any(item.overdue for item in shown.items)
    wait_drawn(qtbot, dashboard.timeline_chart)
    qtbot.mouseClick(dashboard.show_closed, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))
    assert dashboard.show_closed.isChecked()
    assert dashboard.timeline_chart.spec == every


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the menu
def test_the_keyboard_reaches_a_chart_and_its_save_menu(
    qtbot: QtBot,
    shown_chart: tuple[ChartView, IndicatorChart],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view, _spec = shown_chart
    view.clearFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    before = view.grab().toImage()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    framed = view.grab().toImage()
    highlight = view.palette().highlight().color().rgb()
    assert framed.pixel(1, view.height() // 2) == highlight  # the focus frame shows
    assert before.pixel(1, view.height() // 2) != highlight
    folder = tmp_path / "charts"
    folder.mkdir()
    answer_save_dialog(monkeypatch, folder / "from-keyboard", [])
    chosen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        chosen.append(menu.actions()[0].text())
        menu.close()
        menu.actions()[0].trigger()

    QTimer.singleShot(300, pick)
    # What Qt sends the focused widget for the Menu key or Shift+F10 (offscreen has no keyboard
    # window-system path for it).
    where = QPoint(view.width() // 2, view.height() // 2)
    QApplication.sendEvent(
        view,
        QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, where, view.mapToGlobal(where)),
    )
    qtbot.waitUntil(lambda: (folder / "from-keyboard.png").exists(), timeout=5_000)
    assert chosen == ["Save Chart as &PNG…"]
