"""Every item's RAG for a reporting period, computed in one pass over the plan.

The rules are the pure functions of models/rag_rules.py; this module gathers their inputs
(actions, indicator values and targets, overrides, the plan's settings) in a few queries, and
rolls actions and indicators up to objectives and priorities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cypp_desktop.models import (
    Action,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemKind,
    Objective,
    Plan,
    Priority,
    Promise,
    Rag,
    StatusUpdate,
)
from cypp_desktop.models.periods import Period, parse_period
from cypp_desktop.models.rag_rules import (
    Direction,
    RagResult,
    RagSettings,
    action_rag,
    indicator_rag,
    overridden,
    rag_direction,
    rollup_rag,
    value_direction,
)
from cypp_desktop.models.status import ITEM_COLUMNS

ItemKey = tuple[ItemKind, int]


@dataclass(frozen=True, slots=True)
class IndicatorReading:
    """The value an indicator's RAG was judged on, and how it moved."""

    period: str
    value: float | None
    target: float | None
    since_previous: Direction
    since_baseline: Direction


@dataclass(frozen=True, slots=True)
class ItemRag:
    result: RagResult
    previous: Rag | None  # the effective RAG for the period before
    direction: Direction  # RAG direction since the previous period

    @property
    def rag(self) -> Rag:
        return self.result.rag

    @property
    def worsened(self) -> bool:
        return self.direction is Direction.WORSENING


def settings(session: Session) -> RagSettings:
    plan = session.execute(select(Plan)).scalar_one()
    return RagSettings(plan.default_tolerance, plan.action_lag_margin, plan.rollup_rule)


class _Inputs:
    """What the rules need, read once and reused for the period and the one before it."""

    def __init__(self, session: Session):
        self.settings = settings(session)
        self.actions = session.execute(
            select(
                Action.id,
                Action.priority_id,
                Action.objective_id,
                Action.status,
                Action.percent_complete,
                Action.start,
                func.coalesce(Action.revised_due, Action.due).label("due"),
            )
        ).all()
        self.indicators = session.scalars(select(Indicator)).all()
        self.values: dict[int, dict[str, float]] = defaultdict(dict)
        for indicator_id, label, value in session.execute(
            select(IndicatorValue.indicator_id, IndicatorValue.period, IndicatorValue.value)
        ):
            self.values[indicator_id][label] = value
        self.targets: dict[int, dict[str, float]] = defaultdict(dict)
        for indicator_id, label, value in session.execute(
            select(IndicatorTarget.indicator_id, IndicatorTarget.period, IndicatorTarget.value)
        ):
            self.targets[indicator_id][label] = value
        self.objectives = session.execute(select(Objective.id, Objective.priority_id)).all()
        self.priorities = session.scalars(select(Priority.id)).all()
        self.promises = session.scalars(select(Promise.id)).all()
        self._session = session
        self._periods: dict[str, Period] = {}

    def period(self, label: str) -> Period:
        if label not in self._periods:
            self._periods[label] = parse_period(label)
        return self._periods[label]

    def updates(self, label: str) -> dict[ItemKey, LatestUpdate]:
        return latest_updates(self._session, label)


class LatestUpdate(NamedTuple):
    """An item's newest status update for a period, read as a plain row: a large plan has
    hundreds of thousands, and ORM objects for each cost seconds."""

    rag: Rag
    commentary: str
    author: str
    recorded_at: datetime
    override_reason: str

    @property
    def is_override(self) -> bool:
        return bool(self.override_reason)


_ITEM_ID_COLUMNS = [getattr(StatusUpdate, column) for column in ITEM_COLUMNS.values()]


def latest_updates(session: Session, label: str) -> dict[ItemKey, LatestUpdate]:
    """Each item's newest status update for the period ``label``."""
    latest: dict[ItemKey, LatestUpdate] = {}
    kinds = list(ITEM_COLUMNS)
    rows = session.execute(
        select(
            *_ITEM_ID_COLUMNS,
            StatusUpdate.rag,
            StatusUpdate.commentary,
            StatusUpdate.author,
            StatusUpdate.recorded_at,
            StatusUpdate.override_reason,
        )
        .where(StatusUpdate.period == label)
        .order_by(StatusUpdate.recorded_at, StatusUpdate.id)
    )
    for row in rows:
        ids = row[: len(kinds)]
        position = next(index for index, item_id in enumerate(ids) if item_id is not None)
        latest[(kinds[position], ids[position])] = LatestUpdate(*row[len(kinds) :])
    return latest


def _reading_period(inputs: _Inputs, indicator_id: int, period: Period) -> str | None:
    """The latest period, ending by ``period``'s end, for which a value or target exists."""
    labels = inputs.values[indicator_id].keys() | inputs.targets[indicator_id].keys()
    due = [label for label in labels if inputs.period(label).end <= period.end]
    return max(due, key=lambda label: inputs.period(label).sort_key, default=None)


def _indicator_result(
    indicator: Any,
    value: float | None,
    target: float | None,
    tolerance: float,
    reading: str | None,
    label: str,
) -> RagResult:
    """``indicator`` (a row or an entity) judged for ``label`` on its ``reading`` period's
    value and target. When that is an earlier period (an annual or academic-year figure, or
    one not yet updated) the reason says so, so nobody reads last year's figure as this
    quarter's."""
    result = indicator_rag(
        value=value,
        target=target,
        polarity=indicator.polarity,
        tolerance=tolerance,
        unit=indicator.unit,
        period=reading or label,
        baseline=indicator.baseline_value,
    )
    if reading and reading != label and value is not None:
        result = replace(result, reason=f"{result.reason} (the latest figure: {reading})")
    return result


