"""The one font the PDF pack embeds: DejaVu Sans, which prints every glyph the pack uses
(•, ▲, ▼, ►, £, é) and which matplotlib ships, so screen charts and paper share a typeface.

The font files are found without importing matplotlib (that would cost start-up time and
pull in a plotting stack the pack does not need): first in matplotlib's data folder, then in
the application's bundled resources, then where Linux distributions install it.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from cypp_desktop.errors import CyppError
from cypp_desktop.paths import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
# The pack sets nothing in italics, so only two faces are read (each costs some 30 ms to
# parse); markup asking for italics gets the upright face rather than an error.
_FACES = (REGULAR, BOLD)
_SYSTEM_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_lock = threading.Lock()


def _candidate_folders() -> list[Path]:
    folders = []
    spec = importlib.util.find_spec("matplotlib")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folders.append(Path(location) / "mpl-data" / "fonts" / "ttf")
    folders.append(resource_path("fonts"))
    folders.extend(_SYSTEM_FOLDERS)
    return folders


def font_folder() -> Path:
    for folder in _candidate_folders():
        if all((folder / f"{face}.ttf").is_file() for face in _FACES):
            return folder
    raise CyppError(
        "The DejaVu Sans font the PDF pack embeds was not found (looked in matplotlib's data "
        "folder, the application's resources and /usr/share/fonts); reinstall the application."
    )


def register() -> str:
    """Register the DejaVu Sans family with reportlab (once); returns the regular face name."""
    with _lock:
        if REGULAR in pdfmetrics.getRegisteredFontNames():
            return REGULAR
        folder = font_folder()
        for face in _FACES:
            pdfmetrics.registerFont(TTFont(face, str(folder / f"{face}.ttf")))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR
