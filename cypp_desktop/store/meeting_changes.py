"""Changes since the last meeting: what moved between the meeting before (the same board's,
else any board's) and this one.

It is read from three records the plan already keeps: the status history (RAG changes), the
indicator values and the audit trail (new and revised values), and the action log (actions
closed). On a plan of fifty thousand actions the status history runs to hundreds of thousands
of rows, so it is read as plain rows rather than ORM objects, and the Meetings page reads it
in the background.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, selectinload

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    AgendaItem,
    AuditEntry,
    Indicator,
    ItemKind,
    LogKind,
    LogStatus,
    Meeting,
    Objective,
    Priority,
    Promise,
    Rag,
    StatusUpdate,
)
from cypp_desktop.models.periods import Period, parse_period, quarter_containing
from cypp_desktop.models.rag_rules import Direction, rag_direction, value_direction
from cypp_desktop.models.status import ITEM_COLUMNS
from cypp_desktop.store.action_log import log_row
from cypp_desktop.store.meeting_rows import LogRow, meeting_title
from cypp_desktop.store.meeting_work import MeetingError
from cypp_desktop.store.store import Store


@dataclass(frozen=True, slots=True)
class RagChange:
    """An item whose RAG in the status history moved between the two meetings."""

    kind: ItemKind
    item_id: int
    code: str
    title: str
    before: Rag | None  # None: no update had been recorded by the last meeting
    before_period: str
    after: Rag
    after_period: str
    commentary: str
    author: str
    recorded_at: datetime

    @property
    def direction(self) -> Direction:
        return rag_direction(self.after, self.before)


@dataclass(frozen=True, slots=True)
class NewValue:
    """An indicator value reported since the last meeting: for a period reported on since
    then, or a value changed in the audit trail since then (``revised`` from ``replaced``)."""

    indicator_id: int
    code: str
    title: str
    unit: str
    period: str
    value: float | None
    replaced: float | None
    revised: bool
    earlier: float | None  # the period before's value, for the direction of travel
    direction: Direction


@dataclass(frozen=True, slots=True)
class MeetingChanges:
    meeting_id: int
    meeting: str
    since: datetime
    until: datetime
    basis: str  # which meeting it counts from, and why that one
    previous_id: int | None
    rag_changes: tuple[RagChange, ...]
    new_values: tuple[NewValue, ...]
    closed: tuple[LogRow, ...]

    @property
    def empty(self) -> bool:
        return not (self.rag_changes or self.new_values or self.closed)


def _previous_meeting(session: Session, meeting: Meeting) -> tuple[Meeting | None, bool]:
    """The same board's meeting before this one, else any board's; and whether it was the
    same board's."""
    earlier = (
        select(Meeting)
        .where(Meeting.starts_at < meeting.starts_at)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )
    same = session.scalars(earlier.where(Meeting.board == meeting.board)).first()
    if same is not None:
        return same, True
    return session.scalars(earlier).first(), False


def _basis(meeting: Meeting, previous: Meeting | None, same_board: bool, since: datetime) -> str:
    if previous is None:
        return (
            f"since {since.day} {since:%B %Y}, the start of {_reported(meeting).label}: "
            "no earlier meeting is recorded"
        )
    when = meeting_title(previous.board, previous.starts_at)
    if same_board:
        return f"since the {when}, this board's last meeting"
    return (
        f"since the {when}, the last meeting of any board (the {meeting.board} has not met before)"
    )


def _reported(meeting: Meeting) -> Period:
    """The period a meeting reports on: its own, else the quarter before the one it is in."""
    if meeting.period:
        return parse_period(meeting.period)
    return quarter_containing(meeting.starts_at.date()).previous()


