"""Copying from a grid to Excel never turns someone's commentary into a live formula, and
what goes out comes back unchanged when pasted in again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from cypp_desktop.models import ItemKind
from cypp_desktop.store import Store
from cypp_desktop.store.edits import Edit, apply_edits
from cypp_desktop.store.grid_rows import commentary
from cypp_desktop.views.grids.tsv import format_tsv, parse_tsv
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from tests.test_grids import cell, page, paste, row_of, stored_action

PERIOD = "2012/13 Q2"
FORMULA = '=HYPERLINK("http://example.org","Click")'


def test_formula_text_goes_out_behind_an_apostrophe_and_numbers_do_not() -> None:
    rows = [[FORMULA, "-5 families", "@Julie", "-5", "+1.5", "-12.5%", "1,234", "plain"]]
    assert format_tsv(rows) == (
        '"\'=HYPERLINK(""http://example.org"",""Click"")"\t'
        "'-5 families\t'@Julie\t-5\t+1.5\t-12.5%\t1,234\tplain\n"
    )
    assert parse_tsv(format_tsv(rows)) == rows


def test_an_apostrophe_a_person_typed_before_ordinary_text_stays() -> None:
    assert parse_tsv("'tis the season\t'=1+1\n") == [["'tis the season", "=1+1"]]


def test_copy_and_paste_commentary_that_looks_like_a_formula(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_file: Path
) -> None:
    window, controller = opened
    store = controller.store
    assert isinstance(store, Store)
    source = stored_action(demo_file, "PEH-PA1")
    apply_edits(
        store,
        [Edit(ItemKind.ACTION, source.id, "commentary", FORMULA, period=PERIOD)],
        who="x",
        source="grid",
    )
    grid = page(window, "Actions")
    qtbot.waitUntil(lambda: grid.model.data(cell(grid, "PEH-PA1", "Commentary")) == FORMULA)
    at = cell(grid, "PEH-PA1", "Commentary")
    grid.view.selectionModel().select(
        QItemSelection(at, at), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("\"'=HYPERLINK(")
    paste(qtbot, grid, cell(grid, "PEH-PA2", "Commentary"), copied)
    target = grid.model.row_at(row_of(grid, "PEH-PA2"))
    with store.read() as session:
        assert commentary(session, "action_id", PERIOD, [target.id])[target.id] == FORMULA
