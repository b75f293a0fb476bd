"""The grid's table view, with the habits of a spreadsheet.

Enter moves down and Tab moves right; typing starts an edit; Delete clears the selected
cells; Ctrl+C and Ctrl+V copy and paste rectangular ranges as Excel does (tab-separated);
Ctrl+D fills the top cell of each selected column down. Adding and deleting rows are asked
of the page (it knows the controller); the view itself only reads and arranges cells.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QWidget,
)

from cypp_desktop.views.grids.delegates import GridDelegate, RagChipDelegate
from cypp_desktop.views.grids.grid_model import GridModel
from cypp_desktop.views.grids.tsv import format_tsv, parse_tsv

MAX_PASTE_CELLS = 200_000


class GridView(QTableView):
    add_requested = Signal()
    delete_requested = Signal(list)  # the selected rows (row objects)
    problem = Signal(str)

    def __init__(self, model: GridModel[Any], name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid_model = model
        self.setObjectName(f"{name.lower().replace(' ', '_')}_grid")
        self.setAccessibleName(f"{name} grid")
        self.setModel(model)
        self.delegate = GridDelegate(model, self)
        self.setItemDelegate(self.delegate)
        self._chips = RagChipDelegate(model, self)
        model.modelReset.connect(self._delegates_by_column)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        header = self.verticalHeader()
        header.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setSectionsMovable(True)
        self.can_add = False
        self.can_delete = False
        self.actions_by_name = self._make_actions()

    def _delegates_by_column(self) -> None:
        """RAG columns paint chips; the columns a grid has change with the period shown."""
        for column in range(max(self.grid_model.columnCount(), self.horizontalHeader().count())):
            is_rag = column < len(self.grid_model.columns) and self.grid_model.columns[column].rag
            self.setItemDelegateForColumn(column, self._chips if is_rag else self.delegate)

    # Actions (also the context menu) --------------------------------------------------------

    def _make_actions(self) -> dict[str, QAction]:
        specs: list[tuple[str, str, QKeySequence | QKeySequence.StandardKey, Any]] = [
            ("copy", "&Copy", QKeySequence.StandardKey.Copy, self.copy_selection),
            ("paste", "&Paste", QKeySequence.StandardKey.Paste, self.paste),
            ("fill_down", "Fill &Down", QKeySequence("Ctrl+D"), self.fill_down),
            ("clear", "C&lear Cells", QKeySequence.StandardKey.Delete, self.clear_cells),
            ("add", "&Add Row", QKeySequence("Ctrl+Shift+N"), self.add_requested.emit),
            ("delete", "De&lete Rows…", QKeySequence("Ctrl+Shift+Del"), self._ask_delete),
        ]
        actions = {}
        for key, text, shortcut, slot in specs:
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            actions[key] = action
        return actions

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        for key in ("copy", "paste", "fill_down", "clear"):
            menu.addAction(self.actions_by_name[key])
        if self.can_add or self.can_delete:
            menu.addSeparator()
        if self.can_add:
            menu.addAction(self.actions_by_name["add"])
        if self.can_delete:
            menu.addAction(self.actions_by_name["delete"])
        menu.exec(event.globalPos())

    # Keys ----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                self.clear_cells()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._move(1, 0)
                return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter in an editor saves and moves down, as in a spreadsheet."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self._move(1, 0)
            return
        super().closeEditor(editor, hint)

    def _move(self, rows: int, columns: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        target = self.grid_model.index(
            min(max(current.row() + rows, 0), self.grid_model.rowCount() - 1),
            min(max(current.column() + columns, 0), self.grid_model.columnCount() - 1),
        )
        self.setCurrentIndex(target)

    # Ranges --------------------------------------------------------------------------------

    def _selected(self) -> list[QModelIndex]:
        return sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))

    def _bounds(self) -> tuple[int, int, int, int] | None:
        cells = self._selected()
        if not cells:
            current = self.currentIndex()
            return (current.row(), current.column(), 1, 1) if current.isValid() else None
        rows = [i.row() for i in cells]
        columns = [i.column() for i in cells]
        return min(rows), min(columns), max(rows) - min(rows) + 1, max(columns) - min(columns) + 1

    def copy_selection(self) -> None:
        bounds = self._bounds()
        if bounds is None:
            return
        top, left, height, width = bounds
        model = self.grid_model
        rows = [
            [
                str(model.index(top + r, left + c).data(Qt.ItemDataRole.EditRole) or "")
                for c in range(width)
            ]
            for r in range(height)
        ]
        QGuiApplication.clipboard().setText(format_tsv(rows))

    def paste(self) -> None:
        """Paste a block at the current cell; a single value fills the whole selection."""
        text = QGuiApplication.clipboard().text()
        if not text:
            return
        block = parse_tsv(text)
        bounds = self._bounds()
        if not block or bounds is None:
            return
        top, left, height, width = bounds
        if len(block) == 1 and len(block[0]) == 1 and height * width > 1:
            block = [[block[0][0]] * width for _ in range(height)]
        model = self.grid_model
        cells_needed = len(block) * max(len(r) for r in block)
        if (
            top + len(block) > model.rowCount()
            or left + max(len(r) for r in block) > model.columnCount()
        ):
            self.problem.emit(
                f"Nothing was pasted: the {len(block)} × {max(len(r) for r in block)} block "
                "does not fit in the grid from the selected cell."
            )
            return
        if cells_needed > MAX_PASTE_CELLS:
            self.problem.emit(f"Nothing was pasted: more than {MAX_PASTE_CELLS:,} cells.")
            return
        read_only = sorted(
            {
                model.columns[left + c].header
                for row in block
                for c, _text in enumerate(row)
                if not model.columns[left + c].editable
            }
        )
        if read_only:
            self.problem.emit(
                "Nothing was pasted: the block covers columns that are worked out, not "
                f"typed ({', '.join(read_only)})."
            )
            return
        cells = [
            (top + r, left + c, value) for r, row in enumerate(block) for c, value in enumerate(row)
        ]
        if model.cell_edits(cells):
            selection = self.selectionModel()
            selection.select(
                _range(model, top, left, len(block), max(len(r) for r in block)),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )

    def fill_down(self) -> None:
        bounds = self._bounds()
        if bounds is None or bounds[2] < 2:
            return
        top, left, height, width = bounds
        model = self.grid_model
        cells = [
            (
                top + r,
                left + c,
                str(model.index(top, left + c).data(Qt.ItemDataRole.EditRole) or ""),
            )
            for c in range(width)
            if model.columns[left + c].editable
            for r in range(1, height)
        ]
        model.cell_edits(cells)

    def clear_cells(self) -> None:
        cells = [
            (index.row(), index.column(), "")
            for index in self._selected() or [self.currentIndex()]
            if index.isValid() and self.grid_model.columns[index.column()].editable
        ]
        if cells:
            self.grid_model.cell_edits(cells)

    def selected_rows(self) -> list[Any]:
        rows = sorted({index.row() for index in self._selected()} or {self.currentIndex().row()})
        return [self.grid_model.row_at(r) for r in rows if r >= 0]

    def _ask_delete(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.delete_requested.emit(rows)


def _range(model: GridModel[Any], top: int, left: int, height: int, width: int) -> QItemSelection:
    return QItemSelection(model.index(top, left), model.index(top + height - 1, left + width - 1))
