"""Chart specifications: what a chart shows, as plain frozen data.

A specification is built once from the plan's figures and drawn by more than one back-end
(matplotlib for the screen and PNG/SVG export, reportlab for the PDF pack), so a chart reads
the same on screen and on paper. Specifications are hashable: renderers cache by content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cypp_desktop.models.enums import Polarity, Rag
from cypp_desktop.models.periods import parse_period
from cypp_desktop.models.rag_rules import indicator_rag

FORECAST_FROM = 4  # actuals the trend is fitted to
FORECAST_AHEAD = 2  # periods projected


@dataclass(frozen=True, slots=True)
class Point:
    period: str
    value: float


@dataclass(frozen=True, slots=True)
class ActualPoint:
    period: str
    value: float
    rag: Rag  # judged against the target for the same period


@dataclass(frozen=True, slots=True)
class Band:
    """The tolerance band of one target: between the target and the worst value still Amber."""

    period: str
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class IndicatorChart:
    """The Outcomes Based Accountability "turn the curve" chart of one indicator."""

    code: str
    title: str
    unit: str
    polarity: Polarity
    periods: tuple[str, ...]  # the x axis, oldest first
    baseline: Point | None
    actuals: tuple[ActualPoint, ...]
    targets: tuple[Point, ...]
    bands: tuple[Band, ...]
    comparators: tuple[tuple[str, tuple[Point, ...]], ...]
    forecast: tuple[Point, ...]  # starts at the last actual, so the line joins on

    def x(self, period: str) -> int:
        return self.periods.index(period)


@dataclass(frozen=True, slots=True)
class RagSummaryRow:
    code: str
    title: str
    counts: tuple[tuple[Rag, int], ...]  # in the order Red, Amber, Green, Blue, Grey


@dataclass(frozen=True, slots=True)
class RagSummary:
    period: str
    rows: tuple[RagSummaryRow, ...]


@dataclass(frozen=True, slots=True)
class TimelineItem:
    code: str
    title: str
    due: date
    rag: Rag
    overdue: bool


@dataclass(frozen=True, slots=True)
class MilestoneTimeline:
    as_of: date
    items: tuple[TimelineItem, ...]


@dataclass(frozen=True, slots=True)
class RagHistory:
    """One item's RAG period by period, from its status history."""

    title: str
    points: tuple[tuple[str, Rag], ...]


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
    """Everything the chart shows, for the periods that end by ``up_to``'s end."""
    end = parse_period(up_to).end

    def shown(labels: Sequence[str]) -> list[str]:
        return sorted(
            (label for label in labels if parse_period(label).end <= end),
            key=lambda label: parse_period(label).sort_key,
        )

    actual_periods = shown(list(values))
    target_periods = shown(list(targets))
    actuals = tuple(
        ActualPoint(
            label,
            values[label],
            indicator_rag(
                value=values[label],
                target=targets.get(label),
                polarity=polarity,
                tolerance=tolerance,
                unit=unit,
                period=label,
                baseline=baseline.value if baseline else None,
            ).rag,
        )
        for label in actual_periods
    )
    bands = []
    for label in target_periods:
        target = targets[label]
        slack = abs(target) * tolerance / 100
        worst = target + slack if polarity is Polarity.LOWER else target - slack
        bands.append(Band(label, min(target, worst), max(target, worst)))
    comparator_points = tuple(
        (name, tuple(Point(label, series[label]) for label in shown(list(series))))
        for name, series in sorted(comparators.items())
    )
    forecast = _forecast(actual_periods, values)
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
        actuals=actuals,
        targets=tuple(Point(label, targets[label]) for label in target_periods),
        bands=tuple(bands),
        comparators=comparator_points,
        forecast=forecast,
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
