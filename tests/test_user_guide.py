"""Help: the user guide, reachable from the menu and F1, whole (every section the issue asks
for, every link and picture resolving), its pictures made by the screenshot script from the
real app; and About, with the version and the licences of what the app is built on."""

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from cypp_desktop import __version__
from cypp_desktop.paths import resource_path
from cypp_desktop.views import about_dialog
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.user_guide import GUIDE, UserGuideWindow, show_user_guide, slug

ROOT = Path(__file__).parents[1]
GUIDE_FILE = resource_path(GUIDE)
TEXT = GUIDE_FILE.read_text(encoding="utf-8")
IMAGES = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", TEXT)
LINKS = re.findall(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)", TEXT)
Opened = tuple[MainWindow, PlanController]


def guide_of(qtbot: QtBot, window: MainWindow) -> UserGuideWindow:
    """The guide window, once it is up with the keyboard in it."""
    guide = window.findChild(UserGuideWindow)
    assert guide is not None
    qtbot.waitExposed(guide)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is guide)
    return guide


def test_the_guide_is_the_bundled_resource_and_docs_points_to_it() -> None:
    assert GUIDE_FILE == ROOT / "resources" / "guide" / "user-guide.md"
    pointer = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\((\.\./resources/guide/user-guide\.md)(#[\w-]+)?\)", pointer)
    assert targets
    headings = {slug(h) for h in re.findall(r"^#+ (.+)$", TEXT, flags=re.MULTILINE)}
    for target, anchor in targets:
        assert (ROOT / "docs" / target).resolve() == GUIDE_FILE
        assert not anchor or anchor[1:] in headings


def test_the_guide_covers_the_meeting_cycle_rag_and_file_formats() -> None:
    headings = re.findall(r"^(#+) (.+)$", TEXT, flags=re.MULTILINE)
    titles = [title for _level, title in headings]
    for wanted in ("A meeting cycle from start to finish", "What RAG means here", "Files"):
        assert wanted in titles
    cycle = TEXT.split("## A meeting cycle from start to finish")[1].split("\n## ")[0]
    for step in (
        "Make Returns",  # make returns
        "Import Returns",  # import them
        "Dashboard",  # review
        "Export Board Pack",  # build the pack
        "Present Meeting",  # present
        "record an action",  # record actions
    ):
        assert step.lower() in cycle.lower(), step
    for keys in ("Ctrl+M", "Ctrl+I", "Ctrl+E", "F5"):
        assert keys in cycle
    rag = TEXT.split("## What RAG means here")[1].split("\n## ")[0]
    for letter, name in (
        ("R", "Red"),
        ("A", "Amber"),
        ("G", "Green"),
        ("B", "Blue"),
        ("N", "Grey"),
    ):
        assert f"| **{letter}** | {name} |" in rag
    for idea in ("tolerance", "roll up", "Overrides", "Direction of travel", "exception"):
        assert idea.lower() in rag.lower(), idea
    files = TEXT.split("## Files")[1].split("\n## ")[0]
    for kind in (".cypp", ".xlsx", ".pdf"):
        assert kind in files


def test_every_page_has_its_section_for_f1(qtbot: QtBot, opened: Opened) -> None:
    window, _controller = opened
    headings = re.findall(r"^### (.+)$", TEXT, flags=re.MULTILINE)
    assert {title for _page, title in window.pages} <= set(headings)


def test_every_link_and_picture_resolves() -> None:
    headings = {slug(h) for h in re.findall(r"^#+ (.+)$", TEXT, flags=re.MULTILINE)}
    for link in LINKS:
        if link.startswith("#"):
            assert link[1:] in headings, link
        else:
            assert (GUIDE_FILE.parent / link).is_file(), link
    folder = GUIDE_FILE.parent / "images"
    assert IMAGES
    assert all(name.startswith("images/") for name in IMAGES)
    assert sorted(p.name for p in folder.glob("*.png")) == sorted(Path(n).name for n in IMAGES)
    for name in IMAGES:
        image = QImage(str(GUIDE_FILE.parent / name))
        assert not image.isNull() and image.width() >= 300, name


# Bringing the open guide forward again: the offscreen platform says it cannot raise windows.
@pytest.mark.qt_log_ignore("This plugin does not support raise", extend=True)
def test_f1_opens_the_guide_at_the_page_on_screen(qtbot: QtBot, opened: Opened) -> None:
    window, _controller = opened
    window.navigation.setCurrentRow([t for _p, t in window.pages].index("Meetings"))
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = guide_of(qtbot, window)
    assert guide.path == GUIDE_FILE
    qtbot.waitUntil(lambda: guide.top_heading() == "Meetings")
    qtbot.wait(500)  # once the layout has settled, still there
    assert guide.top_heading() == "Meetings"
    window.navigation.setCurrentRow([t for _p, t in window.pages].index("Values"))
    window.user_guide_action.trigger()
    assert window.findChildren(UserGuideWindow) == [guide]  # one guide window, reused
    qtbot.waitUntil(lambda: guide.top_heading() == "Values")
    guide.close()


def test_the_contents_and_the_find_box_by_keyboard(qtbot: QtBot, opened: Opened) -> None:
    window, _controller = opened
    show_user_guide(window)
    guide = guide_of(qtbot, window)
    titles = [guide.contents.item(r).text().strip() for r in range(guide.contents.count())]
    assert titles[:2] == ["Getting started", "A meeting cycle from start to finish"]
    assert "What RAG means here" in titles
    guide.contents.setFocus()
    guide.contents.setCurrentRow(0)
    rag = titles.index("What RAG means here")
    for _ in range(rag):
        qtbot.keyClick(guide.contents, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: guide.top_heading() == "What RAG means here")

    qtbot.keyClick(guide, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert guide.find_box.hasFocus()
    qtbot.keyClicks(guide.find_box, "tolerance")
    qtbot.keyClick(guide.find_box, Qt.Key.Key_Return)
    first = guide.text.textCursor().selectionStart()
    assert guide.text.textCursor().selectedText().lower() == "tolerance"
    qtbot.keyClick(guide, Qt.Key.Key_F3)
    assert guide.text.textCursor().selectionStart() != first
    guide.find_box.clear()
    qtbot.keyClicks(guide.find_box, "no such words anywhere")
    qtbot.keyClick(guide.find_box, Qt.Key.Key_Return)
    assert guide.find_result.text() == "Not found"
    guide.close()


def test_pictures_are_drawn_to_fit_the_window(qtbot: QtBot, opened: Opened) -> None:
    window, _controller = opened
    show_user_guide(window)
    guide = guide_of(qtbot, window)
    guide.resize(900, 700)
    document = guide.text.document()
    room = guide.text.viewport().width()

    def fitted() -> bool:
        for name in IMAGES:
            image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
            if not isinstance(image, QImage) or image.isNull():
                return False
            if image.width() / image.devicePixelRatio() > room:
                return False
        return True

    qtbot.waitUntil(fitted)
    guide.close()


def test_links_to_headings_move_the_guide(qtbot: QtBot, opened: Opened) -> None:
    window, _controller = opened
    show_user_guide(window)
    guide = guide_of(qtbot, window)
    guide.follow(QUrl("#what-rag-means-here"))
    qtbot.waitUntil(lambda: guide.top_heading() == "What RAG means here")
    guide.close()


@pytest.mark.timeout(300)
def test_the_screenshot_script_makes_every_picture_the_guide_shows(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "screenshots.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    made = sorted(p.name for p in tmp_path.glob("*.png"))
    meetings_doc = (ROOT / "docs" / "meetings.md").read_text(encoding="utf-8")
    presenter_pages = [  # meetings.md's presenter pages, taken by the same script
        Path(name).name
        for name in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", meetings_doc)
        if Path(name).name.startswith("presenter-")
    ]
    assert len(presenter_pages) == 6
    assert made == sorted({*(Path(name).name for name in IMAGES), *presenter_pages})
    for name in presenter_pages:
        image = QImage(str(tmp_path / name))
        width, height = map(int, name.removesuffix(".png").rsplit("-", 1)[1].split("x"))
        assert (image.width(), image.height()) == (width, height), name
    for name in ("dashboard", "actions", "indicators", "meetings", "dashboard-dark"):
        image = QImage(str(tmp_path / f"{name}.png"))
        assert (image.width(), image.height()) == (1280, 800), name
    presenter = QImage(str(tmp_path / "presenter.png"))
    assert (presenter.width(), presenter.height()) == (1280, 720)


def test_a_click_on_a_picture_opens_it_full_size(
    qtbot: QtBot, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: shown.append(url.toLocalFile()))
    window, _controller = opened
    show_user_guide(window)
    guide = guide_of(qtbot, window)
    guide.go_to("Getting started")
    qtbot.wait(500)  # the heading at the top, the pictures fitted
    document = guide.text.document()
    block = document.findBlockByNumber(
        next(n for _l, t, n in guide.headings() if t == "Getting started")
    )
    while "\ufffc" not in block.text():  # the first picture: an object in the text
        block = block.next()
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.text().index("\ufffc"))
    place = guide.text.cursorRect(cursor)
    qtbot.mouseClick(
        guide.text.viewport(), Qt.MouseButton.LeftButton, pos=place.topLeft() + QPoint(60, 60)
    )
    assert shown == [str(GUIDE_FILE.parent / "images" / "welcome.png")]
    guide.close()


def test_about_names_the_version_and_the_libraries_with_their_licences(
    opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window, _controller = opened
    window.about_action.trigger()
    text = " ".join(shown[0].split())
    assert len(shown) == 1
    assert f"CYPP Desktop {__version__}" in text
    for name in ("PySide6", "SQLAlchemy", "openpyxl", "reportlab", "defusedxml", "matplotlib"):
        assert name in text
    assert f"PySide6_Essentials {metadata.version('PySide6_Essentials')} (LGPL-3.0" in text
    assert "replace them with your own build" in text and "download.qt.io" in text
    assert "does not extend to CYPP Desktop's own code" in text


def test_about_in_the_bundle_points_to_its_licences_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frozen, the list is every package the bundle carries, with Python itself."""
    (tmp_path / "licences").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(about_dialog, "resource_path", lambda name: tmp_path / name)
    text = about_dialog.about_html()
    assert f"Python {sys.version.split()[0]} (PSF-2.0)" in text
    assert str(tmp_path / "licences") in text
