"""File > Plan Settings…: the plan's title and words, the period it reports on, its RAG rules.

Layout only. OK reads the fields into a PlanSettings and hands it to whoever listens to
``submitted`` (the plan controller), which saves it and closes the dialog, or says what was
wrong with ``show_problem`` and leaves it open with the user's typing intact.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.models import RollupRule
from cypp_desktop.store.plan_settings import LABELS, PlanSettings, PlanSettingsError, parse_setting

AUTOMATIC = "Automatic: the latest quarter with data"
HELP = {
    "current_period": "What the dashboard, grids, packs and returns judge unless another "
    "period is chosen. Type any period, such as 2012/13 Q3.",
    "default_tolerance": "How far worse than its target an indicator may be, as a % of the "
    "target, and still be Amber; beyond that it is Red. An indicator may set its own.",
    "action_lag_margin": "How many points an action's % complete may trail the share of "
    "its time gone before it turns Amber.",
}
ROLLUP_HELP = {
    RollupRule.WORST: "An objective or priority takes the worst RAG of what sits under it.",
    RollupRule.MAJORITY: "It takes the most common RAG under it (Blue counts as Green; a tie "
    "goes to the worse).",
}
ROLLUP_TEXT = {RollupRule.WORST: "&Worst of", RollupRule.MAJORITY: "&Majority"}


def _help(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("settingsHelp")
    return label


def _with_help(field: QWidget, text: str) -> QWidget:
    """The field with a line under it saying what it means."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(_help(text))
    return box


