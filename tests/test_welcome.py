"""The welcome screen: offered over the demo on a first launch, never when a plan is named,
and every choice made from the keyboard does what it says."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from cypp_desktop.app import build_main_window, create_application
from cypp_desktop.cli import main as cli
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController, demo_plan_path
from cypp_desktop.views.user_guide import UserGuideWindow
from cypp_desktop.views.welcome import WelcomeDialog

Launch = Callable[..., tuple[MainWindow, PlanController]]


@pytest.fixture
def launch(qtbot: QtBot) -> Iterator[Launch]:
    """Starts the app as cypp-desktop does: builds the window, then shows it."""
    windows: list[MainWindow] = []

    def start(plan: Path | None = None, **options: str) -> tuple[MainWindow, PlanController]:
        create_application()
        window, controller = build_main_window(plan, **options)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window, controller

    yield start
    for window in windows:
        window.close()


def welcome_of(qtbot: QtBot, window: MainWindow) -> WelcomeDialog:
    """The welcome screen, once it is up with the keyboard in it."""
    qtbot.waitUntil(lambda: (w := window.findChild(WelcomeDialog)) is not None and w.isVisible())
    dialog = window.findChild(WelcomeDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def no_welcome(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.wait(50)  # the welcome screen would show on the first turn of the event loop
    dialog = window.findChild(WelcomeDialog)
    assert dialog is None or not dialog.isVisible()


def test_a_first_launch_shows_the_demo_with_the_welcome_over_it(
    qtbot: QtBot, launch: Launch
) -> None:
    window, controller = launch()
    assert controller.store is not None and controller.store.path == demo_plan_path()
    welcome = welcome_of(qtbot, window)
    assert not welcome.isModal()  # the demo behind it can be used straight away
    assert welcome.demo_button.hasFocus() and welcome.demo_button.isDefault()
    assert [welcome.recent.item(r).text() for r in range(welcome.recent.count())] == [
        f"{demo_plan_path().name}  —  {demo_plan_path().parent}"
    ]
    qtbot.keyClick(welcome, Qt.Key.Key_Escape)
    assert not welcome.isVisible() and window.isVisible()


def test_open_the_demo_by_keyboard_keeps_the_demo_already_open(
    qtbot: QtBot, launch: Launch
) -> None:
    window, controller = launch()
    store = controller.store
    welcome = welcome_of(qtbot, window)
    qtbot.keyClick(welcome.demo_button, Qt.Key.Key_Return)
    assert not welcome.isVisible()
    assert controller.store is store  # not closed and opened again


def test_a_plan_named_on_the_command_line_opens_with_no_welcome(
    qtbot: QtBot, launch: Launch, demo_file: Path
) -> None:
    window, controller = launch(demo_file)
    assert controller.store is not None and controller.store.path == demo_file
    no_welcome(qtbot, window)


def test_a_database_that_cannot_be_opened_falls_back_to_the_demo_with_no_welcome(
    qtbot: QtBot, launch: Launch, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: told.append(text))
    window, controller = launch(db="postgresql+psycopg://nobody@127.0.0.1:9/x?connect_timeout=2")
    assert len(told) == 1
    assert controller.store is not None and controller.store.path == demo_plan_path()
    no_welcome(qtbot, window)


def test_the_second_launch_reopens_the_last_plan_with_no_welcome(
    qtbot: QtBot, launch: Launch, demo_file: Path
) -> None:
    first, _controller = launch(demo_file)
    first.close()
    again, controller = launch()
    assert controller.store is not None and controller.store.path == demo_file
    no_welcome(qtbot, again)


def test_a_recent_plan_opens_from_the_list_by_keyboard(
    qtbot: QtBot, launch: Launch, tmp_path: Path
) -> None:
    other = tmp_path / "Trust plan.cypp"
    assert cli(["demo", str(other)]) == 0
    window, controller = launch(other)
    controller.open_demo()
    window.welcome_action.trigger()
    welcome = welcome_of(qtbot, window)
    recent = [welcome.recent.item(r).text() for r in range(welcome.recent.count())]
    assert [text.split("  —  ")[0] for text in recent] == [demo_plan_path().name, other.name]
    qtbot.keyClick(welcome, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert welcome.recent.hasFocus()
    qtbot.keyClick(welcome.recent, Qt.Key.Key_Down)
    qtbot.keyClick(welcome.recent, Qt.Key.Key_Return)
    assert not welcome.isVisible()
    assert controller.store is not None and controller.store.path == other.resolve()


def test_a_recent_plan_that_has_gone_is_not_offered(
    qtbot: QtBot, launch: Launch, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.cypp"
    assert cli(["demo", str(gone)]) == 0
    window, controller = launch(gone)
    controller.open_demo()
    gone.unlink()
    window.welcome_action.trigger()
    welcome = welcome_of(qtbot, window)
    names = [welcome.recent.item(r).text() for r in range(welcome.recent.count())]
    assert not any(name.startswith("gone.cypp") for name in names)


def test_new_plan_from_the_welcome(
    qtbot: QtBot, launch: Launch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Trust plan 2013-16", True))
    target = tmp_path / "new plan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window, controller = launch()
    welcome = welcome_of(qtbot, window)
    qtbot.keyClick(welcome, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not welcome.isVisible())  # a button's letter clicks it shortly
    assert controller.store is not None and controller.store.path == target.with_suffix(".cypp")
    assert window.dashboard.count_labels["priorities"].text() == "0"


def test_open_from_the_welcome(
    qtbot: QtBot, launch: Launch, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(demo_file), ""))
    window, controller = launch()
    welcome = welcome_of(qtbot, window)
    qtbot.mouseClick(welcome.open_button, Qt.MouseButton.LeftButton)
    assert controller.store is not None and controller.store.path == demo_file


def test_the_guide_from_the_welcome(qtbot: QtBot, launch: Launch) -> None:
    window, _controller = launch()
    welcome = welcome_of(qtbot, window)
    qtbot.keyClick(welcome, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.findChild(UserGuideWindow) is not None)
    guide = window.findChild(UserGuideWindow)
    assert guide is not None and guide.isVisible() and not welcome.isVisible()
    guide.close()


def test_every_choice_is_named_for_screen_readers(qtbot: QtBot, launch: Launch) -> None:
    window, _controller = launch()
    welcome = welcome_of(qtbot, window)
    buttons = [welcome.demo_button, welcome.new_button, welcome.open_button, welcome.guide_button]
    assert [b.accessibleName() for b in buttons] == [
        "Open the demo plan",
        "New plan",
        "Open",
        "Read the user guide",
    ]
    assert all(b.accessibleDescription() for b in buttons)
    assert welcome.recent.accessibleName() == "Recent plans"
