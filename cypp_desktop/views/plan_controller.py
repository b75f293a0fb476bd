"""Acts on the File menu: opens, creates and copies plans, and keeps the recent list.

The window only lays out; this object owns the open Store and decides what happens.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from cypp_desktop import paths
from cypp_desktop.errors import CyppError
from cypp_desktop.files import safe_part
from cypp_desktop.store import PLAN_SUFFIX, Store, backups
from cypp_desktop.store.changes import Change
from cypp_desktop.store.demo import write_demo
from cypp_desktop.store.edits import record_restore
from cypp_desktop.store.engine import shown_url
from cypp_desktop.store.queries import current_period
from cypp_desktop.views.about_dialog import show_about
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.error_dialog import show_problem
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.restore_dialog import RestoreDialog
from cypp_desktop.views.store_events import StoreEvents

FILE_FILTER = f"CYPP plans (*{PLAN_SUFFIX});;All files (*)"
DEMO_NAME = f"Demo plan{PLAN_SUFFIX}"


def demo_plan_path() -> Path:
    return paths.data_dir() / DEMO_NAME


def ensure_demo_plan() -> Path:
    """The demo plan in the user's data folder, written on first use and kept thereafter."""
    path = demo_plan_path()
    if not path.exists():
        write_demo(path)
    return path


