"""A page that is a sortable table with a details pane for the selected row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.views.details import DetailsPane
from cypp_desktop.views.rag_delegate import RagDelegate
from cypp_desktop.views.table_model import SnapshotTableModel

Row = TypeVar("Row")


def make_table(model: SnapshotTableModel[Row], name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name.replace(" ", "_").lower())
    table.setAccessibleName(name)
    table.setModel(model)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)  # plan order until the user clicks a header
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)
    delegate = RagDelegate(table)
    for column, spec in enumerate(model.columns):
        if spec.rag is not None:
            table.setItemDelegateForColumn(column, delegate)
    return table


def fit_columns(table: QTableView, model: SnapshotTableModel[Row]) -> None:
    """Columns as wide as their contents, but no wider than each column's ``max_chars``."""
    table.resizeColumnsToContents()
    character = table.fontMetrics().averageCharWidth()
    for column, spec in enumerate(model.columns):
        table.setColumnWidth(column, min(table.columnWidth(column), spec.max_chars * character))


class TablePage(QWidget, Generic[Row]):
    """Layout only: the page that owns it loads rows and says how a row's details read."""

    def __init__(
        self,
        model: SnapshotTableModel[Row],
        name: str,
        describe: Callable[[Row, DetailsPane], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.model = model
        self.table = make_table(model, name)
        self.details = DetailsPane(name=f"{name} details")
        self._describe = describe
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    def set_rows(self, rows: list[Row]) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table, self.model)
        self.details.clear()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._describe(self.model.row_at(rows[0].row()), self.details)
        else:
            self.details.clear()
