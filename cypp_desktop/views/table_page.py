"""Read-only sortable tables of snapshot rows (the dashboard's): one look for them all."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
)

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
