"""Cell editors for the grids, chosen by each column's Editor kind.

Whatever the editor, what reaches the model is text, read by the column's parser: a date
typed as 31/03/2012 or 31 Mar 2012, a RAG as R, A, G or B, a name picked or typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cypp_desktop.models import ActionStatus, Rag
from cypp_desktop.models.parsing import EXPECTED_DATE, EXPECTED_PERCENT
from cypp_desktop.views.grids.columns import Editor, GridColumn
from cypp_desktop.views.grids.grid_model import GridModel
from cypp_desktop.views.rag_style import paint_chip
from cypp_desktop.views.table_model import RagRole

Index = QModelIndex | QPersistentModelIndex
_LOADED = "cyppEditorLoaded"

PLACEHOLDERS = {
    Editor.DATE: EXPECTED_DATE,
    Editor.PERCENT: EXPECTED_PERCENT,
    Editor.RAG: "R, A, G or B; blank follows the rules",
    Editor.NUMBER: "a number",
}


class GridDelegate(QStyledItemDelegate):
    def __init__(self, model: GridModel[Any], parent: QObject | None = None):
        super().__init__(parent)
        self.model = model
        self.names: dict[Editor, list[str]] = {}  # owner and organisation names to offer

    def _column(self, index: Index) -> GridColumn[Any]:
        return self.model.columns[index.column()]

    # Editors ---------------------------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self._column(index)
        row = self.model.row_at(index.row())
        match column.editor:
            case Editor.MULTILINE:
                editor: QWidget = _CommentaryEditor(parent, self)
            case Editor.STATUS:
                editor = _combo(parent, [status.label for status in ActionStatus], editable=False)
            case Editor.OWNER | Editor.ORGANISATION:
                editor = _combo(parent, self.names.get(column.editor, []), editable=True)
            case Editor.CHOICE:
                options = list(column.choices(row)) if column.choices else []
                editor = _combo(parent, ["", *options], editable=False)
            case _:
                line = QLineEdit(parent)
                line.setPlaceholderText(PLACEHOLDERS.get(column.editor, ""))
                if column.editor is Editor.RAG:
                    line.setMaxLength(6)
                editor = line
        editor.setAccessibleName(f"Edit {column.header}")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        # Qt calls this again whenever the row changes underneath an open editor (a refresh
        # after someone else's edit); what the user is typing must not be thrown away.
        if editor.property(_LOADED):
            return
        editor.setProperty(_LOADED, True)
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            found = editor.findText(text, Qt.MatchFlag.MatchFixedString)
            if found >= 0:
                editor.setCurrentIndex(found)
            elif editor.isEditable():
                editor.setEditText(text)
            line = editor.lineEdit()
            if line is not None:
                line.selectAll()  # typing replaces the name, as in every other cell
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
            editor.selectAll()  # typing replaces, as it does in every other cell
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            text = editor.currentText()
        elif isinstance(editor, QPlainTextEdit):
            text = editor.toPlainText()
        elif isinstance(editor, QLineEdit):
            text = editor.text()
        else:
            return
        if text != str(index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, text, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect = rect.adjusted(0, 0, max(0, 320 - rect.width()), rect.height() * 4)
        editor.setGeometry(rect)


def _combo(parent: QWidget, items: list[str], *, editable: bool) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItems(items)
    combo.setEditable(editable)
    if editable:
        # Inline completion: typing "Jul" offers "Julie Webster" in place, and Enter saves
        # at once; a pop-up list would take the first Enter for itself.
        completer = QCompleter(items, combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        combo.setCompleter(completer)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


class _CommentaryEditor(QPlainTextEdit):
    """Enter saves, as in every other cell; Shift+Enter starts a new line; Tab moves on."""

    def __init__(self, parent: QWidget, delegate: QStyledItemDelegate):
        super().__init__(parent)
        self._delegate = delegate

    def _finish(self, hint: QAbstractItemDelegate.EndEditHint) -> None:
        self._delegate.commitData.emit(self)
        self._delegate.closeEditor.emit(self, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self._finish(QAbstractItemDelegate.EndEditHint.SubmitModelCache)
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            forward = event.key() == Qt.Key.Key_Tab
            self._finish(
                QAbstractItemDelegate.EndEditHint.EditNextItem
                if forward
                else QAbstractItemDelegate.EndEditHint.EditPreviousItem
            )
            return True
        return super().event(event)


class RagChipDelegate(GridDelegate):
    """The delegate of RAG columns: a RAG cell paints as a chip with its letter. Only those
    columns have it; the others paint in Qt's own code, without a call into Python for each
    cell of every repaint."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        value = index.data(RagRole)
        if not value:
            super().paint(painter, option, index)
            return
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        paint_chip(painter, option.rect, Rag(value))
