"""What goes into the bundle beside the code PyInstaller finds by itself.

Imported by cypp-desktop.spec. PyInstaller follows imports; it cannot know that Alembic reads
the migration scripts as files, that the app finds its resources by path, or that a licence
must travel with every package it copies. This module says so, from the project itself
rather than from lists that would drift: the packages are the app's declared dependencies,
the hidden imports are what the migration scripts import.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.version import Version

# The bundle opens plans on a PostgreSQL server too (File > Open Database).
BUNDLED_EXTRAS = ("postgres",)
# Nothing the app imports, but commonly present where it is built; left out to keep it small.
EXCLUDED_MODULES = ["tkinter", "IPython", "pytest", "mypy", "ruff", "setuptools", "pip"]
# Licences PySide6's wheels refer to without carrying the text (see installer/licences/).
QT_DISTRIBUTIONS = {"pyside6-essentials", "shiboken6"}
QT_LICENCES = ("LGPL-3.0.txt", "GPL-3.0.txt")
_LICENCE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)
HERE = Path(__file__).resolve().parent


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def bundled_distributions(
    project: dict[str, Any], extras: tuple[str, ...] = BUNDLED_EXTRAS
) -> list[str]:
    """Every installed distribution the app needs at run time: the requirements pyproject.toml
    declares (with ``extras``), theirs, and so on.

    Raises PackageNotFoundError when one is not installed, so a bundle is never built short.
    """
    optional = project.get("optional-dependencies", {})
    wanted = list(project["dependencies"]) + [line for e in extras for line in optional[e]]
    names: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    pending = [Requirement(line) for line in wanted]
    while pending:
        requirement = pending.pop()
        distribution = metadata.distribution(requirement.name)
        key = canonical(distribution.metadata["Name"])
        for wanted_extra in ("", *requirement.extras):
            if (key, wanted_extra) in seen:
                continue
            seen.add((key, wanted_extra))
            names[key] = distribution.metadata["Name"]
            for line in distribution.requires or []:
                needed = Requirement(line)
                if needed.marker is None or needed.marker.evaluate({"extra": wanted_extra}):
                    pending.append(needed)
    return sorted(names.values(), key=canonical)


def write_licences(names: list[str], folder: Path) -> Path:
    """Copy the licence files of every package in ``names``, and Python's, into ``folder``:
    one sub-folder each, named after the package."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in names:
        target = folder / name
        target.mkdir()
        for file in metadata.distribution(name).files or []:
            if _LICENCE_FILE.search(str(file)):
                shutil.copyfile(Path(str(file.locate())), target / _flat_name(str(file)))
        if canonical(name) in QT_DISTRIBUTIONS:
            for text in QT_LICENCES:
                shutil.copyfile(HERE / "licences" / text, target / text)
        if not any(target.iterdir()):
            raise SystemExit(f"No licence file found for {name}; cannot bundle it.")
    (folder / "Python").mkdir()
    shutil.copyfile(_python_licence(), folder / "Python" / "LICENSE.txt")
    return folder


def _flat_name(path: str) -> str:
    """``numpy-2.4.6.dist-info/licenses/numpy/random/LICENSE.md`` -> ``numpy_random_LICENSE.md``:
    one folder per package, no clashes between its several licence files."""
    parts = [p for p in Path(path).parts if not p.endswith(".dist-info") and p != "licenses"]
    return "_".join(parts)


def _python_licence() -> Path:
    base = Path(sys.base_prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (base / "lib" / version / "LICENSE.txt", base / "LICENSE.txt"):
        if candidate.is_file():
            return candidate
    raise SystemExit(f"Python's LICENSE.txt was not found under {base}; cannot bundle it.")


def data_files(root: Path) -> list[tuple[str, str]]:
    """(source file, folder in the bundle) for the resources and the migration scripts."""
    pairs = []
    resources = root / "resources"
    for path in sorted(resources.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py":
            pairs.append((str(path), str(Path("resources") / path.parent.relative_to(resources))))
    migrations = root / "cypp_desktop" / "store" / "migrations"
    for path in sorted(migrations.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            place = Path("cypp_desktop", "store", "migrations")
            pairs.append((str(path), str(place / path.parent.relative_to(migrations))))
    return pairs


def hidden_imports(root: Path) -> list[str]:
    """What the migration scripts import: Alembic loads them from files at run time, so
    PyInstaller never sees their imports."""
    names: set[str] = set()
    for path in (root / "cypp_desktop" / "store" / "migrations").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if _is_module(f"{node.module}.{alias.name}")
                )
    return sorted(names - {"__future__"})


def _is_module(name: str) -> bool:
    """``alembic.op`` is a module to bundle; ``cypp_desktop.models.Base`` is a class."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def windows_version_file(name: str, version: str, path: Path) -> str:
    """The version resource Windows shows in a program's Properties, in PyInstaller's text
    form; returns the path for EXE(version=...)."""
    numbers = [int(part) for part in Version(version).release[:4]]
    fixed = tuple(numbers + [0] * (4 - len(numbers)))
    strings = {
        "CompanyName": "CYPP Desktop developers",
        "FileDescription": "CYPP Desktop",
        "FileVersion": version,
        "InternalName": name,
        "LegalCopyright": "MIT licence; see the licences folder for bundled software",
        "OriginalFilename": f"{name}.exe",
        "ProductName": "CYPP Desktop",
        "ProductVersion": version,
    }
    table = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={fixed}, prodvers={fixed}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080904B0', [
{table}
    ])]),
    VarFileInfo([VarStruct('Translation', [2057, 1200])]),
  ],
)
""",
        encoding="utf-8",
    )
    return str(path)
