"""The audit trail page, backups before risky work, and restoring a backup, in the window."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cypp_desktop.app import build_main_window, create_application
from cypp_desktop.models import AuditEntry, ItemKind, Priority
from cypp_desktop.returns import layout
from cypp_desktop.returns.make import make_returns
from cypp_desktop.store import Store, backups
from cypp_desktop.store.audit_log import AuditFilter, audit_rows
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.edits import Edit, apply_edits
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.restore_dialog import RestoreDialog
from cypp_desktop.views.returns_ui import PreviewDialog


def go_to(window: MainWindow, title: str) -> None:
    window.navigation.setCurrentRow([t for _p, t in window.pages].index(title))


def bh_id(store: Store) -> int:
    with store.read() as session:
        return session.execute(select(Priority.id).where(Priority.code == "BH")).scalar_one()


def test_opening_a_plan_takes_one_backup_a_day(qtbot: QtBot, demo_file: Path) -> None:
    create_application()
    for _ in range(2):
        window, controller = build_main_window(demo_file)
        qtbot.addWidget(window)
        controller.close_plan()
        window.close()
    assert [s.reason for s in backups.snapshots(demo_file)] == [backups.DAILY]


def test_the_audit_page_filters_and_exports(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, controller = opened
    store = controller.store
    assert store is not None
    apply_edits(
        store,
        [Edit(ItemKind.PRIORITY, bh_id(store), "description", "=1+1 is not a sum")],
        who="Julie Webster",
        source="grid",
    )
    apply_edits(
        store,
        [Edit(ItemKind.PRIORITY, bh_id(store), "title", "Be Healthy!")],
        who="Mark Grady",
        source="undo",
    )
    go_to(window, "Audit")
    page = window.audit_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.model.row_at(0).who == "Mark Grady"  # newest first
    page.who.setCurrentIndex(page.who.findData("Julie Webster"))
    assert [row.field for row in page.model.rows()] == ["description"]
    page.who.setCurrentIndex(0)
    page.source.setCurrentIndex(page.source.findData("undo"))
    assert [row.who for row in page.model.rows()] == ["Mark Grady"]
    page.source.setCurrentIndex(0)
    qtbot.keyClicks(page.item, "SS")
    assert page.model.rowCount() == 0
    page.item.clear()

    target = tmp_path / "audit.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    page.export_button.click()
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]] == [
        "When",
        "Who",
        "Item",
        "Field",
        "Old value",
        "New value",
        "Source",
    ]
    formula_like = next(row for row in sheet.iter_rows(min_row=2) if row[3].value == "description")
    assert formula_like[5].value == "=1+1 is not a sum"
    assert formula_like[5].data_type == "s"  # text, never a formula


def test_a_large_paste_is_backed_up_first(
    qtbot: QtBot, opened: tuple[MainWindow, PlanController], demo_file: Path
) -> None:
    window, _ = opened
    go_to(window, "Actions")
    grid = window.actions_page
    evidence = [c.header for c in grid.model.columns].index("Status")
    QGuiApplication.clipboard().setText("In progress\n" * 25)
    grid.view.setCurrentIndex(grid.model.index(0, evidence))
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    reasons = [s.reason for s in backups.snapshots(demo_file)]
    assert "before a grid change 25 cells" in reasons


def test_restore_from_backup_puts_the_plan_back_and_keeps_a_copy(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, controller = opened
    assert controller.store is not None
    store = controller.store
    store.snapshot("before a risky change")
    apply_edits(
        store,
        [Edit(ItemKind.PRIORITY, bh_id(store), "title", "Renamed by mistake")],
        who="x",
        source="grid",
    )

    def choose_latest(dialog: RestoreDialog) -> int:
        dialog.list.setCurrentRow(
            next(i for i, s in enumerate(dialog.snapshots) if s.reason == "before a risky change")
        )
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreDialog, "exec", choose_latest)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.restore_action.trigger()
    assert controller.store is not None and controller.store is not store
    with controller.store.read() as session:
        title = session.execute(select(Priority.title).where(Priority.code == "BH")).scalar_one()
    assert title == "Be Healthy"
    restored = audit_rows(controller.store, AuditFilter(source="restore"))
    assert len(restored) == 1 and "before a risky change" in restored[0].new_value
    assert any(s.reason.startswith("before restoring") for s in backups.snapshots(demo_file))


def test_the_audit_model_passes_the_model_tester_and_filters_by_date(
    qtbot: QtBot, qtmodeltester: Any, opened: tuple[MainWindow, PlanController]
) -> None:
    window, controller = opened
    store = controller.store
    assert store is not None
    with store.session() as session:
        for who, at in (
            ("Before", datetime(2012, 10, 14, 23, 59, 59)),
            ("First day", datetime(2012, 10, 15, 0, 0, 0)),
            ("Last day", datetime(2012, 10, 20, 23, 59, 59)),
            ("After", datetime(2012, 10, 21, 0, 0, 0)),
        ):
            session.add(
                AuditEntry(
                    at=at, who=who, item_kind="action", item_id=1, item_code="PEH-01",
                    field="title", old_value="a", new_value="b", source="grid",
                )
            )  # fmt: skip
    go_to(window, "Audit")
    page = window.audit_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    qtmodeltester.check(page.model)

    def shown() -> list[str]:
        return [page.model.row_at(r).who for r in range(page.model.rowCount())]

    page.since.setDate(QDate(2012, 10, 15))
    assert shown() == ["After", "Last day", "First day", "Before"]  # not ticked: no filter
    qtbot.mouseClick(page.since_check, Qt.MouseButton.LeftButton)
    assert page.since.isEnabled()
    assert shown() == ["After", "Last day", "First day"]
    qtmodeltester.check(page.model)
    page.until.setDate(QDate(2012, 10, 20))
    qtbot.mouseClick(page.until_check, Qt.MouseButton.LeftButton)
    assert shown() == ["Last day", "First day"]
    assert page.count.text() == "2 changes, newest first"
    qtmodeltester.check(page.model)
    qtbot.mouseClick(page.since_check, Qt.MouseButton.LeftButton)
    assert shown() == ["Last day", "First day", "Before"]
    page.until.setDate(QDate(2012, 10, 14))
    assert shown() == ["Before"]
    qtmodeltester.check(page.model)


def _filled_return(store: Store, folder: Path) -> Path:
    path = make_returns(store, "2012/13 Q2", folder, owners=["Julie Webster"], who="x")[0].path
    book = openpyxl.load_workbook(path)
    book["Actions"].cell(layout.FIRST_ROW, layout.ACTIONS.index("percent_complete")).value = 11
    book.save(path)
    return path


def _backups_listed(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What File > Restore from Backup lists, as the user reads it."""
    listed: list[str] = []

    def read_and_cancel(dialog: RestoreDialog) -> int:
        listed.extend(dialog.list.item(row).text() for row in range(dialog.list.count()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RestoreDialog, "exec", read_and_cancel)
    window.restore_action.trigger()
    return listed


def test_importing_returns_and_deleting_five_rows_are_backed_up_first(
    qtbot: QtBot,
    opened: tuple[MainWindow, PlanController],
    demo_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, controller = opened
    assert controller.store is not None
    before_import = dump_plan(controller.store)
    controller.import_returns([_filled_return(controller.store, tmp_path)])
    qtbot.waitUntil(lambda: window.findChild(PreviewDialog) is not None, timeout=20000)
    preview = window.findChild(PreviewDialog)
    assert preview is not None
    qtbot.mouseClick(preview.accept_all, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "returnsMessage") is not None)
    done = window.findChild(QMessageBox, "returnsMessage")
    assert done is not None and "Julie Webster.xlsx: 1 change" in done.text()
    done.accept()
    window.activateWindow()  # the message had the focus; the grid's keys need it back
    qtbot.waitUntil(window.isActiveWindow)
    assert dump_plan(controller.store) != before_import
    taken = {s.reason: s.path for s in backups.snapshots(demo_file)}
    assert set(taken) == {"before importing 1 return", backups.DAILY}
    with Store.open(taken["before importing 1 return"]) as copy:
        assert dump_plan(copy)["actions"] == before_import["actions"]  # taken before, not after

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    go_to(window, "Actions")
    grid = window.actions_page

    def delete(rows: int) -> None:
        grid.view.selectionModel().select(
            QItemSelection(grid.model.index(0, 0), grid.model.index(rows - 1, 0)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        grid.view.setFocus()
        qtbot.keyClick(
            grid.view,
            Qt.Key.Key_Delete,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )

    count = grid.model.rowCount()
    delete(4)
    assert grid.model.rowCount() == count - 4
    assert len(backups.snapshots(demo_file)) == 2  # four rows: no backup
    doomed = [grid.model.row_at(r).code for r in range(5)]
    delete(5)
    assert grid.model.rowCount() == count - 9
    taken = {s.reason: s.path for s in backups.snapshots(demo_file)}
    assert set(taken) == {"before deleting 5 rows", "before importing 1 return", backups.DAILY}
    with Store.open(taken["before deleting 5 rows"]) as copy:
        kept = {a["code"] for a in dump_plan(copy)["actions"]}
    assert set(doomed) <= kept

    listed = _backups_listed(window, monkeypatch)
    assert len(listed) == 3
    for reason in taken:
        assert sum(f"—  {reason}  (" in line for line in listed) == 1, (reason, listed)
