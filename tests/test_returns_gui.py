"""The returns dialogs driven as a user would: keyboard and clicks, then the plan checked."""

import os
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from cypp_desktop.returns import layout
from cypp_desktop.returns.make import make_returns as write_returns
from cypp_desktop.store import Store
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.returns_ui import (
    MakeReturnsDialog,
    PreviewDialog,
    import_returns,
    make_returns,
)

PERIOD = "2012/13 Q2"
OWNER = "Julie Webster"
SHOTS = os.environ.get("CYPP_SCREENSHOTS")  # a folder to save what the dialogs look like


def context(store: Store) -> PlanContext:
    return PlanContext(store=store, period=PERIOD, today=date(2012, 10, 15), user="Trust officer")


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def message(parent: QWidget, qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(
        lambda: parent.findChild(QMessageBox, "returnsMessage") is not None, timeout=20000
    )
    box = parent.findChild(QMessageBox, "returnsMessage")
    assert box is not None
    return box


def actions(dump: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["code"]: a for a in dump["actions"]}


def test_the_preview_applies_only_the_ticked_rows(
    qtbot: QtBot, qtmodeltester: Any, demo_store: Store, tmp_path: Path
) -> None:
    path = write_returns(demo_store, PERIOD, tmp_path, owners=[OWNER], who="x")[0].path
    book = openpyxl.load_workbook(path)
    sheet = book["Actions"]
    percent = layout.ACTIONS.index("percent_complete")
    codes = [sheet.cell(row, 2).value for row in (2, 3, 4)]
    for row, value in zip((2, 3, 4), (11, 22, 33), strict=True):
        sheet.cell(row, percent).value = value
    book.save(path)
    before = actions(dump_plan(demo_store))
    parent = QWidget()
    qtbot.addWidget(parent)

    import_returns(parent, context(demo_store), [path])
    qtbot.waitUntil(lambda: parent.findChild(PreviewDialog) is not None, timeout=20000)
    preview = parent.findChild(PreviewDialog)
    assert preview is not None
    qtbot.waitExposed(preview)
    qtmodeltester.check(preview.model)
    model = preview.model
    assert model.rowCount() == 3
    assert [model.index(r, model.COL_NEW).data() for r in range(3)] == ["11%", "22%", "33%"]
    checked = Qt.ItemDataRole.CheckStateRole
    assert all(model.index(r, 0).data(checked) == Qt.CheckState.Checked for r in range(3))

    preview.table.setCurrentIndex(model.index(1, 0))
    qtbot.keyClick(preview.table, Qt.Key.Key_Space)
    assert model.index(1, 0).data(checked) == Qt.CheckState.Unchecked
    shot(preview, "returns-preview.png")
    qtbot.mouseClick(preview.apply_selected, Qt.MouseButton.LeftButton)

    box = message(parent, qtbot)
    assert "2 changes applied" in box.text()
    after = actions(dump_plan(demo_store))
    assert [after[code]["percent_complete"] for code in codes] == [
        11,
        before[codes[1]]["percent_complete"],
        33,
    ]


def test_cancel_in_the_preview_changes_nothing(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    path = write_returns(demo_store, PERIOD, tmp_path, owners=[OWNER], who="x")[0].path
    book = openpyxl.load_workbook(path)
    book["Actions"].cell(2, layout.ACTIONS.index("commentary")).value = "Not wanted"
    book.save(path)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    before = dump_plan(demo_store)
    parent = QWidget()
    qtbot.addWidget(parent)
    import_returns(parent, context(demo_store), [path, bad])
    qtbot.waitUntil(lambda: parent.findChild(PreviewDialog) is not None, timeout=20000)
    preview = parent.findChild(PreviewDialog)
    assert preview is not None
    assert "bad.xlsx: not an Excel workbook (.xlsx)" in preview.problems.toPlainText()
    qtbot.mouseClick(preview.cancel, Qt.MouseButton.LeftButton)
    assert dump_plan(demo_store) == before


def test_make_returns_dialog_writes_the_ticked_owners(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    make_returns(parent, context(demo_store))
    dialog = parent.findChild(MakeReturnsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.period.currentText() == PERIOD
    qtbot.mouseClick(dialog.select_none, Qt.MouseButton.LeftButton)
    row = next(
        r for r in range(dialog.owners.count()) if dialog.owners.item(r).text().startswith(OWNER)
    )
    dialog.owners.setCurrentRow(row)
    qtbot.keyClick(dialog.owners, Qt.Key.Key_Space)
    assert dialog.chosen_owners() == [OWNER]
    folder = tmp_path / "returns"
    folder.mkdir()
    dialog.folder.clear()
    qtbot.keyClicks(dialog.folder, str(folder))
    shot(dialog, "returns-make.png")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    box = message(parent, qtbot)
    assert f"1 returns for {PERIOD} written to {folder}" in box.text()
    assert [p.name for p in folder.iterdir()] == [f"Return 2012-13 Q2 - {OWNER}.xlsx"]


def drag_onto(window: MainWindow, files: list[Path]) -> bool:
    """Drag ``files`` over the window as a file manager does, and drop them if it accepts."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    where = QPoint(window.width() // 2, window.height() // 2)
    copy = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, copy, data, buttons, modifiers)
    enter.setAccepted(False)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(where), copy, data, buttons, modifiers)
    drop.setAccepted(False)
    QApplication.sendEvent(window, drop)
    return drop.isAccepted()


def test_returns_dropped_on_the_window_are_imported(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], tmp_path: Path
) -> None:
    window, controller = opened
    assert controller.store is not None
    path = write_returns(controller.store, PERIOD, tmp_path, owners=[OWNER], who="x")[0].path
    book = openpyxl.load_workbook(path)
    sheet = book["Actions"]
    sheet.cell(layout.FIRST_ROW, layout.ACTIONS.index("percent_complete")).value = 11
    code = sheet.cell(layout.FIRST_ROW, 2).value
    book.save(path)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a return")

    assert not drag_onto(window, [notes])  # refused at the door: not a workbook
    assert drag_onto(window, [path])
    qtbot.waitUntil(lambda: window.findChild(PreviewDialog) is not None, timeout=20000)
    preview = window.findChild(PreviewDialog)
    assert preview is not None
    assert [report.path for report in preview.reports] == [path]
    model = preview.model
    assert model.rowCount() == 1 and model.index(0, model.COL_NEW).data() == "11%"
    qtbot.mouseClick(preview.accept_all, Qt.MouseButton.LeftButton)
    assert "1 change" in message(window, qtbot).text()
    assert actions(dump_plan(controller.store))[code]["percent_complete"] == 11
