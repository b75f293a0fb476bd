"""The look: one style sheet from resources/ that follows the system's light or dark palette,
and an application icon sharp at every size and pixel ratio."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cypp_desktop.app import create_application
from cypp_desktop.paths import resource_path
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.rag_style import RAG_COLOURS
from cypp_desktop.views.style import ICON_SIZES, STYLE_SHEET, app_icon, apply_style

Opened = tuple[MainWindow, PlanController]
SHEET = resource_path(STYLE_SHEET).read_text(encoding="utf-8")
COLOUR_PROPERTIES = re.compile(
    r"(?<![\w-])(color|background|background-color|border(?:-\w+)?|selection-\w+|outline)\s*:"
    r"\s*([^;]+);"
)
DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1f1f1f",
    QPalette.ColorRole.AlternateBase: "#2f2f2f",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#3d7ab8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Mid: "#555555",
}


@pytest.fixture
def dark(qtbot: QtBot) -> Iterator[QPalette]:
    """A dark system palette for the test; the light one and its sheet come back after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    palette = QPalette(light)
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    yield palette
    app.setPalette(light)
    apply_style(app)


def test_the_sheet_names_no_colour_of_its_own() -> None:
    """Every colour is a palette role, so light and dark both work; and no RAG colour is here:
    RAG colours come, with their letters, from rag_style."""
    uses = COLOUR_PROPERTIES.findall(SHEET)
    assert uses
    for prop, value in uses:
        colours = re.sub(r"palette\([\w-]+\)", "", value)
        colours = re.sub(r"\b(none|solid|\d+px|transparent)\b", "", colours).strip()
        assert not colours, f"{prop}: {value} names a colour"
    for colour in RAG_COLOURS.values():
        assert colour.name().lower() not in SHEET.lower()


def test_the_application_uses_the_sheet_from_resources() -> None:
    app = create_application()
    assert app.styleSheet() == SHEET
    assert SHEET.strip()


def pixel(widget: QWidget, x: int, y: int) -> str:
    return widget.grab().toImage().pixelColor(x, y).name()


def near(found: str, wanted: str) -> bool:
    """The same colour, give or take the rounding of a style's drawing."""
    a, b = QColor(found), QColor(wanted)
    return all(abs(x - y) <= 8 for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_the_sheet_follows_a_dark_palette(qtbot: QtBot, opened: Opened, dark: QPalette) -> None:
    window, _controller = opened
    navigation = window.navigation
    empty = (navigation.width() // 2, navigation.height() - 12)  # below the last page's row
    row = navigation.visualItemRect(navigation.item(navigation.currentRow()))
    selected = (row.left() + 5, row.center().y())  # in the row's padding, clear of its text
    selected = navigation.viewport().mapTo(navigation, QPoint(*selected)).toTuple()
    light = create_application().palette()
    assert near(pixel(navigation, *empty), light.color(QPalette.ColorRole.Base).name())
    assert near(pixel(navigation, *selected), light.color(QPalette.ColorRole.Highlight).name())
    app = create_application()
    app.setPalette(dark)
    # The system switching to dark: Qt says so, and the sheet is set again with dark colours.
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: near(pixel(navigation, *empty), DARK[QPalette.ColorRole.Base]))
    assert near(pixel(navigation, *selected), DARK[QPalette.ColorRole.Highlight])


def test_every_page_is_readable_in_the_dark(qtbot: QtBot, opened: Opened, dark: QPalette) -> None:
    """Text on the window is the palette's light text on its dark ground, never dark on dark."""
    window, _controller = opened
    app = create_application()
    app.setPalette(dark)
    apply_style(app)
    label = window.period_label
    qtbot.waitUntil(
        lambda: (
            label.palette().color(label.foregroundRole()).name()
            == DARK[QPalette.ColorRole.WindowText]
        )
    )
    assert (
        window.navigation.palette().color(QPalette.ColorRole.Base).name()
        == (DARK[QPalette.ColorRole.Base])
    )


def test_the_icon_is_drawn_at_every_size_for_high_dpi_screens() -> None:
    create_application()
    icon = app_icon()
    assert {size.width() for size in icon.availableSizes()} == set(ICON_SIZES)
    for size in ICON_SIZES:
        assert resource_path(f"icons/cypp-desktop-{size}.png").is_file()
    # A 32-pixel icon on a 200% screen is drawn from the 64-pixel image, not scaled up.
    sharp = icon.pixmap(QSize(32, 32), 2.0)
    assert (sharp.width(), sharp.height()) == (64, 64)
    assert sharp.devicePixelRatio() == 2.0
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert {s.width() for s in app.windowIcon().availableSizes()} == set(ICON_SIZES)


def test_the_windows_icon_holds_every_size_windows_reads() -> None:
    data = Path(resource_path("icons/cypp-desktop.ico")).read_bytes()
    reserved, kind, count = (int.from_bytes(data[i : i + 2], "little") for i in (0, 2, 4))
    assert (reserved, kind) == (0, 1)
    sides = {data[6 + 16 * n] or 256 for n in range(count)}
    assert sides == {16, 24, 32, 48, 64, 128, 256}
