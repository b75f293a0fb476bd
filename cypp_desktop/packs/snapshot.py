"""Everything a board pack shows, read from the plan in one read session as plain data.

One session means one consistent view: a colleague's edit made while the pack is being built
either is in every part of the pack or in none. The snapshot holds no ORM objects, so it can
be taken in a worker thread and handed to the PDF and Excel builders, which never touch the
store. Same data in, same snapshot out: nothing here reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cypp_desktop.charts.spec import RAG_ORDER, IndicatorChart
from cypp_desktop.errors import InputError
from cypp_desktop.models import (
    ActionLogEntry,
    GlossaryTerm,
    ItemKind,
    LogKind,
    LogStatus,
    Meeting,
    Plan,
    Rag,
    StatusUpdate,
)
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.models.periods import canonical_label, parse_period
from cypp_desktop.models.rag_rules import Direction
from cypp_desktop.packs.cover_report import CoverFields, cover_in
from cypp_desktop.store.chart_data import charts_by_id
from cypp_desktop.store.queries import (
    ActionRow,
    ExceptionRow,
    IndicatorRow,
    PeriodView,
    PriorityNode,
    current_period,
    indicator_rows_in,
    periods_with_data,
    plan_tree_in,
)
from cypp_desktop.store.rag import ItemRag
from cypp_desktop.store.store import Store

RagCounts = tuple[tuple[Rag, int], ...]  # in RAG_ORDER


@dataclass(frozen=True, slots=True)
class MeetingInfo:
    id: int
    board: str
    starts_at: datetime
    location: str

    @property
    def title(self) -> str:
        return f"{self.board}, {long_date(self.starts_at.date())}"


@dataclass(frozen=True, slots=True)
class LogItem:
    """An action the board set at a meeting, as the action log prints it."""

    meeting: str
    raised: date
    text: str
    owner: str
    due: date | None
    status: LogStatus
    closed_on: date | None


@dataclass(frozen=True, slots=True)
class ActionLog:
    as_of: date
    since: date
    since_text: str  # "since the Children's Trust Board on 19 July 2012"
    overdue: tuple[LogItem, ...]
    open: tuple[LogItem, ...]
    closed: tuple[LogItem, ...]


@dataclass(frozen=True, slots=True)
class PrioritySummary:
    """A priority's own RAG, and the RAGs of its actions and indicators now and a period ago."""

    code: str
    title: str
    rag: ItemRag
    counts: RagCounts
    previous: RagCounts
    overdue: int

    def count(self, rag: Rag, *, previous: bool = False) -> int:
        return dict(self.previous if previous else self.counts)[rag]


@dataclass(frozen=True, slots=True)
class IndicatorPage:
    row: IndicatorRow
    chart: IndicatorChart


@dataclass(frozen=True, slots=True)
class PriorityPage:
    node: PriorityNode
    summary: PrioritySummary
    indicators: tuple[IndicatorPage, ...]

    @property
    def actions(self) -> list[ActionRow]:
        rows = [row for objective in self.node.objectives for row in objective.actions]
        return rows + list(self.node.other_actions)


@dataclass(frozen=True, slots=True)
class PackSnapshot:
    plan_title: str
    partnership: str
    period: str
    previous_period: str
    as_of: date  # the meeting's date, else the day the period's latest update was recorded
    meeting: MeetingInfo | None
    cover: CoverFields
    marking: str
    priorities: tuple[PriorityPage, ...]
    exceptions: tuple[ExceptionRow, ...]
    action_log: ActionLog
    glossary: tuple[tuple[str, str], ...] = field(default=())

    @property
    def occasion(self) -> str:
        """What the pack is for, as the page header says it."""
        if self.meeting is not None:
            return f"{self.meeting.title} · {self.period}"
        return f"Reporting period {self.period}"

    def totals(self, *, previous: bool = False) -> dict[Rag, int]:
        return {
            rag: sum(page.summary.count(rag, previous=previous) for page in self.priorities)
            for rag in RAG_ORDER
        }


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def direction_text(rag: ItemRag) -> str:
    """``▼ worsening (Amber last period)``: an arrow and words, never the arrow alone, worded
    as the screens word it."""
    before = f" ({rag.previous.label} last period)" if rag.previous is not None else ""
    return f"{rag.direction.arrow} {rag.direction.label}{before}"


