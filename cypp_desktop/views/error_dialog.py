"""The two kinds of error, on screen.

Expected trouble (a CyppError) is a plain message box with its one clear sentence. Anything
else is a bug: it is logged, and a dialog offers to save a report to send to the developers,
instead of the application vanishing with a traceback on a console nobody sees.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from cypp_desktop import paths
from cypp_desktop.errors import CyppError, bug_report, bug_report_name

log = logging.getLogger(__name__)


def show_problem(parent: QWidget | None, title: str, error: CyppError) -> None:
    QMessageBox.warning(parent, title, str(error))


def install_exception_hook() -> None:
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        report = bug_report(error.with_traceback(tb))
        log.error("Unexpected error\n%s", report)
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Something went wrong",
            "CYPP Desktop hit an unexpected problem. Your plan is safe: every "
            "change is saved as it is made, and the failed step was not applied.",
        )
        box.setDetailedText(report)
        save = box.addButton("Save report…", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is save:
            default = paths.logs_dir() / bug_report_name()
            name, _ = QFileDialog.getSaveFileName(None, "Save report", str(default), "Text (*.txt)")
            if name:
                Path(name).write_text(report, encoding="utf-8")

    sys.excepthook = hook
