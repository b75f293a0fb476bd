"""What the plan holds now for the fields a lead fills in, read in a few bulk queries.

Making a return and importing one both read through here, so the value a return was issued
with and the value it is compared with on the way back are worked out the same way. The RAG
a lead sees is the effective one (an override where there is one, else the rules' RAG), left
blank when it is Grey, which a lead cannot type.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    ActionLogNote,
    ActionStatus,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemKind,
    Objective,
    Polarity,
    Rag,
    StatusUpdate,
)
from cypp_desktop.models.periods import Period, parse_period
from cypp_desktop.models.rag_rules import RagSettings, action_rag, indicator_rag
from cypp_desktop.returns.layout import Row
from cypp_desktop.store.rag import evaluate, settings

Key = tuple[Row, int]

ITEM_KIND = {
    Row.ACTION: ItemKind.ACTION,
    Row.INDICATOR: ItemKind.INDICATOR,
    Row.OBJECTIVE: ItemKind.OBJECTIVE,
}


@dataclass(frozen=True, slots=True)
class IndicatorInputs:
    unit: str
    polarity: Polarity
    tolerance: float
    baseline: float | None
    values: dict[str, float]
    targets: dict[str, float]


@dataclass(frozen=True, slots=True)
class ItemState:
    """One row's item as the plan holds it now."""

    row: Row
    id: int
    version: int
    code: str
    values: dict[str, object]
    override: Rag | None = None  # the period's manual RAG, if any
    override_reason: str = ""
    computed: Rag = Rag.GREY  # what the rules give now
    start: date | None = None
    due: date | None = None
    indicator: IndicatorInputs | None = None


def shown_rag(rag: Rag | None) -> Rag | None:
    """The RAG as a return shows it: Grey (no data) is a blank for the lead to fill."""
    return None if rag is None or rag is Rag.GREY else rag


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _latest_updates(
    session: Session, column: str, ids: list[int], period: str
) -> dict[int, StatusUpdate]:
    latest: dict[int, StatusUpdate] = {}
    attribute = getattr(StatusUpdate, column)
    for chunk in _chunks(ids):
        for update in session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.period == period, attribute.in_(chunk))
            .order_by(StatusUpdate.recorded_at, StatusUpdate.id)
        ):
            latest[getattr(update, column)] = update
    return latest


def _reading(values: dict[str, float], targets: dict[str, float], period: Period) -> str | None:
    due = [
        label for label in values.keys() | targets.keys() if parse_period(label).end <= period.end
    ]
    return max(due, key=lambda label: parse_period(label).sort_key, default=None)


def indicator_computed(inputs: IndicatorInputs, period: str, value: object = ...) -> Rag:
    """The rules' RAG for ``period``; with ``value`` given, as if that were its value."""
    values = dict(inputs.values)
    if value is not ...:
        label = parse_period(period).label
        if isinstance(value, float | int):
            values[label] = float(value)
        else:
            values.pop(label, None)
    reading = _reading(values, inputs.targets, parse_period(period))
    return indicator_rag(
        value=values.get(reading) if reading else None,
        target=inputs.targets.get(reading) if reading else None,
        polarity=inputs.polarity,
        tolerance=inputs.tolerance,
        unit=inputs.unit,
        period=reading or period,
        baseline=inputs.baseline,
    ).rag


def action_computed(
    *,
    status: ActionStatus,
    percent_complete: int,
    start: date | None,
    due: date | None,
    period: str,
    rules: RagSettings,
) -> Rag:
    return action_rag(
        status=status,
        percent_complete=percent_complete,
        start=start,
        due=due,
        as_of=parse_period(period).end,
        lag_margin=rules.action_lag_margin,
    ).rag


def _with_update(update: StatusUpdate | None) -> tuple[Rag | None, str, str]:
    if update is None:
        return None, "", ""
    override = update.rag if update.is_override else None
    return override, update.override_reason, update.commentary


def current_states(session: Session, period: str, keys: Iterable[Key]) -> dict[Key, ItemState]:
    """The plan's state of every row in ``keys`` for ``period``."""
    label = parse_period(period).label
    wanted: dict[Row, list[int]] = defaultdict(list)
    for row, item_id in keys:
        wanted[row].append(item_id)
    rules = settings(session)
    states: dict[Key, ItemState] = {}
    if wanted[Row.ACTION]:
        states.update(_actions(session, label, wanted[Row.ACTION], rules))
    if wanted[Row.INDICATOR]:
        states.update(_indicators(session, label, wanted[Row.INDICATOR], rules))
    if wanted[Row.OBJECTIVE]:
        states.update(_objectives(session, label, wanted[Row.OBJECTIVE]))
    if wanted[Row.LOG]:
        states.update(_log_entries(session, label, wanted[Row.LOG]))
    return states


