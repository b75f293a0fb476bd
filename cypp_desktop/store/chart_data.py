"""Chart specifications built from the store: the data side of charts/spec.py.

Also the one-indicator read behind the indicator panel: its chart, values table, story and
RAG, from that indicator's own rows, so showing one indicator costs the same on a plan of
fifty thousand actions as on the demo plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

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
from cypp_desktop.models import (
    ActionStatus,
    Comparator,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemKind,
    Polarity,
    Rag,
    StatusUpdate,
)
from cypp_desktop.models.periods import parse_period
from cypp_desktop.models.rag_rules import (
    RagResult,
    indicator_rag,
    overridden,
    rag_direction,
    value_direction,
)
from cypp_desktop.store import queries
from cypp_desktop.store.queries import ActionRow, PriorityRag, Update
from cypp_desktop.store.rag import IndicatorReading, ItemRag, judge_indicator, settings
from cypp_desktop.store.store import Store


def chart_of(indicator: Indicator, tolerance: float, period: str) -> IndicatorChart:
    """The chart of an indicator whose values, targets and comparators are loaded."""
    comparators: dict[str, dict[str, float]] = defaultdict(dict)
    for comparator in indicator.comparators:
        comparators[comparator.name][comparator.period] = comparator.value
    return _chart(
        _ChartFields(*(getattr(indicator, field) for field in _ChartFields._fields)),
        tolerance,
        {v.period: v.value for v in indicator.values},
        {t.period: t.value for t in indicator.targets},
        comparators,
        period,
    )


def charts_by_id(
    session: Session, period: str, ids: Iterable[int] | None = None
) -> dict[int, IndicatorChart]:
    """Charts of the given indicators (all when ``ids`` is None), by id, in plan order.
    Read as plain columns: the board pack draws hundreds, and building ORM objects for
    every value, target and comparator cost more than drawing them."""
    wanted = None if ids is None else list(ids)

    def rows(*columns: Any) -> Any:
        query = select(*columns)
        return session.execute(query if wanted is None else query.where(columns[0].in_(wanted)))

    values, targets = (
        _by_indicator(rows(table.indicator_id, table.period, table.value))
        for table in (IndicatorValue, IndicatorTarget)
    )
    comparators: dict[int, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for indicator_id, name, label, value in rows(
        Comparator.indicator_id, Comparator.name, Comparator.period, Comparator.value
    ):
        comparators[indicator_id][name][label] = value
    tolerance = settings(session).tolerance
    fields = [getattr(Indicator, field) for field in _ChartFields._fields]
    query = select(*fields).order_by(Indicator.priority_id, Indicator.position)
    if wanted is not None:
        query = query.where(Indicator.id.in_(wanted))
    return {
        row.id: _chart(
            _ChartFields(*row),
            tolerance,
            values.get(row.id, {}),
            targets.get(row.id, {}),
            comparators.get(row.id, {}),
            period,
        )
        for row in session.execute(query)
    }


def indicator_charts(
    store: Store, period: str, ids: Iterable[int] | None = None
) -> list[IndicatorChart]:
    """Charts of the given indicators (all, in plan order, when ``ids`` is None)."""
    with store.read() as session:
        return list(charts_by_id(session, period, ids).values())


class _ChartFields(NamedTuple):
    """The indicator's own columns a chart needs (named as on Indicator)."""

    id: int
    code: str
    title: str
    unit: str
    polarity: Polarity
    tolerance: float | None
    baseline_value: float | None
    baseline_period: str | None


def _by_indicator(rows: Iterable[Any]) -> dict[int, dict[str, float]]:
    """(indicator id, period, value) rows as each indicator's values by period."""
    series: dict[int, dict[str, float]] = defaultdict(dict)
    for indicator_id, label, value in rows:
        series[indicator_id][label] = value
    return series


def _chart(
    fields: _ChartFields,
    plan_tolerance: float,
    values: dict[str, float],
    targets: dict[str, float],
    comparators: dict[str, dict[str, float]],
    period: str,
) -> IndicatorChart:
    baseline = (
        Point(fields.baseline_period, fields.baseline_value)
        if fields.baseline_value is not None and fields.baseline_period
        else None
    )
    return indicator_chart(
        code=fields.code,
        title=fields.title,
        unit=fields.unit,
        polarity=fields.polarity,
        tolerance=plan_tolerance if fields.tolerance is None else fields.tolerance,
        baseline=baseline,
        values=values,
        targets=targets,
        comparators=comparators,
        up_to=period,
    )


# The RAG summary and the milestone timeline ------------------------------------------------


def summary_of(rows: Sequence[PriorityRag], period: str) -> RagSummary:
    """The RAG summary from priority rows already read (queries.priority_rags)."""
    return RagSummary(
        period,
        tuple(
            RagSummaryRow(row.code, row.title, tuple((rag, row.counts[rag]) for rag in RAG_ORDER))
            for row in rows
        ),
    )


def rag_summary(store: Store, period: str) -> RagSummary:
    return summary_of(queries.priority_rags(store, period), period)


def timeline_of(rows: Sequence[ActionRow], period: str) -> MilestoneTimeline:
    """The milestone timeline from action rows already read (queries.action_rows)."""
    as_of = parse_period(period).end
    items = tuple(
        TimelineItem(
            row.code,
            row.title,
            due,
            row.rag.rag,
            row.overdue(as_of),
            row.rag.result.reason,
            row.status in (ActionStatus.COMPLETE, ActionStatus.DROPPED),
        )
        for row in rows
        if (due := row.effective_due) is not None
    )
    return MilestoneTimeline(as_of, tuple(sorted(items, key=lambda item: item.due)))


