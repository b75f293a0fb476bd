"""How big a chart is drawn: on paper, and on screen for charts that grow a row at a time.

Plain arithmetic with no matplotlib in it, so a view can size its chart before the chart is
drawn (and before matplotlib is loaded).
"""

from __future__ import annotations

from cypp_desktop.charts.spec import IndicatorChart, MilestoneTimeline, RagHistory, RagSummary
from cypp_desktop.charts.style import (
    HISTORY_SIZE,
    INDICATOR_SIZE,
    LABEL_SIZE,
    LEGEND_SIZE,
    SUMMARY_ROW,
    SUMMARY_WIDTH,
    TICK_SIZE,
    TIMELINE_ROW,
    TIMELINE_WIDTH,
    TITLE_SIZE,
)

Spec = IndicatorChart | RagSummary | MilestoneTimeline | RagHistory

PAD = 6.0  # points of white space around the edge of every chart
LEGEND_ROW = LEGEND_SIZE * 1.7  # points per row of legend entries
TITLES = PAD + TITLE_SIZE * 1.3 + LABEL_SIZE * 1.3  # a one-line title and its subtitle
# Above and below the rows of the RAG summary and of the milestone timeline, in points.
SUMMARY_TOP = TITLES + 12
SUMMARY_BOTTOM = PAD + TICK_SIZE * 1.25 + 8 + LEGEND_ROW * 2
TIMELINE_TOP = TITLES + 14 + TICK_SIZE * 1.3
TIMELINE_BOTTOM = SUMMARY_BOTTOM


def rows_height(spec: RagSummary | MilestoneTimeline, row: float) -> float:
    """Inches that give each bar or action a ``row``-inch row."""
    if isinstance(spec, RagSummary):
        return max(len(spec.rows), 1) * row + (SUMMARY_TOP + SUMMARY_BOTTOM) / 72
    return max(len(spec.items), 1) * row + (TIMELINE_TOP + TIMELINE_BOTTOM) / 72


def print_size(spec: Spec) -> tuple[float, float]:
    """The chart's size on paper and in exported files, in inches."""
    if isinstance(spec, IndicatorChart):
        return INDICATOR_SIZE
    if isinstance(spec, RagHistory):
        return HISTORY_SIZE
    if isinstance(spec, RagSummary):
        return SUMMARY_WIDTH, rows_height(spec, SUMMARY_ROW)
    return TIMELINE_WIDTH, rows_height(spec, TIMELINE_ROW)
