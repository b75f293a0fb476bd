"""The editable grids, driven as the Trust officer drives them: typing, pasting, undoing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cypp_desktop.app import build_main_window, create_application
from cypp_desktop.models import (
    Action,
    ActionStatus,
    AuditEntry,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemKind,
    Organisation,
    Owner,
    Rag,
)
from cypp_desktop.store import Store
from cypp_desktop.store.audit_log import SOURCE_KINDS, AuditFilter, audit_rows
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.edits import Edit, apply_edits
from cypp_desktop.store.rag import evaluate
from cypp_desktop.views.grids import controller as controller_module
from cypp_desktop.views.grids.grid_page import GridPage
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.rag_style import RAG_COLOURS
from cypp_desktop.views.table_model import RagRole

PERIOD = "2012/13 Q2"


def page(window: MainWindow, title: str) -> GridPage[Any]:
    row = [t for _p, t in window.pages].index(title)
    window.navigation.setCurrentRow(row)
    QApplication.processEvents()  # let focus settle on the page now shown
    found = window.stack.currentWidget()
    assert isinstance(found, GridPage)
    return found


def column(grid: GridPage[Any], header: str) -> int:
    return [c.header for c in grid.model.columns].index(header)


def row_of(grid: GridPage[Any], code: str) -> int:
    return next(r for r in range(grid.model.rowCount()) if grid.model.row_at(r).code == code)


def cell(grid: GridPage[Any], code: str, header: str) -> QModelIndex:
    return grid.model.index(row_of(grid, code), column(grid, header))


def type_into(qtbot: QtBot, grid: GridPage[Any], index: QModelIndex, text: str) -> None:
    """Select the cell, type as a user types (which opens the editor), press Enter."""
    grid.view.setFocus()
    grid.view.setCurrentIndex(index)
    grid.view.scrollTo(index)
    qtbot.keyClicks(grid.view, text[0])
    editor = QGuiApplication.focusObject()
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits and closes on the next turn of the event loop, as in the app.
    qtbot.waitUntil(lambda: grid.view.state() != QAbstractItemView.State.EditingState)


def stored_action(path: Path, code: str) -> Action:
    with Store.open(path) as store, store.read() as session:
        return session.execute(select(Action).where(Action.code == code)).scalar_one()


def audit(path: Path) -> list[AuditEntry]:
    with Store.open(path) as store, store.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


# Editing through each kind of editor ------------------------------------------------------


def test_typing_a_uk_date(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_file: Path
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    type_into(qtbot, grid, cell(grid, "PEH-01", "Revised due"), "31/03/2013")
    type_into(qtbot, grid, cell(grid, "PEH-02", "Revised due"), "30 Sept 2013")
    assert stored_action(demo_file, "PEH-01").revised_due == date(2013, 3, 31)
    assert stored_action(demo_file, "PEH-02").revised_due == date(2013, 9, 30)
    assert cell(grid, "PEH-01", "Revised due").data() == "31 Mar 2013"
    entry = audit(demo_file)[0]
    assert (entry.item_code, entry.field, entry.new_value, entry.source) == (
        "PEH-01",
        "revised_due",
        "2013-03-31",
        "grid",
    )
    assert entry.who == window.settings.user_name()


def test_a_bad_value_is_refused_in_place_with_what_was_expected(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_file: Path, warnings: list[str]
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    before = stored_action(demo_file, "PEH-01").due
    type_into(qtbot, grid, cell(grid, "PEH-01", "Due"), "31/13/2012")
    assert warnings == [
        "Nothing was changed: that value is not valid.\n"
        'PEH-01, Due: "31/13/2012" is not a date such as 31/03/2012 or 31 Mar 2012'
    ]
    assert stored_action(demo_file, "PEH-01").due == before
    assert audit(demo_file) == []


def test_percent_status_and_commentary(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_file: Path
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    type_into(qtbot, grid, cell(grid, "PEH-PA2", "% complete"), "75%")
    type_into(qtbot, grid, cell(grid, "PEH-PA2", "Status"), "C")  # the list finds Complete
    type_into(qtbot, grid, cell(grid, "PEH-PA2", "Commentary"), "=Delivered in full")
    action = stored_action(demo_file, "PEH-PA2")
    assert (action.percent_complete, action.status) == (75, ActionStatus.COMPLETE)
    assert cell(grid, "PEH-PA2", "Commentary").data() == "=Delivered in full"  # text, not a formula
    assert cell(grid, "PEH-PA2", "RAG").data() == "B (Blue)"  # complete: the rules say Blue


def test_a_rag_typed_by_hand_needs_a_reason_and_shows_as_overridden(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: ("Provider has given notice", True)
    )
    type_into(qtbot, grid, cell(grid, "PEH-PA1", "RAG"), "r")
    index = cell(grid, "PEH-PA1", "RAG")
    assert index.data() == "R (Red)"
    assert "overridden by" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Provider has given notice" in index.data(Qt.ItemDataRole.ToolTipRole)
    with Store.open(demo_file) as store, store.read() as session:
        result = (
            evaluate(session, PERIOD)
            .get(ItemKind.ACTION, stored_action(demo_file, "PEH-PA1").id)
            .result
        )
    assert result.overridden and result.rag is Rag.RED


def test_owner_picker_offers_to_add_a_new_owner(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    asked: list[str] = []

    def choose(_parent: object, _title: str, label: str, *_a: object) -> tuple[str, bool]:
        asked.append(label)
        return "Cheshire Police", True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    type_into(qtbot, grid, cell(grid, "PEH-01", "Owner"), "Sarah Clein")
    assert asked == []  # a known owner: nothing to ask
    assert cell(grid, "PEH-01", "Owner").data() == "Sarah Clein"
    type_into(qtbot, grid, cell(grid, "PEH-02", "Owner"), "Priya Shah")
    assert len(asked) == 1 and '"Priya Shah" is not an owner' in asked[0]
    assert cell(grid, "PEH-02", "Owner").data() == "Priya Shah"
    with Store.open(demo_file) as store, store.read() as session:
        owner = session.execute(select(Owner).where(Owner.name == "Priya Shah")).scalar_one()
        assert owner.organisation is not None and owner.organisation.name == "Cheshire Police"


def test_an_unknown_organisation_is_offered_for_creation_and_no_leaves_all_as_it_was(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a: (asked.append(text), answer)[1]
    )
    before = dump_plan(demo_store)
    shown_before = cell(grid, "PEH-01", "Organisation").data()
    type_into(qtbot, grid, cell(grid, "PEH-01", "Organisation"), "Cheshire Fire and Rescue")
    assert asked == ['"Cheshire Fire and Rescue" is not an organisation in this plan yet. Add it?']
    assert dump_plan(demo_store) == before
    assert cell(grid, "PEH-01", "Organisation").data() == shown_before
    assert window.undo_stack.count() == 0

    answer = QMessageBox.StandardButton.Yes
    type_into(qtbot, grid, cell(grid, "PEH-01", "Organisation"), "Cheshire Fire and Rescue")
    assert len(asked) == 2
    assert cell(grid, "PEH-01", "Organisation").data() == "Cheshire Fire and Rescue"
    with Store.open(demo_file) as store, store.read() as session:
        created = session.execute(
            select(Organisation).where(Organisation.name == "Cheshire Fire and Rescue")
        ).scalar_one()
        assert stored_action(demo_file, "PEH-01").organisation_id == created.id
    type_into(qtbot, grid, cell(grid, "PEH-02", "Organisation"), "Cheshire Fire and Rescue")
    assert len(asked) == 2  # known now: not asked again
    assert warnings == []


def test_values_and_targets_with_the_indicators_unit(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_file: Path
) -> None:
    window, _ = opened
    grid = page(window, "Values")
    type_into(qtbot, grid, cell(grid, "BH1.1-OB", "2012/13\nactual"), "16.9%")
    type_into(qtbot, grid, cell(grid, "BH1.1-OB", "2012/13\ntarget"), "17.2")
    with Store.open(demo_file) as store, store.read() as session:
        obesity = session.execute(
            select(Indicator).where(Indicator.code == "BH1.1-OB")
        ).scalar_one()
        value = session.execute(
            select(IndicatorValue.value).where(
                IndicatorValue.indicator_id == obesity.id, IndicatorValue.period == "2012/13"
            )
        ).scalar_one()
        target = session.execute(
            select(IndicatorTarget.value).where(
                IndicatorTarget.indicator_id == obesity.id, IndicatorTarget.period == "2012/13"
            )
        ).scalar_one()
    assert (value, target) == (16.9, 17.2)


def test_a_percentage_is_refused_for_a_count(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], warnings: list[str]
) -> None:
    window, _ = opened
    grid = page(window, "Values")
    type_into(qtbot, grid, cell(grid, "SS2.1-CAF", "2012/13\nactual"), "12%")
    assert (
        'SS2.1-CAF, 2012/13\nactual: "12%" is a percentage, but this measure is in number'
        in warnings[0]
    )


# Spreadsheet habits ------------------------------------------------------------------------


def paste(qtbot: QtBot, grid: GridPage[Any], at: QModelIndex, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    grid.view.setFocus()
    grid.view.setCurrentIndex(at)
    qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_paste_a_block_from_excel_then_undo_and_redo_it(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_file: Path
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    first = row_of(grid, "PEH-01")
    codes = [grid.model.row_at(first + i).code for i in range(2)]
    before = [stored_action(demo_file, code) for code in codes]
    paste(qtbot, grid, cell(grid, codes[0], "Status"), "In progress\t40\r\nIn Progress\t60\r\n")
    after = [stored_action(demo_file, code) for code in codes]
    assert [(a.status, a.percent_complete) for a in after] == [
        (ActionStatus.IN_PROGRESS, 40),
        (ActionStatus.IN_PROGRESS, 60),
    ]
    assert window.undo_stack.count() == 1  # the whole paste is one step
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = [stored_action(demo_file, code) for code in codes]
    assert [(a.status, a.percent_complete) for a in undone] == [
        (b.status, b.percent_complete) for b in before
    ]
    assert {e.source for e in audit(demo_file)} == {"grid", "undo"}
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    redone = [stored_action(demo_file, code) for code in codes]
    assert [(a.status, a.percent_complete) for a in redone] == [
        (a.status, a.percent_complete) for a in after
    ]


def test_a_bad_paste_is_refused_whole_and_lists_every_bad_cell(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_store: Store,
    warnings: list[str],
    demo_file: Path,
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    before = dump_plan(demo_store)
    paste(
        qtbot,
        grid,
        cell(grid, "PEH-01", "Start"),
        "1/4/2011\t31/03/2013\n1 Apr 2011\tsoon\nyesterday\t1/1/2013\n",
    )
    assert len(warnings) == 1
    message = warnings[0]
    assert message.startswith("Nothing was changed: 2 of the 6 cells are not valid.")
    assert 'PEH-02, Due: "soon" is not a date' in message
    assert 'PEH-03, Start: "yesterday" is not a date' in message
    assert dump_plan(demo_store) == before
    assert window.undo_stack.count() == 0


def test_paste_into_worked_out_columns_is_refused(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], warnings: list[str]
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    paste(qtbot, grid, cell(grid, "PEH-01", "Priority"), "XX\n")
    assert "worked out, not typed (Priority)" in warnings[0]


def test_fill_down_and_delete_clears(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_file: Path
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    top = row_of(grid, "PEH-01")
    revised = column(grid, "Revised due")
    type_into(qtbot, grid, grid.model.index(top, revised), "31/12/2013")
    selection = grid.view.selectionModel()
    grid.view.setCurrentIndex(grid.model.index(top, revised))
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection.select(
        QItemSelection(grid.model.index(top, revised), grid.model.index(top + 3, revised)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    qtbot.keyClick(grid.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    codes = [grid.model.row_at(top + i).code for i in range(4)]
    assert {stored_action(demo_file, code).revised_due for code in codes} == {date(2013, 12, 31)}
    selection.select(
        QItemSelection(grid.model.index(top + 1, revised), grid.model.index(top + 3, revised)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    qtbot.keyClick(grid.view, Qt.Key.Key_Delete)
    assert [stored_action(demo_file, code).revised_due for code in codes] == [
        date(2013, 12, 31),
        None,
        None,
        None,
    ]


def test_a_required_cell_cannot_be_cleared(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], warnings: list[str]
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    grid.view.setCurrentIndex(cell(grid, "PEH-01", "Action"))
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_Delete)
    assert "PEH-01, Action: Action cannot be blank" in warnings[0]


def test_enter_moves_down_and_tab_moves_right(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController]
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    start = cell(grid, "PEH-01", "Code")
    grid.view.setFocus()
    grid.view.setCurrentIndex(start)
    qtbot.keyClick(grid.view, Qt.Key.Key_Return)
    assert (grid.view.currentIndex().row(), grid.view.currentIndex().column()) == (
        start.row() + 1,
        start.column(),
    )
    qtbot.keyClick(grid.view, Qt.Key.Key_Tab)
    assert (grid.view.currentIndex().row(), grid.view.currentIndex().column()) == (
        start.row() + 1,
        start.column() + 1,
    )
    type_into(qtbot, grid, grid.model.index(start.row(), column(grid, "Start")), "1/5/2011")
    # Enter in the editor saved and moved down.
    assert grid.view.currentIndex().row() == start.row() + 1


def test_copy_gives_excel_tab_separated_text(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController]
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    top = row_of(grid, "PEH-PA1")
    first = column(grid, "Start")
    grid.view.selectionModel().select(
        QItemSelection(grid.model.index(top, first), grid.model.index(top, first + 1)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "1 Apr 2011\t31 Mar 2012\n"


def test_add_and_delete_rows_with_undo(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    before = dump_plan(demo_store)
    count = grid.model.rowCount()
    grid.view.setCurrentIndex(cell(grid, "PEH-PA1", "Action"))
    grid.view.setFocus()
    qtbot.keyClick(
        grid.view,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert grid.model.rowCount() == count + 1
    assert grid.model.row_at(grid.view.currentIndex().row()).title == "New action"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.model.rowCount() == count
    assert dump_plan(demo_store)["actions"] == before["actions"]

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *a: (asked.append(text), QMessageBox.StandardButton.Yes)[1],
    )
    grid.view.setCurrentIndex(cell(grid, "PEH-PA1", "Action"))
    grid.view.setFocus()
    qtbot.keyClick(
        grid.view,
        Qt.Key.Key_Delete,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert "Delete 1 row (PEH-PA1)" in asked[0]
    assert grid.model.rowCount() == count - 1
    assert all(a["code"] != "PEH-PA1" for a in dump_plan(demo_store)["actions"])
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    after = dump_plan(demo_store)
    assert after["actions"] == before["actions"]
    assert after["status_history"] == before["status_history"]  # its history came back too


# Finding things ------------------------------------------------------------------------------


def shown(grid: GridPage[Any]) -> list[Any]:
    return [grid.model.row_at(r) for r in range(grid.model.rowCount())]


def test_quick_filter_and_drop_down_filters(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController]
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    total = grid.model.rowCount()
    qtbot.keyClicks(grid.filters.quick, "webster")
    owner = column(grid, "Owner")
    assert 0 < grid.model.rowCount() < total
    assert all(
        grid.model.index(r, owner).data() == "Julie Webster" for r in range(grid.model.rowCount())
    )
    grid.filters.quick.clear()
    rag = grid.filters.combos["rag"]
    rag.setCurrentIndex(rag.findData("red"))
    rag_column = column(grid, "RAG")
    reds = grid.model.rowCount()
    assert reds > 0
    assert {grid.model.index(r, rag_column).data() for r in range(reds)} == {"R (Red)"}
    overdue = grid.filters.combos["overdue"]
    overdue.setCurrentIndex(overdue.findData("overdue"))
    assert all(row.effective_due < date(2012, 9, 30) for row in shown(grid))
    assert grid.filters.count.text() == f"{grid.model.rowCount():,} of {total:,}"
    grid.filters.clear_button.click()
    assert grid.model.rowCount() == total


def test_sort_on_native_values(qtbot: QtBot, opened: tuple[MainWindow, PlanController]) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    grid.view.sortByColumn(column(grid, "% complete"), Qt.SortOrder.DescendingOrder)
    percents = [row.percent_complete for row in shown(grid)]
    assert percents == sorted(percents, reverse=True)
    grid.view.sortByColumn(column(grid, "Owner"), Qt.SortOrder.AscendingOrder)
    owners = [
        grid.model.index(r, column(grid, "Owner")).data() for r in range(grid.model.rowCount())
    ]
    named = [o for o in owners if o]
    assert named == sorted(named)
    assert owners[len(named) :] == [""] * (len(owners) - len(named))  # no owner: last


def test_filters_and_column_widths_are_remembered(qtbot: QtBot, demo_file: Path) -> None:
    create_application()
    window, _ = build_main_window(demo_file)
    qtbot.addWidget(window)
    grid = page(window, "Actions")
    grid.filters.quick.setText("chlamydia")
    grid.view.setColumnWidth(column(grid, "Action"), 333)
    grid.save_state()
    shown_before = grid.model.rowCount()
    window.close()
    again, _ = build_main_window(demo_file)
    qtbot.addWidget(again)
    grid = page(again, "Actions")
    assert grid.filters.quick.text() == "chlamydia"
    assert grid.model.rowCount() == shown_before
    assert grid.view.columnWidth(column(grid, "Action")) == 333


# What the store holds ----------------------------------------------------------------------


def test_after_reopening_the_store_holds_what_the_grid_showed(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, controller = opened
    grid = page(window, "Actions")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Agreed at the Board", True))
    type_into(qtbot, grid, cell(grid, "CIC-01", "Revised due"), "30/06/2013")
    type_into(qtbot, grid, cell(grid, "CIC-01", "RAG"), "A")
    type_into(qtbot, grid, cell(grid, "CIC-02", "Action"), "Placement sufficiency review, phase 2")
    shown_text = [
        [grid.model.index(r, c).data() for c in range(grid.model.columnCount())]
        for r in range(grid.model.rowCount())
    ]
    window.close()
    controller.close_plan()
    create_application()
    again, _ = build_main_window(demo_file)
    qtbot.addWidget(again)
    fresh = page(again, "Actions")
    assert [
        [fresh.model.index(r, c).data() for c in range(fresh.model.columnCount())]
        for r in range(fresh.model.rowCount())
    ] == shown_text
    fields = {(e.item_code, e.field) for e in audit(demo_file)}
    assert {
        ("CIC-01", "revised_due"),
        ("CIC-01", f"rag {PERIOD}"),
        ("CIC-01", f"rag reason {PERIOD}"),
        ("CIC-02", "title"),
    } <= fields


def test_the_dashboard_follows_a_rag_edit(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _ = opened
    window.navigation.setCurrentRow(0)
    dashboard = window.dashboard.model
    code_column = 0
    peh = next(
        r for r in range(dashboard.rowCount()) if dashboard.index(r, code_column).data() == "PEH"
    )
    reds_before = dashboard.row_at(peh).counts[Rag.RED]
    grid = page(window, "Actions")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Funding withdrawn", True))
    green = next(
        row.code
        for row in shown(grid)
        if row.code and row.code.startswith("PEH") and grid.definition.rag(row).rag is Rag.GREEN
    )  # type: ignore[attr-defined]
    type_into(qtbot, grid, cell(grid, green, "RAG"), "R")
    window.navigation.setCurrentRow(0)
    # The store's announcement reaches the window on the next turn of the event loop.
    qtbot.waitUntil(lambda: dashboard.row_at(peh).counts[Rag.RED] == reds_before + 1)


def test_someone_elses_change_is_a_conflict_not_overwritten(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    with Store.open(demo_file) as other:
        fnp = stored_action(demo_file, "PEH-PA1")
        apply_edits(
            other,
            [Edit(ItemKind.ACTION, fnp.id, "evidence", "From the other window")],
            who="Colleague",
            source="grid",
        )
    conflicts: list[str] = []
    monkeypatch.setattr(
        controller_module, "ask_to_reload", lambda _w, message: (conflicts.append(message), True)[1]
    )
    with qtbot.waitSignal(grid.controller.reloaded):  # the user chose Reload
        type_into(qtbot, grid, cell(grid, "PEH-PA1", "Action"), "Mine")
    assert "Action PEH-PA1 was changed by someone else" in conflicts[0]
    action = stored_action(demo_file, "PEH-PA1")
    assert (action.title, action.evidence) == (
        "Establish a family nurse partnership",
        "From the other window",
    )
    type_into(qtbot, grid, cell(grid, "PEH-PA1", "Action"), "Mine")  # after the reload it goes in
    assert stored_action(demo_file, "PEH-PA1").title == "Mine"


def test_every_grid_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, opened: tuple[MainWindow, PlanController]
) -> None:
    window, _ = opened
    for title in ("Objectives", "Actions", "Indicators", "Values"):
        grid = page(window, title)
        qtmodeltester.check(grid.model)
        grid.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        grid.filters.quick.setText("a")
        qtmodeltester.check(grid.model)


def test_your_name_is_who_the_audit_trail_records(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, _ = opened
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Mark Grady", True))
    window.user_name_action.trigger()
    grid = page(window, "Actions")
    type_into(qtbot, grid, cell(grid, "PEH-01", "Code"), "PEH-01a")
    assert audit(demo_file)[-1].who == "Mark Grady"
    assert window.settings.user_name() == "Mark Grady"


def test_narrative_in_the_details_pane_and_choices_in_cells(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_store: Store
) -> None:
    window, _ = opened
    grid = page(window, "Objectives")
    grid.view.setCurrentIndex(cell(grid, "BH1.1", "Objective"))
    editor = grid.details.editors["what_we_will_do"]
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Weigh every reception child; offer HENRY to every family.")
    grid.view.setFocus()  # leaving the field saves it
    saved = {o["code"]: o for o in dump_plan(demo_store)["objectives"]}
    assert (
        saved["BH1.1"]["what_we_will_do"]
        == "Weigh every reception child; offer HENRY to every family."
    )
    assert window.undo_stack.count() == 1

    indicators = page(window, "Indicators")
    type_into(qtbot, indicators, cell(indicators, "BH1.1-OB", "Better"), "h")
    type_into(qtbot, indicators, cell(indicators, "BH1.1-OB", "Tolerance %"), "5")
    saved_indicator = {i["code"]: i for i in dump_plan(demo_store)["indicators"]}["BH1.1-OB"]
    assert (saved_indicator["polarity"], saved_indicator["tolerance"]) == ("higher", 5.0)


def test_undo_and_redo_several_edits_to_one_row(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each undo moves the row on a version; the next undo must not take that for someone
    else's change."""
    window, _ = opened
    grid = page(window, "Actions")
    conflicts: list[str] = []
    monkeypatch.setattr(
        controller_module,
        "ask_to_reload",
        lambda _w, message: (conflicts.append(message), False)[1],
    )
    before = stored_action(demo_file, "PEH-PA2")
    type_into(qtbot, grid, cell(grid, "PEH-PA2", "Action"), "Family nurse partnership, wave 2")
    type_into(qtbot, grid, cell(grid, "PEH-PA2", "% complete"), "45")
    type_into(qtbot, grid, cell(grid, "PEH-PA2", "Code"), "PEH-PA2b")
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = stored_action(demo_file, "PEH-PA2")
    assert (undone.title, undone.percent_complete) == (before.title, before.percent_complete)
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    redone = stored_action(demo_file, "PEH-PA2b")
    assert (redone.title, redone.percent_complete) == ("Family nurse partnership, wave 2", 45)
    assert conflicts == []
    with Store.open(demo_file) as store:
        rows = audit_rows(store)
    sources = [r.source for r in rows if (r.item_kind, r.item_id) == ("action", redone.id)]
    assert sources[:6] == ["redo"] * 3 + ["undo"] * 3  # newest first


