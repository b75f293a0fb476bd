"""Help > About: what this is, its version, and the licences of what it is built on."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox, QWidget

from cypp_desktop import __version__

ABOUT_HTML = f"""
<h3>CYPP Desktop {__version__}</h3>
<p>Runs a Children and Young People's Plan through its board meetings: priorities, objectives,
actions, indicators, RAG status, returns and board packs. Works without a network.</p>
<p>Built with Qt for Python (PySide6 {pyside_version}, LGPL v3), SQLAlchemy (MIT),
Alembic (MIT), matplotlib (PSF-style), openpyxl (MIT), ReportLab (BSD), platformdirs (MIT)
and defusedxml (PSF).</p>
"""


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About CYPP Desktop", ABOUT_HTML)
