"""Meetings: the boards' list, each meeting's attendance and agenda, and the action log.

Every change is one transaction with its audit entries, announced as a "meeting" change once
committed. A meeting carries a version that any change to it or to its agenda moves on, and
each action-log entry carries its own, so a screen that read an older state is refused
rather than allowed to overwrite a colleague's change (or the chair's, recorded live in the
meeting). Views receive frozen rows, never ORM objects.

"Changes since the last meeting" is read here too: what the status history, the indicator
values and the action log say moved between the meeting before (of the same board, else of
any board) and this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Row, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    AgendaItem,
    AgendaLink,
    Attendance,
    AttendanceKind,
    AuditEntry,
    Board,
    Indicator,
    ItemKind,
    LogKind,
    LogStatus,
    Meeting,
    Objective,
    Owner,
    Priority,
    Promise,
    Rag,
    StatusUpdate,
)
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.models.periods import Period, canonical_label, parse_period, quarter_containing
from cypp_desktop.models.rag_rules import Direction, rag_direction, value_direction
from cypp_desktop.models.status import ITEM_COLUMNS
from cypp_desktop.store.changes import Change
from cypp_desktop.store.edits import ConflictError, EditError, display
from cypp_desktop.store.store import Store

SOURCE_MEETING = "meeting"
SOURCE_PRESENTER = "presenter"
MAX_MINUTES = 600
LINKS_WITH_TARGET = {AgendaLink.PRIORITY: "priority", AgendaLink.OBJECTIVE: "objective"}


class MeetingError(EditError):
    """A meeting change the plan cannot take; the message names the meeting and the field."""


# Rows handed to views ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    board: str
    starts_at: datetime
    location: str
    period: str
    agenda_items: int

    @property
    def title(self) -> str:
        return meeting_title(self.board, self.starts_at)


@dataclass(frozen=True, slots=True)
class Person:
    """Someone at a meeting or sending apologies; ``owner_id`` when they are an owner."""

    name: str
    owner_id: int | None = None


@dataclass(frozen=True, slots=True)
class AgendaRow:
    id: int
    position: int
    title: str
    presenter: str
    minutes: int
    link: AgendaLink
    priority_id: int | None
    objective_id: int | None
    target_code: str  # the linked priority's or objective's code
    target_title: str
    paper: str
    starts: datetime  # when the item is planned to start, from the items before it

    @property
    def link_text(self) -> str:
        """What the item presents, in words: "Priority BH", "Exceptions", "Paper"."""
        if self.link in LINKS_WITH_TARGET:
            return f"{self.link.value.capitalize()} {self.target_code}".strip()
        return LINK_LABELS[self.link]


LINK_LABELS = {
    AgendaLink.PRIORITY: "Priority",
    AgendaLink.OBJECTIVE: "Objective",
    AgendaLink.EXCEPTIONS: "Exceptions",
    AgendaLink.ACTION_LOG: "Action log",
    AgendaLink.PAPER: "Paper",
}


@dataclass(frozen=True, slots=True)
class LogRow:
    """A decision or an action in the action log, with the meeting that recorded it."""

    id: int
    meeting_id: int
    meeting: str  # "Children's Trust Board, 19 Jul 2012"
    raised: date
    kind: LogKind
    text: str
    owner_id: int | None
    owner: str
    due: date | None
    status: LogStatus
    closed_on: date | None
    agenda_item_id: int | None
    agenda_title: str
    version: int

    def overdue(self, as_of: date) -> bool:
        return (
            self.kind is LogKind.ACTION
            and self.status is LogStatus.OPEN
            and self.due is not None
            and self.due < as_of
        )


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    id: int
    board: str
    starts_at: datetime
    location: str
    period: str
    version: int
    attendees: tuple[Person, ...]
    apologies: tuple[Person, ...]
    agenda: tuple[AgendaRow, ...]
    log: tuple[LogRow, ...]

    @property
    def title(self) -> str:
        return meeting_title(self.board, self.starts_at)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


def meeting_title(board: str, starts_at: datetime) -> str:
    return f"{board}, {starts_at.day} {starts_at:%B %Y}"


# What callers send -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingFields:
    board: str
    starts_at: datetime
    location: str = ""
    period: str | None = None
    attendees: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AgendaFields:
    title: str
    presenter: str = ""
    minutes: int = 10
    link: AgendaLink = AgendaLink.PAPER
    priority_id: int | None = None
    objective_id: int | None = None
    paper: str = ""


@dataclass(frozen=True, slots=True)
class LogFields:
    """A decision (owner and due date optional) or an action (both required)."""

    kind: LogKind
    text: str
    owner: str = ""
    due: date | None = None
    agenda_item_id: int | None = None


# The unit of work ----------------------------------------------------------------------------


class _Work:
    """One transaction's audit entries and the announcement it makes once committed."""

    def __init__(self, session: Session, who: str, source: str):
        self.session = session
        self.who = who
        self.source = source
        self.now = datetime.now().replace(microsecond=0)
        self.kinds: set[str] = {"meeting"}
        self.items: set[tuple[str, int]] = set()

    def audit(self, kind: str, item_id: int, name: str, old: Any, new: Any) -> None:
        self.session.add(
            AuditEntry(
                at=self.now,
                who=self.who,
                item_kind=kind,
                item_id=item_id,
                item_code="",
                field=name,
                old_value=display(old),
                new_value=display(new),
                source=self.source,
            )
        )
        self.items.add((kind, item_id))

    def change(self) -> Change:
        return Change(frozenset(self.kinds), frozenset(self.items), self.source)

    def meeting(self, meeting_id: int, expected_version: int | None) -> Meeting:
        meeting = self.session.get(Meeting, meeting_id)
        if meeting is None:
            raise MeetingError(f"Meeting {meeting_id} no longer exists; it may have been deleted.")
        if expected_version is not None and meeting.version != expected_version:
            raise ConflictError(
                f"The {meeting_title(meeting.board, meeting.starts_at)} meeting was changed by "
                "someone else after you opened it. Reload to see the latest, then make your "
                "change again."
            )
        return meeting

    def touch(self, meeting: Meeting) -> None:
        """Move the meeting's version on: its agenda changed, though its own row did not."""
        flag_modified(meeting, "board")

    def owner(self, name: str) -> Owner:
        """The owner called ``name`` (any case), added to the plan when new: an action
        recorded live in a meeting must not wait for the owner list to be edited."""
        owner = self.session.scalars(
            select(Owner).where(func.lower(Owner.name) == name.lower())
        ).first()
        if owner is None:
            owner = Owner(name=name)
            self.session.add(owner)
            self.session.flush()
            self.audit("owner", owner.id, "(added)", "", name)
            self.kinds.add("owner")
        return owner