class PlanSettingsDialog(QDialog):
    submitted = Signal(object)  # a PlanSettings read from the fields

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Plan settings")
        self._loaded: PlanSettings | None = None
        self.title = QLineEdit()
        self.partnership = QLineEdit()
        self.period_covered = QLineEdit()
        self.period_covered.setPlaceholderText("e.g. 2011-14")
        self.vision = self._text_box(lines=3)
        self.notes = self._text_box(lines=4)
        self.current_period = QComboBox()
        self.current_period.setEditable(True)
        self.current_period.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.default_tolerance = QLineEdit()
        self.action_lag_margin = QLineEdit()
        self.rollup_buttons = QButtonGroup(self)
        self.rollup: dict[RollupRule, QRadioButton] = {}
        for rule in RollupRule:
            button = QRadioButton(ROLLUP_TEXT[rule])
            button.setAccessibleName(f"Roll-up rule: {rule.label}")
            button.setAccessibleDescription(ROLLUP_HELP[rule])
            self.rollup_buttons.addButton(button)
            self.rollup[rule] = button
        self.fields: dict[str, QWidget] = {
            "title": self.title,
            "partnership": self.partnership,
            "period_covered": self.period_covered,
            "vision": self.vision,
            "notes": self.notes,
            "current_period": self.current_period,
            "default_tolerance": self.default_tolerance,
            "action_lag_margin": self.action_lag_margin,
            "rollup_rule": self.rollup[RollupRule.WORST],
        }
        for name, widget in self.fields.items():
            if name != "rollup_rule":
                widget.setAccessibleName(LABELS[name])
                widget.setAccessibleDescription(HELP.get(name, ""))
        self.problem = QLabel()
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        bold = self.problem.font()
        bold.setBold(True)
        self.problem.setFont(bold)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.problem.hide()
        self.read_only_note = QLabel(
            "This plan is open read-only: its settings can be read here, not changed."
        )
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        for number in (self.default_tolerance, self.action_lag_margin):
            number.setMaximumWidth(number.fontMetrics().horizontalAdvance("0" * 10))
        self._lay_out()
        width = max(680, self.sizeHint().width())
        layout = self.layout()
        assert layout is not None  # _lay_out set it
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        self.resize(width, height if height > 0 else self.sizeHint().height())

    @staticmethod
    def _text_box(*, lines: int) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)  # Tab moves on, as in every other field here
        margins = box.contentsMargins()
        box.setFixedHeight(
            lines * box.fontMetrics().lineSpacing()
            + 2 * int(box.document().documentMargin())
            + margins.top()
            + margins.bottom()
        )
        return box

    def _lay_out(self) -> None:
        plan = QGroupBox("The plan")
        form = QFormLayout(plan)
        for name, text in (
            ("title", "&Title:"),
            ("partnership", "&Partnership:"),
            ("period_covered", "Perio&d covered:"),
            ("vision", "&Vision:"),
            ("notes", "&Notes:"),
        ):
            form.addRow(self._buddy(text, self.fields[name]), self.fields[name])
        reporting = QGroupBox("Reporting")
        form = QFormLayout(reporting)
        form.addRow(
            self._buddy("&Reporting period:", self.current_period),
            _with_help(self.current_period, HELP["current_period"]),
        )
        rules = QGroupBox("RAG rules")
        form = QFormLayout(rules)
        form.addRow(
            self._buddy("Indicator tol&erance (%):", self.default_tolerance),
            _with_help(self.default_tolerance, HELP["default_tolerance"]),
        )
        form.addRow(
            self._buddy("Action &lag margin (%):", self.action_lag_margin),
            _with_help(self.action_lag_margin, HELP["action_lag_margin"]),
        )
        rollup = QWidget()
        rollup.setAccessibleName(LABELS["rollup_rule"])
        column = QVBoxLayout(rollup)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for rule, button in self.rollup.items():
            column.addWidget(button)
            column.addWidget(_help(ROLLUP_HELP[rule]))
        form.addRow(QLabel("Roll-up rule:"), rollup)
        layout = QVBoxLayout(self)
        layout.addWidget(plan)
        layout.addWidget(reporting)
        layout.addWidget(rules)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # Filling and reading ---------------------------------------------------------------------

    def show_settings(
        self, settings: PlanSettings, periods: list[str], *, read_only: bool = False
    ) -> None:
        """Fill the fields from ``settings``; ``periods`` (newest first) are offered for the
        reporting period."""
        self._loaded = settings
        self.title.setText(settings.title)
        self.partnership.setText(settings.partnership)
        self.period_covered.setText(settings.period_covered)
        self.vision.setPlainText(settings.vision)
        self.notes.setPlainText(settings.notes)
        self.current_period.clear()
        self.current_period.addItems([*periods, AUTOMATIC])
        self.current_period.setCurrentText(settings.current_period or AUTOMATIC)
        self.default_tolerance.setText(f"{settings.default_tolerance:g}")
        self.action_lag_margin.setText(f"{settings.action_lag_margin:g}")
        self.rollup[settings.rollup_rule].setChecked(True)
        self.read_only_note.setVisible(read_only)
        self.ok_button.setEnabled(not read_only)
        self.clear_problem()
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def settings(self) -> PlanSettings:
        """What the fields say, read as typed; PlanSettingsError names a field that cannot
        be read (the store checks the rest when it saves)."""
        assert self._loaded is not None
        period = self.current_period.currentText().strip()
        rule = next(r for r, button in self.rollup.items() if button.isChecked())
        return replace(
            self._loaded,
            title=self.title.text(),
            partnership=self.partnership.text(),
            period_covered=self.period_covered.text(),
            vision=self.vision.toPlainText(),
            notes=self.notes.toPlainText(),
            current_period=None if period == AUTOMATIC else parse_setting("current_period", period),
            default_tolerance=parse_setting("default_tolerance", self.default_tolerance.text()),
            action_lag_margin=parse_setting("action_lag_margin", self.action_lag_margin.text()),
            rollup_rule=rule,
        )

    def show_problem(self, message: str, field: str | None = None) -> None:
        """Say what is wrong, beside the buttons, and put the cursor in the field at fault."""
        self.problem.setText(f"Not saved: {message}")
        self.problem.show()
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def clear_problem(self) -> None:
        self.problem.clear()
        self.problem.hide()

    def _submit(self) -> None:
        try:
            settings = self.settings()
        except PlanSettingsError as error:
            self.show_problem(str(error), error.field)
            return
        self.submitted.emit(settings)