class _Titles:
    """Codes and titles of every kind of item, read once."""

    def __init__(self, session: Session):
        self.names: dict[tuple[ItemKind, int], tuple[str, str]] = {}
        for kind, entity in (
            (ItemKind.PRIORITY, Priority),
            (ItemKind.OBJECTIVE, Objective),
            (ItemKind.ACTION, Action),
            (ItemKind.INDICATOR, Indicator),
        ):
            for item_id, code, title in session.execute(
                select(entity.id, entity.code, entity.title)
            ):
                self.names[(kind, item_id)] = (code or "", title)
        for item_id, code, title in session.execute(
            select(Promise.id, Promise.code, Promise.set_out_to_do)
        ):
            self.names[(ItemKind.PROMISE, item_id)] = (code, title)

    def __getitem__(self, key: tuple[ItemKind, int]) -> tuple[str, str]:
        return self.names.get(key, ("", ""))


_KIND_ORDER = {kind: number for number, kind in enumerate(ItemKind)}
_DIRECTION_ORDER = {  # worse first, then better, then first reported (or to or from Grey)
    Direction.WORSENING: 0,
    Direction.IMPROVING: 1,
    Direction.UNKNOWN: 2,
    Direction.SAME: 3,
}


def _rag_changes(
    session: Session, titles: _Titles, since: datetime, until: datetime
) -> list[RagChange]:
    """Items whose standing status (the newest update for the latest period reported, as
    recorded by then) has a different RAG at ``until`` than it had at ``since``. Read as
    plain rows: a plan of fifty thousand actions has hundreds of thousands of updates."""
    periods: dict[str, tuple[date, date]] = {}
    kinds = list(ITEM_COLUMNS)
    before: dict[tuple[ItemKind, int], tuple[Any, Row[Any]]] = {}
    after: dict[tuple[ItemKind, int], tuple[Any, Row[Any]]] = {}
    for row in session.execute(
        select(
            StatusUpdate.id,
            StatusUpdate.period,
            StatusUpdate.recorded_at,
            StatusUpdate.rag,
            *(getattr(StatusUpdate, column) for column in ITEM_COLUMNS.values()),
        ).where(StatusUpdate.recorded_at <= until)
    ):
        if row.period not in periods:
            periods[row.period] = parse_period(row.period).sort_key
        key = (periods[row.period], row.recorded_at, row.id)
        item = next((kind, row[4 + n]) for n, kind in enumerate(kinds) if row[4 + n] is not None)
        for standing, limit in ((after, until), (before, since)):
            if row.recorded_at <= limit:
                current = standing.get(item)
                if current is None or key > current[0]:
                    standing[item] = (key, row)
    changed = [
        (item, before[item][1] if item in before else None, row)
        for item, (_key, row) in after.items()
        if row.recorded_at > since and (item not in before or before[item][1].rag != row.rag)
    ]
    wanted = [row.id for _item, _earlier, row in changed]
    notes: dict[int, tuple[str, str]] = {}
    for first in range(0, len(wanted), 500):  # within every database's limit on parameters
        for update_id, commentary, author in session.execute(
            select(StatusUpdate.id, StatusUpdate.commentary, StatusUpdate.author).where(
                StatusUpdate.id.in_(wanted[first : first + 500])
            )
        ):
            notes[update_id] = (commentary, author)
    changes = [
        RagChange(
            kind=item[0],
            item_id=item[1],
            code=titles[item][0],
            title=titles[item][1],
            before=earlier.rag if earlier is not None else None,
            before_period=earlier.period if earlier is not None else "",
            after=row.rag,
            after_period=row.period,
            commentary=notes[row.id][0],
            author=notes[row.id][1],
            recorded_at=row.recorded_at,
        )
        for item, earlier, row in changed
    ]
    changes.sort(
        key=lambda c: (_DIRECTION_ORDER[c.direction], _KIND_ORDER[c.kind], c.code, c.item_id)
    )
    return changes


