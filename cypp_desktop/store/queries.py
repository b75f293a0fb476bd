"""Read models: plain, frozen snapshots of the plan for views, the CLI and workers.

Nothing here hands out ORM objects: a snapshot can cross threads, outlive its session and be
compared in tests. Each function reads in one session. RAGs are computed by store/rag.py for
the period asked about; commentary comes from the newest status update for that period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

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
from cypp_desktop.models.rag_rules import Direction
from cypp_desktop.store.rag import IndicatorReading, ItemRag, PeriodRags, evaluate, latest_updates
from cypp_desktop.store.store import Store

ItemKey = tuple[ItemKind, int]


@dataclass(frozen=True, slots=True)
class Update:
    """The newest status update of an item for a period: commentary, who, when."""

    commentary: str = ""
    author: str = ""
    recorded_at: datetime | None = None

    @property
    def reported(self) -> bool:
        return self.recorded_at is not None


NO_UPDATE = Update()


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
    revised_due: date | None
    due_note: str
    status: ActionStatus
    percent_complete: int
    key_success_indicators: str
    evidence: str
    rag: ItemRag
    update: Update

    @property
    def effective_due(self) -> date | None:
        return self.revised_due or self.due

    def overdue(self, as_of: date) -> bool:
        due = self.effective_due
        return (
            due is not None
            and due < as_of
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
    reading: IndicatorReading
    story_behind_baseline: str
    rag: ItemRag
    update: Update


@dataclass(frozen=True, slots=True)
class ObjectiveNode:
    id: int
    code: str
    title: str
    due: date | None
    lead: str
    organisation: str
    narrative: dict[str, str]
    rag: ItemRag
    update: Update
    actions: list[ActionRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PriorityNode:
    id: int
    code: str
    title: str
    description: str
    lead: str
    source: str
    rag: ItemRag
    update: Update
    objectives: list[ObjectiveNode] = field(default_factory=list)
    other_actions: list[ActionRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PriorityRag:
    """How one priority stands this period: its own RAG and the RAGs of what sits under it."""

    id: int
    code: str
    title: str
    rag: ItemRag
    counts: dict[Rag, int]
    overdue: int


@dataclass(frozen=True, slots=True)
class ExceptionRow:
    """An item the board should look at: Red now, or worse than last period."""

    kind: ItemKind
    id: int
    code: str
    title: str
    priority_code: str
    owner: str
    rag: ItemRag
    commentary: str

    @property
    def why(self) -> str:
        if self.rag.rag is Rag.RED and self.rag.worsened:
            return "Red, and worse than last period"
        return "Red" if self.rag.rag is Rag.RED else "Worse than last period"


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


# Periods and updates --------------------------------------------------------------------


def periods_with_data(session: Session) -> list[str]:
    """Period labels that hold a value or a status update, oldest first."""
    labels = session.scalars(
        union(select(StatusUpdate.period).distinct(), select(IndicatorValue.period).distinct())
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


def updates(session: Session, period: str) -> dict[ItemKey, Update]:
    """Each item's newest status update for ``period``."""
    return {
        key: Update(row.commentary, row.author, row.recorded_at)
        for key, row in latest_updates(session, period).items()
    }


def latest_update(session: Session, kind: ItemKind, item_id: int, period: str) -> Update:
    """One item's newest status update for ``period``."""
    row = session.scalars(
        select(StatusUpdate)
        .where(getattr(StatusUpdate, f"{kind.value}_id") == item_id)
        .where(StatusUpdate.period == period)
        .order_by(StatusUpdate.recorded_at.desc(), StatusUpdate.id.desc())
        .limit(1)
    ).first()
    return Update(row.commentary, row.author, row.recorded_at) if row else NO_UPDATE


class PeriodView:
    """The RAGs and updates of one period, read once and shared by a query's rows; for
    callers that read several things in one session (the board pack's snapshot)."""

    def __init__(self, session: Session, period: str):
        self.rags: PeriodRags = evaluate(session, period)
        self.updates = updates(session, period)

    def rag(self, kind: ItemKind, item_id: int) -> ItemRag:
        return self.rags.get(kind, item_id)

    def update(self, kind: ItemKind, item_id: int) -> Update:
        return self.updates.get((kind, item_id), NO_UPDATE)


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


