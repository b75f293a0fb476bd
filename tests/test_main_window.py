"""The main window on the demo plan, driven as a user drives it."""

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QHeaderView, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from cypp_desktop.app import build_main_window, create_application
from cypp_desktop.cli import main as cli
from cypp_desktop.models import Rag
from cypp_desktop.store import Store
from cypp_desktop.store.queries import plan_summary
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController, demo_plan_path
from cypp_desktop.views.table_model import IdRole, RagRole, SortRole


def counts(path: Path) -> dict[str, int]:
    with Store.open(path) as store:
        return plan_summary(store).counts


def click_page(qtbot: QtBot, window: MainWindow, title: str) -> None:
    row = [t for _page, t in window.pages].index(title)
    item = window.navigation.item(row)
    rect = window.navigation.visualItemRect(item)
    qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentIndex() == row


def test_visit_every_page_and_see_the_whole_plan(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_file: Path
) -> None:
    window, _controller = opened
    expected = counts(demo_file)

    click_page(qtbot, window, "Dashboard")
    for name, label in window.dashboard.count_labels.items():
        assert label.text() == str(expected[name])
    assert window.dashboard.model.rowCount() == expected["priorities"]

    click_page(qtbot, window, "Plan")
    assert window.plan_page.model.rowCount() == expected["priorities"]
    objectives = sum(
        window.plan_page.model.item(row).rowCount()
        for row in range(window.plan_page.model.rowCount())
    )
    assert objectives >= expected["objectives"]

    click_page(qtbot, window, "Actions")
    assert window.actions_page.model.rowCount() == expected["actions"]

    click_page(qtbot, window, "Indicators")
    assert window.indicators_page.model.rowCount() == expected["indicators"]

    click_page(qtbot, window, "Meetings")
    assert window.meetings_page.list.count() == expected["meetings"]
    assert "Agenda" in window.meetings_page.details.toPlainText()


def test_pages_by_keyboard(qtbot: QtBot, opened: tuple[MainWindow, PlanController]) -> None:
    window, _controller = opened
    for number in (5, 3, 1, 7, 4, 6, 2):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentIndex() == number - 1


def test_status_bar_names_the_file_and_period(
    opened: tuple[MainWindow, PlanController], demo_file: Path
) -> None:
    window, _controller = opened
    assert window.file_label.text() == str(demo_file)
    assert window.period_label.text() == "Period: 2012/13 Q2"
    assert not window.read_only_label.isVisible()
    assert window.windowTitle().endswith("CYPP Desktop")


def column_of(model: Any, header: str) -> int:
    return [column.header for column in model.columns].index(header)


def test_selecting_an_action_shows_its_details(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController]
) -> None:
    window, _controller = opened
    click_page(qtbot, window, "Actions")
    table = window.actions_page.view
    model = window.actions_page.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).code == "PEH-PA1")
    index = model.index(row, column_of(model, "Action"))
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    details = window.actions_page.details
    assert "Julie Webster" in details.summary.text()
    assert "Vale Royal" in details.editors["key_success_indicators"].toPlainText()


def test_sorting_uses_native_values(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController]
) -> None:
    window, _controller = opened
    click_page(qtbot, window, "Actions")
    table = window.actions_page.view
    model = window.actions_page.model
    header = table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=_section_centre(header, column_of(model, "Due")),
    )
    dues = [model.row_at(r).due for r in range(model.rowCount())]
    present = [d for d in dues if d is not None]
    assert present == sorted(present)
    assert dues[: len(present)] == present  # blanks last
    table.sortByColumn(column_of(model, "% complete"), Qt.SortOrder.DescendingOrder)
    percents = [model.row_at(r).percent_complete for r in range(model.rowCount())]
    assert percents == sorted(percents, reverse=True)  # 100 before 9: numbers, not text


def _section_centre(header: QHeaderView, section: int) -> QPoint:
    position = header.sectionViewportPosition(section)
    return QPoint(position + header.sectionSize(section) // 2, header.height() // 2)


def test_every_item_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, opened: tuple[MainWindow, PlanController]
) -> None:
    window, _controller = opened
    for title in ("Dashboard", "Objectives", "Actions", "Indicators", "Values"):
        click_page(qtbot, window, title)
    models = [
        window.dashboard.model,
        window.actions_page.model,
        window.indicators_page.model,
        window.objectives_page.model,
        window.values_page.model,
    ]
    for model in models:
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        model.sort(0, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        index = model.index(0, 0)
        assert index.data(SortRole) is not None
        assert isinstance(index.data(IdRole), int)


def test_rag_cells_carry_the_letter_as_well_as_the_colour(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController]
) -> None:
    window, _controller = opened
    click_page(qtbot, window, "Actions")
    model = window.actions_page.model
    index = model.index(0, column_of(model, "RAG"))
    rag = Rag(index.data(RagRole))
    assert index.data() == f"{rag.letter} ({rag.label})"


