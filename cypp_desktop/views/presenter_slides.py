"""One agenda item's page in presenter mode, whatever the item presents.

A priority or an objective shows its RAG summary, its exceptions (or everything under it)
and its key indicator charts; the exceptions item shows the plan's exceptions beside the RAG
summary chart; the action log shows the open actions; a paper shows its text. One page
widget shows them all, hiding the parts an item has nothing for, so moving between items
never rebuilds the window; at its foot is what has been recorded against the item.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cypp_desktop.models import LogKind
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.store.meeting_rows import LogRow
from cypp_desktop.store.presentation import KEY_CHARTS, Slide, SlideRow
from cypp_desktop.views.presenter_chart import BigChart
from cypp_desktop.views.presenter_painted import RowsView, SummaryView, TitleView
from cypp_desktop.views.presenter_style import Sizes, font, shrinks


class SlideView(QWidget):
    """One agenda item's page: title, what it presents, and its summary, list, charts or
    paper; at the foot, what has been recorded against it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.title = TitleView()
        self.subtitle = QLabel()
        shrinks(self.subtitle)
        self.summary = SummaryView()
        self.rows = RowsView()
        self.charts = [BigChart() for _ in range(KEY_CHARTS)]
        self.no_charts = QLabel("No indicators to chart here.")
        self.no_charts.setWordWrap(True)
        self.no_charts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paper = QLabel()
        self.paper.setWordWrap(True)
        self.paper.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.paper.setTextFormat(Qt.TextFormat.PlainText)
        self.recorded = RowsView(compact=True)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.summary)
        left.addWidget(self.rows, 1)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        for chart in self.charts:
            right.addWidget(chart, 1)
        right.addWidget(self.no_charts, 1)
        self.body = QHBoxLayout()
        self.body.addLayout(left, 11)
        self.body.addLayout(right, 9)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.title)
        self.column.addWidget(self.subtitle)
        self.column.addLayout(self.body, 1)
        self.column.addWidget(self.paper, 1)
        self.column.addWidget(self.recorded)
        self.slide: Slide | None = None
        self._shown: tuple[int, int, tuple[LogRow, ...]] = (0, 0, ())
        self.sizes = Sizes.for_height(720)
        for widget in (self.subtitle, self.no_charts, self.paper):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_sizes(self, sizes: Sizes) -> None:
        self.sizes = sizes
        for widget in (self.title, self.summary, self.rows, self.recorded):
            widget.set_sizes(sizes)
        self.subtitle.setFont(font(sizes.small))
        self.no_charts.setFont(font(sizes.small))
        self.paper.setFont(font(sizes.body))
        self.column.setSpacing(round(sizes.margin * 0.4))
        self.body.setSpacing(sizes.margin)
        self._size_recorded()
        if self.slide is not None:
            self.show_slide(self.slide, *self._shown)

    def show_slide(self, slide: Slide, number: int, total: int, recorded: Sequence[LogRow]) -> None:
        self.slide = slide
        self._shown = (number, total, tuple(recorded))
        item = slide.item
        self.title.set_text(f"{number}. {item.title}")
        who = f"Presented by {item.presenter}" if item.presenter else "No presenter named"
        self.subtitle.setText(f"{slide.heading}   ·   {who}   ·   {item.minutes} min")
        planned = slide.rag is not None
        listed = bool(slide.rows_title)
        self.summary.setVisible(planned)
        self.summary.set_summary(slide.rag, slide.counts, slide.overdue)
        self.rows.setVisible(listed)
        self.rows.set_rows(slide.rows_title, slide.rows, slide.empty)
        room = self.sizes.charts
        for position, chart in enumerate(self.charts):
            spec = slide.charts[position] if position < min(len(slide.charts), room) else None
            chart.set_spec(spec)
            chart.setVisible(spec is not None)
        self.no_charts.setVisible(planned and not slide.charts)
        self.paper.setVisible(not listed)
        self.paper.setText(slide.text or "No paper for this item.")
        self.body.setStretch(1, 9 if planned or slide.charts else 0)
        self.set_recorded(recorded)

    def set_recorded(self, recorded: Sequence[LogRow]) -> None:
        rows = tuple(
            SlideRow(
                None,
                "Decision:" if entry.kind is LogKind.DECISION else "Action:",
                entry.text
                + (
                    f" ({entry.owner}, due {uk_date(entry.due)})"
                    if entry.kind is LogKind.ACTION
                    else ""
                ),
                "",
            )
            for entry in recorded
        )
        self.recorded.set_rows(f"Recorded at this item: {len(rows)}" if rows else "", rows, "")
        self.recorded.setVisible(bool(rows))
        self._size_recorded()

    def _size_recorded(self) -> None:
        """Room for the heading as RowsView paints it (its bold line and the gap under it),
        up to three entries, and the "… and n more" line when there are more: sized any
        smaller, the list would say "… and 1 more" rather than show the one entry."""
        line = QFontMetricsF(font(self.sizes.small)).lineSpacing()
        heading = QFontMetricsF(font(self.sizes.small, bold=True)).lineSpacing()
        shown = min(len(self.recorded.rows), 3)
        more = line if len(self.recorded.rows) > 3 else 0
        self.recorded.setFixedHeight(
            math.ceil(heading + self.sizes.margin * 0.2 + line * shown + more)
        )