_ACTION_COLUMNS = (
    Action.id,
    Action.code,
    Action.title,
    Priority.code,
    Objective.code,
    Owner.name,
    Organisation.name,
    Action.start,
    Action.due,
    Action.revised_due,
    Action.due_note,
    Action.status,
    Action.percent_complete,
    Action.key_success_indicators,
    Action.evidence,
    Action.objective_id,
    Action.priority_id,
)


def _actions_query() -> Select[*tuple[Any, ...]]:
    """Every action in plan order with the names it shows, as plain rows: building 50,000
    ORM objects with their related rows would take seconds."""
    return (
        select(*_ACTION_COLUMNS)
        .join(Priority, Action.priority_id == Priority.id)
        .outerjoin(Objective, Action.objective_id == Objective.id)
        .outerjoin(Owner, Action.owner_id == Owner.id)
        .outerjoin(Organisation, Action.organisation_id == Organisation.id)
        .order_by(Priority.position, Action.position, Action.id)
    )


def _action_row(row: Any, now: PeriodView) -> ActionRow:
    return ActionRow(
        id=row[0],
        code=row[1] or "",
        title=row[2],
        priority_code=row[3],
        objective_code=row[4] or "",
        owner=row[5] or "",
        organisation=row[6] or "",
        start=row[7],
        due=row[8],
        revised_due=row[9],
        due_note=row[10],
        status=row[11],
        percent_complete=row[12],
        key_success_indicators=row[13],
        evidence=row[14],
        rag=now.rag(ItemKind.ACTION, row[0]),
        update=now.update(ItemKind.ACTION, row[0]),
    )


def action_rows(store: Store, period: str) -> list[ActionRow]:
    with store.read() as session:
        now = PeriodView(session, period)
        return [_action_row(row, now) for row in session.execute(_actions_query())]


def indicator_rows_in(session: Session, now: PeriodView) -> list[IndicatorRow]:
    indicators = session.scalars(
        select(Indicator)
        .options(selectinload(Indicator.priority), selectinload(Indicator.objective))
        .join(Indicator.priority)
        .order_by(Priority.position, Indicator.position, Indicator.id)
    )
    return [
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
            reading=now.rags.readings[indicator.id],
            story_behind_baseline=indicator.story_behind_baseline,
            rag=now.rag(ItemKind.INDICATOR, indicator.id),
            update=now.update(ItemKind.INDICATOR, indicator.id),
        )
        for indicator in indicators
    ]


def indicator_rows(store: Store, period: str) -> list[IndicatorRow]:
    with store.read() as session:
        return indicator_rows_in(session, PeriodView(session, period))


NARRATIVE_FIELDS = {
    "why_it_matters": "Why it matters",
    "story_behind_baseline": "Story behind the baseline",
    "what_works": "What is working well",
    "what_we_will_do": "What we will do",
    "partners": "Partners",
    "resources": "Resources",
}


def plan_tree_in(session: Session, now: PeriodView) -> list[PriorityNode]:
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
            rag=now.rag(ItemKind.PRIORITY, priority.id),
            update=now.update(ItemKind.PRIORITY, priority.id),
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
                rag=now.rag(ItemKind.OBJECTIVE, objective.id),
                update=now.update(ItemKind.OBJECTIVE, objective.id),
            )
            objective_nodes[objective.id] = objective_node
            node.objectives.append(objective_node)
    for action in session.execute(_actions_query()):
        row = _action_row(action, now)
        objective_id, priority_id = action[15], action[16]
        if objective_id is not None:
            objective_nodes[objective_id].actions.append(row)
        else:
            nodes[priority_id].other_actions.append(row)
    return list(nodes.values())


def plan_tree(store: Store, period: str) -> list[PriorityNode]:
    """Priorities, their objectives and the actions under each, in plan order."""
    with store.read() as session:
        return plan_tree_in(session, PeriodView(session, period))