def test_undo_after_someone_elses_change_to_the_row_is_refused(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    conflicts: list[str] = []
    monkeypatch.setattr(
        controller_module,
        "ask_to_reload",
        lambda _w, message: (conflicts.append(message), False)[1],
    )
    type_into(qtbot, grid, cell(grid, "PEH-PA2", "Action"), "Mine")
    type_into(qtbot, grid, cell(grid, "PEH-PA2", "% complete"), "45")
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the % goes back
    with Store.open(demo_file) as other:
        apply_edits(
            other,
            [Edit(ItemKind.ACTION, stored_action(demo_file, "PEH-PA2").id, "evidence", "Theirs")],
            who="Colleague",
            source="grid",
        )
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(conflicts) == 1 and "Action PEH-PA2 was changed by someone else" in conflicts[0]
    action = stored_action(demo_file, "PEH-PA2")
    assert (action.title, action.evidence) == ("Mine", "Theirs")


def test_a_narrative_cleared_in_the_details_pane_is_saved_as_empty_text(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_store: Store,
    warnings: list[str],
) -> None:
    window, _ = opened
    grid = page(window, "Objectives")
    grid.view.setCurrentIndex(cell(grid, "BH1.1", "Objective"))
    editor = grid.details.editors["what_works"]
    assert editor.toPlainText()
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    grid.view.setFocus()  # leaving the field saves it
    assert warnings == []
    saved = {o["code"]: o for o in dump_plan(demo_store)["objectives"]}
    assert saved["BH1.1"]["what_works"] == ""
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    saved = {o["code"]: o for o in dump_plan(demo_store)["objectives"]}
    assert saved["BH1.1"]["what_works"]


def test_the_audit_filter_finds_items_without_a_code_and_every_source_is_offered(
    demo_file: Path,
) -> None:
    """A meeting has no code: the trail shows it as "meeting 3", and typing that finds it."""
    entries = [
        ("meeting", 3, "title", "meeting"),
        ("meeting", 31, "title", "meeting"),
        ("plan", 1, "rollup_rule", "plan settings"),
    ]
    with Store.open(demo_file) as store, store.session() as session:
        for kind, item_id, field, source in entries:
            session.add(
                AuditEntry(
                    at=datetime(2012, 11, 29, 15, 0), who="o", item_kind=kind, item_id=item_id,
                    item_code="", field=field, old_value="a", new_value="b", source=source,
                )
            )  # fmt: skip
    with Store.open(demo_file) as store:
        found = audit_rows(store, AuditFilter(item="meeting 3"))
        assert sorted(row.item for row in found) == ["meeting 3", "meeting 31"]
        assert [row.item for row in audit_rows(store, AuditFilter(item="eting 31"))] == [
            "meeting 31"
        ]
        settings = audit_rows(store, AuditFilter(source="plan settings"))
        assert [row.field for row in settings] == ["rollup_rule"]
    assert "plan settings" in SOURCE_KINDS


@pytest.mark.parametrize("selected", [2, 20])  # looked up one by one; in one pass
def test_the_current_cell_and_selection_follow_their_rows_through_sort_and_filter(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], selected: int
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    view, model = grid.view, grid.model
    title = column(grid, "Action")
    chosen = [model.row_at(r) for r in range(3, 3 + selected)]
    flags = QItemSelectionModel.SelectionFlag
    view.setCurrentIndex(model.index(3, title))
    for r in range(3, 3 + selected):
        view.selectionModel().select(model.index(r, title), flags.Select)

    def held() -> tuple[int, set[int]]:
        current = model.row_at(view.currentIndex().row()).id
        return current, {model.row_at(i.row()).id for i in view.selectionModel().selectedIndexes()}

    view.sortByColumn(column(grid, "Due"), Qt.SortOrder.DescendingOrder)
    assert [row.id for row in shown(grid)][:5] != [row.id for row in chosen][:5]
    assert held() == (chosen[0].id, {row.id for row in chosen})
    kept = chosen[0].title.lower()
    qtbot.keyClicks(grid.filters.quick, kept)
    assert 0 < model.rowCount() < len(model.rows)
    visible = {row.id for row in shown(grid)}
    assert held() == (chosen[0].id, {row.id for row in chosen} & visible)


def test_rag_cells_paint_as_chips_and_other_cells_as_text(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController]
) -> None:
    window, _ = opened
    grid = page(window, "Actions")
    rag, title = column(grid, "RAG"), column(grid, "Action")
    red = next(r for r in range(grid.model.rowCount()) if grid.model.index(r, rag).data(RagRole))
    colour = RAG_COLOURS[Rag(grid.model.index(red, rag).data(RagRole))].rgb()

    def colours(index: QModelIndex) -> set[int]:
        grid.view.scrollTo(index)
        shot = grid.view.viewport().grab(grid.view.visualRect(index)).toImage()
        return {shot.pixel(x, y) for x in range(shot.width()) for y in range(shot.height())}

    assert colour in colours(grid.model.index(red, rag))
    assert colour not in colours(grid.model.index(red, title))