def milestone_timeline(store: Store, period: str) -> MilestoneTimeline:
    return timeline_of(queries.action_rows(store, period), period)


# RAG over time -----------------------------------------------------------------------------


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


def item_history(store: Store, kind: ItemKind, item_id: int, title: str) -> RagHistory:
    """``rag_history`` in a session of its own, for views, which hold no sessions."""
    with store.read() as session:
        return rag_history(session, kind, item_id, title)


# One indicator in full ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One period of an indicator's values table."""

    period: str
    value: float | None  # None: a target was set, no value has come in
    target: float | None
    rag: Rag  # the value against the target for the same period
    reason: str  # why, in plain English
    note: str  # the note recorded with the value


@dataclass(frozen=True, slots=True)
class IndicatorDetail:
    """Everything the indicator panel shows, read in one go; equal when nothing changed."""

    id: int
    code: str
    title: str
    unit: str
    polarity: Polarity
    frequency: str
    tolerance: float  # in force: the indicator's own, else the plan's
    baseline_value: float | None
    baseline_period: str
    baseline_note: str
    story_behind_baseline: str
    period: str  # the reporting period
    rag: ItemRag  # for the reporting period, overrides applied, with the direction of travel
    reading: IndicatorReading  # the value the RAG was judged on, and how it moved
    update: Update  # the newest status update for the reporting period
    chart: IndicatorChart
    history: RagHistory
    values: tuple[ValueRow, ...]  # newest period first


def _latest_updates(indicator_id: int, session: Session) -> dict[str, StatusUpdate]:
    latest: dict[str, StatusUpdate] = {}
    for update in session.scalars(
        select(StatusUpdate)
        .where(StatusUpdate.indicator_id == indicator_id)
        .order_by(StatusUpdate.recorded_at, StatusUpdate.id)
    ):
        latest[update.period] = update
    return latest


def _judged(
    indicator: Indicator,
    tolerance: float,
    values: dict[str, float],
    targets: dict[str, float],
    updates: dict[str, StatusUpdate],
    label: str,
) -> tuple[RagResult, str | None]:
    """The indicator's RAG for period ``label`` as store/rag.py gives it: the latest value or
    target due by the period's end, judged by the rules, then any override for the period."""
    result, reading = judge_indicator(indicator, values, targets, tolerance, label)
    update = updates.get(label)
    if update is not None and update.is_override:
        result = overridden(
            result,
            rag=update.rag,
            reason=update.override_reason,
            author=update.author,
            on=update.recorded_at.date(),
        )
    return result, reading


def indicator_detail(store: Store, indicator_id: int, period: str) -> IndicatorDetail | None:
    """One indicator as the indicator panel shows it; None when it no longer exists."""
    with store.read() as session:
        indicator = session.scalars(
            select(Indicator)
            .where(Indicator.id == indicator_id)
            .options(
                selectinload(Indicator.values),
                selectinload(Indicator.targets),
                selectinload(Indicator.comparators),
            )
        ).one_or_none()
        if indicator is None:
            return None
        plan_tolerance = settings(session).tolerance
        tolerance = plan_tolerance if indicator.tolerance is None else indicator.tolerance
        values = {v.period: v.value for v in indicator.values}
        notes = {v.period: v.note for v in indicator.values}
        targets = {t.period: t.value for t in indicator.targets}
        updates = _latest_updates(indicator.id, session)
        now, reading = _judged(indicator, tolerance, values, targets, updates, period)
        before, _ = _judged(
            indicator, tolerance, values, targets, updates, parse_period(period).previous().label
        )
        value = values.get(reading) if reading else None
        earlier = values.get(parse_period(reading).previous().label) if reading else None
        latest = updates.get(period)
        end = parse_period(period).end
        rows = []
        for label in sorted(
            (p for p in values.keys() | targets.keys() if parse_period(p).end <= end),
            key=lambda p: parse_period(p).sort_key,
            reverse=True,
        ):
            judged = indicator_rag(
                value=values.get(label),
                target=targets.get(label),
                polarity=indicator.polarity,
                tolerance=tolerance,
                unit=indicator.unit,
                period=label,
                baseline=indicator.baseline_value,
            )
            rows.append(
                ValueRow(
                    label,
                    values.get(label),
                    targets.get(label),
                    judged.rag,
                    judged.reason,
                    notes.get(label, ""),
                )
            )
        return IndicatorDetail(
            id=indicator.id,
            code=indicator.code,
            title=indicator.title,
            unit=indicator.unit,
            polarity=indicator.polarity,
            frequency=indicator.frequency.value,
            tolerance=tolerance,
            baseline_value=indicator.baseline_value,
            baseline_period=indicator.baseline_period or "",
            baseline_note=indicator.baseline_note,
            story_behind_baseline=indicator.story_behind_baseline,
            period=period,
            rag=ItemRag(now, before.rag, rag_direction(now.rag, before.rag)),
            reading=IndicatorReading(
                period=reading or "",
                value=value,
                target=targets.get(reading) if reading else None,
                since_previous=value_direction(value, earlier, indicator.polarity),
                since_baseline=value_direction(value, indicator.baseline_value, indicator.polarity),
            ),
            update=Update(latest.commentary, latest.author, latest.recorded_at)
            if latest is not None
            else queries.NO_UPDATE,
            chart=chart_of(indicator, plan_tolerance, period),
            history=RagHistory(
                f"{indicator.code} {indicator.title}",
                tuple(
                    (label, updates[label].rag)
                    for label in sorted(updates, key=lambda p: parse_period(p).sort_key)
                ),
            ),
            values=tuple(rows),
        )
