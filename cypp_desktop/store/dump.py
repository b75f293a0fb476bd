"""The whole plan as plain JSON data: the format is documented in docs/dump-format.md.

Every item carries the same core keys (id, code, title, owner, organisation, due, status,
rag, commentary) so scripts can treat priorities, objectives, actions, indicators and
promises alike; ``rag`` and ``commentary`` are for the plan's current period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    ActionLogNote,
    GlossaryTerm,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemKind,
    Meeting,
    Objective,
    Organisation,
    Owner,
    Plan,
    Priority,
    Promise,
    StatusUpdate,
)
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.models.periods import parse_period
from cypp_desktop.store.queries import (
    NARRATIVE_FIELDS,
    NO_UPDATE,
    current_period,
    periods_with_data,
    updates,
)
from cypp_desktop.store.rag import evaluate
from cypp_desktop.store.schema import HEAD
from cypp_desktop.store.store import Store

FORMAT = "cypp-dump"
FORMAT_VERSION = 1

Json = dict[str, Any]
RowT = TypeVar("RowT", IndicatorTarget, IndicatorValue)


def dump_plan(store: Store) -> Json:
    with store.read() as session:
        return _Dumper(session).dump()


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _by_period(rows: Iterable[RowT]) -> list[RowT]:
    return sorted(rows, key=lambda row: parse_period(row.period).sort_key)


def _history_reason(update: StatusUpdate) -> str:
    """Why a recorded RAG was what it was: a hand-set override gives its reason and what the
    rules said; anything else is the RAG as its author recorded it."""
    by = f"{update.author or 'unknown'} on {uk_date(update.recorded_at.date())}"
    if update.is_override:
        computed = f"; the rules gave {update.computed_rag.label}" if update.computed_rag else ""
        return f"{update.rag.label}: set by hand by {by}: {update.override_reason}{computed}"
    return f"{update.rag.label}: as recorded by {by} ({update.source or 'no source'})"


def _name(entity: Owner | Organisation | None) -> str | None:
    return entity.name if entity is not None else None


class _Dumper:
    def __init__(self, session: Session):
        self.session = session
        self.period = current_period(session)
        self.rags = evaluate(session, self.period)
        self.updates = updates(session, self.period)
        self.codes: dict[tuple[ItemKind, int], str] = {}

    def dump(self) -> Json:
        plan = self.session.execute(select(Plan)).scalar_one()
        priorities = self.session.scalars(
            select(Priority)
            .options(selectinload(Priority.lead).selectinload(Owner.organisation))
            .order_by(Priority.position, Priority.id)
        ).all()
        objectives = self.session.scalars(
            select(Objective)
            .join(Objective.priority)
            .order_by(Priority.position, Objective.position, Objective.id)
        ).all()
        actions = self.session.scalars(
            select(Action)
            .join(Action.priority)
            .order_by(Priority.position, Action.position, Action.id)
        ).all()
        indicators = self.session.scalars(
            select(Indicator)
            .options(
                selectinload(Indicator.values),
                selectinload(Indicator.targets),
                selectinload(Indicator.comparators),
            )
            .join(Indicator.priority)
            .order_by(Priority.position, Indicator.position, Indicator.id)
        ).all()
        promises = self.session.scalars(select(Promise).order_by(Promise.position)).all()
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_revision": HEAD,
            "plan": {
                "uid": plan.uid,
                "rag_rules": {
                    "default_tolerance": plan.default_tolerance,
                    "action_lag_margin": plan.action_lag_margin,
                    "rollup_rule": plan.rollup_rule.value,
                },
                "title": plan.title,
                "partnership": plan.partnership,
                "period_covered": plan.period_covered,
                "vision": plan.vision,
                "notes": plan.notes,
                "current_period": self.period,
            },
            "periods": periods_with_data(self.session),
            "organisations": [
                {"id": o.id, "name": o.name, "short_name": o.short_name, "sector": o.sector.value}
                for o in self.session.scalars(select(Organisation).order_by(Organisation.name))
            ],
            "owners": [
                {
                    "id": o.id,
                    "name": o.name,
                    "role": o.role,
                    "email": o.email,
                    "organisation": _name(o.organisation),
                }
                for o in self.session.scalars(select(Owner).order_by(Owner.name))
            ],
            "priorities": [self._priority(p) for p in priorities],
            "objectives": [self._objective(o) for o in objectives],
            "actions": [self._action(a) for a in actions],
            "indicators": [self._indicator(i) for i in indicators],
            "promises": [self._promise(p) for p in promises],
            "status_history": self._history(),
            "meetings": self._meetings(),
            "glossary": [
                {"term": g.term, "definition": g.definition}
                for g in self.session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.term))
            ],
        }

    def _item(
        self,
        kind: ItemKind,
        item_id: int,
        code: str | None,
        title: str,
        *,
        owner: Owner | None = None,
        organisation: Organisation | None = None,
        due: date | None = None,
        status: str | None = None,
    ) -> Json:
        self.codes[(kind, item_id)] = code or ""
        rag = self.rags.get(kind, item_id)
        if organisation is None and owner is not None:
            organisation = owner.organisation
        return {
            "id": item_id,
            "code": code,
            "title": title,
            "owner": _name(owner),
            "organisation": _name(organisation),
            "due": _iso(due),
            "status": status,
            "rag": rag.rag.value,
            "rag_reason": rag.result.reason,
            "rag_overridden": rag.result.overridden,
            "rag_computed": rag.result.computed.value if rag.result.computed else None,
            "direction": rag.direction.value,
            "commentary": self.updates.get((kind, item_id), NO_UPDATE).commentary,
        }

    def _priority(self, priority: Priority) -> Json:
        item = self._item(
            ItemKind.PRIORITY, priority.id, priority.code, priority.title, owner=priority.lead
        )
        item.update(description=priority.description, source=priority.source)
        return item

    def _objective(self, objective: Objective) -> Json:
        item = self._item(
            ItemKind.OBJECTIVE,
            objective.id,
            objective.code,
            objective.title,
            owner=objective.lead,
            organisation=objective.organisation,
            due=objective.due,
        )
        item["priority"] = objective.priority.code
        item.update({key: getattr(objective, key) for key in NARRATIVE_FIELDS})
        return item

    def _action(self, action: Action) -> Json:
        item = self._item(
            ItemKind.ACTION,
            action.id,
            action.code,
            action.title,
            owner=action.owner,
            organisation=action.organisation,
            due=action.due,
            status=action.status.value,
        )
        item.update(
            priority=action.priority.code,
            objective=action.objective.code if action.objective else None,
            start=_iso(action.start),
            revised_due=_iso(action.revised_due),
            due_note=action.due_note,
            percent_complete=action.percent_complete,
            key_success_indicators=action.key_success_indicators,
            evidence=action.evidence,
        )
        return item

    def _indicator(self, indicator: Indicator) -> Json:
        item = self._item(ItemKind.INDICATOR, indicator.id, indicator.code, indicator.title)
        reading = self.rags.readings[indicator.id]
        item.update(
            tolerance=indicator.tolerance,
            reading={
                "period": reading.period or None,
                "value": reading.value,
                "target": reading.target,
                "since_previous": reading.since_previous.value,
                "since_baseline": reading.since_baseline.value,
            },
            priority=indicator.priority.code,
            objective=indicator.objective.code if indicator.objective else None,
            unit=indicator.unit,
            polarity=indicator.polarity.value,
            frequency=indicator.frequency.value,
            oba_type=indicator.oba_type.value,
            baseline=None
            if indicator.baseline_value is None
            else {
                "value": indicator.baseline_value,
                "period": indicator.baseline_period,
                "note": indicator.baseline_note,
            },
            story_behind_baseline=indicator.story_behind_baseline,
            comparators=[
                {"name": c.name, "period": c.period, "value": c.value}
                for c in sorted(indicator.comparators, key=lambda c: (c.name, c.period))
            ],
            targets=[{"period": t.period, "value": t.value} for t in _by_period(indicator.targets)],
            values=[
                {"period": v.period, "value": v.value, "note": v.note, "source": v.source}
                for v in _by_period(indicator.values)
            ],
        )
        return item

    def _promise(self, promise: Promise) -> Json:
        item = self._item(ItemKind.PROMISE, promise.id, promise.code, promise.set_out_to_do)
        item.update(
            theme=promise.theme,
            achieved=promise.achieved,
            plan_period=promise.plan_period,
            priority=promise.priority.code if promise.priority else None,
        )
        return item

    def _history(self) -> list[Json]:
        updates = self.session.scalars(
            select(StatusUpdate).order_by(StatusUpdate.recorded_at, StatusUpdate.id)
        )
        history = []
        for update in updates:
            kind, item_id = update.item
            history.append(
                {
                    "item_kind": kind.value,
                    "item_id": item_id,
                    "item_code": self.codes.get((kind, item_id)),
                    "period": update.period,
                    "rag": update.rag.value,
                    "rag_reason": _history_reason(update),
                    "commentary": update.commentary,
                    "author": update.author,
                    "recorded_at": _iso(update.recorded_at),
                    "source": update.source,
                    "override_reason": update.override_reason,
                    "computed_rag": update.computed_rag.value if update.computed_rag else None,
                }
            )
        return history

    def _meetings(self) -> list[Json]:
        meetings = self.session.scalars(
            select(Meeting)
            .options(
                selectinload(Meeting.attendance),
                selectinload(Meeting.agenda),
                selectinload(Meeting.log).selectinload(ActionLogEntry.owner),
            )
            .order_by(Meeting.starts_at)
        )
        notes: dict[int, list[Json]] = defaultdict(list)
        for note in self.session.scalars(
            select(ActionLogNote).order_by(ActionLogNote.recorded_at, ActionLogNote.id)
        ):
            notes[note.entry_id].append(
                {
                    "period": note.period,
                    "text": note.text,
                    "author": note.author,
                    "recorded_at": _iso(note.recorded_at),
                    "source": note.source,
                }
            )
        result = []
        for meeting in meetings:
            agenda_positions = {item.id: item.position for item in meeting.agenda}
            result.append(
                {
                    "id": meeting.id,
                    "board": meeting.board,
                    "starts_at": _iso(meeting.starts_at),
                    "location": meeting.location,
                    "period": meeting.period,
                    "attendees": [a.name for a in meeting.attendance if a.kind == "attendee"],
                    "apologies": [a.name for a in meeting.attendance if a.kind == "apology"],
                    "agenda": [
                        {
                            "position": item.position,
                            "title": item.title,
                            "presenter": item.presenter,
                            "minutes": item.minutes,
                            "link": item.link.value,
                            "link_code": self.codes.get((ItemKind.PRIORITY, item.priority_id or -1))
                            or self.codes.get((ItemKind.OBJECTIVE, item.objective_id or -1)),
                            "paper": item.paper,
                        }
                        for item in meeting.agenda
                    ],
                    "actions": [
                        {
                            "id": entry.id,
                            "kind": entry.kind.value,
                            "text": entry.text,
                            "owner": _name(entry.owner),
                            "due": _iso(entry.due),
                            "status": entry.status.value,
                            "closed_on": _iso(entry.closed_on),
                            "agenda_position": agenda_positions.get(entry.agenda_item_id or -1),
                            "notes": notes.get(entry.id, []),
                        }
                        for entry in meeting.log
                    ],
                }
            )
        return result
