"""The cover report editor: every field of a meeting's council-style cover, in print order.

Until someone saves it, a meeting's cover shows the defaults drawn from the plan; "Reset to
defaults" brings them back. Saving is one audited transaction (packs/cover_report.py); if a
colleague saved the same cover meanwhile, the save is refused with a message, not merged.
Given an undo stack, a save goes on it (Edit > Undo puts the cover back as it was, or back
to the defaults when it had never been saved), as every meeting change does.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.errors import CyppError
from cypp_desktop.packs.cover_report import (
    FIELDS,
    MARKINGS,
    TEXT_FIELDS,
    CoverFields,
    default_cover,
    load_cover,
    save_cover,
)
from cypp_desktop.store.meeting_undo import cover_image, cover_saved
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.meeting_commands import MeetingHistory

FieldWidget = QLineEdit | QPlainTextEdit | QComboBox


class CoverReportDialog(QDialog):
    """Edits one meeting's cover report; emits ``saved`` with what was stored."""

    saved = Signal(object)  # CoverFields

    def __init__(
        self,
        context: PlanContext,
        meeting_id: int,
        period: str,
        parent: QWidget | None = None,
        *,
        undo_stack: QUndoStack | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.meeting_id = meeting_id
        self.period = period
        self.history = MeetingHistory.of(undo_stack) if undo_stack is not None else None
        self.setWindowTitle("Cover report")
        self.setObjectName("coverReportDialog")
        self.cover = load_cover(context.store, meeting_id, period)
        self.fields: dict[str, FieldWidget] = {}

        form = QFormLayout()
        for spec in FIELDS:
            widget: FieldWidget
            if spec.name == "protective_marking":
                widget = QComboBox()
                widget.setEditable(True)
                widget.addItems(list(MARKINGS))
            elif spec.long:
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setMinimumHeight(60)
                widget.setMaximumHeight(120)
            else:
                widget = QLineEdit()
            widget.setAccessibleName(spec.label)
            label = QLabel(f"{spec.label}:")
            label.setBuddy(widget)
            label.setWordWrap(True)
            form.addRow(label, widget)
            self.fields[spec.name] = widget
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        note = QLabel(
            "Stored with the meeting and printed on the first page of its board pack."
            if self.cover.stored
            else "Not yet saved: these are the defaults drawn from the plan."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.reset_button = self.buttons.addButton(
            "&Reset to defaults", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.reset_button.setAccessibleName("Reset the cover report to the plan's defaults")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(self.reset)

        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 640)
        self.show_cover(self.cover)

    def show_cover(self, cover: CoverFields) -> None:
        for name, widget in self.fields.items():
            value = getattr(cover, name)
            if isinstance(widget, QComboBox):
                widget.setCurrentText(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)
                widget.setCursorPosition(0)

    def edited(self) -> CoverFields:
        values: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                values[name] = widget.currentText().strip()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText().strip()
            else:
                values[name] = widget.text().strip()
        return replace(self.cover, **values)

    def reset(self) -> None:
        defaults = default_cover(self.context.store, self.meeting_id, self.period)
        self.show_cover(replace(defaults, version=self.cover.version))

    def save(self) -> None:
        edited = self.edited()
        try:
            before = cover_image(self.context.store, self.meeting_id)
            stored = save_cover(self.context.store, self.meeting_id, edited, who=self.context.user)
        except CyppError as error:
            QMessageBox.warning(self, "Cannot save the cover report", str(error))
            return
        if self.history is not None and stored.version is not None:
            cover_saved(
                before,
                self.meeting_id,
                {name: getattr(stored, name) for name in TEXT_FIELDS},
                version_read=edited.version,
                version_saved=stored.version,
                keep=self.history.keeper(self.context, "edit the cover report"),
            )
        self.cover = stored
        self.saved.emit(stored)
        self.accept()
