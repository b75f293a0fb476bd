"""Acts on the File menu: opens, creates and copies plans, and keeps the recent list; and
on the plan's settings and the period the window shows.

The window only lays out; this object owns the open Store and decides what happens. The
period a window shows is its own (View > Reporting Period, Ctrl+[ and Ctrl+]); the period
the plan reports on is a plan setting (File > Plan Settings…), and a window showing it
follows it when it changes (plan-settings.md).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from sqlalchemy import Table, event

from cypp_desktop import paths
from cypp_desktop.errors import ConflictError, CyppError
from cypp_desktop.files import safe_part
from cypp_desktop.models import Base
from cypp_desktop.store import PLAN_SUFFIX, Store, backups, transfer
from cypp_desktop.store.changes import EVERYTHING, Change
from cypp_desktop.store.demo import write_demo
from cypp_desktop.store.edits import record_restore
from cypp_desktop.store.engine import shown_url
from cypp_desktop.store.plan_settings import (
    SOURCE as SETTINGS_SOURCE,
)
from cypp_desktop.store.plan_settings import (
    PlanSettings,
    PlanSettingsError,
    plan_settings,
    reporting_periods,
    update_plan_settings,
)
from cypp_desktop.store.queries import current_period
from cypp_desktop.views.about_dialog import show_about
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.error_dialog import show_problem
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.period_switch import period_status
from cypp_desktop.views.plan_settings_dialog import PlanSettingsDialog
from cypp_desktop.views.restore_dialog import RestoreDialog
from cypp_desktop.views.store_events import StoreEvents
from cypp_desktop.views.worker import BackgroundTask, Cancelled, Progress, run_in_background

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


def copy_with_progress(store: Store, destination: Path, progress: Progress) -> Path:
    """A server plan's copy as a plan file, saying table by table how far it has got. When
    ``progress`` raises (Cancel), the copy stops and leaves no file, as any failure does.

    transfer.copy_rows reads each table with one SELECT on the connection it is given, so
    the connection's own before_execute event marks the start of each table.
    """
    tables = [table.name for table in Base.metadata.sorted_tables]

    def reading(_connection: Any, statement: Any, *_args: Any) -> None:
        for source in getattr(statement, "get_final_froms", list)():
            if isinstance(source, Table) and source.name in tables:
                done = tables.index(source.name)
                progress(done, len(tables), f"Copying {source.name.replace('_', ' ')}…")

    with store.read() as session:
        connection = session.connection()
        event.listen(connection, "before_execute", reading)
        try:
            return transfer.copy_to_file(connection, destination)
        finally:
            event.remove(connection, "before_execute", reading)


class PlanController(QObject):
    """Owns the open plan: its Store, the PlanContext the pages read, its change events."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.store: Store | None = None
        self.context: PlanContext | None = None
        self.reports_on = ""  # the period the plan reports on; context.period is the one shown
        self.settings_dialog: PlanSettingsDialog | None = None
        self.copy_task: BackgroundTask[Path] | None = None
        self._events: StoreEvents | None = None
        self.plan_settings_action = window.plan_settings_action
        self.period_menu = window.period_menu
        self.plan_settings_action.triggered.connect(self.edit_plan_settings)
        self.period_menu.chosen.connect(self.view_period)
        self.period_menu.menu.aboutToShow.connect(self._offer_periods)
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
            self.reports_on = current_period(session)
        self.context = PlanContext(
            store=store, period=self.reports_on, today=date.today(), user=self.settings.user_name()
        )
        self._events = StoreEvents(store, self)
        self._events.changed.connect(self._plan_changed)
        location = str(path) if path is not None else store.location
        self.window.show_plan(self.context, title=store.plan().title, location=location)
        self._offer_periods()
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
        if self.store.path is None:
            self._copy_in_background(self.store, Path(name))
            return
        try:
            copy = self.store.save_copy(Path(name))
        except (CyppError, OSError) as error:
            self._copy_failed(error)
            return
        self._copy_saved(copy)

    def _copy_in_background(self, store: Store, destination: Path) -> None:
        """A server's plan comes row by row over the network: off the GUI thread, with
        progress and Cancel. (A plan file's copy is SQLite's backup API: 25 ms for 50,000
        actions, so it is made at once.)"""
        self.copy_task = run_in_background(
            self.window,
            lambda progress: copy_with_progress(store, destination, progress),
            title="Saving a copy of the plan",
            on_success=self._copy_saved,
            on_failure=self._copy_failed,
        )

    def _copy_saved(self, copy: Path) -> None:
        self.window.statusBar().showMessage(f"Copy saved to {copy}", 8000)

    def _copy_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.window.statusBar().showMessage("Save a Copy cancelled; no file was written.", 8000)
        elif isinstance(error, CyppError | OSError):
            QMessageBox.warning(self.window, "Cannot save a copy", str(error))
        else:
            sys.excepthook(type(error), error, error.__traceback__)

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
        if self.context is None:
            return
        if change.touches("plan", "status", "indicator") and self._follow_the_plan(change):
            change = EVERYTHING
        if change.touches("plan"):
            self._show_title()
        self.window.plan_changed(change, self.context)
        self._show_period()

    def _follow_the_plan(self, change: Change) -> bool:
        """Re-read the period the plan reports on (set in its settings, or its latest quarter
        with data, which an import can move on). A window showing the plan's period moves
        with it, as does one whose user just set it; True when the window's period moved."""
        assert self.context is not None
        with self.context.store.read() as session:
            reports_on = current_period(session)
        if reports_on == self.reports_on:
            return False
        following = self.context.period == self.reports_on or change.source == SETTINGS_SOURCE
        self.reports_on = reports_on
        if not following or self.context.period == reports_on:
            return False
        self.context = replace(self.context, period=reports_on)
        return True

    def _show_title(self) -> None:
        assert self.context is not None
        store = self.context.store
        self.window.show_title(store.plan().title, read_only=store.read_only)

    # The period shown, and the plan's settings -------------------------------------------

    def view_period(self, period: str) -> None:
        """Show ``period`` in this window: every page judges it afresh; the plan, and what
        anyone else sees, are unchanged."""
        if self.context is None or period == self.context.period:
            return
        self.context = replace(self.context, period=period)
        self.window.plan_changed(EVERYTHING, self.context)
        self._show_period()

    def _show_period(self) -> None:
        if self.context is None:
            return
        self.window.period_label.setText(period_status(self.context.period, self.reports_on))
        self.window.period_label.setToolTip(
            "The period this window shows. View > Reporting Period (Ctrl+[ and Ctrl+]) shows "
            "another; File > Plan Settings… sets the one the plan reports on."
        )
        self.period_menu.show_periods(
            self.period_menu.periods, viewing=self.context.period, reports_on=self.reports_on
        )

    def _offer_periods(self) -> None:
        """The periods on offer, read afresh: an import may have brought a new one."""
        if self.context is None:
            return
        self.reports_on, periods = reporting_periods(self.context.store)
        self.period_menu.show_periods(
            periods, viewing=self.context.period, reports_on=self.reports_on
        )
        self._show_period()

    def edit_plan_settings(self) -> PlanSettingsDialog | None:
        """File > Plan Settings…: the dialog opens over the window; OK saves through
        ``_save_settings``, which closes it or says what to put right."""
        if self.context is None:
            return None
        dialog = PlanSettingsDialog(self.window)
        self._fill_settings(dialog, self.context.store)
        dialog.submitted.connect(lambda settings: self._save_settings(dialog, settings))
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    @staticmethod
    def _fill_settings(dialog: PlanSettingsDialog, store: Store) -> None:
        _reports_on, periods = reporting_periods(store)
        dialog.show_settings(plan_settings(store), periods, read_only=store.read_only)

    def _save_settings(self, dialog: PlanSettingsDialog, settings: PlanSettings) -> None:
        if self.context is None:
            return
        store = self.context.store
        try:
            update_plan_settings(
                store, settings, expected_version=settings.version, who=self.context.user
            )
        except ConflictError as error:
            answer = QMessageBox.question(
                dialog,
                "Plan settings",
                f"{error}\n\nReload the settings as they are now? What you typed here is lost.",
            )
            if answer == QMessageBox.StandardButton.Yes:
                self._fill_settings(dialog, store)
            else:
                dialog.show_problem(str(error))
            return
        except PlanSettingsError as error:
            dialog.show_problem(str(error), error.field)
            return
        except CyppError as error:
            dialog.show_problem(str(error))
            return
        dialog.accept()

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
        if self.copy_task is not None:
            self.copy_task.cancel_and_wait()  # it reads from the store about to close
            self.copy_task = None
        self.window.stop_background_work()
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
