"""The audit trail page, backups before risky work, and restoring a backup, in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cypp_desktop.app import build_main_window, create_application
from cypp_desktop.models import ItemKind, Priority
from cypp_desktop.store import Store, backups
from cypp_desktop.store.audit_log import AuditFilter, audit_rows
from cypp_desktop.store.edits import Edit, apply_edits
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.restore_dialog import RestoreDialog


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
