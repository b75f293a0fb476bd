"""Application start-up: the QApplication, the main window, and which plan to open first."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from cypp_desktop import __version__, paths
from cypp_desktop.views.error_dialog import install_exception_hook
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.settings import AppSettings


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("CYPP Desktop")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CYPP Desktop")
    app.setDesktopFileName("cypp-desktop")
    return app


def build_main_window(
    plan: Path | None, settings: AppSettings | None = None, db: str | None = None
) -> tuple[MainWindow, PlanController]:
    """The window with a plan open: the database or file asked for, else the last file, else
    the demo.

    A plan that cannot be opened has already been explained in a message box; the window then
    falls back to the next candidate rather than opening empty.
    """
    window = MainWindow(settings or AppSettings())
    controller = PlanController(window)
    if db and controller.open_database(db):
        return window, controller
    last = window.settings.last_plan()
    candidates = [plan, last if last is not None and last.exists() else None]
    if not any(controller.open_plan(path) for path in candidates if path is not None):
        controller.open_demo()
    return window, controller


def run(plan: Path | None, db: str | None = None) -> int:
    logging.basicConfig(
        filename=paths.logs_dir() / "cypp-desktop.log",
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    app = create_application()
    install_exception_hook()
    window, _controller = build_main_window(plan, db=db)
    window.show()
    return app.exec()
