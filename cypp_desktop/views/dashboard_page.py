"""The Dashboard: the plan at a glance, and how each priority stands this period."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from cypp_desktop.store import queries
from cypp_desktop.views.context import RAG_INPUTS, PlanContext
from cypp_desktop.views.dashboard_model import PriorityRagModel
from cypp_desktop.views.table_page import fit_columns, make_table


class DashboardPage(QWidget):
    """The plan at a glance: what it holds, and how each priority stands this period."""

    title = "Dashboard"
    watches = RAG_INPUTS
    COUNTS = ("priorities", "objectives", "actions", "indicators", "owners", "meetings")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        counts_box = QGroupBox("The plan holds")
        grid = QGridLayout(counts_box)
        self.count_labels: dict[str, QLabel] = {}
        for column, name in enumerate(self.COUNTS):
            number = QLabel("–")
            number.setObjectName("countNumber")
            font = number.font()
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            number.setFont(font)
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            number.setAccessibleName(f"Number of {name}")
            caption = QLabel(name.capitalize())
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(number, 0, column)
            grid.addWidget(caption, 1, column)
            self.count_labels[name] = number
        self.model = PriorityRagModel(self)
        self.table = make_table(self.model, "RAG by priority")
        self.table.horizontalHeader().setSectionResizeMode(
            PriorityRagModel.COL_TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.table.horizontalHeader().setStretchLastSection(False)
        self.rag_caption = QLabel()
        self.rag_caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(counts_box)
        layout.addWidget(self.rag_caption)
        layout.addWidget(self.table, 1)

    def load(self, context: PlanContext) -> None:
        summary = queries.plan_summary(context.store)
        self.heading.setText(
            f"<h2>{escape(summary.title)}</h2><p>{escape(summary.partnership)}"
            f"{' · ' + escape(summary.period_covered) if summary.period_covered else ''}</p>"
        )
        for name, label in self.count_labels.items():
            label.setText(str(summary.counts[name]))
        self.rag_caption.setText(
            f"<b>RAG by priority, {escape(context.period)}</b>: each priority's own RAG, "
            "then how many of its actions and indicators are at each RAG."
        )
        self.model.set_rows(queries.priority_rags(context.store, context.period))
        fit_columns(self.table, self.model)
