"""The Priorities grid: a plan built from nothing in the window, then kept, edited and pruned."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMessageBox,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cypp_desktop.cli import main as cli
from cypp_desktop.models import ItemKind, Priority
from cypp_desktop.store import Store
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.edits import Edit, add_item, apply_edits
from cypp_desktop.views.grids import controller as controller_module
from cypp_desktop.views.grids.grid_page import GridPage
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from tests.test_grids import cell, column, page, type_into

DOCS = Path(__file__).parents[1] / "docs"
PERIOD = "2012/13 Q2"


def with_priorities_page(window: MainWindow) -> GridPage[Any]:
    """The Priorities page, which sits between Plan and Objectives."""
    titles = [title for _page, title in window.pages]
    assert titles[titles.index("Priorities") - 1 : titles.index("Priorities") + 2] == [
        "Plan",
        "Priorities",
        "Objectives",
    ]
    return window.priorities_page


@pytest.fixture
def window(
    open_window: Callable[..., tuple[MainWindow, PlanController]], demo_file: Path
) -> tuple[MainWindow, PlanController]:
    """The main window on the demo plan, with the Priorities page; the plan is shown again
    after the page went in, as it is when the window is built with it."""
    window, controller = open_window(demo_file)
    with_priorities_page(window)
    assert controller.open_plan(demo_file)
    return window, controller


@pytest.fixture(autouse=True)
def warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the grids said in a warning or a conflict box (a box left open would wait for a
    click forever). A test checks and clears what it expects; anything else fails it."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(
        controller_module, "ask_to_reload", lambda _w, text: (shown.append(text), False)[1]
    )
    yield shown
    assert shown == [], "said, and not expected"


def codes(grid: GridPage[Any]) -> list[str]:
    return [grid.model.row_at(r).code for r in range(grid.model.rowCount())]


def add_row(qtbot: QtBot, grid: GridPage[Any]) -> None:
    grid.view.setFocus()
    qtbot.keyClick(
        grid.view,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def delete_rows(qtbot: QtBot, grid: GridPage[Any]) -> None:
    grid.view.setFocus()
    qtbot.keyClick(
        grid.view,
        Qt.Key.Key_Delete,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def undo(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def dumped(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The plan file as `cypp-desktop dump --json` gives it, checked against its schema."""
    capsys.readouterr()
    assert cli(["dump", str(path), "--json"]) == 0
    dump: dict[str, Any] = json.loads(capsys.readouterr().out)
    jsonschema.validate(dump, json.loads((DOCS / "dump.schema.json").read_text("utf-8")))
    return dump


# A plan from nothing -----------------------------------------------------------------------


