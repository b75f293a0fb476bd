"""Meetings: the boards' list, each meeting's time, place, reporting period and attendance,
and a meeting read in full with its agenda and action log.

This is where the Meetings page, presenter mode and the draft minutes start: they list the
meetings, choose one (the next on or after today when none is chosen) and read it whole.
Every change is one audited transaction, checked against the meeting's version
(store/meeting_work.py); the agenda and the action log are written in store/agenda.py and
store/action_log.py, and "changes since the last meeting" read in store/meeting_changes.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from cypp_desktop.models import (
    ActionLogEntry,
    AgendaItem,
    AgendaLink,
    Attendance,
    AttendanceKind,
    Board,
    Meeting,
    Owner,
)
from cypp_desktop.models.periods import canonical_label
from cypp_desktop.store.action_log import carried_forward, log_row
from cypp_desktop.store.agenda import agenda_rows
from cypp_desktop.store.meeting_rows import (
    AgendaRow,
    LogRow,
    MeetingDetail,
    MeetingRow,
    Person,
    meeting_title,
)
from cypp_desktop.store.meeting_work import (
    Keep,
    MeetingError,
    MeetingWork,
    checked_names,
    checked_text,
    meeting_work,
)
from cypp_desktop.store.store import Store

__all__ = [
    # AgendaLink, AgendaRow, LogRow, MeetingDetail and carried_forward live in models,
    # store/meeting_rows.py and store/action_log.py; packs/minutes.py and docs/screenshots.py
    # import them from here.
    "AgendaLink",
    "AgendaRow",
    "LogRow",
    "MeetingDetail",
    "MeetingFields",
    "boards",
    "carried_forward",
    "create_meeting",
    "default_meeting_id",
    "delete_meeting",
    "meeting_detail",
    "meeting_rows",
    "owner_names",
    "set_boards",
    "update_meeting",
]


@dataclass(frozen=True, slots=True)
class MeetingFields:
    board: str
    starts_at: datetime
    location: str = ""
    period: str | None = None
    attendees: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()


def _period(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return canonical_label(value)
    except ValueError as error:
        raise MeetingError(
            f'The reporting period "{value.strip()}" is not a period such as 2012/13 Q2.'
        ) from error


def _checked_meeting(fields: MeetingFields) -> MeetingFields:
    attendees = checked_names(fields.attendees, "attendees")
    apologies = checked_names(fields.apologies, "apologies")
    both = {name.casefold() for name in attendees} & {name.casefold() for name in apologies}
    if both:
        name = next(name for name in attendees if name.casefold() in both)
        raise MeetingError(f"{name} is listed both as attending and as sending apologies.")
    return MeetingFields(
        board=checked_text(fields.board, "board", 200),
        starts_at=fields.starts_at.replace(second=0, microsecond=0),
        location=checked_text(fields.location, "location", 200, required=False),
        period=_period(fields.period),
        attendees=tuple(attendees),
        apologies=tuple(apologies),
    )


# Boards --------------------------------------------------------------------------------------


def boards(store: Store) -> list[str]:
    """The boards a meeting can be for, in the list's order."""
    with store.read() as session:
        return list(session.scalars(select(Board.name).order_by(Board.position, Board.id)))


def set_boards(
    store: Store, names: Sequence[str], *, who: str, source: str, keep: Keep | None = None
) -> None:
    """Make the boards list ``names``, in that order. Meetings keep the board name they were
    held under: removing a board from the list changes no meeting."""
    wanted = checked_names(names, "boards")
    if not wanted:
        raise MeetingError("The boards list needs at least one board.")
    with meeting_work(store, who, source, keep=keep) as work:
        work.watch_boards()
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
        agenda = agenda_rows(session, meeting)
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
            log=tuple(log_row(entry, titles) for entry in meeting.log),
        )


def owner_names(store: Store) -> list[str]:
    """Everyone who can own an action, for completion as names are typed."""
    with store.read() as session:
        return sorted(session.scalars(select(Owner.name)), key=str.casefold)


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


def _set_attendance(work: MeetingWork, meeting: Meeting, fields: MeetingFields) -> None:
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


def create_meeting(
    store: Store, fields: MeetingFields, *, who: str, source: str, keep: Keep | None = None
) -> int:
    """Add a meeting; returns its id."""
    checked = _checked_meeting(fields)
    with meeting_work(store, who, source, keep=keep) as work:
        meeting = Meeting(
            board=checked.board,
            starts_at=checked.starts_at,
            location=checked.location,
            period=checked.period,
        )
        work.session.add(meeting)
        work.session.flush()
        work.watch_meeting(meeting.id, new=True)
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
    keep: Keep | None = None,
) -> None:
    """Change a meeting's board, time, place, period and attendance."""
    checked = _checked_meeting(fields)
    with meeting_work(store, who, source, keep=keep) as work:
        meeting = work.meeting(meeting_id, expected_version)
        for name in ("board", "starts_at", "location", "period"):
            old, new = getattr(meeting, name), getattr(checked, name)
            if old != new:
                setattr(meeting, name, new)
                work.audit("meeting", meeting.id, name, old, new)
        _set_attendance(work, meeting, checked)
        work.touch(meeting)


def delete_meeting(
    store: Store,
    meeting_id: int,
    *,
    expected_version: int,
    who: str,
    source: str,
    keep: Keep | None = None,
) -> None:
    """Delete a meeting with its agenda, attendance, action log (with its progress notes)
    and cover report. Kept, the change holds every one of those rows, to put back."""
    with meeting_work(store, who, source, keep=keep) as work:
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
