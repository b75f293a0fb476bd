"""The look shared by every window: the style sheet and the application icon.

The style sheet (resources/style.qss) names no colours of its own: it refers to the
palette, so it follows the system's light or dark scheme. Qt resolves ``palette(...)`` when
a sheet is set, so the sheet is set again when the user switches their desktop between light
and dark (Qt reports a change of colour scheme). RAG colours are not in the sheet: they come
with their letters from rag_style.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cypp_desktop.paths import resource_path

STYLE_SHEET = "style.qss"
ICON_NAME = "cypp-desktop"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
_FOLLOWING = "cyppFollowsColourScheme"


def app_icon() -> QIcon:
    """The application icon in every drawn size, so Qt picks a sharp one for each screen's
    pixel ratio (a 32-pixel title-bar icon on a 200% screen takes the 64-pixel image)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path(f"icons/{ICON_NAME}-{size}.png")), QSize(size, size))
    return icon


def style_sheet() -> str:
    return resource_path(STYLE_SHEET).read_text(encoding="utf-8")


def apply_style(app: QApplication) -> None:
    """Give the application its icon and its style sheet, resolved against the palette now
    in use; and set the sheet again whenever the system switches between light and dark."""
    app.setWindowIcon(app_icon())
    _set_sheet(app)
    if not app.property(_FOLLOWING):
        app.setProperty(_FOLLOWING, True)
        # Deferred: the new palette is in place by the time the event loop comes round.
        app.styleHints().colorSchemeChanged.connect(
            lambda _scheme: QTimer.singleShot(0, lambda: _set_sheet(app))
        )


def _set_sheet(app: QApplication) -> None:
    """Setting the sheet, even the same text again, makes Qt resolve it afresh."""
    app.setStyleSheet(style_sheet())
