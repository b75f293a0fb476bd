"""The Audit page: every change, filterable by item, person, date and source; exportable."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.errors import CyppError
from cypp_desktop.store.audit_log import (
    SOURCE_KINDS,
    AuditFilter,
    AuditRow,
    audit_count,
    audit_rows,
    people,
)
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.table_model import Column, SnapshotTableModel
from cypp_desktop.views.table_page import fit_columns, make_table

SHOWN = 5000


class AuditModel(SnapshotTableModel[AuditRow]):
    COL_WHEN, COL_WHO, COL_ITEM, COL_FIELD, COL_CHANGE, COL_SOURCE = range(6)

    columns = (
        Column[AuditRow]("When", lambda r: f"{r.at:%d %b %Y %H:%M}", sort_key=lambda r: r.at),
        Column[AuditRow]("Who", lambda r: r.who, max_chars=18),
        Column[AuditRow]("Item", lambda r: r.item, max_chars=20),
        Column[AuditRow]("Field", lambda r: r.field, max_chars=20),
        Column[AuditRow](
            "Old → new",
            lambda r: f"{r.old_value or '(blank)'} → {r.new_value or '(blank)'}",
            tooltip=lambda r: f"Was: {r.old_value or '(blank)'}\nNow: {r.new_value or '(blank)'}",
            max_chars=60,
        ),
        Column[AuditRow]("Source", lambda r: r.source, max_chars=30),
    )

    def __init__(self, parent: Any = None):
        super().__init__(lambda row: row.id, parent)


def _date_edit(name: str) -> tuple[QCheckBox, QDateEdit]:
    check = QCheckBox(name)
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setDate(QDate.currentDate())
    edit.setEnabled(False)
    edit.setAccessibleName(f"Audit {name.lower()} date")
    check.toggled.connect(edit.setEnabled)
    return check, edit


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


class AuditPage(QWidget):
    watches = frozenset(
        {"priority", "objective", "action", "indicator", "promise", "status", "plan", "owner",
         "organisation", "meeting"}
    )  # fmt: skip

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._context: PlanContext | None = None
        self.item = QLineEdit()
        self.item.setPlaceholderText("Item code, e.g. PEH-PA1")
        self.item.setAccessibleName("Audit item")
        self.who = QComboBox()
        self.who.setAccessibleName("Audit person")
        self.source = QComboBox()
        self.source.setAccessibleName("Audit source")
        self.source.addItem("Any source", "")
        for key, label in SOURCE_KINDS.items():
            self.source.addItem(label, key)
        self.since_check, self.since = _date_edit("From")
        self.until_check, self.until = _date_edit("To")
        self.export_button = QPushButton("Export to Excel…")
        self.count = QLabel()
        filters = QHBoxLayout()
        for widget in (self.item, self.who, self.source):
            filters.addWidget(widget, 1)
        dates = QHBoxLayout()
        for date_widget in (self.since_check, self.since, self.until_check, self.until):
            dates.addWidget(date_widget)
        dates.addStretch(1)
        dates.addWidget(self.export_button)
        self.model = AuditModel(self)
        self.table = make_table(self.model, "Audit trail")
        self.table.horizontalHeader().setSectionResizeMode(
            AuditModel.COL_CHANGE, QHeaderView.ResizeMode.Stretch
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        self.item.textChanged.connect(self.refresh)
        for combo in (self.who, self.source):
            combo.currentIndexChanged.connect(self.refresh)
        for check in (self.since_check, self.until_check):
            check.toggled.connect(self.refresh)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.refresh)
        self.export_button.clicked.connect(self.export)

    def load(self, context: PlanContext) -> None:
        self._context = context
        chosen = self.who.currentData()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem("Anyone", "")
        for name in people(context.store):
            self.who.addItem(name, name)
        self.who.setCurrentIndex(max(self.who.findData(chosen), 0))
        self.who.blockSignals(False)
        self.refresh()

    def rules(self) -> AuditFilter:
        return AuditFilter(
            item=self.item.text(),
            who=str(self.who.currentData() or ""),
            source=str(self.source.currentData() or ""),
            since=_day(self.since) if self.since_check.isChecked() else None,
            until=_day(self.until) if self.until_check.isChecked() else None,
        )

    def refresh(self, *_args: object) -> None:
        if self._context is None:
            return
        rules = self.rules()
        rows = audit_rows(self._context.store, rules, limit=SHOWN)
        self.model.set_rows(rows)
        fit_columns(self.table, self.model)
        total = audit_count(self._context.store, rules) if len(rows) == SHOWN else len(rows)
        self.count.setText(
            f"{len(rows):,} changes, newest first"
            if total == len(rows)
            else f"The newest {len(rows):,} of {total:,} changes; narrow the filter to see older."
        )

    def export(self) -> None:
        if self._context is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export audit trail", str(Path.home() / "Audit trail.xlsx"), "Excel (*.xlsx)"
        )
        if not name:
            return
        path = Path(name).with_suffix(".xlsx")
        from cypp_desktop.store.audit_export import export_audit  # openpyxl: only when asked

        try:
            export_audit(audit_rows(self._context.store, self.rules(), limit=1_000_000), path)
        except CyppError as error:
            QMessageBox.warning(self, "Export audit trail", str(error))
            return
        QMessageBox.information(self, "Export audit trail", f"Saved to {path}.")
