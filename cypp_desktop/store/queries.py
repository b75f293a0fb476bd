"""Read models: plain, frozen snapshots of the plan for views, the CLI and workers.

Nothing here hands out ORM objects: a snapshot can cross threads, outlive its session and be
compared in tests. Each function reads in one session.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, func, select, union
from sqlalchemy.orm import Session, selectinload

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    ActionStatus,
    Indicator,
    IndicatorValue,
    ItemKind,
    LogKind,
    LogStatus,
    Meeting,
    Objective,
    Organisation,
    Owner,
    Plan,
    Priority,
    Promise,
    Rag,
    StatusUpdate,
)
from cypp_desktop.models.periods import parse_period, quarter_containing, sort_labels
from cypp_desktop.store.store import Store

ItemKey = tuple[ItemKind, int]


@dataclass(frozen=True, slots=True)
class Status:
    """An item's RAG and commentary for one period (Grey with no commentary when none was given)."""

    rag: Rag
    commentary: str = ""
    author: str = ""
    recorded_at: datetime | None = None

    @property
    def reported(self) -> bool:
        return self.recorded_at is not None


NO_UPDATE = Status(Rag.GREY)


@dataclass(frozen=True, slots=True)
class PlanSummary:
    title: str
    partnership: str
    period_covered: str
    vision: str
    notes: str
    uid: str
    counts: dict[str, int]
    periods: list[str]
    current_period: str


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: int
    code: str
    title: str
    priority_code: str
    objective_code: str
    owner: str
    organisation: str
    start: date | None
    due: date | None
    due_note: str
    status: ActionStatus
    percent_complete: int
    key_success_indicators: str
    evidence: str
    status_update: Status

    def overdue(self, today: date) -> bool:
        return (
            self.due is not None
            and self.due < today
            and self.status not in (ActionStatus.COMPLETE, ActionStatus.DROPPED)
        )


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: int
    code: str
    title: str
    priority_code: str
    objective_code: str
    unit: str
    polarity: str
    frequency: str
    baseline_value: float | None
    baseline_period: str
    latest_period: str
    latest_value: float | None
    target: float | None
    story_behind_baseline: str
    status_update: Status


