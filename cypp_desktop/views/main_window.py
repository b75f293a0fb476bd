"""The main window: navigation between pages, menus and the status bar. Layout only; the
PlanController acts on the menu commands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from cypp_desktop.store.changes import Change
from cypp_desktop.views.audit_page import AuditPage
from cypp_desktop.views.context import Page, PlanContext
from cypp_desktop.views.dashboard_page import DashboardPage
from cypp_desktop.views.grids.actions_grid import ActionsGrid
from cypp_desktop.views.grids.grid_page import GridPage
from cypp_desktop.views.grids.indicators_grid import IndicatorsGrid
from cypp_desktop.views.grids.objectives_grid import ObjectivesGrid
from cypp_desktop.views.grids.priorities_grid import PrioritiesGrid
from cypp_desktop.views.grids.values_grid import ValuesGrid
from cypp_desktop.views.indicator_panel import IndicatorPanel
from cypp_desktop.views.meetings_page import MeetingsPage
from cypp_desktop.views.period_switch import PeriodMenu
from cypp_desktop.views.plan_page import PlanPage
from cypp_desktop.views.settings import AppSettings

APP_TITLE = "CYPP Desktop"
RETURN_SUFFIXES = {".xlsx", ".xlsm"}
GRID_COMMANDS = (
    ("copy", "&Copy", QKeySequence.StandardKey.Copy),
    ("paste", "&Paste", QKeySequence.StandardKey.Paste),
    ("fill_down", "Fill &Down", QKeySequence("Ctrl+D")),
    ("clear", "C&lear Cells", QKeySequence.StandardKey.Delete),
    ("add", "&Add Row", QKeySequence("Ctrl+Shift+N")),
    ("delete", "Dele&te Rows…", QKeySequence("Ctrl+Shift+Del")),
)
# The View menu's page letters: each page's initial, unless an earlier page has it.
PAGE_MNEMONICS = {"Priorities": "Priori&ties", "Audit": "A&udit"}


def name_for_screen_readers(page: QWidget, title: str) -> None:
    """Give a page, and the containers on it that have no name of their own, a name a screen
    reader can say: a scroll area is named after what it scrolls, a set of tabs after its
    page. Widgets already named keep their names."""
    if not page.accessibleName():
        page.setAccessibleName(f"{title} page")
    for tabs in page.findChildren(QTabWidget):
        if not tabs.accessibleName():
            tabs.setAccessibleName(f"{title} tabs")
    for area in page.findChildren(QScrollArea):
        inside = area.widget()
        if not area.accessibleName() and inside is not None:
            area.setAccessibleName(inside.accessibleName() or f"{title} scrolling area")


class MainWindow(QMainWindow):
    closing = Signal()
    recent_chosen = Signal(Path)
    files_dropped = Signal(list)  # of Path: returns dropped on the window

    def __init__(self, settings: AppSettings):
        super().__init__()
        self.settings = settings
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("mainWindow")
        # One undo history for every grid: Ctrl+Z undoes the last change wherever it was made.
        self.undo_stack = QUndoStack(self)
        self.dashboard = DashboardPage()
        self.plan_page = PlanPage()
        self.priorities_page = GridPage("Priorities", PrioritiesGrid(), self.undo_stack, settings)
        self.objectives_page = GridPage("Objectives", ObjectivesGrid(), self.undo_stack, settings)
        self.actions_page = GridPage("Actions", ActionsGrid(), self.undo_stack, settings)
        self.indicators_page = GridPage(
            "Indicators", IndicatorsGrid(), self.undo_stack, settings, companion=IndicatorPanel()
        )
        self.values_page = GridPage(
            "Values", ValuesGrid(), self.undo_stack, settings, companion=IndicatorPanel()
        )
        self.meetings_page = MeetingsPage(self.undo_stack)
        self.audit_page = AuditPage()
        self.pages: list[tuple[QWidget, str]] = [
            (self.dashboard, "Dashboard"),
            (self.plan_page, "Plan"),
            (self.priorities_page, "Priorities"),
            (self.objectives_page, "Objectives"),
            (self.actions_page, "Actions"),
            (self.indicators_page, "Indicators"),
            (self.values_page, "Values"),
            (self.meetings_page, "Meetings"),
            (self.audit_page, "Audit"),
        ]
        self._context: PlanContext | None = None
        self._stale: set[int] = set()
        self._build_body()
        self._build_menus()
        self._build_status_bar()
        self._restore_layout()
        self.setAcceptDrops(True)

    # Layout --------------------------------------------------------------------------------

    def _build_body(self) -> None:
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Pages")
        self.navigation.setAccessibleDescription(
            f"Choose a page; Ctrl+1 to Ctrl+{len(self.pages)} go straight to one."
        )
        self.navigation.setFixedWidth(150)
        # Polished now, not when first shown: the rows are laid out as the items go in, and
        # must be laid out with the style sheet's padding, or they are drawn on top of each
        # other.
        self.navigation.ensurePolished()
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Current page")
        for page, title in self.pages:
            self.navigation.addItem(title)
            self.stack.addWidget(page)
            name_for_screen_readers(page, title)
        self.navigation.currentRowChanged.connect(self._show_page)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.navigation.setCurrentRow(0)

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&File")
        self.new_action = self._action(menu, "&New Plan…", QKeySequence.StandardKey.New)
        self.open_action = self._action(menu, "&Open…", QKeySequence.StandardKey.Open)
        self.recent_menu = QMenu("Open &Recent", self)
        menu.addMenu(self.recent_menu)
        self.demo_action = self._action(menu, "Open &Demo Plan")
        self.open_database_action = self._action(menu, "Open Data&base…")
        menu.addSeparator()
        self.save_copy_action = self._action(menu, "Save a &Copy…", QKeySequence("Ctrl+Shift+S"))
        self.restore_action = self._action(menu, "Restore from Bac&kup…")
        self.export_pack_action = self._action(menu, "&Export Board Pack…", QKeySequence("Ctrl+E"))
        self.plan_settings_action = self._action(menu, "Plan &Settings…")
        menu.addSeparator()
        self.quit_action = self._action(menu, "&Quit", QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)

        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        for key, text, shortcut in GRID_COMMANDS:
            action = self._action(edit, text, shortcut)
            # The grid's own action holds the working shortcut; this one only shows it.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, k=key: self._grid_command(k))
        edit.addSeparator()
        self.user_name_action = self._action(edit, "Your &Name…")

        view = self.menuBar().addMenu("&View")
        for row, (_page, title) in enumerate(self.pages):
            text = PAGE_MNEMONICS.get(title, f"&{title}")
            action = self._action(view, text, QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.navigation.setCurrentRow(r))
        self.period_menu = PeriodMenu(self)
        view.addMenu(self.period_menu.menu)

        view.addSeparator()
        # Tab moves between a grid's cells and types a tab in a text box; F6 moves on from
        # them, as Tab does elsewhere (the Windows convention for moving between panes).
        self.next_pane_action = self._action(view, "Ne&xt Pane", QKeySequence("F6"))
        self.next_pane_action.triggered.connect(lambda: self.move_focus(forward=True))
        self.previous_pane_action = self._action(view, "Previous Pa&ne", QKeySequence("Shift+F6"))
        self.previous_pane_action.triggered.connect(lambda: self.move_focus(forward=False))
        view.addSeparator()
        self.present_action = self._action(view, "P&resent Meeting", QKeySequence("F5"))

        returns = self.menuBar().addMenu("&Returns")
        self.make_returns_action = self._action(returns, "&Make Returns…", QKeySequence("Ctrl+M"))
        self.import_returns_action = self._action(
            returns, "&Import Returns…", QKeySequence("Ctrl+I")
        )

        help_menu = self.menuBar().addMenu("&Help")
        self.user_guide_action = self._action(help_menu, "&User Guide", QKeySequence("F1"))
        self.welcome_action = self._action(help_menu, "&Welcome Screen…")
        help_menu.addSeparator()
        self.about_action = self._action(help_menu, "&About CYPP Desktop")

    def move_focus(self, *, forward: bool) -> None:
        """Focus the next (or previous) control in Tab order that is not part of the one with
        focus now: out of a grid, past its cells, or out of a text box."""
        start = QApplication.focusWidget()
        if start is None or start.window() is not self:
            start = self.navigation
        widget = start
        for _step in range(len(self.findChildren(QWidget)) + 1):  # once round the chain
            following = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
            if following is None or following is start:
                return
            widget = following
            if (
                widget.window() is self
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.focusProxy() is None
                and not start.isAncestorOf(widget)
            ):
                reason = (
                    Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
                )
                widget.setFocus(reason)
                return

    def _grid_command(self, key: str) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, GridPage):
            page.view.setFocus()
            page.view.actions_by_name[key].trigger()

    def _action(
        self,
        menu: QMenu,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        menu.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        self.file_label = QLabel()
        self.file_label.setAccessibleName("Plan file")
        self.period_label = QLabel()
        self.period_label.setAccessibleName("Current period")
        self.read_only_label = QLabel("Read-only")
        self.read_only_label.setObjectName("readOnlyBadge")
        self.read_only_label.setToolTip(
            "This plan cannot be changed: the file or folder is read-only."
        )
        self.read_only_label.hide()
        self.statusBar().addWidget(self.file_label, 1)
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.statusBar().addPermanentWidget(self.period_label)

    def _restore_layout(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            available = self.screen().availableGeometry()
            self.resize(
                min(1200, int(available.width() * 0.9)), min(780, int(available.height() * 0.9))
            )
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    # Showing a plan ------------------------------------------------------------------------

    # Drag and drop: returns dropped anywhere on the window are imported ---------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)

    @staticmethod
    def _dropped_files(mime: QMimeData) -> list[Path]:
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [p for p in paths if p.is_dir() or p.suffix.lower() in RETURN_SUFFIXES]

    def update_context(self, context: PlanContext) -> None:
        """The same plan, seen differently (another user name): no page needs reloading."""
        self._context = context
        for page, _title in self.pages:
            if isinstance(page, GridPage):
                page.use_context(context)

    def show_plan(self, context: PlanContext, *, title: str, location: str) -> None:
        """Show a newly opened plan: every page is stale; the visible one loads now."""
        self._context = context
        read_only = context.store.read_only
        self.show_title(title, read_only=read_only)
        self.file_label.setText(location)
        self.file_label.setToolTip(location)
        self.period_label.setText(f"Period: {context.period}")
        self.read_only_label.setVisible(read_only)
        self._stale = set(range(len(self.pages)))
        self.undo_stack.clear()
        self._show_page(self.stack.currentIndex())

    def show_title(self, title: str, *, read_only: bool) -> None:
        self.setWindowTitle(f"{title} — {APP_TITLE}{' (read-only)' if read_only else ''}")

    def plan_changed(self, change: Change, context: PlanContext) -> None:
        """Pages that show what changed are out of date; the visible one reloads now. A grid
        takes a change to its own rows in place, keeping its scroll position and selection."""
        self._context = context
        for row, (page, _title) in enumerate(self.pages):
            assert isinstance(page, Page)
            if not change.touches(*page.watches):
                continue
            if isinstance(page, GridPage) and row not in self._stale and page.absorb(change):
                continue
            self._stale.add(row)
        self._show_page(self.stack.currentIndex())

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        if self._context is not None and row in self._stale:
            self._stale.discard(row)
            page, _title = self.pages[row]
            assert isinstance(page, Page)
            page.load(self._context)

    def current_page_title(self) -> str:
        return self.pages[self.stack.currentIndex()][1]

    def set_recent(self, plans: list[Path]) -> None:
        self.recent_menu.clear()
        for number, plan in enumerate(plans, start=1):
            action = self.recent_menu.addAction(f"&{number} {plan.name}")
            action.setToolTip(str(plan))
            action.setStatusTip(str(plan))
            action.triggered.connect(lambda _checked=False, p=plan: self.recent_chosen.emit(p))
        self.recent_menu.setEnabled(bool(plans))

    def stop_background_work(self) -> None:
        """Before the plan closes: pages stop reading it in the background."""
        for page, _title in self.pages:
            if isinstance(page, GridPage):
                page.stop_background_work()

    def closeEvent(self, event: QCloseEvent) -> None:
        for page, _title in self.pages:
            if isinstance(page, GridPage):
                page.details.save_pending()
                page.save_state()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self.closing.emit()
        super().closeEvent(event)
