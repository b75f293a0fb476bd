"""Chart specifications built from the store: the data side of charts/spec.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cypp_desktop.charts.spec import (
    RAG_ORDER,
    IndicatorChart,
    MilestoneTimeline,
    Point,
    RagHistory,
    RagSummary,
    RagSummaryRow,
    TimelineItem,
    indicator_chart,
)
from cypp_desktop.models import Indicator, ItemKind, Rag, StatusUpdate
from cypp_desktop.models.periods import parse_period
from cypp_desktop.store import queries
from cypp_desktop.store.rag import settings
from cypp_desktop.store.store import Store


def _chart(indicator: Indicator, tolerance: float, period: str) -> IndicatorChart:
    comparators: dict[str, dict[str, float]] = defaultdict(dict)
    for comparator in indicator.comparators:
        comparators[comparator.name][comparator.period] = comparator.value
    baseline = (
        Point(indicator.baseline_period, indicator.baseline_value)
        if indicator.baseline_value is not None and indicator.baseline_period
        else None
    )
    return indicator_chart(
        code=indicator.code,
        title=indicator.title,
        unit=indicator.unit,
        polarity=indicator.polarity,
        tolerance=tolerance if indicator.tolerance is None else indicator.tolerance,
        baseline=baseline,
        values={v.period: v.value for v in indicator.values},
        targets={t.period: t.value for t in indicator.targets},
        comparators=comparators,
        up_to=period,
    )


def indicator_charts(
    store: Store, period: str, ids: Iterable[int] | None = None
) -> list[IndicatorChart]:
    """Charts of the given indicators (all, in plan order, when ``ids`` is None)."""
    with store.read() as session:
        tolerance = settings(session).tolerance
        query = select(Indicator).options(
            selectinload(Indicator.values),
            selectinload(Indicator.targets),
            selectinload(Indicator.comparators),
        )
        if ids is not None:
            query = query.where(Indicator.id.in_(list(ids)))
        indicators = session.scalars(query.order_by(Indicator.priority_id, Indicator.position))
        return [_chart(indicator, tolerance, period) for indicator in indicators]


def rag_summary(store: Store, period: str) -> RagSummary:
    rows = tuple(
        RagSummaryRow(row.code, row.title, tuple((rag, row.counts[rag]) for rag in RAG_ORDER))
        for row in queries.priority_rags(store, period)
    )
    return RagSummary(period, rows)


def milestone_timeline(store: Store, period: str) -> MilestoneTimeline:
    as_of = parse_period(period).end
    items = tuple(
        TimelineItem(row.code, row.title, due, row.rag.rag, row.overdue(as_of))
        for row in queries.action_rows(store, period)
        if (due := row.effective_due) is not None
    )
    return MilestoneTimeline(as_of, tuple(sorted(items, key=lambda item: item.due)))


def rag_history(session: Session, kind: ItemKind, item_id: int, title: str) -> RagHistory:
    """The newest recorded RAG of each period, oldest period first."""
    column = getattr(StatusUpdate, f"{kind.value}_id")
    latest: dict[str, Rag] = {}
    for update in session.scalars(
        select(StatusUpdate)
        .where(column == item_id)
        .order_by(StatusUpdate.recorded_at, StatusUpdate.id)
    ):
        latest[update.period] = update.rag
    ordered = sorted(latest, key=lambda label: parse_period(label).sort_key)
    return RagHistory(title, tuple((label, latest[label]) for label in ordered))
