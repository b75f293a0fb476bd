"""A grid page: filter bar, the grid, and the selected row's details. Layout, plus the
wiring between them; the controller does the work."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QScrollArea, QSplitter, QVBoxLayout, QWidget

from cypp_desktop.store.changes import Change
from cypp_desktop.views.context import RAG_INPUTS, PlanContext
from cypp_desktop.views.grids.columns import Editor, GridColumn
from cypp_desktop.views.grids.controller import GridController
from cypp_desktop.views.grids.definition import GridDefinition
from cypp_desktop.views.grids.details_editor import DetailsEditor
from cypp_desktop.views.grids.filter_bar import FilterBar
from cypp_desktop.views.grids.grid_model import GridModel
from cypp_desktop.views.grids.grid_view import GridView
from cypp_desktop.views.indicator_panel import IndicatorPanel
from cypp_desktop.views.settings import AppSettings

Row = TypeVar("Row")


class GridPage(QWidget, Generic[Row]):
    watches = RAG_INPUTS

    def __init__(
        self,
        title: str,
        definition: GridDefinition[Row],
        undo_stack: QUndoStack,
        settings: AppSettings,
        parent: QWidget | None = None,
        *,
        companion: IndicatorPanel | None = None,
    ):
        super().__init__(parent)
        self.title = title
        self.definition = definition
        self.settings = settings
        self.model: GridModel[Row] = GridModel([], definition.row_id, self)
        self.model.row_header = definition.row_header
        self.view = GridView(self.model, title)
        self.view.can_add = definition.can_add
        self.view.can_delete = definition.can_delete
        self.controller: GridController[Row] = GridController(
            definition, self.model, undo_stack, self
        )
        self.filters = FilterBar(title, definition.filters())
        self.details = DetailsEditor(definition.detail_fields, title)
        self.details.commit = self._commit_detail
        # A companion shows more of the selected row beside its details (an indicator's chart).
        self.companion = companion
        below: QWidget = self.details
        if companion is not None:
            below = QSplitter(Qt.Orientation.Horizontal)
            if definition.detail_fields:
                below.addWidget(self.details)
            # Scrolled, so a small screen can still give the grid most of the height.
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            scroller.setWidget(companion)
            below.addWidget(scroller)
            below.setStretchFactor(below.count() - 1, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 4 if companion is None else 3)
        splitter.setStretchFactor(1, 1 if companion is None else 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        self._context: PlanContext | None = None
        self._restored = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(300)
        self._save_timer.timeout.connect(self.save_state)

        self.filters.changed.connect(self._apply_filters)
        self.controller.problem.connect(self._show_problem)
        self.view.problem.connect(self._show_problem)
        self.view.add_requested.connect(self._add_row)
        self.view.delete_requested.connect(self.controller.delete_rows)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        header = self.view.horizontalHeader()
        for signal in (header.sectionResized, header.sectionMoved, header.sortIndicatorChanged):
            signal.connect(lambda *_args: self._save_timer.start())
        self.model.modelReset.connect(self._update_count)
        self.model.layoutChanged.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.controller.completed.connect(self._update_count)

    # The Page protocol (views/context.py) ------------------------------------------------

    def load(self, context: PlanContext) -> None:
        self._context = context
        self.controller.load(context)
        self.view.delegate.names = {
            editor: sorted(names) for editor, names in self.definition.known_names().items()
        }
        self.filters.fill_choices()
        if not self._restored:
            self._restore_state()
        else:
            self._apply_filters()
        self.details.clear_item()
        column = self.definition.column_to_show(self.model.columns, context.period)
        if column is not None and self.model.rowCount():
            QTimer.singleShot(0, lambda: self._scroll_to_column(column))

    def _scroll_to_column(self, column: int) -> None:
        bar = self.view.horizontalScrollBar()
        bar.setValue(min(bar.maximum(), self.view.columnViewportPosition(column) + bar.value()))

    def use_context(self, context: PlanContext) -> None:
        if self._context is not None:
            self._context = context
            self.controller.context = context

    def absorb(self, change: Change) -> bool:
        """Take a change in place when it only touches this grid's own rows (and perhaps
        adds an owner or organisation, as an edit naming a new one does)."""
        kind = self.definition.kind.value
        names = {"owner", "organisation"}
        if self._context is None or not change.kinds - names <= {kind, "status"}:
            return False
        items = {
            (item_kind, item_id) for item_kind, item_id in change.items if item_kind not in names
        }
        ids = [item_id for item_kind, item_id in items if item_kind == kind]
        if len(ids) != len(items):
            return False
        if items and items <= self.controller.own_change:
            return True  # our own edit: rows and names already refreshed when it was made
        if change.kinds & names:
            self.controller.refresh_names()
        if not ids:
            return True
        self.controller.refresh(ids)
        self._show_current_details()
        return True

    # Filters and state ---------------------------------------------------------------------

    def _apply_filters(self) -> None:
        state = self.filters.state()
        self.model.set_filters(
            state.get("quick", ""),
            {
                spec.key: spec.test(state[spec.key])
                for spec in self.definition.filters()
                if spec.key in state
            },
        )
        self._update_count()
        self._save_timer.start()

    def _update_count(self) -> None:
        note, why = "", ""
        if self.controller.partial and self.controller.read_failed:
            note, why = " (not all)", "The rest of the rows could not be read; reopen the plan."
        elif self.controller.partial:
            note = " so far…"
            why = (
                "The rest of the rows are being read. Sorting and filtering take them in "
                "as they arrive."
            )
        self.filters.show_count(self.model.rowCount(), len(self.model.rows), note=note)
        self.filters.count.setToolTip(why)

    def stop_background_work(self) -> None:
        """Before the plan closes: stop reading it."""
        self.controller.stop_background_work()

    def _restore_state(self) -> None:
        self._restored = True
        header_state, filters = self.settings.grid_state(self.definition.name)
        header = self.view.horizontalHeader()
        if header_state is None or not header.restoreState(header_state):
            self._fit_columns()
        self.filters.restore(filters)

    def _fit_columns(self) -> None:
        """Each column wide enough for its header and for ``max_chars`` of its values."""
        metrics = self.view.fontMetrics()
        character = metrics.averageCharWidth()
        for column, spec in enumerate(self.model.columns):
            header = max(metrics.horizontalAdvance(line) for line in spec.header.split("\n"))
            self.view.setColumnWidth(column, max(spec.max_chars * character, header) + 16)

    def save_state(self) -> None:
        if self._restored:
            self.settings.save_grid_state(
                self.definition.name,
                self.view.horizontalHeader().saveState(),
                self.filters.state(),
            )

    # Rows and details --------------------------------------------------------------------

    def _add_row(self) -> None:
        current = self.view.currentIndex()
        near = self.model.row_at(current.row()) if current.isValid() else None
        item_id = self.controller.add_row(near)
        if item_id is not None:
            row = self.model.visible_row_of(item_id)
            if row is not None:
                index = self.model.index(row, 1 if self.model.columnCount() > 1 else 0)
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.details.save_pending()
        self._show_current_details()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_count()

    def _show_current_details(self) -> None:
        current = self.view.currentIndex()
        if self._context is None or not current.isValid():
            self.details.clear_item()
            if self.companion is not None and self._context is not None:
                self.companion.show_indicator(self._context, None)
            return
        row = self.model.row_at(current.row())
        if self.companion is not None:
            self.companion.show_indicator(self._context, self.definition.item_id(row))
        with self._context.store.read() as session:
            summary, values = self.definition.details(session, row, self._context.period)
        self.details.show_item(summary, values, editable=not self._context.store.read_only)

    def _commit_detail(self, field: str, text: str) -> bool:
        current = self.view.currentIndex()
        if not current.isValid():
            return False
        label = dict(self.definition.detail_fields).get(field, field)
        column: GridColumn[Any] = GridColumn(
            label, lambda _r: "", field=field, editor=Editor.MULTILINE
        )
        return self.controller.handle_cells([(self.model.row_at(current.row()), column, text)])

    def _show_problem(self, message: str) -> None:
        QMessageBox.warning(self, self.title, message)
