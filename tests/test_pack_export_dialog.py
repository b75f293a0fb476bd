"""File > Export Board Pack…, driven as a user drives it: choose, build, cancel, edit the cover."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from cypp_desktop.packs.cover_report import load_cover
from cypp_desktop.packs.options import Section
from cypp_desktop.store import Store
from cypp_desktop.store.queries import meetings
from cypp_desktop.views import pack_export
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.cover_report_dialog import CoverReportDialog
from cypp_desktop.views.pack_export import PackExport

PERIOD = "2012/13 Q2"


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def context(demo_store: Store) -> PlanContext:
    return PlanContext(store=demo_store, period=PERIOD, today=date(2012, 11, 20), user="Tester")


def _export(window: QMainWindow, context: PlanContext) -> PackExport:
    pack_export.export_pack(window, context)
    export = window.findChild(PackExport)
    assert export is not None
    return export


def _name_files(export: PackExport, folder: Path) -> tuple[Path, Path]:
    pdf, xlsx = folder / "pack.pdf", folder / "pack.xlsx"
    export.dialog.pdf_name.setText(str(pdf))
    export.dialog.xlsx_name.setText(str(xlsx))
    return pdf, xlsx


def test_the_dialog_starts_on_the_current_periods_meeting(
    window: QMainWindow, context: PlanContext
) -> None:
    export = _export(window, context)
    dialog = export.dialog
    latest = max(
        (m for m in meetings(context.store) if m.period == PERIOD), key=lambda m: m.starts_at
    )
    assert dialog.meeting.currentData() == latest.id
    assert dialog.period.currentText() == PERIOD and not dialog.period.isEnabled()
    assert dialog.cover_button.isEnabled()
    assert all(box.isChecked() for box in dialog.sections.values())
    assert dialog.pdf_name.text().endswith(f"{latest.starts_at:%Y-%m-%d}.pdf")
    for widget in (
        dialog.meeting,
        dialog.period,
        dialog.marking,
        dialog.pdf_name,
        dialog.build_button,
    ):
        assert widget.accessibleName()
    dialog.reject()


def test_choose_a_period_and_build(
    qtbot: QtBot, window: QMainWindow, context: PlanContext, tmp_path: Path
) -> None:
    export = _export(window, context)
    dialog = export.dialog
    dialog.meeting.setCurrentIndex(0)  # no meeting: the period only
    assert dialog.period.isEnabled() and not dialog.cover_button.isEnabled()
    dialog.period.setFocus()
    dialog.period.setCurrentIndex(dialog.period.findText("2012/13 Q1"))
    assert "2012-13 Q1" in dialog.pdf_name.text()
    dialog.marking.setCurrentText("OFFICIAL")
    glossary = dialog.sections[Section.GLOSSARY]
    glossary.setFocus()
    qtbot.keyClick(glossary, Qt.Key.Key_Space)
    assert not glossary.isChecked()
    pdf, xlsx = _name_files(export, tmp_path)
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    assert export.task is not None
    with qtbot.waitSignal(export.task.finished, timeout=60_000):
        pass
    assert pdf.exists() and xlsx.exists()
    text = " ".join(page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages)
    assert "Reporting period 2012/13 Q1" in text and "OFFICIAL" in text
    assert "Glossary" not in text
    assert "Glossary" not in openpyxl.load_workbook(xlsx).sheetnames
    box = export.done_box
    assert box is not None and box.isVisible()
    assert [b.text() for b in box.buttons() if b.text().startswith("Open")] == [
        "Open PDF",
        "Open Excel",
    ]
    box.close()


def test_open_offers_the_file(
    qtbot: QtBot,
    window: QMainWindow,
    context: PlanContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        pack_export.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    export = _export(window, context)
    export.dialog.xlsx_check.setChecked(False)
    pdf, xlsx = _name_files(export, tmp_path)
    qtbot.mouseClick(export.dialog.build_button, Qt.MouseButton.LeftButton)
    assert export.task is not None
    with qtbot.waitSignal(export.task.finished, timeout=60_000):
        pass
    assert pdf.exists() and not xlsx.exists()
    box = export.done_box
    assert box is not None
    button = next(b for b in box.buttons() if b.text() == "Open PDF")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [str(pdf)]


def test_cancel_leaves_no_file(
    qtbot: QtBot, window: QMainWindow, context: PlanContext, tmp_path: Path
) -> None:
    export = _export(window, context)
    folder = tmp_path / "out"
    folder.mkdir()
    _name_files(export, folder)
    qtbot.mouseClick(export.dialog.build_button, Qt.MouseButton.LeftButton)
    task = export.task
    assert task is not None and task.dialog is not None
    cancel = task.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    with qtbot.waitSignal(task.finished, timeout=60_000):
        cancel.click()
    assert list(folder.iterdir()) == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_nothing_to_write_is_refused_in_the_dialog(
    qtbot: QtBot,
    window: QMainWindow,
    context: PlanContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(
        pack_export.QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text)
    )
    export = _export(window, context)
    _name_files(export, tmp_path)
    export.dialog.pdf_check.setChecked(False)
    export.dialog.xlsx_check.setChecked(False)
    qtbot.mouseClick(export.dialog.build_button, Qt.MouseButton.LeftButton)
    assert export.task is None and export.dialog.isVisible()
    assert warnings == ["Tick the PDF pack, the Excel pack, or both."]
    export.dialog.reject()


def test_edit_the_cover_report(qtbot: QtBot, window: QMainWindow, context: PlanContext) -> None:
    meeting_id = next(m.id for m in meetings(context.store) if m.period == PERIOD)
    dialog = CoverReportDialog(context, meeting_id, PERIOD, window)
    qtbot.addWidget(dialog)
    dialog.show()
    subject = dialog.fields["subject"]
    subject.selectAll()
    qtbot.keyClicks(subject, "Quarter two: progress and exceptions")
    dialog.fields["protective_marking"].setCurrentText("OFFICIAL-SENSITIVE")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = load_cover(context.store, meeting_id, PERIOD)
    assert stored.subject == "Quarter two: progress and exceptions"
    assert stored.protective_marking == "OFFICIAL-SENSITIVE"
    assert not dialog.isVisible()

    again = CoverReportDialog(context, meeting_id, PERIOD, window)
    qtbot.addWidget(again)
    assert again.fields["subject"].text() == stored.subject
    qtbot.mouseClick(again.reset_button, Qt.MouseButton.LeftButton)
    assert "progress report for 2012/13 Q2" in again.fields["subject"].text()
    again.reject()


def test_the_export_dialog_follows_a_saved_cover_marking(
    qtbot: QtBot, window: QMainWindow, context: PlanContext
) -> None:
    export = _export(window, context)
    qtbot.mouseClick(export.dialog.cover_button, Qt.MouseButton.LeftButton)
    editor = export.dialog.findChild(CoverReportDialog)
    assert editor is not None and editor.isVisible()
    editor.fields["protective_marking"].setCurrentText("OFFICIAL")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert export.dialog.marking.currentText() == "OFFICIAL"
    export.dialog.reject()


def test_a_failure_shows_a_message_and_leaves_no_file(
    qtbot: QtBot,
    window: QMainWindow,
    context: PlanContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        pack_export.QMessageBox,
        "warning",
        lambda _parent, _title, text: shown.append(text) or QMessageBox.StandardButton.Ok,
    )
    export = _export(window, context)
    folder = tmp_path / "out"
    folder.mkdir()
    export.dialog.pdf_name.setText(str(folder / "gone" / "pack.pdf"))
    export.dialog.xlsx_check.setChecked(False)
    qtbot.mouseClick(export.dialog.build_button, Qt.MouseButton.LeftButton)
    assert export.task is not None
    with qtbot.waitSignal(export.task.finished, timeout=60_000):
        pass
    assert shown and "does not exist" in shown[0]
    assert list(folder.iterdir()) == []


def test_file_export_board_pack_opens_the_dialog(qtbot: QtBot, demo_file: Path) -> None:
    from cypp_desktop.app import build_main_window

    main, _controller = build_main_window(demo_file)
    qtbot.addWidget(main)
    main.show()
    assert main.export_pack_action.shortcut().toString() == "Ctrl+E"
    main.export_pack_action.trigger()
    dialog = main.findChild(pack_export.PackExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.period.currentText() == PERIOD
    dialog.reject()