def _new_values(
    session: Session,
    since: datetime,
    until: datetime,
    reported_before: Period | None,
    reported_now: Period,
) -> list[NewValue]:
    """Values for the periods reported on since the last meeting, and values edited since it
    (the audit trail says when, and what they replaced)."""
    indicators = {
        indicator.id: indicator
        for indicator in session.scalars(
            select(Indicator)
            .options(selectinload(Indicator.values))
            .join(Indicator.priority)
            .order_by(Priority.position, Indicator.position, Indicator.id)
        )
    }
    found: dict[tuple[int, str], tuple[float | None, float | None, bool]] = {}
    floor = reported_before.end if reported_before is not None else reported_now.start
    for indicator in indicators.values():
        for row in indicator.values:
            end = parse_period(row.period).end
            newer = end > floor if reported_before is not None else end >= floor
            if newer and end <= reported_now.end:
                found[(indicator.id, row.period)] = (row.value, None, False)
    for entry in session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.item_kind == ItemKind.INDICATOR.value,
            AuditEntry.field.like("value %"),
            AuditEntry.at > since,
            AuditEntry.at <= until,
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ):
        if entry.item_id not in indicators:
            continue
        label = entry.field.removeprefix("value ").strip()
        old = _number(entry.old_value)
        earlier_found = found.get((entry.item_id, label))
        replaced = earlier_found[1] if earlier_found and earlier_found[2] else old
        found[(entry.item_id, label)] = (_number(entry.new_value), replaced, replaced is not None)
    order = {indicator_id: number for number, indicator_id in enumerate(indicators)}
    rows = []
    for (indicator_id, label), (value, replaced, revised) in sorted(
        found.items(), key=lambda pair: (order[pair[0][0]], parse_period(pair[0][1]).sort_key)
    ):
        indicator = indicators[indicator_id]
        values = {v.period: v.value for v in indicator.values}
        earlier = values.get(parse_period(label).previous().label)
        rows.append(
            NewValue(
                indicator_id=indicator_id,
                code=indicator.code,
                title=indicator.title,
                unit=indicator.unit,
                period=label,
                value=value,
                replaced=replaced,
                revised=revised,
                earlier=earlier,
                direction=value_direction(value, earlier, indicator.polarity),
            )
        )
    return rows


def _number(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


def _closed(session: Session, meeting: Meeting, since: date) -> list[LogRow]:
    """Actions set at earlier meetings and closed (done or dropped) since the last one."""
    entries = session.scalars(
        select(ActionLogEntry)
        .join(ActionLogEntry.meeting)
        .options(selectinload(ActionLogEntry.owner), selectinload(ActionLogEntry.meeting))
        .where(
            ActionLogEntry.kind == LogKind.ACTION,
            ActionLogEntry.status != LogStatus.OPEN,
            ActionLogEntry.closed_on >= since,
            ActionLogEntry.closed_on <= meeting.starts_at.date(),
            Meeting.starts_at < meeting.starts_at,
        )
        .order_by(ActionLogEntry.closed_on, ActionLogEntry.id)
    ).all()
    item_ids = {entry.agenda_item_id for entry in entries if entry.agenda_item_id}
    titles = dict(
        session.execute(
            select(AgendaItem.id, AgendaItem.title).where(AgendaItem.id.in_(item_ids))
        ).all()
    )
    return [log_row(entry, titles) for entry in entries]


def changes_since_last_meeting(store: Store, meeting_id: int) -> MeetingChanges:
    """What moved between the previous meeting (the same board's, else any board's) and
    this one: RAG changes in the status history, new indicator values, actions closed."""
    with store.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise MeetingError(f"Meeting {meeting_id} no longer exists; it may have been deleted.")
        previous, same_board = _previous_meeting(session, meeting)
        reported_now = _reported(meeting)
        if previous is not None:
            since = previous.starts_at
            reported_before: Period | None = _reported(previous)
        else:
            since = datetime.combine(reported_now.start, time())
            reported_before = None
        until = meeting.starts_at
        titles = _Titles(session)
        return MeetingChanges(
            meeting_id=meeting.id,
            meeting=meeting_title(meeting.board, meeting.starts_at),
            since=since,
            until=until,
            basis=_basis(meeting, previous, same_board, since),
            previous_id=previous.id if previous is not None else None,
            rag_changes=tuple(_rag_changes(session, titles, since, until)),
            new_values=tuple(_new_values(session, since, until, reported_before, reported_now)),
            closed=tuple(_closed(session, meeting, since.date())),
        )
