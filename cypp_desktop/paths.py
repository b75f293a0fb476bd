"""Where the application keeps things: settings, recent files, backups, logs, bundled resources.

Everything goes through here so that tests (and portable installs) can redirect it all with one
environment variable, ``CYPP_DESKTOP_HOME``.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "CYPP Desktop"
APP_AUTHOR = "CYPP Desktop"
HOME_VARIABLE = "CYPP_DESKTOP_HOME"


def _dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, APP_AUTHOR, ensure_exists=False)


def _home_override() -> Path | None:
    home = os.environ.get(HOME_VARIABLE)
    return Path(home) if home else None


def config_dir() -> Path:
    home = _home_override()
    return _ensure(home / "config" if home else _dirs().user_config_path)


def data_dir() -> Path:
    home = _home_override()
    return _ensure(home / "data" if home else _dirs().user_data_path)


def backups_dir() -> Path:
    return _ensure(data_dir() / "backups")


def logs_dir() -> Path:
    home = _home_override()
    return _ensure(home / "logs" if home else _dirs().user_log_path)


def settings_file() -> Path:
    """The INI file behind QSettings: plain text, so IT can inspect or pre-seed it."""
    return config_dir() / "settings.ini"


def resource_path(name: str) -> Path:
    """A bundled resource (demo data, icons, style sheet), frozen or not.

    A PyInstaller bundle unpacks resources beside the executable under ``resources/``; a
    normal install finds them as the package data of ``cypp_desktop.resources``.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources" / name
    return Path(str(resources.files("cypp_desktop.resources").joinpath(name)))


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
