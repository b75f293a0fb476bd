"""Who gets which rows: each owner's actions, indicators, objectives and open log actions.

An indicator has no owner of its own: it goes in the return of the lead of its objective,
else of the lead of its priority, the people a board asks about it. Everything here is
read in one session and handed out as frozen rows, so the workbooks can be written without
touching the database again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    Indicator,
    ItemKind,
    LogStatus,
    Meeting,
    Objective,
    Owner,
    Plan,
    Priority,
)
from cypp_desktop.models.periods import parse_period, sort_labels
from cypp_desktop.returns.layout import Row
from cypp_desktop.returns.state import ItemState, current_states
from cypp_desktop.store.rag import PeriodRags, evaluate
from cypp_desktop.store.store import Store


@dataclass(frozen=True, slots=True)
class ReturnRow:
    """One row of a return: every column's value, locked and fill-in, keyed as in layout."""

    row: Row
    id: int
    values: dict[str, object]


@dataclass(frozen=True, slots=True)
class OwnerReturn:
    owner_id: int
    owner: str
    rows: dict[Row, list[ReturnRow]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


@dataclass(frozen=True, slots=True)
class ReturnsContent:
    plan_uid: str
    plan_title: str
    period: str
    returns: list[OwnerReturn]


def _previous_rag(rags: PeriodRags, kind: ItemKind, item_id: int) -> str:
    previous = rags.get(kind, item_id).previous
    return previous.label if previous is not None else ""


def _previous_value(values: dict[str, float], period: str) -> float | None:
    """The latest value for a period that ended before this one began."""
    start = parse_period(period).start
    earlier = [label for label in values if parse_period(label).end < start]
    return values[sort_labels(earlier)[-1]] if earlier else None


class _Gatherer:
    def __init__(self, session: Session, period: str):
        self.session = session
        self.period = period
        self.rags = evaluate(session, period)
        self.by_owner: dict[int, dict[Row, list[tuple[int, dict[str, object]]]]] = defaultdict(
            lambda: defaultdict(list)
        )

    def gather(self) -> None:
        actions = self.session.scalars(
            select(Action)
            .where(Action.owner_id.is_not(None))
            .join(Action.priority)
            .order_by(Priority.position, Action.position, Action.id)
        )
        for action in actions:
            assert action.owner_id is not None
            self.by_owner[action.owner_id][Row.ACTION].append(
                (
                    action.id,
                    {
                        "id": action.id,
                        "code": action.code or "",
                        "title": action.title,
                        "due": action.due,
                        "previous_rag": _previous_rag(self.rags, ItemKind.ACTION, action.id),
                    },
                )
            )
        objectives = self.session.scalars(
            select(Objective)
            .join(Objective.priority)
            .order_by(Priority.position, Objective.position, Objective.id)
        ).all()
        objective_leads = {objective.id: objective.lead_id for objective in objectives}
        for objective in objectives:
            if objective.lead_id is not None:
                self.by_owner[objective.lead_id][Row.OBJECTIVE].append(
                    (
                        objective.id,
                        {
                            "id": objective.id,
                            "code": objective.code,
                            "title": objective.title,
                            "due": objective.due,
                            "previous_rag": _previous_rag(
                                self.rags, ItemKind.OBJECTIVE, objective.id
                            ),
                        },
                    )
                )
        indicators = self.session.scalars(
            select(Indicator)
            .options(
                selectinload(Indicator.values),
                selectinload(Indicator.targets),
                selectinload(Indicator.priority),
            )
            .join(Indicator.priority)
            .order_by(Priority.position, Indicator.position, Indicator.id)
        )
        label = parse_period(self.period).label
        for indicator in indicators:
            lead = objective_leads.get(indicator.objective_id or -1) or indicator.priority.lead_id
            if lead is None:
                continue
            values = {value.period: value.value for value in indicator.values}
            targets = {target.period: target.value for target in indicator.targets}
            self.by_owner[lead][Row.INDICATOR].append(
                (
                    indicator.id,
                    {
                        "id": indicator.id,
                        "code": indicator.code,
                        "title": indicator.title,
                        "unit": indicator.unit,
                        "target": targets.get(label),
                        "previous_value": _previous_value(values, label),
                        "previous_rag": _previous_rag(self.rags, ItemKind.INDICATOR, indicator.id),
                    },
                )
            )
        entries = self.session.scalars(
            select(ActionLogEntry)
            .options(selectinload(ActionLogEntry.meeting))
            .where(ActionLogEntry.status == LogStatus.OPEN, ActionLogEntry.owner_id.is_not(None))
            .join(ActionLogEntry.meeting)
            .order_by(Meeting.starts_at, ActionLogEntry.id)
        )
        for entry in entries:
            assert entry.owner_id is not None
            meeting = entry.meeting
            self.by_owner[entry.owner_id][Row.LOG].append(
                (
                    entry.id,
                    {
                        "id": entry.id,
                        "meeting": f"{meeting.board}, {meeting.starts_at.day} "
                        f"{meeting.starts_at:%b %Y}",
                        "title": entry.text,
                        "due": entry.due,
                    },
                )
            )


def _with_state(locked: dict[str, object], state: ItemState | None) -> dict[str, object]:
    return {**locked, **state.values} if state is not None else dict(locked)


def gather_returns(store: Store, period: str, owners: list[str] | None = None) -> ReturnsContent:
    """Each owner's rows for ``period``: every owner with something to report, or those named."""
    label = parse_period(period).label
    with store.read() as session:
        plan = session.execute(select(Plan)).scalar_one()
        gatherer = _Gatherer(session, label)
        gatherer.gather()
        names = dict(session.execute(select(Owner.id, Owner.name)).all())
        chosen = set(gatherer.by_owner)
        if owners is not None:
            wanted = set(owners)
            chosen = {owner_id for owner_id in chosen if names[owner_id] in wanted}
        keys = [
            (row, item_id)
            for owner_id in chosen
            for row, items in gatherer.by_owner[owner_id].items()
            for item_id, _locked in items
        ]
        states = current_states(session, label, keys)
        returns = [
            OwnerReturn(
                owner_id,
                names[owner_id],
                {
                    row: [
                        ReturnRow(row, item_id, _with_state(locked, states.get((row, item_id))))
                        for item_id, locked in items
                    ]
                    for row, items in gatherer.by_owner[owner_id].items()
                },
            )
            for owner_id in sorted(chosen, key=lambda owner_id: names[owner_id].casefold())
        ]
        return ReturnsContent(plan.uid, plan.title, label, returns)


def owners_with_items(store: Store) -> list[tuple[str, int]]:
    """Owners who would get a return, with how many rows: for the GUI's checklist.

    The same rules as ``gather_returns``, counted without reading the rows themselves.
    """
    owners: list[int | None] = []
    with store.read() as session:
        owners += session.scalars(select(Action.owner_id))
        objective_leads = dict(session.execute(select(Objective.id, Objective.lead_id)).all())
        priority_leads = dict(session.execute(select(Priority.id, Priority.lead_id)).all())
        owners += objective_leads.values()
        owners += [
            objective_leads.get(objective_id or -1) or priority_leads.get(priority_id)
            for objective_id, priority_id in session.execute(
                select(Indicator.objective_id, Indicator.priority_id)
            )
        ]
        owners += session.scalars(
            select(ActionLogEntry.owner_id).where(ActionLogEntry.status == LogStatus.OPEN)
        )
        names = dict(session.execute(select(Owner.id, Owner.name)).all())
    counts = Counter(owner for owner in owners if owner is not None and owner in names)
    return sorted(
        ((names[owner], count) for owner, count in counts.items()),
        key=lambda pair: pair[0].casefold(),
    )
