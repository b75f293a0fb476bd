"""Chart specifications: what a chart shows, as plain frozen data.

A specification is built once from the plan's figures and drawn by more than one back-end
(matplotlib for the screen and PNG/SVG export, reportlab for the PDF pack), so a chart reads
the same on screen and on paper. Specifications are hashable: renderers cache by content.

Periods are canonical labels ("2012/13 Q2", "2011/12", "AY 2010/11"); values are in the
indicator's unit ("%", "per 1,000", "number", ...), never scaled for display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cypp_desktop.models.enums import Polarity, Rag
from cypp_desktop.models.formatting import PERCENT_UNITS
from cypp_desktop.models.periods import parse_period
from cypp_desktop.models.rag_rules import indicator_rag

FORECAST_FROM = 4  # actuals the trend is fitted to
FORECAST_AHEAD = 2  # periods projected


@dataclass(frozen=True, slots=True)
class Point:
    """One value in one period: a target, a comparator's value, a forecast, the baseline."""

    period: str
    value: float


@dataclass(frozen=True, slots=True)
class ActualPoint:
    """A measured value, with the RAG it earned against the target for the same period."""

    period: str
    value: float
    rag: Rag  # judged against the target for the same period (Grey when none was set)
    reason: str = ""  # why that RAG, in plain English, for tooltips and packs


@dataclass(frozen=True, slots=True)
class Band:
    """The tolerance band of one target: between the target and the worst value still Amber."""

    period: str
    low: float  # the lower edge, whichever of target and worst-still-Amber is smaller
    high: float  # the upper edge


@dataclass(frozen=True, slots=True)
class IndicatorChart:
    """The Outcomes Based Accountability "turn the curve" chart of one indicator."""

    code: str  # "BH1.1-OB"
    title: str  # "Children under 11 classified as obese"
    unit: str  # "%", "per 1,000", "number", ...: how values and ticks are labelled
    polarity: Polarity  # which way is good news
    periods: tuple[str, ...]  # the x axis, oldest first: every period anything is drawn at
    baseline: Point | None  # the value the plan started from, drawn as a level line
    actuals: tuple[ActualPoint, ...]  # oldest first, up to the reporting period
    targets: tuple[Point, ...]  # the target profile, oldest first; may change period to period
    bands: tuple[Band, ...]  # one per target: where a value is Amber rather than Red
    comparators: tuple[tuple[str, tuple[Point, ...]], ...]  # (name, points), names sorted
    forecast: tuple[Point, ...]  # starts at the last actual, so the line joins on
    tolerance: float = 0.0  # the tolerance in force, % of target: names the band in legends

    def x(self, period: str) -> int:
        """The period's position on the x axis (0 for the oldest)."""
        return self.periods.index(period)


@dataclass(frozen=True, slots=True)
class RagSummaryRow:
    """One priority's bar: how many of its actions and indicators are at each RAG."""

    code: str  # the priority's code, "BH"
    title: str  # the priority's title, "Be Healthy"
    counts: tuple[tuple[Rag, int], ...]  # in the order Red, Amber, Green, Blue, Grey


@dataclass(frozen=True, slots=True)
class RagSummary:
    """The RAG summary: one horizontal stacked bar per priority, in plan order."""

    period: str  # the reporting period the RAGs are for
    rows: tuple[RagSummaryRow, ...]


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One action on the milestone timeline."""

    code: str  # the action's code, "PEH-02"
    title: str
    due: date  # the revised due date where there is one, else the due date
    rag: Rag  # the action's RAG for the reporting period
    overdue: bool  # past due at the as-of date and neither complete nor dropped
    reason: str = ""  # why that RAG, in plain English
    closed: bool = False  # complete or dropped: no longer expected to move


@dataclass(frozen=True, slots=True)
class MilestoneTimeline:
    """Actions by due date against the as-of date (the end of the reporting period)."""

    as_of: date
    items: tuple[TimelineItem, ...]  # soonest due first


@dataclass(frozen=True, slots=True)
class RagHistory:
    """One item's RAG period by period, from its status history."""

    title: str  # the item, "PEH-02 Agreed information sharing protocol..."
    points: tuple[tuple[str, Rag], ...]  # (period, RAG reported), oldest period first


RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.GREY)


def indicator_chart(
    *,
    code: str,
    title: str,
    unit: str,
    polarity: Polarity,
    tolerance: float,
    baseline: Point | None,
    values: Mapping[str, float],
    targets: Mapping[str, float],
    comparators: Mapping[str, Mapping[str, float]],
    up_to: str,
) -> IndicatorChart:
    """Everything the chart shows, for the periods that end by ``up_to``'s end; targets
    also as far ahead as the forecast reaches, so the forecast can be read against them."""
    end = parse_period(up_to).end

    def shown(labels: Sequence[str], by: date = end) -> list[str]:
        return sorted(
            (label for label in labels if parse_period(label).end <= by),
            key=lambda label: parse_period(label).sort_key,
        )

    actual_periods = shown(list(values))
    forecast = _forecast(actual_periods, values)
    horizon = parse_period(forecast[-1].period).end if forecast else end
    target_periods = shown(list(targets), max(end, horizon))
    actuals = []
    for label in actual_periods:
        judged = indicator_rag(
            value=values[label],
            target=targets.get(label),
            polarity=polarity,
            tolerance=tolerance,
            unit=unit,
            period=label,
            baseline=baseline.value if baseline else None,
        )
        actuals.append(ActualPoint(label, values[label], judged.rag, judged.reason))
    bands = []
    for label in target_periods:
        target = targets[label]
        slack = abs(target) * tolerance / 100
        worst = target + slack if polarity is Polarity.LOWER else target - slack
        low, high = min(target, worst), max(target, worst)
        if unit in PERCENT_UNITS:  # no share is below 0% or above 100%
            low, high = max(low, 0.0), min(high, 100.0)
        bands.append(Band(label, low, high))
    comparator_points = tuple(
        (name, tuple(Point(label, series[label]) for label in shown(list(series))))
        for name, series in sorted(comparators.items())
    )
    labels = set(actual_periods) | set(target_periods) | {p.period for p in forecast}
    labels |= {p.period for _name, points in comparator_points for p in points}
    if baseline is not None:
        labels.add(baseline.period)
    return IndicatorChart(
        code=code,
        title=title,
        unit=unit,
        polarity=polarity,
        periods=tuple(sorted(labels, key=lambda label: parse_period(label).sort_key)),
        baseline=baseline,
        actuals=tuple(actuals),
        targets=tuple(Point(label, targets[label]) for label in target_periods),
        bands=tuple(bands),
        comparators=comparator_points,
        forecast=forecast,
        tolerance=tolerance,
    )


def _forecast(periods: list[str], values: Mapping[str, float]) -> tuple[Point, ...]:
    """A straight-line trend through the latest actuals of the latest kind of period,
    projected a couple of periods ahead. None when fewer than three actuals to fit."""
    if not periods:
        return ()
    kind = parse_period(periods[-1]).kind
    recent = [label for label in periods if parse_period(label).kind == kind][-FORECAST_FROM:]
    if len(recent) < 3:
        return ()
    xs = list(range(len(recent)))
    ys = [values[label] for label in recent]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    points = [Point(recent[-1], values[recent[-1]])]
    period = parse_period(recent[-1])
    for step in range(1, FORECAST_AHEAD + 1):
        period = period.next()
        points.append(Point(period.label, round(mean_y + slope * (xs[-1] + step - mean_x), 3)))
    return tuple(points)