@contextmanager
def _work(store: Store, who: str, source: str) -> Iterator[_Work]:
    """One audited transaction, announced after it commits; database refusals become
    MeetingErrors and a row changed under us becomes a ConflictError."""
    try:
        with store.session() as session:
            work = _Work(session, who, source)
            yield work
    except StaleDataError as error:
        raise ConflictError(
            "Someone else changed this meeting at the same moment; reload and try again."
        ) from error
    except IntegrityError as error:
        raise MeetingError(_integrity_message(error)) from error
    store.changes.publish(work.change())


def _integrity_message(error: IntegrityError) -> str:
    text = str(error.orig)
    if "board" in text and ("UNIQUE" in text or "unique" in text):
        return "That board is already in the list; board names must be unique."
    if "FOREIGN KEY" in text or "foreign key" in text:
        return "That refers to an item that no longer exists; reload and try again."
    return f"The plan cannot take that meeting change ({text})."


# Checking what callers send ----------------------------------------------------------------


def _text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise MeetingError(f"The {what} is blank; it needs some text.")
    if len(cleaned) > limit:
        raise MeetingError(f"The {what} is {len(cleaned)} characters long; at most {limit} fit.")
    return cleaned


def _period(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return canonical_label(value)
    except ValueError as error:
        raise MeetingError(
            f'The reporting period "{value.strip()}" is not a period such as 2012/13 Q2.'
        ) from error


def _names(names: Iterable[str], what: str) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        cleaned = _text(name, f"name in the {what}", 200, required=False)
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return list(seen.values())


def _checked_meeting(fields: MeetingFields) -> MeetingFields:
    attendees = _names(fields.attendees, "attendees")
    apologies = _names(fields.apologies, "apologies")
    both = {name.casefold() for name in attendees} & {name.casefold() for name in apologies}
    if both:
        name = next(name for name in attendees if name.casefold() in both)
        raise MeetingError(f"{name} is listed both as attending and as sending apologies.")
    return MeetingFields(
        board=_text(fields.board, "board", 200),
        starts_at=fields.starts_at.replace(second=0, microsecond=0),
        location=_text(fields.location, "location", 200, required=False),
        period=_period(fields.period),
        attendees=tuple(attendees),
        apologies=tuple(apologies),
    )


def _checked_agenda(session: Session, fields: AgendaFields) -> AgendaFields:
    if not 0 <= fields.minutes <= MAX_MINUTES:
        raise MeetingError(
            f"An agenda item's time is {fields.minutes} minutes; give 0 to {MAX_MINUTES}."
        )
    priority_id = fields.priority_id if fields.link is AgendaLink.PRIORITY else None
    objective_id = fields.objective_id if fields.link is AgendaLink.OBJECTIVE else None
    if fields.link is AgendaLink.PRIORITY and (
        priority_id is None or session.get(Priority, priority_id) is None
    ):
        raise MeetingError("An agenda item that presents a priority needs the priority chosen.")
    if fields.link is AgendaLink.OBJECTIVE and (
        objective_id is None or session.get(Objective, objective_id) is None
    ):
        raise MeetingError("An agenda item that presents an objective needs the objective chosen.")
    return AgendaFields(
        title=_text(fields.title, "agenda item's title", 300),
        presenter=_text(fields.presenter, "presenter", 200, required=False),
        minutes=fields.minutes,
        link=fields.link,
        priority_id=priority_id,
        objective_id=objective_id,
        paper=fields.paper.strip(),
    )


# Boards --------------------------------------------------------------------------------------


def boards(store: Store) -> list[str]:
    """The boards a meeting can be for, in the list's order."""
    with store.read() as session:
        return list(session.scalars(select(Board.name).order_by(Board.position, Board.id)))


def set_boards(store: Store, names: Sequence[str], *, who: str, source: str) -> None:
    """Make the boards list ``names``, in that order. Meetings keep the board name they were
    held under: removing a board from the list changes no meeting."""
    wanted = _names(names, "boards")
    if not wanted:
        raise MeetingError("The boards list needs at least one board.")
    with _work(store, who, source) as work:
        existing = {board.name: board for board in work.session.scalars(select(Board))}
        for name, board in existing.items():
            if name not in wanted:
                work.session.delete(board)
                work.audit("board", board.id, "(deleted)", name, "")
        work.session.flush()
        for position, name in enumerate(wanted):
            kept = existing.get(name)
            if kept is None:
                added = Board(name=name, position=position)
                work.session.add(added)
                work.session.flush()
                work.audit("board", added.id, "(added)", "", name)
            elif kept.position != position:
                work.audit("board", kept.id, "position", kept.position + 1, position + 1)
                kept.position = position


# Reading -------------------------------------------------------------------------------------


def meeting_rows(store: Store) -> list[MeetingRow]:
    """Every meeting, earliest first."""
    with store.read() as session:
        counts = dict(
            session.execute(
                select(AgendaItem.meeting_id, func.count()).group_by(AgendaItem.meeting_id)
            ).all()
        )
        return [
            MeetingRow(
                meeting.id,
                meeting.board,
                meeting.starts_at,
                meeting.location,
                meeting.period or "",
                counts.get(meeting.id, 0),
            )
            for meeting in session.scalars(select(Meeting).order_by(Meeting.starts_at, Meeting.id))
        ]


def _targets(session: Session, items: Iterable[AgendaItem]) -> dict[int, tuple[str, str]]:
    listed = list(items)
    priorities = {i.priority_id for i in listed if i.priority_id is not None}
    objectives = {i.objective_id for i in listed if i.objective_id is not None}
    found: dict[tuple[str, int], tuple[str, str]] = {}
    if priorities:
        for row in session.execute(
            select(Priority.id, Priority.code, Priority.title).where(Priority.id.in_(priorities))
        ):
            found[("priority", row.id)] = (row.code, row.title)
    if objectives:
        for row in session.execute(
            select(Objective.id, Objective.code, Objective.title).where(
                Objective.id.in_(objectives)
            )
        ):
            found[("objective", row.id)] = (row.code, row.title)
    targets = {}
    for item in listed:
        if item.link is AgendaLink.PRIORITY and item.priority_id is not None:
            targets[item.id] = found.get(("priority", item.priority_id), ("", ""))
        elif item.link is AgendaLink.OBJECTIVE and item.objective_id is not None:
            targets[item.id] = found.get(("objective", item.objective_id), ("", ""))
    return targets


def _log_row(entry: ActionLogEntry, titles: dict[int, str]) -> LogRow:
    meeting = entry.meeting
    return LogRow(
        id=entry.id,
        meeting_id=meeting.id,
        meeting=f"{meeting.board}, {uk_date(meeting.starts_at.date())}",
        raised=meeting.starts_at.date(),
        kind=entry.kind,
        text=entry.text,
        owner_id=entry.owner_id,
        owner=entry.owner.name if entry.owner is not None else "",
        due=entry.due,
        status=entry.status,
        closed_on=entry.closed_on,
        agenda_item_id=entry.agenda_item_id,
        agenda_title=titles.get(entry.agenda_item_id or -1, ""),
        version=entry.version,
    )


def _agenda_rows(session: Session, meeting: Meeting) -> tuple[AgendaRow, ...]:
    targets = _targets(session, meeting.agenda)
    rows = []
    starts = meeting.starts_at
    for item in sorted(meeting.agenda, key=lambda i: (i.position, i.id)):
        code, title = targets.get(item.id, ("", ""))
        rows.append(
            AgendaRow(
                id=item.id,
                position=item.position,
                title=item.title,
                presenter=item.presenter,
                minutes=item.minutes,
                link=item.link,
                priority_id=item.priority_id,
                objective_id=item.objective_id,
                target_code=code,
                target_title=title,
                paper=item.paper,
                starts=starts,
            )
        )
        starts += timedelta(minutes=item.minutes)
    return tuple(rows)


def meeting_detail(store: Store, meeting_id: int) -> MeetingDetail | None:
    """One meeting in full; None when it no longer exists."""
    with store.read() as session:
        meeting = session.scalars(
            select(Meeting)
            .where(Meeting.id == meeting_id)
            .options(
                selectinload(Meeting.attendance),
                selectinload(Meeting.agenda),
                selectinload(Meeting.log).selectinload(ActionLogEntry.owner),
            )
        ).one_or_none()
        if meeting is None:
            return None
        agenda = _agenda_rows(session, meeting)
        titles = {item.id: item.title for item in agenda}
        people = {
            kind: tuple(Person(a.name, a.owner_id) for a in meeting.attendance if a.kind is kind)
            for kind in AttendanceKind
        }
        return MeetingDetail(
            id=meeting.id,
            board=meeting.board,
            starts_at=meeting.starts_at,
            location=meeting.location,
            period=meeting.period or "",
            version=meeting.version,
            attendees=people[AttendanceKind.ATTENDEE],
            apologies=people[AttendanceKind.APOLOGY],
            agenda=agenda,
            log=tuple(_log_row(entry, titles) for entry in meeting.log),
        )


def carried_forward(store: Store, meeting_id: int) -> tuple[LogRow, ...]:
    """The open actions the boards have set, up to and including this meeting: what the
    action log carries into it, earliest due first."""
    with store.read() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            return ()
        entries = session.scalars(
            select(ActionLogEntry)
            .join(ActionLogEntry.meeting)
            .options(selectinload(ActionLogEntry.owner), selectinload(ActionLogEntry.meeting))
            .where(
                ActionLogEntry.kind == LogKind.ACTION,
                ActionLogEntry.status == LogStatus.OPEN,
                Meeting.starts_at <= meeting.starts_at,
            )
            .order_by(ActionLogEntry.due, Meeting.starts_at, ActionLogEntry.id)
        ).all()
        item_ids = {entry.agenda_item_id for entry in entries if entry.agenda_item_id}
        titles = dict(
            session.execute(
                select(AgendaItem.id, AgendaItem.title).where(AgendaItem.id.in_(item_ids))
            ).all()
        )
        return tuple(_log_row(entry, titles) for entry in entries)


def owner_names(store: Store) -> list[str]:
    """Everyone who can own an action, for completion as names are typed."""
    with store.read() as session:
        return sorted(session.scalars(select(Owner.name)), key=str.casefold)


@dataclass(frozen=True, slots=True)
class Target:
    id: int
    code: str
    title: str


def agenda_targets(store: Store) -> tuple[list[Target], list[Target]]:
    """The priorities and objectives an agenda item can present, in plan order."""
    with store.read() as session:
        priorities = [
            Target(row.id, row.code, row.title)
            for row in session.execute(
                select(Priority.id, Priority.code, Priority.title).order_by(
                    Priority.position, Priority.id
                )
            )
        ]
        objectives = [
            Target(row.id, row.code, row.title)
            for row in session.execute(
                select(Objective.id, Objective.code, Objective.title)
                .join(Objective.priority)
                .order_by(Priority.position, Objective.position, Objective.id)
            )
        ]
        return priorities, objectives


def default_meeting_id(store: Store, today: date) -> int | None:
    """The meeting to present when none is chosen: the next on or after today, else the
    latest held."""
    start = datetime.combine(today, time())
    with store.read() as session:
        upcoming = session.scalar(
            select(Meeting.id)
            .where(Meeting.starts_at >= start)
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(1)
        )
        if upcoming is not None:
            return int(upcoming)
        latest = session.scalar(
            select(Meeting.id).order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(1)
        )
        return int(latest) if latest is not None else None


# Meetings ------------------------------------------------------------------------------------


def _attendance_text(meeting: Meeting, kind: AttendanceKind) -> str:
    return "; ".join(a.name for a in meeting.attendance if a.kind is kind)


def _set_attendance(work: _Work, meeting: Meeting, fields: MeetingFields) -> None:
    owners = {
        name.casefold(): owner_id
        for owner_id, name in work.session.execute(select(Owner.id, Owner.name))
    }
    for kind, names, label in (
        (AttendanceKind.ATTENDEE, fields.attendees, "attendees"),
        (AttendanceKind.APOLOGY, fields.apologies, "apologies"),
    ):
        old = _attendance_text(meeting, kind)
        new = "; ".join(names)
        if old == new:
            continue
        # Listed again in the new order: attendance is read back in the order it was added.
        for attendance in [a for a in meeting.attendance if a.kind is kind]:
            meeting.attendance.remove(attendance)
        work.session.flush()
        for name in names:
            meeting.attendance.append(
                Attendance(name=name, kind=kind, owner_id=owners.get(name.casefold()))
            )
        work.audit("meeting", meeting.id, label, old, new)


def create_meeting(store: Store, fields: MeetingFields, *, who: str, source: str) -> int:
    """Add a meeting; returns its id."""
    checked = _checked_meeting(fields)
    with _work(store, who, source) as work:
        meeting = Meeting(
            board=checked.board,
            starts_at=checked.starts_at,
            location=checked.location,
            period=checked.period,
        )
        work.session.add(meeting)
        work.session.flush()
        work.audit(
            "meeting", meeting.id, "(added)", "", meeting_title(meeting.board, meeting.starts_at)
        )
        _set_attendance(work, meeting, checked)
        work.session.flush()
        return int(meeting.id)


def update_meeting(
    store: Store,
    meeting_id: int,
    fields: MeetingFields,
    *,
    expected_version: int,
    who: str,
    source: str,
) -> None:
    """Change a meeting's board, time, place, period and attendance."""
    checked = _checked_meeting(fields)
    with _work(store, who, source) as work:
        meeting = work.meeting(meeting_id, expected_version)
        for name in ("board", "starts_at", "location", "period"):
            old, new = getattr(meeting, name), getattr(checked, name)
            if old != new:
                setattr(meeting, name, new)
                work.audit("meeting", meeting.id, name, old, new)
        _set_attendance(work, meeting, checked)
        work.touch(meeting)


def delete_meeting(
    store: Store, meeting_id: int, *, expected_version: int, who: str, source: str
) -> None:
    """Delete a meeting with its agenda, attendance and action log."""
    with _work(store, who, source) as work:
        meeting = work.meeting(meeting_id, expected_version)
        entries = len(meeting.log)
        work.audit(
            "meeting",
            meeting.id,
            "(deleted)",
            f"{meeting_title(meeting.board, meeting.starts_at)} "
            f"({len(meeting.agenda)} agenda items, {entries} action-log entries)",
            "",
        )
        work.session.delete(meeting)


# The agenda ----------------------------------------------------------------------------------


_AGENDA_FIELDS = ("title", "presenter", "minutes", "link", "priority_id", "objective_id", "paper")


def _renumber(items: Sequence[AgendaItem]) -> None:
    for position, item in enumerate(items):
        item.position = position


def _ordered(meeting: Meeting) -> list[AgendaItem]:
    return sorted(meeting.agenda, key=lambda i: (i.position, i.id))


def add_agenda_item(
    store: Store,
    meeting_id: int,
    fields: AgendaFields,
    *,
    expected_version: int,
    who: str,
    source: str,
    position: int | None = None,
) -> int:
    """Add an item at ``position`` (zero-based; the end when None); returns its id."""
    with _work(store, who, source) as work:
        meeting = work.meeting(meeting_id, expected_version)
        checked = _checked_agenda(work.session, fields)
        items = _ordered(meeting)
        item = AgendaItem(**{name: getattr(checked, name) for name in _AGENDA_FIELDS})
        at = len(items) if position is None else max(0, min(position, len(items)))
        items.insert(at, item)
        meeting.agenda.append(item)
        _renumber(items)
        work.session.flush()
        work.audit("agenda_item", item.id, "(added)", "", f"{at + 1}. {item.title}")
        work.touch(meeting)
        return int(item.id)


def _agenda_item(work: _Work, item_id: int, expected_version: int) -> tuple[Meeting, AgendaItem]:
    item = work.session.get(AgendaItem, item_id)
    if item is None:
        raise MeetingError(f"Agenda item {item_id} no longer exists; reload the meeting.")
    return work.meeting(item.meeting_id, expected_version), item


def update_agenda_item(
    store: Store,
    item_id: int,
    fields: AgendaFields,
    *,
    expected_version: int,
    who: str,
    source: str,
) -> None:
    """Change an item's title, presenter, time or what it presents. ``expected_version`` is
    the meeting's: the agenda is edited as part of its meeting."""
    with _work(store, who, source) as work:
        meeting, item = _agenda_item(work, item_id, expected_version)
        checked = _checked_agenda(work.session, fields)
        for name in _AGENDA_FIELDS:
            old, new = getattr(item, name), getattr(checked, name)
            if old != new:
                setattr(item, name, new)
                work.audit("agenda_item", item.id, name, old, new)
        work.touch(meeting)


def remove_agenda_item(
    store: Store, item_id: int, *, expected_version: int, who: str, source: str
) -> None:
    """Remove an item; decisions and actions recorded against it stay in the log."""
    with _work(store, who, source) as work:
        meeting, item = _agenda_item(work, item_id, expected_version)
        work.audit("agenda_item", item.id, "(deleted)", f"{item.position + 1}. {item.title}", "")
        items = [i for i in _ordered(meeting) if i.id != item.id]
        meeting.agenda.remove(item)
        _renumber(items)
        work.touch(meeting)


def reorder_agenda(
    store: Store,
    meeting_id: int,
    order: Sequence[int],
    *,
    expected_version: int,
    who: str,
    source: str,
) -> None:
    """Put the agenda in ``order`` (every item id of the meeting, once each)."""
    with _work(store, who, source) as work:
        meeting = work.meeting(meeting_id, expected_version)
        items = {item.id: item for item in meeting.agenda}
        if sorted(order) != sorted(items):
            raise ConflictError(
                f"The agenda of the {meeting_title(meeting.board, meeting.starts_at)} meeting "
                "has changed since it was shown; reload it and move the item again."
            )
        for position, item_id in enumerate(order):
            item = items[item_id]
            if item.position != position:
                work.audit("agenda_item", item.id, "position", item.position + 1, position + 1)
                item.position = position
        work.touch(meeting)


# The action log ------------------------------------------------------------------------------


def _checked_log(work: _Work, meeting: Meeting, fields: LogFields) -> tuple[str, date | None]:
    what = "decision" if fields.kind is LogKind.DECISION else "action"
    text = _text(fields.text, f"{what}'s text", 2000)
    if fields.kind is LogKind.ACTION:
        if not fields.owner.strip():
            raise MeetingError("An action needs an owner: who will do it?")
        if fields.due is None:
            raise MeetingError("An action needs a due date, such as 31/01/2013.")
    if fields.due is not None and fields.due < meeting.starts_at.date():
        raise MeetingError(
            f"The due date {uk_date(fields.due)} is before the meeting "
            f"({uk_date(meeting.starts_at.date())}); give a date on or after it."
        )
    if fields.agenda_item_id is not None and fields.agenda_item_id not in {
        item.id for item in meeting.agenda
    }:
        raise MeetingError("That agenda item is not on this meeting's agenda; reload the meeting.")
    return text, fields.due


def record(store: Store, meeting_id: int, fields: LogFields, *, who: str, source: str) -> int:
    """Add a decision or an action to the meeting's log; returns the entry's id.

    An action is open until it is done; a decision is done when it is taken (closed on the
    meeting's day, as the log has always recorded them), so it is never carried forward.
    An owner typed who is not yet in the plan is added to it, so the action is owned at
    once and goes into that owner's next return.
    """
    with _work(store, who, source) as work:
        meeting = work.meeting(meeting_id, None)
        text, due = _checked_log(work, meeting, fields)
        owner = work.owner(_text(fields.owner, "owner", 200)) if fields.owner.strip() else None
        entry = ActionLogEntry(
            kind=fields.kind,
            text=text,
            owner_id=owner.id if owner else None,
            due=due,
            status=LogStatus.OPEN if fields.kind is LogKind.ACTION else LogStatus.DONE,
            closed_on=None if fields.kind is LogKind.ACTION else meeting.starts_at.date(),
            agenda_item_id=fields.agenda_item_id,
        )
        meeting.log.append(entry)
        work.session.flush()
        work.audit("action_log_entry", entry.id, "(added)", "", f"{fields.kind.value}: {text}")
        if owner is not None:
            work.audit("action_log_entry", entry.id, "owner", "", owner.name)
        if due is not None:
            work.audit("action_log_entry", entry.id, "due", None, due)
        return int(entry.id)


@dataclass(frozen=True, slots=True)
class LogChange:
    """New values for an entry's fields; None leaves a field as it is."""

    text: str | None = None
    owner: str | None = None  # "" clears a decision's owner
    due: date | None = None
    status: LogStatus | None = None
    agenda_item_id: int | None = None
    clear_item: bool = False  # no longer recorded against an agenda item


def update_log_entry(
    store: Store,
    entry_id: int,
    change: LogChange,
    *,
    expected_version: int,
    who: str,
    source: str,
    today: date | None = None,
) -> None:
    """Change an entry's text, owner, due date or status. Closing it (done or dropped)
    records the day; reopening clears it."""
    with _work(store, who, source) as work:
        entry = work.session.get(ActionLogEntry, entry_id)
        if entry is None:
            raise MeetingError(f"Action-log entry {entry_id} no longer exists; reload the log.")
        if entry.version != expected_version:
            raise ConflictError(
                f'The action-log entry "{_short(entry.text)}" was changed by someone else after '
                "you opened it (perhaps through a return). Reload to see the latest, then make "
                "your change again."
            )
        meeting = entry.meeting
        fields = LogFields(
            kind=entry.kind,
            text=entry.text if change.text is None else change.text,
            owner=(entry.owner.name if entry.owner else "")
            if change.owner is None
            else change.owner,
            due=entry.due if change.due is None else change.due,
            agenda_item_id=None
            if change.clear_item
            else change.agenda_item_id or entry.agenda_item_id,
        )
        text, due = _checked_log(work, meeting, fields)
        if due != entry.due:
            work.audit("action_log_entry", entry.id, "due", entry.due, due)
            entry.due = due
        if text != entry.text:
            work.audit("action_log_entry", entry.id, "text", entry.text, text)
            entry.text = text
        if fields.agenda_item_id != entry.agenda_item_id:
            work.audit(
                "action_log_entry",
                entry.id,
                "agenda item",
                entry.agenda_item_id,
                fields.agenda_item_id,
            )
            entry.agenda_item_id = fields.agenda_item_id
        old_owner = entry.owner.name if entry.owner else ""
        new_owner = _text(fields.owner, "owner", 200, required=False)
        if new_owner != old_owner:
            owner = work.owner(new_owner) if new_owner else None
            entry.owner_id = owner.id if owner else None
            work.audit("action_log_entry", entry.id, "owner", old_owner, new_owner)
        if change.status is not None and change.status is not entry.status:
            work.audit("action_log_entry", entry.id, "status", entry.status, change.status)
            entry.status = change.status
            entry.closed_on = None if change.status is LogStatus.OPEN else (today or date.today())


def delete_log_entry(
    store: Store, entry_id: int, *, expected_version: int, who: str, source: str
) -> None:
    with _work(store, who, source) as work:
        entry = work.session.get(ActionLogEntry, entry_id)
        if entry is None:
            return
        if entry.version != expected_version:
            raise ConflictError(
                f'The action-log entry "{_short(entry.text)}" was changed by someone else after '
                "you opened it. Reload to see the latest before deleting it."
            )
        work.audit(
            "action_log_entry", entry.id, "(deleted)", f"{entry.kind.value}: {entry.text}", ""
        )
        work.session.execute(delete(ActionLogEntry).where(ActionLogEntry.id == entry.id))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Changes since the last meeting ----------------------------------------------------------------


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
    return [_log_row(entry, titles) for entry in entries]


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
