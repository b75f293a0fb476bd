"""The Dashboard: the plan at a glance, how each priority stands this period, and the
exceptions the board should look at."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.charts.spec import MilestoneTimeline
from cypp_desktop.charts.style import TIMELINE_ROW
from cypp_desktop.store import chart_data, queries
from cypp_desktop.views.chart_view import ChartView
from cypp_desktop.views.context import RAG_INPUTS, PlanContext
from cypp_desktop.views.dashboard_model import ExceptionModel, PriorityRagModel
from cypp_desktop.views.table_page import fit_columns, make_table

SUMMARY_ROW = 0.18  # inches per priority on screen: room for a bar and its labels
NO_EXCEPTION_CHOSEN = "Select an exception to see its RAG over time."


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class DashboardPage(QWidget):
    """The plan at a glance: what it holds, how each priority stands this period (as a chart,
    as a table, and as milestones against the date), and the exceptions."""

    title = "Dashboard"
    watches = RAG_INPUTS
    COUNTS = ("priorities", "objectives", "actions", "indicators", "owners", "meetings")
    TAB_SUMMARY, TAB_TABLE, TAB_MILESTONES = range(3)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._context: PlanContext | None = None
        self._timeline: MilestoneTimeline | None = None
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        counts_box = QGroupBox("The plan holds")
        row = QHBoxLayout(counts_box)
        row.setContentsMargins(8, 2, 8, 4)
        self.count_labels: dict[str, QLabel] = {}
        for name in self.COUNTS:
            number = QLabel("–")
            number.setObjectName("countNumber")
            font = number.font()
            font.setPointSizeF(font.pointSizeF() * 1.5)
            font.setBold(True)
            number.setFont(font)
            number.setAccessibleName(f"Number of {name}")
            caption = QLabel(name.capitalize())
            row.addWidget(number, 0, Qt.AlignmentFlag.AlignBaseline)
            row.addWidget(caption, 0, Qt.AlignmentFlag.AlignBaseline)
            row.addStretch(1)
            self.count_labels[name] = number

        self.summary_chart = ChartView(
            name="RAG summary chart", empty_text="No priorities yet.", row_height=SUMMARY_ROW
        )
        self.model = PriorityRagModel(self)
        self.table = make_table(self.model, "RAG by priority")
        self.table.horizontalHeader().setSectionResizeMode(
            PriorityRagModel.COL_TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.table.horizontalHeader().setStretchLastSection(False)
        self.rag_caption = QLabel()
        self.rag_caption.setWordWrap(True)
        table_tab = QWidget()
        table_layout = QVBoxLayout(table_tab)
        table_layout.addWidget(self.rag_caption)
        table_layout.addWidget(self.table, 1)
        self.timeline_chart = ChartView(
            name="Milestone timeline",
            empty_text="No actions with a due date.",
            row_height=TIMELINE_ROW,
        )
        self.show_closed = QCheckBox("Show complete and dropped actions")
        self.show_closed.toggled.connect(self._show_timeline)
        milestones_tab = QWidget()
        milestones_layout = QVBoxLayout(milestones_tab)
        milestones_layout.addWidget(self.show_closed)
        milestones_layout.addWidget(_scrolling(self.timeline_chart), 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolling(self.summary_chart), "RAG summary")
        self.tabs.addTab(table_tab, "RAG by priority")
        self.tabs.addTab(milestones_tab, "Milestones")
        self.tabs.currentChanged.connect(self._tab_shown)

        self.exceptions_caption = QLabel()
        self.exceptions_caption.setWordWrap(True)
        self.exceptions = ExceptionModel(self)
        self.exceptions_table = make_table(self.exceptions, "Exceptions")
        self.exceptions_table.horizontalHeader().setSectionResizeMode(
            ExceptionModel.COL_TITLE, QHeaderView.ResizeMode.Interactive
        )
        self.exceptions_table.selectionModel().selectionChanged.connect(self._exception_chosen)
        self.history_chart = ChartView(name="RAG over time", empty_text=NO_EXCEPTION_CHOSEN)
        exceptions_split = QSplitter(Qt.Orientation.Horizontal)
        exceptions_split.addWidget(self.exceptions_table)
        exceptions_split.addWidget(self.history_chart)
        exceptions_split.setSizes([5000, 2000])  # proportions: Qt scales them to the room
        exceptions_box = QWidget()
        exceptions_layout = QVBoxLayout(exceptions_box)
        exceptions_layout.setContentsMargins(0, 0, 0, 0)
        exceptions_layout.addWidget(self.exceptions_caption)
        exceptions_layout.addWidget(exceptions_split, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(exceptions_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(counts_box)
        layout.addWidget(self.splitter, 1)

    def load(self, context: PlanContext) -> None:
        self._context = context
        summary = queries.plan_summary(context.store)
        self.heading.setText(
            f"<h2 style='margin:0'>{escape(summary.title)}</h2><p style='margin:0'>"
            f"{escape(summary.partnership)}"
            f"{' · ' + escape(summary.period_covered) if summary.period_covered else ''}</p>"
        )
        for name, label in self.count_labels.items():
            label.setText(str(summary.counts[name]))
        self.rag_caption.setText(
            f"<b>RAG by priority, {escape(context.period)}</b>: each priority's own RAG, "
            "then how many of its actions and indicators are at each RAG."
        )
        rows, exceptions = queries.dashboard(context.store, context.period)
        self.model.set_rows(rows)
        fit_columns(self.table, self.model)
        self.summary_chart.set_spec(chart_data.summary_of(rows, context.period))
        self.exceptions.set_rows(exceptions)
        fit_columns(self.exceptions_table, self.exceptions)
        self.exceptions_caption.setText(
            f"<b>Exceptions, {escape(context.period)}</b>: {len(exceptions)} "
            f"item{'s' if len(exceptions) != 1 else ''} Red, or worse than last period. "
            "Point at a RAG to see why."
        )
        self.history_chart.set_spec(None)
        self._timeline = None
        self._tab_shown(self.tabs.currentIndex())

    # Parts read when first wanted ----------------------------------------------------------

    def _tab_shown(self, index: int) -> None:
        """The milestones read every action: only when the tab is opened."""
        if index == self.TAB_MILESTONES and self._timeline is None and self._context:
            self._timeline = chart_data.milestone_timeline(
                self._context.store, self._context.period
            )
            self._show_timeline()

    def _show_timeline(self) -> None:
        timeline = self._timeline
        if timeline is None:
            return
        if not self.show_closed.isChecked():
            timeline = MilestoneTimeline(
                timeline.as_of, tuple(item for item in timeline.items if not item.closed)
            )
        self.timeline_chart.set_spec(timeline)

    def _exception_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.exceptions_table.selectionModel().selectedRows()
        if not rows or self._context is None:
            self.history_chart.set_spec(None)
            return
        row = self.exceptions.row_at(rows[0].row())
        self.history_chart.set_spec(
            chart_data.item_history(
                self._context.store, row.kind, row.id, f"{row.code} {row.title}"
            )
        )