class PlanController(QObject):
    """Owns the open plan: its Store, the PlanContext the pages read, its change events."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.store: Store | None = None
        self.context: PlanContext | None = None
        self._events: StoreEvents | None = None
        window.new_action.triggered.connect(self.new_plan)
        window.open_action.triggered.connect(self.choose_and_open)
        window.demo_action.triggered.connect(self.open_demo)
        window.save_copy_action.triggered.connect(self.save_copy)
        window.about_action.triggered.connect(lambda: show_about(window))
        window.recent_chosen.connect(self.open_plan)
        window.closing.connect(self.close_plan)
        window.export_pack_action.triggered.connect(self.export_pack)
        window.make_returns_action.triggered.connect(self.make_returns)
        window.import_returns_action.triggered.connect(lambda: self.import_returns([]))
        window.files_dropped.connect(self.import_returns)
        window.user_name_action.triggered.connect(self.ask_user_name)
        window.present_action.triggered.connect(self.present)
        window.restore_action.triggered.connect(self.restore_from_backup)
        window.open_database_action.triggered.connect(self.choose_database)
        window.set_recent(self.settings.recent_plans())

    def open_plan(self, path: Path) -> bool:
        """Open ``path`` in the window; on failure say why and keep the current plan open."""
        try:
            store = Store.open(path)
        except CyppError as error:
            show_problem(self.window, "Cannot open plan", error)
            if not path.exists():
                self.settings.remove_recent_plan(path)
                self.window.set_recent(self.settings.recent_plans())
            return False
        self._show(store, path)
        return True

    def open_database(self, url: str) -> bool:
        """Open a plan held on a database server (PostgreSQL) by its SQLAlchemy URL."""
        try:
            store = Store.open(url)
        except CyppError as error:
            show_problem(self.window, "Cannot open database", error)
            return False
        self.settings.set_last_database(shown_url(url))
        self._show(store, None)
        return True

    def choose_database(self) -> None:
        url, accepted = QInputDialog.getText(
            self.window,
            "Open database",
            "The plan's database, as a URL, e.g.\n"
            "postgresql+psycopg://officer@trust-server/cypp_plan\n"
            "(a password, if the server asks for one, goes after the user name: user:password@…)",
            text=self.settings.last_database(),
        )
        if accepted and url.strip():
            self.open_database(url.strip())

    def _show(self, store: Store, path: Path | None) -> None:
        self.close_plan()
        self.store = store
        store.keep_backups = self.settings.backups_to_keep()
        if store.path is not None and not store.read_only:
            try:
                backups.daily(store.path, keep=store.keep_backups)
            except OSError as error:
                self.window.statusBar().showMessage(f"Could not take today's backup: {error}")
        with store.read() as session:
            period = current_period(session)
        self.context = PlanContext(
            store=store, period=period, today=date.today(), user=self.settings.user_name()
        )
        self._events = StoreEvents(store, self)
        self._events.changed.connect(self._plan_changed)
        location = str(path) if path is not None else store.location
        self.window.show_plan(self.context, title=store.plan().title, location=location)
        if path is not None:
            self.settings.add_recent_plan(path)
            self.window.set_recent(self.settings.recent_plans())

    def choose_and_open(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open plan", self._folder(), FILE_FILTER)
        if name:
            self.open_plan(Path(name))

    def open_demo(self) -> None:
        try:
            path = ensure_demo_plan()
        except CyppError as error:
            show_problem(self.window, "Cannot write the demo plan", error)
            return
        self.open_plan(path)

    def new_plan(self) -> None:
        title, accepted = QInputDialog.getText(self.window, "New plan", "Title of the plan:")
        if not accepted or not title.strip():
            return
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            "Create plan file",
            str(Path(self._folder()) / f"{title.strip()}{PLAN_SUFFIX}"),
            FILE_FILTER,
        )
        if not name:
            return
        path = Path(name).with_suffix(PLAN_SUFFIX)
        try:
            store = Store.create(path, title=title.strip(), overwrite=path.exists())
        except CyppError as error:
            show_problem(self.window, "Cannot create plan", error)
            return
        self._show(store, path)

    def save_copy(self) -> None:
        if self.store is None:
            return
        if self.store.path is not None:
            suggestion = self.store.path.with_name(f"{self.store.path.stem} copy{PLAN_SUFFIX}")
        else:
            title = safe_part(self.store.plan().title)
            suggestion = Path(self._folder()) / f"{title} offline copy{PLAN_SUFFIX}"
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save a copy of the plan", str(suggestion), FILE_FILTER
        )
        if not name:
            return
        try:
            copy = self.store.save_copy(Path(name))
        except (CyppError, OSError) as error:
            QMessageBox.warning(self.window, "Cannot save a copy", str(error))
            return
        self.window.statusBar().showMessage(f"Copy saved to {copy}", 8000)

    def ask_user_name(self) -> None:
        """Edit > Your Name: who this computer's changes are recorded as in the audit trail."""
        name, accepted = QInputDialog.getText(
            self.window,
            "Your name",
            "Changes you make are recorded under this name (blank: your computer login):",
            text=self.settings.user_name(),
        )
        if not accepted:
            return
        self.settings.set_user_name(name)
        if self.context is not None:
            self.context = replace(self.context, user=self.settings.user_name())
            self.window.update_context(self.context)

    def _plan_changed(self, change: Change) -> None:
        if self.context is not None:
            self.window.plan_changed(change, self.context)

    def restore_from_backup(self) -> None:
        if self.store is None or self.store.path is None:
            return
        path = self.store.path
        dialog = RestoreDialog(
            backups.snapshots(path), self.settings.backups_to_keep(), self.window
        )
        accepted = dialog.exec() == RestoreDialog.DialogCode.Accepted
        self.settings.set_backups_to_keep(dialog.keep.value())
        chosen = dialog.chosen()
        if not accepted or chosen is None:
            return
        answer = QMessageBox.question(
            self.window,
            "Restore from backup",
            f"Put back the plan as it was on {chosen.taken_at:%d %B %Y at %H:%M} "
            f"({chosen.reason})? The plan as it is now is kept as a backup first.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.close_plan()
        try:
            safety = backups.restore(path, chosen, keep=self.settings.backups_to_keep())
        except OSError as error:
            QMessageBox.warning(self.window, "Restore from backup", f"{path}: {error}")
            self.open_plan(path)
            return
        if self.open_plan(path) and self.store is not None:
            record_restore(self.store, chosen, safety, who=self.settings.user_name())
            self.window.statusBar().showMessage(
                f"Restored the backup of {chosen.taken_at:%d %b %Y %H:%M}; "
                f"the plan as it was is kept as {safety.name}.",
                10_000,
            )

    def close_plan(self) -> None:
        if self._events is not None:
            self._events.close()
            self._events = None
        if self.store is not None:
            self.store.close()
            self.store = None
            self.context = None

    # Work that lives in its own modules, loaded when first asked for --------------------

    def export_pack(self) -> None:
        if self.context is not None:
            from cypp_desktop.views.pack_export import export_pack

            export_pack(self.window, self.context)

    def present(self) -> None:
        """F5: walk the chosen meeting's agenda full screen (the meeting selected on the
        Meetings page, else the next or latest one)."""
        if self.context is not None:
            from cypp_desktop.views.presenter import present

            present(self.window, self.context, self.window.meetings_page.selected_meeting_id())

    def make_returns(self) -> None:
        if self.context is not None:
            from cypp_desktop.views.returns_ui import make_returns

            make_returns(self.window, self.context)

    def import_returns(self, files: list[Path]) -> None:
        """Import returns: ``files`` dropped on the window, or chosen in a dialog if none."""
        if self.context is not None:
            from cypp_desktop.views.returns_ui import import_returns

            import_returns(self.window, self.context, files)

    def _folder(self) -> str:
        last = self.settings.last_plan()
        return str(last.parent) if last else str(Path.home())
