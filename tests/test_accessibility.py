"""Keyboard and screen-reader access: every menu command has its letter, no two keys clash,
Tab reaches every control on every page, each control has a name to be read out, and no RAG
is shown by colour alone."""

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cypp_desktop.models import Rag
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.table_model import RagRole

Opened = tuple[MainWindow, PlanController]
WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' (a doubled '&&' is a literal ampersand)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


def menus(window: MainWindow) -> Iterator[tuple[str, QMenu]]:
    pending = [(action.text(), action.menu()) for action in window.menuBar().actions()]
    while pending:
        title, menu = pending.pop(0)
        assert isinstance(menu, QMenu)
        yield title, menu
        pending += [(a.text(), a.menu()) for a in menu.actions() if isinstance(a.menu(), QMenu)]


def show_page(qtbot: QtBot, window: MainWindow, row: int) -> QWidget:
    window.navigation.setCurrentRow(row)
    page = window.pages[row][0]
    qtbot.waitUntil(page.isVisible)
    return page


def focusable(page: QWidget) -> list[QWidget]:
    """What Tab stops at on a page: visible, enabled, taking focus by Tab, not Qt's own parts
    of a composite control (a spin box's line edit, a tab widget's bar)."""
    found = []
    for widget in page.findChildren(QWidget):
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not widget.objectName().startswith("qt_")
        ):
            found.append(widget)
    return found


def test_every_menu_and_command_has_its_own_letter(opened: Opened) -> None:
    window, _controller = opened
    titles = [action.text() for action in window.menuBar().actions()]
    letters = [mnemonic(title) for title in titles]
    assert None not in letters, titles
    assert len(set(letters)) == len(letters), titles
    for title, menu in menus(window):
        commands = [a.text() for a in menu.actions() if not a.isSeparator()]
        letters = [mnemonic(text) for text in commands]
        missing = [text for text, letter in zip(commands, letters, strict=True) if not letter]
        assert not missing, f"{title}: no letter for {missing}"
        twice = [letter for letter, n in Counter(letters).items() if n > 1]
        assert not twice, f"{title}: the letters {twice} are used twice in {commands}"


def test_the_main_commands_have_their_keys(opened: Opened) -> None:
    window, _controller = opened
    keys = {
        window.user_guide_action: "F1",
        window.present_action: "F5",
        window.make_returns_action: "Ctrl+M",
        window.import_returns_action: "Ctrl+I",
        window.export_pack_action: "Ctrl+E",
        window.new_action: "Ctrl+N",
        window.open_action: "Ctrl+O",
    }
    for action, key in keys.items():
        assert action.shortcut() == QKeySequence(key), action.text()


def test_no_two_commands_share_a_key_on_any_page(qtbot: QtBot, opened: Opened) -> None:
    """Window-wide keys (menus, and the pages' own shortcuts while the page is showing) are
    each bound once; a key bound twice would do nothing, Qt calling it ambiguous."""
    window, _controller = opened
    for row, (_page, title) in enumerate(window.pages):
        show_page(qtbot, window, row)
        bound: list[str] = []
        for action in window.findChildren(QAction):
            if action.shortcutContext() in WINDOW_WIDE and action.isEnabled():
                owner = action.parent()
                if isinstance(owner, QWidget) and not owner.isVisible():
                    continue
                bound += [key.toString() for key in action.shortcuts()]
        for shortcut in window.findChildren(QShortcut):
            owner = shortcut.parent()
            if (
                shortcut.context() in WINDOW_WIDE
                and isinstance(owner, QWidget)
                and owner.isVisible()
                and shortcut.isEnabled()
            ):
                bound.append(shortcut.key().toString())
        twice = [key for key, n in Counter(k for k in bound if k).items() if n > 1]
        assert not twice, f"on the {title} page, {twice} are bound twice"


def test_the_main_widgets_have_names(opened: Opened) -> None:
    window, _controller = opened
    assert window.navigation.accessibleName() == "Pages"
    assert window.stack.accessibleName() == "Current page"
    for page, title in window.pages:
        assert page.accessibleName() == f"{title} page"
    for label in (window.file_label, window.period_label):
        assert label.accessibleName()


def test_every_control_on_every_page_has_a_name_to_read_out(qtbot: QtBot, opened: Opened) -> None:
    window, _controller = opened
    for row, (_page, title) in enumerate(window.pages):
        page = show_page(qtbot, window, row)
        unnamed = []
        for widget in focusable(page):
            own_text = widget.text() if isinstance(widget, QAbstractButton) else ""
            label = next(
                (lab for lab in page.findChildren(QLabel) if lab.buddy() is widget and lab.text()),
                None,
            )
            titled = isinstance(widget, QGroupBox) and widget.title()
            if not (widget.accessibleName() or own_text or label or titled):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()}".strip())
        assert not unnamed, f"on the {title} page, nothing names {unnamed}"


def keeps_tab(widget: QWidget | None) -> bool:
    """A grid moves between its cells on Tab, a text box types a tab: F6 moves on from them."""
    if isinstance(widget, QAbstractItemView):
        return widget.tabKeyNavigation()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.tabChangesFocus() and not widget.isReadOnly()
    return False


def test_the_keyboard_reaches_every_control_on_every_page(qtbot: QtBot, opened: Opened) -> None:
    """Tab from the page list through the page, and F6 where Tab stays in a grid or a text
    box, reach every control on it and come back round to the page list."""
    window, _controller = opened
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for row, (_page, title) in enumerate(window.pages):
        page = show_page(qtbot, window, row)
        wanted = set(focusable(page))
        window.navigation.setFocus()
        reached: set[QWidget] = set()
        for _ in range(4 * len(wanted) + 10):
            here = QApplication.focusWidget()
            key = Qt.Key.Key_F6 if keeps_tab(here) else Qt.Key.Key_Tab
            qtbot.keyClick(here, key)
            focus = QApplication.focusWidget()
            if focus is window.navigation:
                break
            if isinstance(focus, QWidget):
                reached.add(focus)
                # A widget whose focus goes to a part of it: a tab widget's bar, an editable
                # combo box's line edit.
                reached.update(w for w in wanted if w.focusProxy() is focus)
                if isinstance(focus.parentWidget(), QComboBox):
                    reached.add(focus.parentWidget())
        missed = [f"{type(w).__name__} {w.accessibleName()}" for w in wanted - reached]
        assert not missed, f"on the {title} page, the keyboard never reaches {missed}"
        assert QApplication.focusWidget() is window.navigation, f"stuck on the {title} page"


@pytest.mark.parametrize("title", ["Dashboard", "Actions", "Indicators", "Objectives"])
def test_no_rag_is_shown_by_colour_alone(qtbot: QtBot, opened: Opened, title: str) -> None:
    """Wherever a table holds a RAG, the text of that cell says it too: letter and name."""
    window, _controller = opened
    page = show_page(qtbot, window, [t for _p, t in window.pages].index(title))
    checked = 0
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if not isinstance(model, QAbstractItemModel) or not view.isVisible():
            continue
        for row in range(min(model.rowCount(), 40)):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                value = index.data(RagRole)
                if value is None:
                    continue
                rag = Rag(value)
                shown = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
                spoken = str(index.data(Qt.ItemDataRole.AccessibleTextRole) or "")
                assert rag.letter in shown or rag.letter in spoken, (title, row, column)
                checked += 1
    assert checked > 0
