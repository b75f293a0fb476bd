"""The Actions page: every action and milestone, sortable, with its details."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cypp_desktop.models.formatting import uk_date
from cypp_desktop.store import queries
from cypp_desktop.store.queries import ActionRow
from cypp_desktop.views.actions_model import ActionTableModel
from cypp_desktop.views.context import RAG_INPUTS, PlanContext
from cypp_desktop.views.details import DetailsPane, rag_sections
from cypp_desktop.views.table_page import TablePage


def describe_action(row: ActionRow, pane: DetailsPane, period: str) -> None:
    pane.show_sections(
        f"{row.code} {row.title}".strip(),
        [
            ("Owner", ", ".join(filter(None, [row.owner, row.organisation]))),
            ("Due", uk_date(row.due)),
            ("Revised due", uk_date(row.revised_due)),
            ("About the date", row.due_note),
            ("Status", f"{row.status.label}, {row.percent_complete}% complete"),
            ("Key success indicators", row.key_success_indicators),
            ("Evidence", row.evidence),
            *rag_sections(row.rag, row.update, period),
        ],
        rag=row.rag.rag,
    )


class ActionsPage(QWidget):
    title = "Actions"
    watches = RAG_INPUTS

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._period = ""
        self.page = TablePage(
            ActionTableModel(self),
            "Actions",
            lambda row, pane: describe_action(row, pane, self._period),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)

    def load(self, context: PlanContext) -> None:
        self._period = context.period
        self.page.set_rows(queries.action_rows(context.store, context.period))