def test_a_new_plan_is_built_from_nothing_in_the_window(
    qtbot: QtBot,
    open_window: Callable[..., tuple[MainWindow, PlanController]],
    demo_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    window, controller = open_window(demo_file)
    with_priorities_page(window)
    new_file = tmp_path / "Halton CYPP 2014-17.cypp"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Halton CYPP 2014-17", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(new_file), ""))
    window.new_action.trigger()
    assert controller.store is not None and controller.store.path == new_file

    objectives = page(window, "Objectives")
    add_row(qtbot, objectives)
    assert warnings == ["Add a priority to the plan before adding objectives."]
    warnings.clear()
    assert objectives.model.rowCount() == 0

    priorities = page(window, "Priorities")
    assert priorities.model.rowCount() == 0
    add_row(qtbot, priorities)
    assert codes(priorities) == ["P1"]
    type_into(qtbot, priorities, cell(priorities, "P1", "Code"), "EH")
    type_into(qtbot, priorities, cell(priorities, "EH", "Priority"), "Early Help and Support")
    asked: list[str] = []

    def organisation_of_new_owner(_p: object, _t: str, label: str, *_a: object) -> tuple[str, bool]:
        asked.append(label)
        return "Halton Borough Council", True

    monkeypatch.setattr(QInputDialog, "getItem", organisation_of_new_owner)
    type_into(qtbot, priorities, cell(priorities, "EH", "Lead"), "Julie Webster")
    assert len(asked) == 1 and '"Julie Webster" is not an owner' in asked[0]
    assert cell(priorities, "EH", "Organisation").data() == "Halton Borough Council"

    objectives = page(window, "Objectives")
    add_row(qtbot, objectives)
    assert codes(objectives) == ["EH1"]
    assert cell(objectives, "EH1", "Priority").data() == "EH"
    type_into(
        qtbot, objectives, cell(objectives, "EH1", "Objective"), "Every new baby's family visited"
    )

    actions = page(window, "Actions")
    before_action = window.undo_stack.index()
    add_row(qtbot, actions)
    assert actions.model.rowCount() == 1
    new = actions.model.index(0, column(actions, "Action"))
    assert new.data() == "New action"
    type_into(qtbot, actions, actions.model.index(0, column(actions, "Code")), "EH1-01")
    type_into(qtbot, actions, cell(actions, "EH1-01", "Action"), "Offer a health visit by day 14")
    type_into(qtbot, actions, cell(actions, "EH1-01", "Objective"), "EH1")

    for dump in (dump_plan(controller.store), dumped(new_file, capsys)):
        assert dump["plan"]["title"] == "Halton CYPP 2014-17"
        assert [
            (p["code"], p["title"], p["owner"], p["organisation"]) for p in dump["priorities"]
        ] == [("EH", "Early Help and Support", "Julie Webster", "Halton Borough Council")]
        assert [(o["code"], o["title"], o["priority"]) for o in dump["objectives"]] == [
            ("EH1", "Every new baby's family visited", "EH")
        ]
        assert [
            (a["code"], a["title"], a["priority"], a["objective"]) for a in dump["actions"]
        ] == [("EH1-01", "Offer a health visit by day 14", "EH", "EH1")]

    for _ in range(window.undo_stack.index() - before_action):
        undo(qtbot, window)
    assert window.undo_stack.index() == before_action
    assert actions.model.rowCount() == 0
    for dump in (dump_plan(controller.store), dumped(new_file, capsys)):
        assert dump["actions"] == []
        assert [o["code"] for o in dump["objectives"]] == ["EH1"]
        assert [p["code"] for p in dump["priorities"]] == ["EH"]


# Editing -----------------------------------------------------------------------------------


def test_code_title_and_lead_are_typed_and_stored(
    qtbot: QtBot,
    window: tuple[MainWindow, PlanController],
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main, _ = window
    grid = page(main, "Priorities")
    type_into(qtbot, grid, cell(grid, "BH", "Code"), "BHL")
    type_into(qtbot, grid, cell(grid, "BHL", "Priority"), "Be Healthy and Active")
    type_into(qtbot, grid, cell(grid, "BHL", "Lead"), "Julie Webster")  # known: nothing asked
    saved = {p["code"]: p for p in dump_plan(demo_store)["priorities"]}
    assert "BH" not in saved
    assert (saved["BHL"]["title"], saved["BHL"]["owner"]) == (
        "Be Healthy and Active",
        "Julie Webster",
    )
    assert cell(grid, "BHL", "Organisation").data() == "NHS Western Cheshire"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Agreed at the Board", True))
    type_into(qtbot, grid, cell(grid, "BHL", "RAG"), "A")
    saved = {p["code"]: p for p in dump_plan(demo_store)["priorities"]}
    assert (saved["BHL"]["rag"], saved["BHL"]["rag_overridden"]) == ("amber", True)
    assert "Agreed at the Board" in saved["BHL"]["rag_reason"]
    assert cell(grid, "BHL", "RAG").data() == "A (Amber)"


def test_a_new_lead_is_offered_for_creation_and_cancel_changes_nothing(
    qtbot: QtBot,
    window: tuple[MainWindow, PlanController],
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main, _ = window
    grid = page(main, "Priorities")
    before = dump_plan(demo_store)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
    type_into(qtbot, grid, cell(grid, "SS", "Lead"), "Priya Shah")
    assert dump_plan(demo_store) == before
    assert cell(grid, "SS", "Lead").data() == "Operational Director, Children & Families"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Cheshire Police", True))
    type_into(qtbot, grid, cell(grid, "SS", "Lead"), "Priya Shah")
    saved = {p["code"]: p for p in dump_plan(demo_store)["priorities"]}["SS"]
    assert (saved["owner"], saved["organisation"]) == ("Priya Shah", "Cheshire Police")


def test_a_code_or_title_cannot_be_blank_or_a_used_code(
    qtbot: QtBot,
    window: tuple[MainWindow, PlanController],
    demo_store: Store,
    warnings: list[str],
) -> None:
    main, _ = window
    grid = page(main, "Priorities")
    before = dump_plan(demo_store)
    grid.view.setCurrentIndex(cell(grid, "EA", "Priority"))
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_Delete)
    type_into(qtbot, grid, cell(grid, "EA", "Code"), "BH")
    assert len(warnings) == 2
    assert warnings[0].endswith("EA, Priority: Priority cannot be blank")
    assert 'EA, Code: "BH" is already used by priority BH' in warnings[1]
    warnings.clear()
    assert dump_plan(demo_store) == before


def test_the_description_is_edited_in_the_details_pane(
    qtbot: QtBot, window: tuple[MainWindow, PlanController], demo_store: Store
) -> None:
    main, _ = window
    grid = page(main, "Priorities")
    grid.view.setCurrentIndex(cell(grid, "MPC", "Priority"))
    assert "5 objectives, 3 actions and 3 indicators" in grid.details.summary.text()
    editor = grid.details.editors["description"]
    assert editor.isEnabled()
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Young people's voice in every decision.")
    grid.view.setFocus()  # leaving the field saves it
    saved = {p["code"]: p for p in dump_plan(demo_store)["priorities"]}
    assert saved["MPC"]["description"] == "Young people's voice in every decision."
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    grid.view.setFocus()
    saved = {p["code"]: p for p in dump_plan(demo_store)["priorities"]}
    assert saved["MPC"]["description"] == ""
    assert main.undo_stack.count() == 2


# Order, models -----------------------------------------------------------------------------


def test_rows_follow_the_plans_order_of_priorities(
    qtbot: QtBot, window: tuple[MainWindow, PlanController], demo_store: Store, demo_file: Path
) -> None:
    main, controller = window
    with demo_store.read() as session:
        stored = list(session.scalars(select(Priority).order_by(Priority.position, Priority.id)))
    grid = page(main, "Priorities")
    assert codes(grid) == [p.code for p in stored]
    last, first = stored[-1], stored[0]
    apply_edits(
        demo_store,
        [
            Edit(ItemKind.PRIORITY, last.id, "position", first.position - 1),
            Edit(ItemKind.PRIORITY, first.id, "position", last.position + 1),
        ],
        who="x",
        source="grid",
    )
    assert controller.open_plan(demo_file)
    grid = page(main, "Priorities")
    assert codes(grid) == [last.code, *(p.code for p in stored[1:-1]), first.code]


def test_the_priorities_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, window: tuple[MainWindow, PlanController]
) -> None:
    main, _ = window
    grid = page(main, "Priorities")
    qtmodeltester.check(grid.model)
    grid.view.sortByColumn(column(grid, "Actions"), Qt.SortOrder.DescendingOrder)
    actions = [grid.model.row_at(r).actions for r in range(grid.model.rowCount())]
    assert actions == sorted(actions, reverse=True)
    qtmodeltester.check(grid.model)
    grid.filters.quick.setText("council")
    assert 0 < grid.model.rowCount() < len(grid.model.rows)
    qtmodeltester.check(grid.model)


# Adding and deleting ---------------------------------------------------------------------


def test_a_priority_with_anything_under_it_is_not_deleted(
    qtbot: QtBot,
    window: tuple[MainWindow, PlanController],
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    main, _ = window
    grid = page(main, "Priorities")
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *a: (asked.append(text), QMessageBox.StandardButton.Yes)[1],
    )
    before = dump_plan(demo_store)
    under = {
        kind: sum(item["priority"] == "MPC" for item in before[kind])
        for kind in ("objectives", "actions", "indicators", "promises")
    }
    assert all(under.values())
    grid.view.setCurrentIndex(cell(grid, "MPC", "Priority"))
    delete_rows(qtbot, grid)
    assert asked == []  # refused before the user is asked
    assert warnings == [
        "Nothing was deleted: a priority can be deleted only when nothing sits under it or "
        "refers to it, because undo could not bring those back.\n"
        f"MPC has {under['objectives']} objectives, {under['actions']} actions, "
        f"{under['indicators']} indicators and {under['promises']} promises."
    ]
    warnings.clear()
    assert dump_plan(demo_store) == before
    assert "MPC" in codes(grid)
    assert main.undo_stack.count() == 0


def test_an_empty_priority_is_deleted_after_asking_and_undo_puts_it_back(
    qtbot: QtBot,
    window: tuple[MainWindow, PlanController],
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main, controller = window
    assert controller.store is not None
    spare = add_item(
        controller.store,
        ItemKind.PRIORITY,
        {"code": "SPARE", "title": "Spare", "position": 99},
        who="x",
        source="grid",
    )
    apply_edits(
        controller.store,
        [Edit(ItemKind.PRIORITY, spare, "commentary", "Not needed after all", period=PERIOD)],
        who="x",
        source="grid",
    )
    grid = page(main, "Priorities")
    qtbot.waitUntil(lambda: "SPARE" in codes(grid))
    before = dump_plan(demo_store)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a: (asked.append(text), next(answers))[1]
    )
    grid.view.setCurrentIndex(cell(grid, "SPARE", "Priority"))
    delete_rows(qtbot, grid)
    assert "SPARE" in codes(grid) and dump_plan(demo_store) == before  # the user said No
    delete_rows(qtbot, grid)
    assert len(asked) == 2 and "Delete 1 row (SPARE)" in asked[1]
    assert "SPARE" not in codes(grid)
    after = dump_plan(demo_store)
    assert all(p["code"] != "SPARE" for p in after["priorities"])
    undo(qtbot, main)
    assert "SPARE" in codes(grid)
    restored = dump_plan(demo_store)
    assert restored["priorities"] == before["priorities"]
    assert restored["status_history"] == before["status_history"]  # its commentary came back


def test_undo_takes_back_an_added_priority(
    qtbot: QtBot,
    window: tuple[MainWindow, PlanController],
    demo_store: Store,
) -> None:
    main, _ = window
    grid = page(main, "Priorities")
    before = dump_plan(demo_store)["priorities"]
    grid.view.setCurrentIndex(cell(grid, "BH", "Priority"))
    add_row(qtbot, grid)
    added = grid.model.row_at(grid.view.currentIndex().row())
    assert (added.code, added.title) == ("P11", "New priority")
    assert codes(grid)[-1] == "P11"  # after the last: the new highest position
    assert len(dump_plan(demo_store)["priorities"]) == len(before) + 1
    undo(qtbot, main)
    assert "P11" not in codes(grid)
    assert dump_plan(demo_store)["priorities"] == before