def _actions(
    session: Session, period: str, ids: list[int], rules: RagSettings
) -> dict[Key, ItemState]:
    updates = _latest_updates(session, "action_id", ids, period)
    states: dict[Key, ItemState] = {}
    for chunk in _chunks(ids):
        for action in session.scalars(select(Action).where(Action.id.in_(chunk))):
            override, reason, commentary = _with_update(updates.get(action.id))
            computed = action_computed(
                status=action.status,
                percent_complete=action.percent_complete,
                start=action.start,
                due=action.effective_due,
                period=period,
                rules=rules,
            )
            states[(Row.ACTION, action.id)] = ItemState(
                Row.ACTION,
                action.id,
                action.version,
                action.code or "",
                {
                    "status": action.status,
                    "percent_complete": action.percent_complete,
                    "rag": shown_rag(override or computed),
                    "commentary": commentary,
                    "revised_due": action.revised_due,
                    "evidence": action.evidence,
                },
                override=override,
                override_reason=reason,
                computed=computed,
                start=action.start,
                due=action.due,
            )
    return states


def _indicators(
    session: Session, period: str, ids: list[int], rules: RagSettings
) -> dict[Key, ItemState]:
    updates = _latest_updates(session, "indicator_id", ids, period)
    values: dict[int, dict[str, float]] = defaultdict(dict)
    targets: dict[int, dict[str, float]] = defaultdict(dict)
    indicators: list[Indicator] = []
    for chunk in _chunks(ids):
        for indicator_id, label, number in session.execute(
            select(IndicatorValue.indicator_id, IndicatorValue.period, IndicatorValue.value).where(
                IndicatorValue.indicator_id.in_(chunk)
            )
        ):
            values[indicator_id][label] = number
        for indicator_id, label, number in session.execute(
            select(
                IndicatorTarget.indicator_id, IndicatorTarget.period, IndicatorTarget.value
            ).where(IndicatorTarget.indicator_id.in_(chunk))
        ):
            targets[indicator_id][label] = number
        indicators += session.scalars(select(Indicator).where(Indicator.id.in_(chunk)))
    states: dict[Key, ItemState] = {}
    for indicator in indicators:
        inputs = IndicatorInputs(
            unit=indicator.unit,
            polarity=indicator.polarity,
            tolerance=rules.tolerance if indicator.tolerance is None else indicator.tolerance,
            baseline=indicator.baseline_value,
            values=values[indicator.id],
            targets=targets[indicator.id],
        )
        override, reason, commentary = _with_update(updates.get(indicator.id))
        computed = indicator_computed(inputs, period)
        states[(Row.INDICATOR, indicator.id)] = ItemState(
            Row.INDICATOR,
            indicator.id,
            indicator.version,
            indicator.code,
            {
                "value": inputs.values.get(period),
                "rag": shown_rag(override or computed),
                "commentary": commentary,
            },
            override=override,
            override_reason=reason,
            computed=computed,
            indicator=inputs,
        )
    return states


def _objectives(session: Session, period: str, ids: list[int]) -> dict[Key, ItemState]:
    """Objectives roll up from everything under them, so their RAG needs the whole plan."""
    rags = evaluate(session, period)
    updates = _latest_updates(session, "objective_id", ids, period)
    states: dict[Key, ItemState] = {}
    for chunk in _chunks(ids):
        for objective in session.scalars(select(Objective).where(Objective.id.in_(chunk))):
            result = rags.get(ItemKind.OBJECTIVE, objective.id).result
            computed = result.computed if result.overridden and result.computed else result.rag
            override, reason, commentary = _with_update(updates.get(objective.id))
            states[(Row.OBJECTIVE, objective.id)] = ItemState(
                Row.OBJECTIVE,
                objective.id,
                objective.version,
                objective.code,
                {"rag": shown_rag(override or computed), "commentary": commentary},
                override=override,
                override_reason=reason,
                computed=computed,
                due=objective.due,
            )
    return states


def _log_entries(session: Session, period: str, ids: list[int]) -> dict[Key, ItemState]:
    notes: dict[int, str] = {}
    states: dict[Key, ItemState] = {}
    for chunk in _chunks(ids):
        for note in session.scalars(
            select(ActionLogNote)
            .where(ActionLogNote.period == period, ActionLogNote.entry_id.in_(chunk))
            .order_by(ActionLogNote.recorded_at, ActionLogNote.id)
        ):
            notes[note.entry_id] = note.text
        for entry in session.scalars(select(ActionLogEntry).where(ActionLogEntry.id.in_(chunk))):
            states[(Row.LOG, entry.id)] = ItemState(
                Row.LOG,
                entry.id,
                entry.version,
                f"Log {entry.id}",
                {"log_status": entry.status, "note": notes.get(entry.id, "")},
                due=entry.due,
            )
    return states
