"""The Indicators page: every indicator with its latest value against target."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cypp_desktop.models import Polarity
from cypp_desktop.models.formatting import with_unit
from cypp_desktop.store import queries
from cypp_desktop.store.queries import IndicatorRow
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.details import DetailsPane, status_text
from cypp_desktop.views.indicators_model import IndicatorTableModel
from cypp_desktop.views.table_page import TablePage


class IndicatorsPage(QWidget):
    title = "Indicators"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._period = ""
        self.page = TablePage(IndicatorTableModel(self), "Indicators", self._describe)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)

    def load(self, context: PlanContext) -> None:
        self._period = context.period
        self.page.set_rows(queries.indicator_rows(context.store, context.period))

    def _describe(self, row: IndicatorRow, pane: DetailsPane) -> None:
        baseline = (
            f"{with_unit(row.baseline_value, row.unit)} in {row.baseline_period}"
            if row.baseline_value is not None
            else "No baseline recorded"
        )
        latest = (
            f"{with_unit(row.latest_value, row.unit)} in {row.latest_period}"
            + (f" (target {with_unit(row.target, row.unit)})" if row.target is not None else "")
            if row.latest_value is not None
            else "No value yet"
        )
        pane.show_sections(
            f"{row.code} {row.title}",
            [
                ("Measure", f"{row.unit}, {Polarity(row.polarity).label}, {row.frequency}"),
                ("Baseline", baseline),
                ("Latest", latest),
                ("Story behind the baseline", row.story_behind_baseline),
                ("RAG", status_text(row.status_update, self._period)),
                ("Story behind the curve", row.status_update.commentary),
            ],
            rag=row.status_update.rag,
        )