@dataclass(frozen=True, slots=True)
class ObjectiveNode:
    id: int
    code: str
    title: str
    due: date | None
    lead: str
    organisation: str
    narrative: dict[str, str]
    status_update: Status
    actions: list[ActionRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PriorityNode:
    id: int
    code: str
    title: str
    description: str
    lead: str
    source: str
    status_update: Status
    objectives: list[ObjectiveNode] = field(default_factory=list)
    other_actions: list[ActionRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PriorityRag:
    """How one priority stands this period: its own RAG and the RAGs of what sits under it."""

    id: int
    code: str
    title: str
    rag: Rag
    counts: dict[Rag, int]
    overdue: int


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    position: int
    title: str
    presenter: str
    minutes: int
    link: str
    link_code: str


@dataclass(frozen=True, slots=True)
class LogEntry:
    kind: LogKind
    text: str
    owner: str
    due: date | None
    status: LogStatus
    closed_on: date | None
    agenda_title: str


@dataclass(frozen=True, slots=True)
class MeetingSnapshot:
    id: int
    board: str
    starts_at: datetime
    location: str
    period: str
    attendees: list[str]
    apologies: list[str]
    agenda: list[AgendaEntry]
    log: list[LogEntry]

    @property
    def title(self) -> str:
        return f"{self.board}, {self.starts_at:%d %B %Y}"


# Periods -----------------------------------------------------------------------------------


def periods_with_data(session: Session) -> list[str]:
    """Period labels that hold a value or a status update, oldest first."""
    labels = session.scalars(
        union(
            select(StatusUpdate.period).distinct(),
            select(IndicatorValue.period).distinct(),
        )
    ).all()
    return sort_labels(set(labels))


def current_period(session: Session, today: date | None = None) -> str:
    """The period the plan reports on: as set on the plan, else the latest quarter with data."""
    chosen: str | None = session.scalar(select(Plan.current_period))
    if chosen:
        return chosen
    quarters = [
        label for label in periods_with_data(session) if parse_period(label).kind == "quarter"
    ]
    if quarters:
        return quarters[-1]
    return quarter_containing(today or date.today()).label


def statuses(session: Session, period: str) -> dict[ItemKey, Status]:
    """Each item's newest status update for ``period``."""
    rows = session.scalars(
        select(StatusUpdate)
        .where(StatusUpdate.period == period)
        .order_by(StatusUpdate.recorded_at, StatusUpdate.id)
    )
    latest: dict[ItemKey, Status] = {}
    for update in rows:
        latest[update.item] = Status(
            update.rag, update.commentary, update.author, update.recorded_at
        )
    return latest


# Summaries ---------------------------------------------------------------------------------


COUNTED = {
    "priorities": Priority,
    "objectives": Objective,
    "actions": Action,
    "indicators": Indicator,
    "owners": Owner,
    "organisations": Organisation,
    "promises": Promise,
    "meetings": Meeting,
}


def plan_summary(store: Store) -> PlanSummary:
    with store.read() as session:
        plan = session.execute(select(Plan)).scalar_one()
        counts = {
            name: session.scalar(select(func.count()).select_from(entity)) or 0
            for name, entity in COUNTED.items()
        }
        return PlanSummary(
            title=plan.title,
            partnership=plan.partnership,
            period_covered=plan.period_covered,
            vision=plan.vision,
            notes=plan.notes,
            uid=plan.uid,
            counts=counts,
            periods=periods_with_data(session),
            current_period=current_period(session),
        )


def _name(entity: Owner | Organisation | None) -> str:
    return entity.name if entity is not None else ""


def _action_row(action: Action, status: dict[ItemKey, Status]) -> ActionRow:
    return ActionRow(
        id=action.id,
        code=action.code or "",
        title=action.title,
        priority_code=action.priority.code,
        objective_code=action.objective.code if action.objective else "",
        owner=_name(action.owner),
        organisation=_name(action.organisation),
        start=action.start,
        due=action.due,
        due_note=action.due_note,
        status=action.status,
        percent_complete=action.percent_complete,
        key_success_indicators=action.key_success_indicators,
        evidence=action.evidence,
        status_update=status.get((ItemKind.ACTION, action.id), NO_UPDATE),
    )


def _actions_query() -> Select[Action]:
    return (
        select(Action)
        .options(
            selectinload(Action.priority),
            selectinload(Action.objective),
            selectinload(Action.owner),
            selectinload(Action.organisation),
        )
        .join(Action.priority)
        .order_by(Priority.position, Action.position, Action.id)
    )


def action_rows(store: Store, period: str) -> list[ActionRow]:
    with store.read() as session:
        status = statuses(session, period)
        return [_action_row(action, status) for action in session.scalars(_actions_query())]


def indicator_rows(store: Store, period: str) -> list[IndicatorRow]:
    with store.read() as session:
        status = statuses(session, period)
        indicators = session.scalars(
            select(Indicator)
            .options(
                selectinload(Indicator.priority),
                selectinload(Indicator.objective),
                selectinload(Indicator.values),
                selectinload(Indicator.targets),
            )
            .join(Indicator.priority)
            .order_by(Priority.position, Indicator.position, Indicator.id)
        )
        key = parse_period(period).sort_key
        rows = []
        for indicator in indicators:
            reported = [v for v in indicator.values if parse_period(v.period).sort_key <= key]
            latest = max(reported, key=lambda v: parse_period(v.period).sort_key, default=None)
            targets = {t.period: t.value for t in indicator.targets}
            rows.append(
                IndicatorRow(
                    id=indicator.id,
                    code=indicator.code,
                    title=indicator.title,
                    priority_code=indicator.priority.code,
                    objective_code=indicator.objective.code if indicator.objective else "",
                    unit=indicator.unit,
                    polarity=indicator.polarity.value,
                    frequency=indicator.frequency.value,
                    baseline_value=indicator.baseline_value,
                    baseline_period=indicator.baseline_period or "",
                    latest_period=latest.period if latest else "",
                    latest_value=latest.value if latest else None,
                    target=targets.get(latest.period) if latest else None,
                    story_behind_baseline=indicator.story_behind_baseline,
                    status_update=status.get((ItemKind.INDICATOR, indicator.id), NO_UPDATE),
                )
            )
        return rows


NARRATIVE_FIELDS = {
    "why_it_matters": "Why it matters",
    "story_behind_baseline": "Story behind the baseline",
    "what_works": "What is working well",
    "what_we_will_do": "What we will do",
    "partners": "Partners",
    "resources": "Resources",
}


def plan_tree(store: Store, period: str) -> list[PriorityNode]:
    """Priorities, their objectives and the actions under each, in plan order."""
    with store.read() as session:
        status = statuses(session, period)
        priorities = session.scalars(
            select(Priority)
            .options(selectinload(Priority.lead), selectinload(Priority.objectives))
            .order_by(Priority.position, Priority.id)
        ).all()
        objective_nodes: dict[int, ObjectiveNode] = {}
        nodes: dict[int, PriorityNode] = {}
        for priority in priorities:
            node = PriorityNode(
                id=priority.id,
                code=priority.code,
                title=priority.title,
                description=priority.description,
                lead=_name(priority.lead),
                source=priority.source,
                status_update=status.get((ItemKind.PRIORITY, priority.id), NO_UPDATE),
            )
            nodes[priority.id] = node
            for objective in priority.objectives:
                objective_node = ObjectiveNode(
                    id=objective.id,
                    code=objective.code,
                    title=objective.title,
                    due=objective.due,
                    lead=_name(objective.lead),
                    organisation=_name(objective.organisation),
                    narrative={key: getattr(objective, key) for key in NARRATIVE_FIELDS},
                    status_update=status.get((ItemKind.OBJECTIVE, objective.id), NO_UPDATE),
                )
                objective_nodes[objective.id] = objective_node
                node.objectives.append(objective_node)
        for action in session.scalars(_actions_query()):
            row = _action_row(action, status)
            if action.objective_id is not None:
                objective_nodes[action.objective_id].actions.append(row)
            else:
                nodes[action.priority_id].other_actions.append(row)
        return list(nodes.values())


def priority_rags(store: Store, period: str, today: date | None = None) -> list[PriorityRag]:
    """For the dashboard: per priority, the RAGs of its actions and indicators this period."""
    today = today or date.today()
    tree = plan_tree(store, period)
    indicators = indicator_rows(store, period)
    summary = []
    for node in tree:
        actions = [row for objective in node.objectives for row in objective.actions]
        actions += node.other_actions
        rags = [row.status_update.rag for row in actions]
        rags += [row.status_update.rag for row in indicators if row.priority_code == node.code]
        counts = Counter(rags)
        summary.append(
            PriorityRag(
                id=node.id,
                code=node.code,
                title=node.title,
                rag=node.status_update.rag,
                counts={rag: counts.get(rag, 0) for rag in Rag},
                overdue=sum(row.overdue(today) for row in actions),
            )
        )
    return summary


def meetings(store: Store) -> list[MeetingSnapshot]:
    with store.read() as session:
        result = []
        for meeting in session.scalars(
            select(Meeting)
            .options(
                selectinload(Meeting.attendance),
                selectinload(Meeting.agenda),
                selectinload(Meeting.log).selectinload(ActionLogEntry.owner),
            )
            .order_by(Meeting.starts_at)
        ):
            codes = _agenda_codes(session, meeting)
            titles = {item.id: item.title for item in meeting.agenda}
            result.append(
                MeetingSnapshot(
                    id=meeting.id,
                    board=meeting.board,
                    starts_at=meeting.starts_at,
                    location=meeting.location,
                    period=meeting.period or "",
                    attendees=[a.name for a in meeting.attendance if a.kind == "attendee"],
                    apologies=[a.name for a in meeting.attendance if a.kind == "apology"],
                    agenda=[
                        AgendaEntry(
                            position=item.position,
                            title=item.title,
                            presenter=item.presenter,
                            minutes=item.minutes,
                            link=item.link.value,
                            link_code=codes.get(item.id, ""),
                        )
                        for item in meeting.agenda
                    ],
                    log=[
                        LogEntry(
                            kind=entry.kind,
                            text=entry.text,
                            owner=_name(entry.owner),
                            due=entry.due,
                            status=entry.status,
                            closed_on=entry.closed_on,
                            agenda_title=titles.get(entry.agenda_item_id or -1, ""),
                        )
                        for entry in meeting.log
                    ],
                )
            )
        return result


def _agenda_codes(session: Session, meeting: Meeting) -> dict[int, str]:
    codes: dict[int, str] = {}
    for item in meeting.agenda:
        if item.priority_id is not None:
            codes[item.id] = session.get_one(Priority, item.priority_id).code
        elif item.objective_id is not None:
            codes[item.id] = session.get_one(Objective, item.objective_id).code
    return codes