# Reading -----------------------------------------------------------------------------------


def take_snapshot(
    store: Store, period: str, *, meeting_id: int | None = None, marking: str | None = None
) -> PackSnapshot:
    """The pack's contents for ``period`` (or for a meeting, which reports on its own period).

    ``marking`` overrides the protective marking stored on the meeting's cover report.
    Raises InputError naming the period or meeting when the plan has no such thing.
    """
    where = store.path.name if store.path is not None else store.location
    try:
        label = canonical_label(period)
    except ValueError as error:
        raise InputError(f"{where}: {error}.") from error
    with store.read() as session:
        plan = session.execute(select(Plan)).scalar_one()
        meeting = _meeting(session, meeting_id, label, where)
        _check_period(session, label, where)
        cover = cover_in(session, label, meeting_id)
        now = PeriodView(session, label)
        tree = plan_tree_in(session, now)
        indicators = indicator_rows_in(session, now)
        charts = charts_by_id(session, label)
        as_of = meeting.starts_at.date() if meeting else _last_update(session, label)
        log = _action_log(session, meeting, as_of, label)
        glossary = tuple(
            (term.term, term.definition)
            for term in session.scalars(
                select(GlossaryTerm).order_by(func.lower(GlossaryTerm.term))
            )
        )
        info = (
            MeetingInfo(meeting.id, meeting.board, meeting.starts_at, meeting.location)
            if meeting
            else None
        )
        plan_title, partnership = plan.title, plan.partnership
    pages = _pages(tree, indicators, charts, parse_period(label).end)
    return PackSnapshot(
        plan_title=plan_title,
        partnership=partnership,
        period=label,
        previous_period=parse_period(label).previous().label,
        as_of=as_of,
        meeting=info,
        cover=cover,
        marking=(cover.protective_marking if marking is None else marking).strip(),
        priorities=pages,
        exceptions=_exceptions(pages),
        action_log=log,
        glossary=glossary,
    )


def _meeting(session: Session, meeting_id: int | None, period: str, where: str) -> Meeting | None:
    if meeting_id is None:
        return None
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        known = session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
        listed = "; ".join(f"{m.id} ({m.board}, {uk_date(m.starts_at.date())})" for m in known)
        raise InputError(
            f"{where}: there is no meeting {meeting_id}"
            + (f"; the meetings are {listed}." if listed else "; the plan has no meetings yet.")
        )
    if meeting.period and meeting.period != period:
        raise InputError(
            f"{where}: meeting {meeting_id} ({meeting.board}, {uk_date(meeting.starts_at.date())}) "
            f"reports on {meeting.period}, not {period}; ask for {meeting.period}."
        )
    return meeting


def _check_period(session: Session, period: str, where: str) -> None:
    known = periods_with_data(session)
    if period in known or period == current_period(session):
        return
    shown = ", ".join(known[-4:]) if known else "none yet"
    raise InputError(
        f"{where}: the plan has no values or updates for {period} "
        f"(the latest periods with data are {shown})."
    )


def _last_update(session: Session, period: str) -> date:
    """The day the period's newest update was recorded: the pack's "as at" date, taken from
    the data so that the same plan always gives the same pack."""
    latest: datetime | None = session.scalar(
        select(func.max(StatusUpdate.recorded_at)).where(StatusUpdate.period == period)
    )
    return latest.date() if latest is not None else parse_period(period).end


def _counts(rags: Iterable[Rag | None]) -> RagCounts:
    listed = [Rag.GREY if rag is None else rag for rag in rags]
    return tuple((rag, listed.count(rag)) for rag in RAG_ORDER)


def _pages(
    tree: list[PriorityNode],
    indicators: list[IndicatorRow],
    charts: dict[int, IndicatorChart],
    period_end: date,
) -> tuple[PriorityPage, ...]:
    by_priority: dict[str, list[IndicatorRow]] = {}
    for row in indicators:
        by_priority.setdefault(row.priority_code, []).append(row)
    pages = []
    for node in tree:
        actions = [row for objective in node.objectives for row in objective.actions]
        actions += node.other_actions
        rows = by_priority.get(node.code, [])
        items = [row.rag for row in actions] + [row.rag for row in rows]
        summary = PrioritySummary(
            code=node.code,
            title=node.title,
            rag=node.rag,
            counts=_counts(item.rag for item in items),
            previous=_counts(item.previous for item in items),
            overdue=sum(row.overdue(period_end) for row in actions),
        )
        pages.append(
            PriorityPage(
                node=node,
                summary=summary,
                indicators=tuple(IndicatorPage(row, charts[row.id]) for row in rows),
            )
        )
    return tuple(pages)


