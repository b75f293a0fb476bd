"""The details pane under a grid: the selected row's long text, editable, and its RAG story."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

Commit = Callable[[str, str], bool]  # (field, text) -> accepted


class DetailsEditor(QScrollArea):
    """Labelled multi-line fields saved when the cursor leaves them (each save is undoable),
    under a read-only summary."""

    def __init__(self, fields: list[tuple[str, str]], name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(f"{name} details")
        body = QWidget()
        layout = QVBoxLayout(body)
        self.summary = QLabel("Select a row to see and edit its details.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(self.summary.textFormat().RichText)
        self.summary.setAccessibleName(f"{name} summary")
        layout.addWidget(self.summary)
        form = QFormLayout()
        self.editors: dict[str, QPlainTextEdit] = {}
        self._saved: dict[str, str] = {}
        for field, label in fields:
            editor = QPlainTextEdit()
            editor.setAccessibleName(label)
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(editor.fontMetrics().height() * 4 + 12)
            editor.installEventFilter(self)
            editor.setEnabled(False)
            form.addRow(label, editor)
            self.editors[field] = editor
        layout.addLayout(form)
        layout.addStretch(1)
        self.setWidget(body)
        self.commit: Commit | None = None

    def show_item(self, summary_html: str, values: dict[str, str], *, editable: bool) -> None:
        self.summary.setText(summary_html)
        self._saved = dict(values)
        for field, editor in self.editors.items():
            editor.setPlainText(values.get(field, ""))
            editor.setEnabled(editable)

    def clear_item(self) -> None:
        self.summary.setText("Select a row to see and edit its details.")
        self._saved = {}
        for editor in self.editors.values():
            editor.clear()
            editor.setEnabled(False)

    def save_pending(self) -> None:
        for field, editor in self.editors.items():
            self._save(field, editor)

    def _save(self, field: str, editor: QPlainTextEdit) -> None:
        text = editor.toPlainText()
        if field not in self._saved or text == self._saved[field] or self.commit is None:
            return
        if self.commit(field, text):
            self._saved[field] = text
        else:
            editor.setPlainText(self._saved[field])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            for field, editor in self.editors.items():
                if editor is watched:
                    self._save(field, editor)
        return super().eventFilter(watched, event)
