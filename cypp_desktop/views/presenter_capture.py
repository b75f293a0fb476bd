"""Live capture: recording a decision or an action in presenter mode, as the board makes it.

The chair presses D or A and a small panel opens at the foot of the page, against the item on
screen, so the record is made in the meeting rather than typed up from notes afterwards.
What the panel can check (a due date typed the UK way) it checks as it records; what only
the plan can check (a due date before the meeting, no owner) comes back from the store and
is shown in the panel, which stays open with what was typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.errors import CyppError
from cypp_desktop.models import LogKind
from cypp_desktop.models.parsing import FieldError, parse_date
from cypp_desktop.store.action_log import LogFields
from cypp_desktop.store.meeting_rows import AgendaRow
from cypp_desktop.views.presenter_style import OVER, Sizes, font


class CapturePanel(QFrame):
    """The small panel that records, against the item on screen, a decision or an action
    (text, owner, due date typed the UK way). Enter records; Esc puts it away."""

    submitted = Signal(object)  # LogFields
    cancelled = Signal()

    def __init__(self, owners: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("capturePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.decision = QRadioButton("&Decision")
        self.action = QRadioButton("&Action")
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.decision)
        self.kinds.addButton(self.action)
        self.against = QLabel()
        self.text = QLineEdit()
        self.text.setAccessibleName("What was decided or asked for")
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("who will do it")
        completer = QCompleter(list(owners), self.owner)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner.setCompleter(completer)
        self._owners = {name.casefold() for name in owners}
        self.owner_note = QLabel()
        self.due = QLineEdit()
        self.due.setAccessibleName("Due date")
        self.due.setPlaceholderText("e.g. 31/01/2013")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {OVER.name()}")
        self.record_button = QPushButton("Record (Enter)")
        self.record_button.clicked.connect(self.submit)
        cancel = QPushButton("Cancel (Esc)")
        cancel.clicked.connect(self.cancelled.emit)
        for field in (self.text, self.owner, self.due):
            field.returnPressed.connect(self.submit)
        self.owner.textChanged.connect(self._owner_typed)
        self.action.toggled.connect(self._kind_changed)
        kinds = QHBoxLayout()
        kinds.addWidget(self.decision)
        kinds.addWidget(self.action)
        kinds.addSpacing(24)
        kinds.addWidget(self.against, 1)
        grid = QGridLayout()
        self.text_label = QLabel("&Text")
        self.text_label.setBuddy(self.text)
        self.owner_label = QLabel("&Owner")
        self.owner_label.setBuddy(self.owner)
        self.due_label = QLabel("D&ue")
        self.due_label.setBuddy(self.due)
        grid.addWidget(self.text_label, 0, 0)
        grid.addWidget(self.text, 0, 1, 1, 4)
        grid.addWidget(self.owner_label, 1, 0)
        grid.addWidget(self.owner, 1, 1)
        grid.addWidget(self.owner_note, 1, 2)
        grid.addWidget(self.due_label, 1, 3)
        grid.addWidget(self.due, 1, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(4, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem, 1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(kinds)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        self._item: AgendaRow | None = None
        self.hide()

    def set_sizes(self, sizes: Sizes) -> None:
        self.setFont(font(sizes.small))
        for child in self.findChildren(QWidget):
            child.setFont(font(sizes.small))

    def open(self, kind: LogKind, item: AgendaRow, number: int) -> None:
        self._item = item
        (self.action if kind is LogKind.ACTION else self.decision).setChecked(True)
        self._kind_changed()
        self.against.setText(f"against item {number}: {item.title}")
        self.text.clear()
        self.owner.clear()
        self.due.clear()
        self.problem.clear()
        self.show()
        self.text.setFocus()

    def _kind_changed(self) -> None:
        wanted = self.action.isChecked()
        for widget in (self.owner_label, self.owner, self.owner_note, self.due_label, self.due):
            widget.setEnabled(wanted)

    def _owner_typed(self, name: str) -> None:
        known = not name.strip() or name.strip().casefold() in self._owners
        self.owner_note.setText("" if known else "new owner: added to the plan")

    def fields(self) -> LogFields:
        """What was typed, checked as far as the panel can; raises CyppError otherwise."""
        kind = LogKind.ACTION if self.action.isChecked() else LogKind.DECISION
        due = None
        if kind is LogKind.ACTION:
            try:
                due = parse_date(self.due.text()).value
            except FieldError as error:
                raise CyppError(f"Due date: {error}.") from error
        return LogFields(
            kind=kind,
            text=self.text.text(),
            owner=self.owner.text() if kind is LogKind.ACTION else "",
            due=due,
            agenda_item_id=self._item.id if self._item is not None else None,
        )

    def submit(self) -> None:
        try:
            fields = self.fields()
        except CyppError as error:
            self.show_problem(str(error))
            return
        self.submitted.emit(fields)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.cancelled.emit()
            return
        super().keyPressEvent(event)
