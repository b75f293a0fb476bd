"""Help > About: what this is, its version, and the licences of what it is built on.

The list of libraries is read from the packages' own metadata, so it cannot fall behind: in
the installed bundle, every package the bundle carries (installer/ copies their metadata
and licence texts in); run from source, the packages the app declares it needs.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html import escape
from importlib import metadata
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from cypp_desktop import __version__
from cypp_desktop.paths import resource_path

APP_DISTRIBUTION = "cypp-desktop"
LICENCES_FOLDER = "licences"  # in the bundle's resources, written by installer/
QT_SOURCE = "https://download.qt.io/official_releases/"
PYSIDE_SOURCE = "https://code.qt.io/cgit/pyside/pyside-setup.git/"
SHORT_LICENCE = 80  # longer than this, a licence field holds the licence's whole text


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    licence: str


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def licence_of(fields: metadata.PackageMetadata) -> str:
    """A package's licence in a few words: its SPDX expression, else a short licence field,
    else its trove classifiers (some packages put the whole licence text in the field)."""
    expression = _field(fields, "License-Expression")
    if expression:
        return expression
    short = _field(fields, "License")
    if short and "\n" not in short and len(short) <= SHORT_LICENCE:
        return short
    classifiers = [
        c.rsplit("::", 1)[-1].strip()
        for c in fields.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "see its licence file"


def _field(fields: metadata.PackageMetadata, name: str) -> str:
    values = fields.get_all(name) or []
    return str(values[0]).strip() if values else ""


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def libraries() -> list[Library]:
    if frozen():
        bundled = {_canonical(d.metadata["Name"]): d for d in metadata.distributions()}
        bundled.pop(_canonical(APP_DISTRIBUTION), None)
        found = [_library(distribution) for distribution in bundled.values()]
        found.append(Library("Python", sys.version.split()[0], "PSF-2.0"))
    else:
        declared = metadata.requires(APP_DISTRIBUTION) or []
        found = [
            _library(metadata.distribution(re.split(r"[\s\[<>=!~;(]", line, maxsplit=1)[0]))
            for line in declared
            if "extra ==" not in line
        ]
    return sorted(found, key=lambda library: library.name.lower())


def _library(distribution: metadata.Distribution) -> Library:
    fields = distribution.metadata
    return Library(fields["Name"], distribution.version, licence_of(fields))


def licence_texts() -> str:
    """Where the licence texts are, in words for the About box."""
    folder = resource_path(LICENCES_FOLDER)
    if folder.is_dir():
        return (
            f"The full licence texts of everything listed are in <code>{escape(str(folder))}"
            "</code>, one folder per package."
        )
    site = Path(str(metadata.distribution("PySide6_Essentials").locate_file(""))).resolve()
    return (
        "The full licence texts are in each package's <code>*.dist-info</code> folder in "
        f"<code>{escape(str(site))}</code>; the installed bundle carries them in a "
        "<code>licences</code> folder."
    )


def about_html() -> str:
    listed = ", ".join(
        f"{escape(library.name)} {escape(library.version)} ({escape(library.licence)})"
        for library in libraries()
    )
    return f"""
<h3>CYPP Desktop {__version__}</h3>
<p>Runs a Children and Young People's Plan through its board meetings: priorities, objectives,
actions, indicators, RAG status, returns and board packs. Works without a network.
CYPP Desktop's own code is under the MIT licence.</p>
<p><b>Built with:</b> {listed}.</p>
<p><b>Qt and the LGPL.</b> The user interface is Qt, used through Qt for Python (PySide6) under
the GNU Lesser General Public License version 3 (LGPLv3). For you this means: Qt is shipped
as separate shared libraries, not built into the program, and you may replace them with
your own build of the same Qt version; you may copy and pass on this application, provided
you pass on these licence terms with it; and the source code of Qt and PySide6 is available
from <a href="{QT_SOURCE}">download.qt.io</a> and
<a href="{PYSIDE_SOURCE}">code.qt.io</a>. The LGPL covers Qt and PySide6 only: it does not
extend to CYPP Desktop's own code.</p>
<p>{licence_texts()}</p>
"""


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About CYPP Desktop", about_html())
