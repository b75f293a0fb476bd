"""The user's settings: recent plans, window layout, and such, in one INI file (see paths)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from cypp_desktop import paths
from cypp_desktop.store.backups import DEFAULT_KEEP
from cypp_desktop.store.edits import default_user

MAX_RECENT = 8


class AppSettings:
    def __init__(self, settings: QSettings | None = None):
        self._settings = settings or QSettings(
            str(paths.settings_file()), QSettings.Format.IniFormat
        )

    def recent_plans(self) -> list[Path]:
        value = self._settings.value("recent/plans", [])
        # An INI file gives back one entry as a plain string, several as a list.
        names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [Path(str(name)) for name in names if name]

    def add_recent_plan(self, path: Path) -> None:
        resolved = path.resolve()
        plans = [resolved] + [p for p in self.recent_plans() if p != resolved]
        self._settings.setValue("recent/plans", [str(p) for p in plans[:MAX_RECENT]])

    def remove_recent_plan(self, path: Path) -> None:
        plans = [p for p in self.recent_plans() if p != path.resolve()]
        self._settings.setValue("recent/plans", [str(p) for p in plans])

    def last_plan(self) -> Path | None:
        plans = self.recent_plans()
        return plans[0] if plans else None

    def window_geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._settings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    def grid_state(self, name: str) -> tuple[QByteArray | None, dict[str, str]]:
        """A grid's column layout (widths, order, sort) and its filters, as last left."""
        header = self._settings.value(f"grids/{name}/header")
        filters = self._settings.value(f"grids/{name}/filters", {})
        return (
            header if isinstance(header, QByteArray) else None,
            {str(k): str(v) for k, v in filters.items()} if isinstance(filters, dict) else {},
        )

    def save_grid_state(self, name: str, header: QByteArray, filters: dict[str, str]) -> None:
        self._settings.setValue(f"grids/{name}/header", header)
        self._settings.setValue(f"grids/{name}/filters", filters)

    def backups_to_keep(self) -> int:
        value = self._settings.value("backups/keep", DEFAULT_KEEP)
        try:
            return max(1, int(str(value)))
        except ValueError:
            return DEFAULT_KEEP

    def set_backups_to_keep(self, keep: int) -> None:
        self._settings.setValue("backups/keep", max(1, keep))

    def last_database(self) -> str:
        return str(self._settings.value("database/last", "") or "")

    def set_last_database(self, url: str) -> None:
        self._settings.setValue("database/last", url)

    def user_name(self) -> str:
        """Who changes are recorded as: the configured name, else the operating-system user."""
        value = self._settings.value("user/name", "")
        return str(value).strip() if value else default_user()

    def set_user_name(self, name: str) -> None:
        self._settings.setValue("user/name", name.strip())

    def sync(self) -> None:
        self._settings.sync()