def _exceptional(rag: ItemRag) -> bool:
    return rag.rag is Rag.RED or rag.direction is Direction.WORSENING


def _exceptions(pages: tuple[PriorityPage, ...]) -> tuple[ExceptionRow, ...]:
    """Red items and worsening items, priority by priority: actions, then indicators."""
    rows: list[ExceptionRow] = []
    for page in pages:
        rows += [
            ExceptionRow(
                ItemKind.ACTION,
                row.id,
                row.code,
                row.title,
                row.priority_code,
                row.owner,
                row.rag,
                row.update.commentary,
            )
            for row in page.actions
            if _exceptional(row.rag)
        ]
        rows += [
            ExceptionRow(
                ItemKind.INDICATOR,
                item.row.id,
                item.row.code,
                item.row.title,
                item.row.priority_code,
                "",
                item.row.rag,
                item.row.update.commentary,
            )
            for item in page.indicators
            if _exceptional(item.row.rag)
        ]
    return tuple(rows)


# The action log --------------------------------------------------------------------------


def _previous_meeting(session: Session, meeting: Meeting | None, as_of: date) -> Meeting | None:
    """The meeting the log counts from: for a meeting's pack, the same board's meeting before
    it (else any board's); for a period's pack, the latest meeting held by the pack's date."""
    if meeting is None:
        return session.scalars(
            select(Meeting)
            .where(Meeting.starts_at < _day_after(as_of))
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(1)
        ).first()
    earlier = select(Meeting).where(Meeting.starts_at < meeting.starts_at)
    latest = earlier.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(1)
    same_board = session.scalars(latest.where(Meeting.board == meeting.board)).first()
    return same_board or session.scalars(latest).first()


def _day_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time())


def _action_log(session: Session, meeting: Meeting | None, as_of: date, period: str) -> ActionLog:
    """Actions the boards set: open, overdue (open and past due on the pack's date), and
    closed since the last meeting. An action closed after the pack's date was still open on
    it, so a pack for an earlier period shows the log as it stood then."""
    previous = _previous_meeting(session, meeting, as_of)
    if previous is not None:
        since = previous.starts_at.date()
        since_text = f"since the {previous.board} on {long_date(since)}"
    else:
        since = parse_period(period).start
        since_text = f"since the start of {period}"
    query = (
        select(ActionLogEntry)
        .join(ActionLogEntry.meeting)
        .options(selectinload(ActionLogEntry.owner), selectinload(ActionLogEntry.meeting))
        .where(ActionLogEntry.kind == LogKind.ACTION)
        .order_by(Meeting.starts_at, ActionLogEntry.id)
    )
    if meeting is not None:
        query = query.where(Meeting.starts_at < meeting.starts_at)
    else:
        query = query.where(Meeting.starts_at < _day_after(as_of))
    overdue, still_open, closed = [], [], []
    for entry in session.scalars(query):
        was_closed = entry.status is not LogStatus.OPEN and (
            entry.closed_on is None or entry.closed_on <= as_of
        )
        item = LogItem(
            meeting=f"{entry.meeting.board}, {uk_date(entry.meeting.starts_at.date())}",
            raised=entry.meeting.starts_at.date(),
            text=entry.text,
            owner=entry.owner.name if entry.owner is not None else "",
            due=entry.due,
            status=entry.status if was_closed else LogStatus.OPEN,
            closed_on=entry.closed_on if was_closed else None,
        )
        if was_closed:
            if entry.closed_on is not None and entry.closed_on >= since:
                closed.append(item)
        elif entry.due is not None and entry.due < as_of:
            overdue.append(item)
        else:
            still_open.append(item)
    far = date.max
    return ActionLog(
        as_of=as_of,
        since=since,
        since_text=since_text,
        overdue=tuple(sorted(overdue, key=lambda i: (i.due or far, i.raised))),
        open=tuple(sorted(still_open, key=lambda i: (i.due or far, i.raised))),
        closed=tuple(sorted(closed, key=lambda i: (i.closed_on or far, i.raised))),
    )
