"""The house rules of DESIGN.md that a test can hold: no Qt below views/, matplotlib on demand."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import cypp_desktop

QT_SIDE = ("cypp_desktop.views", "cypp_desktop.app", "cypp_desktop.__main__")
MIGRATIONS = "cypp_desktop.store.migrations"  # Alembic loads these scripts itself


def core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(cypp_desktop.__path__, prefix="cypp_desktop.")
        if not info.name.startswith((*QT_SIDE, MIGRATIONS))
    ]
    return sorted(names)


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_no_core_module_loads_qt() -> None:
    modules = core_modules()
    for package in ("models", "store", "cli"):
        assert any(m.startswith(f"cypp_desktop.{package}") for m in modules)
    loaded = _modules_after("\n".join(f"import {name}" for name in modules))
    assert set(modules) <= loaded
    assert not any(name.startswith(("PySide6", "shiboken6")) for name in loaded)


def test_the_main_window_loads_no_chart_pdf_or_excel_library_until_asked(tmp_path: Path) -> None:
    """Start-up time: matplotlib waits for the first chart, reportlab for a pack, openpyxl
    for an export or a return (together over half a second of imports on this machine)."""
    code = (
        "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        f"os.environ['CYPP_DESKTOP_HOME'] = {str(tmp_path)!r}\n"
        "from cypp_desktop.app import create_application, build_main_window\n"
        "app = create_application()\n"
        "window, _ = build_main_window(None)\n"
        "window.show(); app.processEvents()"
    )
    loaded = _modules_after(code)
    assert "cypp_desktop.views.main_window" in loaded
    assert not {"matplotlib", "reportlab", "openpyxl"} & loaded
