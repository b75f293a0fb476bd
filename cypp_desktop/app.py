"""Application start-up: the QApplication, the main window, and which plan to open first.

On a first launch (nothing asked for, no last plan) the demo plan opens and the welcome
screen is offered over it; a plan or database named on the command line opens directly.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from cypp_desktop import __version__, paths
from cypp_desktop.views.error_dialog import install_exception_hook
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController, demo_plan_path
from cypp_desktop.views.settings import AppSettings
from cypp_desktop.views.style import apply_style
from cypp_desktop.views.user_guide import show_user_guide
from cypp_desktop.views.welcome import WelcomeDialog, show_when_window_shows


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one application: made here, with its names and look, or the one already made (by
    a test harness, say), given the same look so that it is tested as users see it."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        if not existing.styleSheet():
            apply_style(existing)
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("CYPP Desktop")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CYPP Desktop")
    app.setDesktopFileName("cypp-desktop")
    apply_style(app)
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
    window.user_guide_action.triggered.connect(
        lambda: show_user_guide(window, window.current_page_title())
    )
    window.welcome_action.triggered.connect(lambda: offer_welcome(window, controller).present())
    if db and controller.open_database(db):
        return window, controller
    last = window.settings.last_plan()
    candidates = [plan, last if last is not None and last.exists() else None]
    if not any(controller.open_plan(path) for path in candidates if path is not None):
        controller.open_demo()
        if plan is None and not db:
            show_when_window_shows(offer_welcome(window, controller), window)
    return window, controller


def offer_welcome(window: MainWindow, controller: PlanController) -> WelcomeDialog:
    """The welcome screen over ``window``, its choices acted on by ``controller``."""
    existing = window.findChild(WelcomeDialog)
    if existing is not None:
        existing.deleteLater()
    recent = [path for path in window.settings.recent_plans() if path.exists()]
    dialog = WelcomeDialog(recent, window)
    dialog.demo_chosen.connect(lambda: _open_demo(controller))
    dialog.new_chosen.connect(controller.new_plan)
    dialog.open_chosen.connect(controller.choose_and_open)
    dialog.recent_chosen.connect(controller.open_plan)
    dialog.guide_chosen.connect(lambda: show_user_guide(window))
    return dialog


def _open_demo(controller: PlanController) -> None:
    """The demo, unless it is already the plan on screen (as it is on a first launch)."""
    store = controller.store
    if store is None or store.path is None or store.path.resolve() != demo_plan_path().resolve():
        controller.open_demo()


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