def judge_indicator(
    indicator: Any,
    values: Mapping[str, float],
    targets: Mapping[str, float],
    tolerance: float,
    label: str,
) -> tuple[RagResult, str | None]:
    """One indicator judged for period ``label`` from its own values and targets, exactly as
    evaluate() judges it within the plan; with the period it was read on (None: none)."""
    end = parse_period(label).end
    due = [period for period in values.keys() | targets.keys() if parse_period(period).end <= end]
    reading = max(due, key=lambda period: parse_period(period).sort_key, default=None)
    value = values.get(reading) if reading else None
    target = targets.get(reading) if reading else None
    return _indicator_result(indicator, value, target, tolerance, reading, label), reading


def _evaluate(
    inputs: _Inputs, label: str
) -> tuple[dict[ItemKey, RagResult], dict[int, IndicatorReading]]:
    period = inputs.period(label)
    rules = inputs.settings
    updates = inputs.updates(label)
    results: dict[ItemKey, RagResult] = {}

    def settle(key: ItemKey, computed: RagResult) -> RagResult:
        update = updates.get(key)
        if update is not None and update.is_override:
            computed = overridden(
                computed,
                rag=update.rag,
                reason=update.override_reason,
                author=update.author,
                on=update.recorded_at.date(),
            )
        results[key] = computed
        return computed

    under_objective: dict[int, list[Rag]] = defaultdict(list)
    under_priority: dict[int, list[Rag]] = defaultdict(list)

    for action in inputs.actions:
        result = settle(
            (ItemKind.ACTION, action.id),
            action_rag(
                status=action.status,
                percent_complete=action.percent_complete,
                start=action.start,
                due=action.due,
                as_of=period.end,
                lag_margin=rules.action_lag_margin,
            ),
        )
        if action.objective_id is not None:
            under_objective[action.objective_id].append(result.rag)
        else:
            under_priority[action.priority_id].append(result.rag)

    readings: dict[int, IndicatorReading] = {}
    for indicator in inputs.indicators:
        reading = _reading_period(inputs, indicator.id, period)
        values = inputs.values[indicator.id]
        value = values.get(reading) if reading else None
        target = inputs.targets[indicator.id].get(reading) if reading else None
        tolerance = rules.tolerance if indicator.tolerance is None else indicator.tolerance
        result = settle(
            (ItemKind.INDICATOR, indicator.id),
            _indicator_result(indicator, value, target, tolerance, reading, label),
        )
        earlier = values.get(inputs.period(reading).previous().label) if reading else None
        readings[indicator.id] = IndicatorReading(
            period=reading or "",
            value=value,
            target=target,
            since_previous=value_direction(value, earlier, indicator.polarity),
            since_baseline=value_direction(value, indicator.baseline_value, indicator.polarity),
        )
        if indicator.objective_id is not None:
            under_objective[indicator.objective_id].append(result.rag)
        else:
            under_priority[indicator.priority_id].append(result.rag)

    for objective_id, priority_id in inputs.objectives:
        result = settle(
            (ItemKind.OBJECTIVE, objective_id),
            rollup_rag(under_objective[objective_id], rules.rollup, what="objective"),
        )
        under_priority[priority_id].append(result.rag)

    for priority_id in inputs.priorities:
        settle(
            (ItemKind.PRIORITY, priority_id),
            rollup_rag(under_priority[priority_id], rules.rollup, what="priority"),
        )

    for promise_id in inputs.promises:
        update = updates.get((ItemKind.PROMISE, promise_id))
        if update is None:
            results[(ItemKind.PROMISE, promise_id)] = RagResult(
                Rag.GREY, f"Grey: no update for {label}"
            )
        else:
            results[(ItemKind.PROMISE, promise_id)] = RagResult(
                update.rag,
                f"{update.rag.label}: as reported by {update.author or 'unknown'} "
                f"on {update.recorded_at:%d %b %Y}",
            )
    return results, readings


@dataclass(frozen=True, slots=True)
class PeriodRags:
    period: str
    items: dict[ItemKey, ItemRag]
    readings: dict[int, IndicatorReading]

    def get(self, kind: ItemKind, item_id: int) -> ItemRag:
        return self.items[(kind, item_id)]


def evaluate(session: Session, period: str) -> PeriodRags:
    """Every item's RAG for ``period``, with the one before it for the direction of travel."""
    inputs = _Inputs(session)
    now, readings = _evaluate(inputs, period)
    before, _ = _evaluate(inputs, inputs.period(period).previous().label)
    items = {
        key: ItemRag(result, before[key].rag, rag_direction(result.rag, before[key].rag))
        for key, result in now.items()
    }
    return PeriodRags(period, items, readings)


def item_rag(
    session: Session,
    kind: ItemKind,
    item_id: int,
    period: str,
    *,
    rules: RagSettings | None = None,
) -> RagResult:
    """One item's computed RAG for ``period`` (overrides aside). Actions and indicators are
    judged on their own rows, cheaply; objectives and priorities need the plan around them."""
    if kind is ItemKind.INDICATOR:
        indicator = session.get_one(Indicator, item_id)
        rules = rules or settings(session)
        result, _reading = judge_indicator(
            indicator,
            {v.period: v.value for v in indicator.values},
            {t.period: t.value for t in indicator.targets},
            rules.tolerance if indicator.tolerance is None else indicator.tolerance,
            period,
        )
        return result
    if kind is ItemKind.ACTION:
        action = session.get_one(Action, item_id)
        rules = rules or settings(session)
        return action_rag(
            status=action.status,
            percent_complete=action.percent_complete,
            start=action.start,
            due=action.effective_due,
            as_of=parse_period(period).end,
            lag_margin=rules.action_lag_margin,
        )
    result = evaluate(session, period).get(kind, item_id).result
    return RagResult(result.computed, result.reason) if result.computed else result