def test_window_geometry_is_remembered(qtbot: QtBot, demo_file: Path) -> None:
    create_application()
    window, _ = build_main_window(demo_file)
    qtbot.addWidget(window)
    window.show()
    window.resize(701, 533)
    size = window.size()
    window.close()
    again, _ = build_main_window(None)
    qtbot.addWidget(again)
    assert again.size() == size
    assert size != again.sizeHint()  # restored, not merely the default
    assert again.file_label.text() == str(demo_file)  # the last plan reopens


def test_first_launch_opens_the_demo_plan(qtbot: QtBot) -> None:
    create_application()
    window, controller = build_main_window(None)
    qtbot.addWidget(window)
    assert demo_plan_path().exists()
    assert controller.store is not None
    assert controller.store.path == demo_plan_path()
    assert window.dashboard.model.rowCount() >= 8


def test_open_recent_lists_and_reopens_plans(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], tmp_path: Path, demo_file: Path
) -> None:
    window, controller = opened
    other = tmp_path / "other.cypp"
    assert cli(["demo", str(other)]) == 0
    assert controller.open_plan(other)
    names = [a.text() for a in window.recent_menu.actions()]
    assert names == ["&1 other.cypp", "&2 demo.cypp"]
    window.recent_menu.actions()[1].trigger()
    assert window.file_label.text() == str(demo_file)


def test_a_bad_file_is_explained_and_the_open_plan_stays(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    demo_file: Path,
) -> None:
    window, _controller = opened
    bad = tmp_path / "bad.cypp"
    bad.write_text("not a plan")
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    window.open_action.trigger()
    assert warnings == [f"{bad} is not a CYPP plan file (it is not an SQLite database)."]
    assert window.file_label.text() == str(demo_file)


def test_new_plan(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, controller = opened
    target = tmp_path / "Trust plan"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Trust plan 2013-16", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert controller.store is not None
    assert controller.store.path == target.with_suffix(".cypp")
    assert window.windowTitle().startswith("Trust plan 2013-16")
    assert window.dashboard.count_labels["priorities"].text() == "0"


def test_save_a_copy(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window, _controller = opened
    copy = tmp_path / "copy.cypp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.save_copy_action.trigger()
    assert cli(["info", str(copy), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["priorities"] >= 8


def test_a_read_only_plan_says_so(
    qtbot: QtBot, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cypp_desktop.store.store as store_module

    monkeypatch.setattr(store_module, "_writable", lambda _path: False)
    create_application()
    window, controller = build_main_window(demo_file)
    qtbot.addWidget(window)
    window.show()
    assert controller.store is not None and controller.store.read_only
    assert window.read_only_label.isVisible()
    assert "(read-only)" in window.windowTitle()


def test_about(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _controller = opened
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, text: shown.append(text))
    window.about_action.trigger()
    from cypp_desktop import __version__

    assert __version__ in shown[0]
    assert "LGPL" in shown[0]


def test_a_database_that_cannot_be_opened_is_explained_and_the_open_plan_stays(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    monkeypatch: pytest.MonkeyPatch,
    demo_file: Path,
) -> None:
    window, controller = opened
    url = "postgresql+psycopg://officer:s3cret@127.0.0.1:9/plan?connect_timeout=3"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (url, True))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    window.open_database_action.trigger()
    assert len(warnings) == 1
    assert warnings[0].startswith("postgresql+psycopg://officer:***@127.0.0.1:9/plan")
    assert window.file_label.text() == str(demo_file)
    assert controller.settings.last_database() == ""  # only databases that opened are kept


def test_a_plan_on_a_database_server_opens_from_the_command_line_and_saves_offline(
    qtbot: QtBot,
    demo_file: Path,
    postgres: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if postgres is None:
        pytest.skip("set CYPP_TEST_POSTGRES_URL to a PostgreSQL server (.ci/run starts one)")
    name = postgres.new_database()
    url = postgres.url(name)
    assert cli(["copy", str(demo_file), url]) == 0
    create_application()
    window, controller = build_main_window(None, db=url)
    qtbot.addWidget(window)
    try:
        assert controller.store is not None and controller.store.path is None
        assert window.file_label.text() == controller.store.location
        assert window.dashboard.model.rowCount() == counts(demo_file)["priorities"]
        assert controller.settings.last_database() == controller.store.location
        laptop = tmp_path / "laptop.cypp"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(laptop), ""))
        window.save_copy_action.trigger()
        assert controller.copy_task is not None  # a server's copy runs in the background
        with qtbot.waitSignal(controller.copy_task.finished, timeout=30_000):
            pass
        assert counts(laptop) == counts(demo_file)
    finally:
        window.close()
        controller.close_plan()
        postgres.drop(name)
