"""The demo plan: written from ``resources/demo_plan.json`` into a new plan file.

The JSON is data, built from the published plans in the seeds and marked where illustrative
(see its ``plan.notes``). It is read strictly: an unknown key or a dangling reference is an
error here, not a silently emptier demo.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cypp_desktop import paths
from cypp_desktop.errors import CyppError, PlanFileError
from cypp_desktop.files import replacing
from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    ActionStatus,
    AgendaItem,
    AgendaLink,
    Attendance,
    AttendanceKind,
    Comparator,
    Frequency,
    GlossaryTerm,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemKind,
    LogKind,
    LogStatus,
    Meeting,
    ObaType,
    Objective,
    Organisation,
    Owner,
    Plan,
    Polarity,
    Priority,
    Promise,
    Rag,
    Sector,
    StatusUpdate,
)
from cypp_desktop.store.store import Store

DEMO_RESOURCE = "demo_plan.json"
DEMO_SOURCE = "Demo data (illustrative)"

_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required keys, optional keys)
    "root": (
        {"format", "version", "plan", "organisations", "owners", "priorities"},
        {"promises", "status_updates", "meetings", "glossary"},
    ),
    "plan": ({"title"}, {"partnership", "period_covered", "vision", "current_period", "notes"}),
    "organisation": ({"name"}, {"short_name", "sector"}),
    "owner": ({"name"}, {"role", "email", "organisation"}),
    "priority": (
        {"code", "title"},
        {"description", "lead", "source", "objectives", "actions", "indicators"},
    ),
    "objective": (
        {"code", "title"},
        {
            "due",
            "lead",
            "organisation",
            "why_it_matters",
            "story_behind_baseline",
            "what_works",
            "what_we_will_do",
            "partners",
            "resources",
        },
    ),
    "action": (
        {"title"},
        {
            "code",
            "objective",
            "owner",
            "organisation",
            "start",
            "due",
            "revised_due",
            "due_note",
            "status",
            "percent_complete",
            "key_success_indicators",
            "evidence",
        },
    ),
    "indicator": (
        {"code", "title", "polarity"},
        {
            "objective",
            "unit",
            "frequency",
            "oba_type",
            "baseline",
            "story_behind_baseline",
            "comparators",
            "targets",
            "values",
        },
    ),
    "baseline": ({"value", "period"}, {"note"}),
    "comparator": ({"name", "period", "value"}, set()),
    "target": ({"period", "value"}, set()),
    "value": ({"period", "value"}, {"note", "source", "illustrative"}),
    "promise": ({"code", "set_out_to_do"}, {"theme", "achieved", "plan_period", "priority"}),
    "status_update": ({"item", "period", "rag"}, {"commentary", "author", "at"}),
    "meeting": (
        {"board", "starts_at"},
        {"key", "location", "period", "attendees", "apologies", "agenda", "log"},
    ),
    "agenda": ({"title"}, {"presenter", "minutes", "link", "paper"}),
    "log": ({"kind", "text"}, {"agenda_index", "owner", "due", "status", "closed_on"}),
    "glossary": ({"term", "definition"}, set()),
}

_RAG_BY_LETTER = {rag.letter: rag for rag in Rag}


class DemoDataError(CyppError):
    pass


def write_demo(destination: Path | str, *, overwrite: bool = False) -> Path | str:
    """Write the demo plan to ``destination``: a new ``.cypp`` file, or an empty database
    given by its URL. A file is built whole under a temporary name and then renamed, so an
    interrupted write never leaves a plan with half the demo in it."""
    data = load_demo_data()
    if isinstance(destination, str) and "://" in destination:
        _load_into(Store.create(destination, title=data["plan"]["title"]), data)
        return destination
    path = Path(destination)
    if path.exists() and not overwrite:
        raise PlanFileError(f"{path} already exists; choose another name.")
    with replacing(path) as temporary:
        _load_into(Store.create(temporary, title=data["plan"]["title"], overwrite=True), data)
    return path


def _load_into(store: Store, data: dict[str, Any]) -> None:
    try:
        with store.session() as session:
            _DemoLoader(session).load(data)
    finally:
        store.close()


def load_demo_data(source: Path | None = None) -> dict[str, Any]:
    path = source or paths.resource_path(DEMO_RESOURCE)
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    _check(data, "root", "demo data")
    return data


def _check(obj: Mapping[str, Any], kind: str, where: str) -> None:
    required, optional = _KEYS[kind]
    missing = required - obj.keys()
    unknown = obj.keys() - required - optional
    if missing or unknown:
        raise DemoDataError(
            f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)} in a {kind}"
        )


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class _DemoLoader:
    """Turns the demo JSON into entities, resolving names and codes as it goes."""

    def __init__(self, session: Session):
        self.session = session
        self.organisations: dict[str, Organisation] = {}
        self.owners: dict[str, Owner] = {}
        self.items: dict[str, Any] = {}

    def load(self, data: dict[str, Any]) -> None:
        self._plan(data["plan"])
        for row in data["organisations"]:
            self._organisation(row)
        for row in data["owners"]:
            self._owner(row)
        for position, row in enumerate(data["priorities"]):
            self._priority(row, position)
        for position, row in enumerate(data.get("promises", [])):
            self._promise(row, position)
        self.session.flush()
        for row in data.get("status_updates", []):
            self._status_update(row)
        for row in data.get("meetings", []):
            self._meeting(row)
        for row in data.get("glossary", []):
            _check(row, "glossary", f"glossary {row.get('term')}")
            self.session.add(GlossaryTerm(term=row["term"], definition=row["definition"]))

    def _plan(self, row: dict[str, Any]) -> None:
        _check(row, "plan", "plan")
        plan = self.session.get_one(Plan, 1)
        plan.title = row["title"]
        plan.partnership = row.get("partnership") or ""
        plan.period_covered = row.get("period_covered") or ""
        plan.vision = row.get("vision") or ""
        plan.notes = row.get("notes") or ""
        plan.current_period = row.get("current_period")

    def _organisation(self, row: dict[str, Any]) -> None:
        _check(row, "organisation", f"organisation {row.get('name')}")
        organisation = Organisation(
            name=row["name"],
            short_name=row.get("short_name"),
            sector=Sector(row.get("sector") or "other"),
        )
        self.organisations[row["name"]] = organisation
        self.session.add(organisation)

    def _owner(self, row: dict[str, Any]) -> None:
        _check(row, "owner", f"owner {row.get('name')}")
        owner = Owner(
            name=row["name"],
            role=row.get("role"),
            email=row.get("email"),
            organisation=self._lookup(self.organisations, row.get("organisation"), "organisation"),
        )
        self.owners[row["name"]] = owner
        self.session.add(owner)

    def _priority(self, row: dict[str, Any], position: int) -> None:
        where = f"priority {row.get('code')}"
        _check(row, "priority", where)
        priority = Priority(
            code=row["code"],
            title=row["title"],
            description=row.get("description") or "",
            source=row.get("source") or "",
            position=position,
            lead=self._lookup(self.owners, row.get("lead"), "owner"),
        )
        self.session.add(priority)
        self.items[f"priority:{priority.code}"] = priority
        objectives: dict[str, Objective] = {}
        for index, item in enumerate(row.get("objectives", [])):
            objective = self._objective(item, priority, index)
            objectives[objective.code] = objective
        for index, item in enumerate(row.get("actions", [])):
            self._action(item, priority, objectives, index)
        for index, item in enumerate(row.get("indicators", [])):
            self._indicator(item, priority, objectives, index)

    def _objective(self, row: dict[str, Any], priority: Priority, position: int) -> Objective:
        _check(row, "objective", f"objective {row.get('code')}")
        objective = Objective(
            priority=priority,
            code=row["code"],
            title=row["title"],
            due=_date(row.get("due")),
            position=position,
            lead=self._lookup(self.owners, row.get("lead"), "owner"),
            organisation=self._lookup(self.organisations, row.get("organisation"), "organisation"),
            **{
                field: row.get(field) or ""
                for field in (
                    "why_it_matters",
                    "story_behind_baseline",
                    "what_works",
                    "what_we_will_do",
                    "partners",
                    "resources",
                )
            },
        )
        self.session.add(objective)
        self.items[f"objective:{objective.code}"] = objective
        return objective

    def _action(
        self,
        row: dict[str, Any],
        priority: Priority,
        objectives: dict[str, Objective],
        position: int,
    ) -> None:
        where = f"action {row.get('code') or row.get('title')}"
        _check(row, "action", where)
        action = Action(
            priority=priority,
            objective=self._lookup(objectives, row.get("objective"), f"objective of {where}"),
            code=row.get("code"),
            title=row["title"],
            position=position,
            owner=self._lookup(self.owners, row.get("owner"), "owner"),
            organisation=self._lookup(self.organisations, row.get("organisation"), "organisation"),
            start=_date(row.get("start")),
            due=_date(row.get("due")),
            revised_due=_date(row.get("revised_due")),
            due_note=row.get("due_note") or "",
            status=ActionStatus(row.get("status") or "not_started"),
            percent_complete=int(row.get("percent_complete") or 0),
            key_success_indicators=row.get("key_success_indicators") or "",
            evidence=row.get("evidence") or "",
        )
        self.session.add(action)
        if action.code:
            self.items[f"action:{action.code}"] = action

    def _indicator(
        self,
        row: dict[str, Any],
        priority: Priority,
        objectives: dict[str, Objective],
        position: int,
    ) -> None:
        where = f"indicator {row.get('code')}"
        _check(row, "indicator", where)
        baseline = row.get("baseline")
        if baseline is not None:
            _check(baseline, "baseline", f"baseline of {where}")
        indicator = Indicator(
            priority=priority,
            objective=self._lookup(objectives, row.get("objective"), f"objective of {where}"),
            code=row["code"],
            title=row["title"],
            position=position,
            unit=row.get("unit") or "number",
            polarity=Polarity(row["polarity"]),
            frequency=Frequency(row.get("frequency") or "quarterly"),
            oba_type=ObaType(row.get("oba_type") or "how_well"),
            baseline_value=baseline["value"] if baseline else None,
            baseline_period=baseline["period"] if baseline else None,
            baseline_note=(baseline.get("note") or "") if baseline else "",
            story_behind_baseline=row.get("story_behind_baseline") or "",
        )
        for item in row.get("comparators", []):
            _check(item, "comparator", f"comparator of {where}")
            indicator.comparators.append(
                Comparator(name=item["name"], period=item["period"], value=item["value"])
            )
        for item in row.get("targets", []):
            _check(item, "target", f"target of {where}")
            indicator.targets.append(IndicatorTarget(period=item["period"], value=item["value"]))
        for item in row.get("values", []):
            _check(item, "value", f"value of {where}")
            source = item.get("source") or (DEMO_SOURCE if item.get("illustrative") else "")
            indicator.values.append(
                IndicatorValue(
                    period=item["period"],
                    value=item["value"],
                    note=item.get("note") or "",
                    source=source,
                )
            )
        self.session.add(indicator)
        self.items[f"indicator:{indicator.code}"] = indicator

    def _promise(self, row: dict[str, Any], position: int) -> None:
        _check(row, "promise", f"promise {row.get('code')}")
        priority = self._lookup(self.items, _ref("priority", row.get("priority")), "priority")
        promise = Promise(
            code=row["code"],
            theme=row.get("theme") or "",
            set_out_to_do=row["set_out_to_do"],
            achieved=row.get("achieved") or "",
            plan_period=row.get("plan_period") or "",
            position=position,
            priority=priority,
        )
        self.session.add(promise)
        self.items[f"promise:{promise.code}"] = promise

    def _status_update(self, row: dict[str, Any]) -> None:
        _check(row, "status_update", f"status update of {row.get('item')}")
        item = self._lookup(self.items, row["item"], "item")
        kind = ItemKind(row["item"].split(":", 1)[0])
        update = StatusUpdate(
            period=row["period"],
            rag=_RAG_BY_LETTER[row["rag"]],
            commentary=row.get("commentary") or "",
            author=row.get("author") or "",
            recorded_at=datetime.fromisoformat(row["at"])
            if row.get("at")
            else datetime(2012, 1, 1),
            source=DEMO_SOURCE,
        )
        update.set_item(kind, item.id)
        self.session.add(update)

    def _meeting(self, row: dict[str, Any]) -> None:
        where = f"meeting {row.get('key') or row.get('starts_at')}"
        _check(row, "meeting", where)
        meeting = Meeting(
            board=row["board"],
            starts_at=datetime.fromisoformat(row["starts_at"]),
            location=row.get("location") or "",
            period=row.get("period"),
        )
        for kind, names in (
            (AttendanceKind.ATTENDEE, row.get("attendees", [])),
            (AttendanceKind.APOLOGY, row.get("apologies", [])),
        ):
            for name in names:
                meeting.attendance.append(
                    Attendance(name=name, kind=kind, owner=self.owners.get(name))
                )
        agenda: list[AgendaItem] = []
        for position, item in enumerate(row.get("agenda", [])):
            _check(item, "agenda", f"agenda item {position + 1} of {where}")
            agenda_item = self._agenda_item(item, position)
            agenda.append(agenda_item)
            meeting.agenda.append(agenda_item)
        self.session.add(meeting)
        self.session.flush()
        for item in row.get("log", []):
            _check(item, "log", f"action log of {where}")
            index = item.get("agenda_index")
            meeting.log.append(
                ActionLogEntry(
                    kind=LogKind(item["kind"]),
                    text=item["text"],
                    agenda_item_id=agenda[index].id if index is not None else None,
                    owner=self._lookup(self.owners, item.get("owner"), "owner"),
                    due=_date(item.get("due")),
                    status=LogStatus(item.get("status") or "open"),
                    closed_on=_date(item.get("closed_on")),
                )
            )

    def _agenda_item(self, row: dict[str, Any], position: int) -> AgendaItem:
        link_text = row.get("link") or "paper"
        kind, _, code = link_text.partition(":")
        item = AgendaItem(
            position=position,
            title=row["title"],
            presenter=row.get("presenter") or "",
            minutes=int(row.get("minutes") or 10),
            link=AgendaLink(kind),
            paper=row.get("paper") or "",
        )
        if code:
            target = self._lookup(self.items, link_text, "agenda link")
            if kind == AgendaLink.PRIORITY:
                item.priority_id = target.id
            else:
                item.objective_id = target.id
        return item

    @staticmethod
    def _lookup(table: Mapping[str, Any], key: str | None, what: str) -> Any:
        if key is None:
            return None
        try:
            return table[key]
        except KeyError:
            raise DemoDataError(f"demo data: unknown {what} {key!r}") from None


def _ref(kind: str, code: str | None) -> str | None:
    return f"{kind}:{code}" if code else None