def priority_rags_in(session: Session, now: PeriodView) -> list[PriorityRag]:
    """Per priority, its RAG and the RAGs of its actions and indicators, read as plain rows:
    the plan's tree of objects would cost seconds on a large plan."""
    as_of = parse_period(now.rags.period).end
    under: dict[int, Counter[Rag]] = defaultdict(Counter)
    overdue: Counter[int] = Counter()
    closed = (ActionStatus.COMPLETE, ActionStatus.DROPPED)
    for action_id, priority_id, status, due in session.execute(
        select(
            Action.id,
            Action.priority_id,
            Action.status,
            func.coalesce(Action.revised_due, Action.due),
        )
    ):
        under[priority_id][now.rag(ItemKind.ACTION, action_id).rag] += 1
        if due is not None and due < as_of and status not in closed:
            overdue[priority_id] += 1
    for indicator_id, priority_id in session.execute(select(Indicator.id, Indicator.priority_id)):
        under[priority_id][now.rag(ItemKind.INDICATOR, indicator_id).rag] += 1
    return [
        PriorityRag(
            id=priority_id,
            code=code,
            title=title,
            rag=now.rag(ItemKind.PRIORITY, priority_id),
            counts={rag: under[priority_id][rag] for rag in Rag},
            overdue=overdue[priority_id],
        )
        for priority_id, code, title in session.execute(
            select(Priority.id, Priority.code, Priority.title).order_by(
                Priority.position, Priority.id
            )
        )
    ]


def priority_rags(store: Store, period: str) -> list[PriorityRag]:
    """For the dashboard: per priority, its RAG and the RAGs of its actions and indicators."""
    with store.read() as session:
        return priority_rags_in(session, PeriodView(session, period))


def exceptions_in(session: Session, now: PeriodView) -> list[ExceptionRow]:
    """Actions, then indicators, that are Red or whose RAG worsened since the last period,
    in plan order."""

    def exceptional(kind: ItemKind, item_id: int) -> ItemRag | None:
        rag = now.rag(kind, item_id)
        return rag if rag.rag is Rag.RED or rag.direction is Direction.WORSENING else None

    rows = []
    actions = (
        select(Action.id, Action.code, Action.title, Priority.code, Owner.name)
        .join(Priority, Action.priority_id == Priority.id)
        .outerjoin(Owner, Action.owner_id == Owner.id)
        .order_by(Priority.position, Action.position, Action.id)
    )
    for action_id, code, title, priority_code, owner in session.execute(actions):
        if rag := exceptional(ItemKind.ACTION, action_id):
            commentary = now.update(ItemKind.ACTION, action_id).commentary
            rows.append(
                ExceptionRow(
                    ItemKind.ACTION,
                    action_id,
                    code or "",
                    title,
                    priority_code,
                    owner or "",
                    rag,
                    commentary,
                )
            )
    indicators = (
        select(Indicator.id, Indicator.code, Indicator.title, Priority.code)
        .join(Priority, Indicator.priority_id == Priority.id)
        .order_by(Priority.position, Indicator.position, Indicator.id)
    )
    for indicator_id, code, title, priority_code in session.execute(indicators):
        if rag := exceptional(ItemKind.INDICATOR, indicator_id):
            commentary = now.update(ItemKind.INDICATOR, indicator_id).commentary
            rows.append(
                ExceptionRow(
                    ItemKind.INDICATOR,
                    indicator_id,
                    code,
                    title,
                    priority_code,
                    "",
                    rag,
                    commentary,
                )
            )
    return rows


def exceptions(store: Store, period: str) -> list[ExceptionRow]:
    """Actions and indicators that are Red, or whose RAG worsened since the last period."""
    with store.read() as session:
        return exceptions_in(session, PeriodView(session, period))


def dashboard(store: Store, period: str) -> tuple[list[PriorityRag], list[ExceptionRow]]:
    """The dashboard's two reads on one judgement of the period, so it is judged once."""
    with store.read() as session:
        now = PeriodView(session, period)
        return priority_rags_in(session, now), exceptions_in(session, now)


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
