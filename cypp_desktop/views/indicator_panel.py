"""One indicator in full: its turn-the-curve chart, values table, story and RAG with reason.

Self-contained, to sit inside any page: it is given a PlanContext and an indicator id, reads
that one indicator (a few milliseconds, whatever the size of the plan), and redraws only what
changed. Shown again for the same indicator, with nothing in the plan changed since, it does
nothing at all: the store's change announcements say when it must read again.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.models.formatting import number, with_unit
from cypp_desktop.store import Store, chart_data
from cypp_desktop.store.changes import Change
from cypp_desktop.store.chart_data import IndicatorDetail
from cypp_desktop.views.chart_view import ChartView
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.details import direction_text, rag_badge
from cypp_desktop.views.indicator_values_model import IndicatorValuesModel
from cypp_desktop.views.table_page import fit_columns, make_table

NOTHING_CHOSEN = "Select an indicator to see its chart, values and story."
GONE = "This indicator is no longer in the plan."
# What an indicator's panel shows depends on these kinds of change (see store/changes.py).
WATCHES = ("indicator", "status", "plan")


class _Freshness:
    """Set stale by the store's change announcements, from whichever thread made the change."""

    def __init__(self) -> None:
        self.stale = False

    def __call__(self, change: Change) -> None:
        if change.touches(*WATCHES):
            self.stale = True


class IndicatorPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Indicator")
        self.detail: IndicatorDetail | None = None
        self._key: tuple[Store, str, int | None] | None = None
        self._freshness = _Freshness()
        self._watched: Store | None = None
        self._unsubscribe: Callable[[], None] | None = None

        self.heading = QLabel(NOTHING_CHOSEN)
        self.heading.setObjectName("indicatorHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("indicatorRag")
        self.status.setAccessibleName("RAG and why")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = ChartView(name="Turn the curve chart", empty_text=NOTHING_CHOSEN)
        self.chart.setMinimumHeight(220)
        self.values_model = IndicatorValuesModel(self)
        self.values = make_table(self.values_model, "Indicator values")
        self.values.horizontalHeader().setSectionResizeMode(
            IndicatorValuesModel.COL_NOTE, QHeaderView.ResizeMode.Stretch
        )
        self.story = QTextBrowser()
        self.story.setAccessibleName("Story behind the baseline")
        self.story.setOpenLinks(False)
        self.history = ChartView(name="RAG over time", empty_text="")
        self.history.setMinimumHeight(170)

        story_side = QSplitter(Qt.Orientation.Vertical)
        story_side.addWidget(self.story)
        story_side.addWidget(self.history)
        story_side.setSizes([2000, 3000])  # proportions: Qt scales them to the room there is
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.values)
        lower.addWidget(story_side)
        lower.setSizes([1000, 1000])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([1000, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        self.destroyed.connect(lambda: self._stop_watching())
        self._clear(NOTHING_CHOSEN)

    # Showing an indicator ------------------------------------------------------------------

    def show_indicator(self, context: PlanContext, indicator_id: int | None) -> None:
        """Show ``indicator_id`` for the context's period; None shows the invitation to pick.
        Cheap to call again: nothing is read unless the indicator, the period or the plan's
        figures changed since the last call."""
        key = (context.store, context.period, indicator_id)
        if key == self._key and not self._freshness.stale:
            return
        self._watch(context.store)
        self._key = key
        self._freshness.stale = False
        if indicator_id is None:
            self._clear(NOTHING_CHOSEN)
            return
        detail = chart_data.indicator_detail(context.store, indicator_id, context.period)
        if detail is None:
            self._clear(GONE)
        elif detail != self.detail:
            self._show(detail)

    def _watch(self, store: Store) -> None:
        if store is self._watched:
            return
        self._stop_watching()
        self._watched = store
        self._unsubscribe = store.changes.subscribe(self._freshness)

    def _stop_watching(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = None
        self._watched = None

    def _clear(self, message: str) -> None:
        self.detail = None
        self.heading.setText(f"<p>{escape(message)}</p>")
        self.status.clear()
        self.chart.empty_text = message
        self.chart.set_spec(None)
        self.history.set_spec(None)
        self.values_model.set_values((), "")
        self.story.clear()

    def _show(self, detail: IndicatorDetail) -> None:
        self.detail = detail
        self.heading.setText(
            f"<h3 style='margin:0'>{escape(detail.code)}&nbsp; {escape(detail.title)}</h3>"
            f"<p style='margin:0'>{escape(_measure(detail))}</p>"
        )
        self.status.setText(_status_html(detail))
        self.chart.set_spec(detail.chart)
        self.history.set_spec(detail.history)
        self.values_model.set_values(detail.values, detail.unit)
        fit_columns(self.values, self.values_model)
        self.story.setHtml(_story_html(detail))


def _measure(detail: IndicatorDetail) -> str:
    """``per 1,000 · lower is better · annual · tolerance 10% of target``."""
    unit = {"": "", "number": "", "%": "percent"}.get(detail.unit, detail.unit)
    parts = [unit, detail.polarity.label, detail.frequency]
    parts.append(f"tolerance {number(detail.tolerance)}% of target")
    return " · ".join(part for part in parts if part)


def _status_html(detail: IndicatorDetail) -> str:
    """The RAG with its reason, then the direction of travel in arrows with words."""
    result = detail.rag.result
    reading = detail.reading
    lines = [
        f"{rag_badge(result.rag)} &nbsp;<b>{escape(detail.period)}</b> — {escape(result.reason)}",
        f"<b>RAG since last period:</b> {escape(direction_text(detail.rag))}",
    ]
    if reading.value is not None:
        baseline = (
            f"on the baseline ({with_unit(detail.baseline_value, detail.unit)} in "
            f"{detail.baseline_period})"
            if detail.baseline_value is not None
            else "on the baseline (none recorded)"
        )
        lines.append(
            f"<b>Value {escape(with_unit(reading.value, detail.unit))} in "
            f"{escape(reading.period)}:</b> "
            f"{reading.since_previous.arrow} {reading.since_previous.label} on the period "
            f"before; {reading.since_baseline.arrow} {reading.since_baseline.label} "
            f"{escape(baseline)}"
        )
    return "<br>".join(lines)


def _story_html(detail: IndicatorDetail) -> str:
    parts = ["<h4 style='margin-top:0'>Story behind the baseline</h4>"]
    story = detail.story_behind_baseline or "No story recorded yet."
    parts.append(f"<p>{escape(story).replace(chr(10), '<br>')}</p>")
    if detail.baseline_value is not None:
        note = f" {escape(detail.baseline_note)}" if detail.baseline_note else ""
        parts.append(
            f"<p><b>Baseline:</b> {escape(with_unit(detail.baseline_value, detail.unit))} in "
            f"{escape(detail.baseline_period)}.{note}</p>"
        )
    update = detail.update
    if update.reported and update.recorded_at is not None:
        parts.append(
            f"<p><b>Commentary for {escape(detail.period)}</b> "
            f"({escape(update.author or 'unknown')}, {update.recorded_at:%d %b %Y}):<br>"
            f"{escape(update.commentary).replace(chr(10), '<br>')}</p>"
        )
    return "".join(parts)
