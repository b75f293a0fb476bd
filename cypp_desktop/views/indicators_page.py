"""The Indicators page: every indicator with its latest value against target."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cypp_desktop.models import Polarity
from cypp_desktop.models.formatting import with_unit
from cypp_desktop.store import queries
from cypp_desktop.store.queries import IndicatorRow
from cypp_desktop.views.context import RAG_INPUTS, PlanContext
from cypp_desktop.views.details import DetailsPane, rag_sections
from cypp_desktop.views.indicators_model import IndicatorTableModel
from cypp_desktop.views.table_page import TablePage


class IndicatorsPage(QWidget):
    title = "Indicators"
    watches = RAG_INPUTS

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
        reading = row.reading
        baseline = (
            f"{with_unit(row.baseline_value, row.unit)} in {row.baseline_period}"
            if row.baseline_value is not None
            else "No baseline recorded"
        )
        if reading.value is not None:
            latest = f"{with_unit(reading.value, row.unit)} in {reading.period}"
            if reading.target is not None:
                latest += f" (target {with_unit(reading.target, row.unit)})"
            latest += (
                f"; {reading.since_previous.arrow} {reading.since_previous.label} on the period"
                f" before, {reading.since_baseline.arrow} {reading.since_baseline.label}"
                " on the baseline"
            )
        else:
            latest = "No value yet"
        pane.show_sections(
            f"{row.code} {row.title}",
            [
                ("Measure", f"{row.unit}, {Polarity(row.polarity).label}, {row.frequency}"),
                ("Baseline", baseline),
                ("Latest", latest),
                ("Story behind the baseline", row.story_behind_baseline),
                *rag_sections(row.rag, row.update, self._period),
            ],
            rag=row.rag.rag,
        )
