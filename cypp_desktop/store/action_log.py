"""The action log: the decisions and actions a meeting records, and what becomes of them.

An action is open until it is done or dropped, and is carried into every later meeting (its
board pack, its minutes, presenter mode's action-log page) and into its owner's returns until
then; a decision is recorded as taken. Each entry carries its own version apart from its
meeting's, because it is changed from more places than the meeting is: the Meetings page,
live capture in presenter mode, and an owner's return that closes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from cypp_desktop.models import ActionLogEntry, AgendaItem, LogKind, LogStatus, Meeting
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.store.edits import ConflictError
from cypp_desktop.store.meeting_rows import LogRow
from cypp_desktop.store.meeting_work import (
    Keep,
    MeetingError,
    MeetingWork,
    checked_text,
    meeting_work,
)
from cypp_desktop.store.store import Store


@dataclass(frozen=True, slots=True)
class LogFields:
    """A decision (owner and due date optional) or an action (both required)."""

    kind: LogKind
    text: str
    owner: str = ""
    due: date | None = None
    agenda_item_id: int | None = None


def log_row(entry: ActionLogEntry, titles: dict[int, str]) -> LogRow:
    """An entry as the views show it; ``titles`` are its meeting's agenda items', read once
    for every entry rather than an item at a time."""
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
        return tuple(log_row(entry, titles) for entry in entries)


# Recording and changing entries -------------------------------------------------------------


def _checked_log(work: MeetingWork, meeting: Meeting, fields: LogFields) -> tuple[str, date | None]:
    what = "decision" if fields.kind is LogKind.DECISION else "action"
    text = checked_text(fields.text, f"{what}'s text", 2000)
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


def record(
    store: Store,
    meeting_id: int,
    fields: LogFields,
    *,
    who: str,
    source: str,
    keep: Keep | None = None,
) -> int:
    """Add a decision or an action to the meeting's log; returns the entry's id.

    An action is open until it is done; a decision is done when it is taken (closed on the
    meeting's day, as the log has always recorded them), so it is never carried forward.
    An owner typed who is not yet in the plan is added to it, so the action is owned at
    once and goes into that owner's next return (and, kept, taken out again by undo).
    """
    with meeting_work(store, who, source, keep=keep) as work:
        meeting = work.meeting(meeting_id, None)
        text, due = _checked_log(work, meeting, fields)
        owner = (
            work.owner(checked_text(fields.owner, "owner", 200)) if fields.owner.strip() else None
        )
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
    keep: Keep | None = None,
) -> None:
    """Change an entry's text, owner, due date or status. Closing it (done or dropped)
    records the day; reopening clears it."""
    with meeting_work(store, who, source, keep=keep) as work:
        entry = work.session.get(ActionLogEntry, entry_id)
        if entry is None:
            raise MeetingError(f"Action-log entry {entry_id} no longer exists; reload the log.")
        if entry.version != expected_version:
            raise ConflictError(
                f'The action-log entry "{_short(entry.text)}" was changed by someone else after '
                "you opened it (perhaps through a return). Reload to see the latest, then make "
                "your change again."
            )
        work.watch_meeting(entry.meeting_id)
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
        new_owner = checked_text(fields.owner, "owner", 200, required=False)
        if new_owner != old_owner:
            owner = work.owner(new_owner) if new_owner else None
            entry.owner_id = owner.id if owner else None
            work.audit("action_log_entry", entry.id, "owner", old_owner, new_owner)
        if change.status is not None and change.status is not entry.status:
            work.audit("action_log_entry", entry.id, "status", entry.status, change.status)
            entry.status = change.status
            entry.closed_on = None if change.status is LogStatus.OPEN else (today or date.today())


def delete_log_entry(
    store: Store,
    entry_id: int,
    *,
    expected_version: int,
    who: str,
    source: str,
    keep: Keep | None = None,
) -> None:
    """Delete an entry with its progress notes (kept, the change holds them, to put back)."""
    with meeting_work(store, who, source, keep=keep) as work:
        entry = work.session.get(ActionLogEntry, entry_id)
        if entry is None:
            return
        if entry.version != expected_version:
            raise ConflictError(
                f'The action-log entry "{_short(entry.text)}" was changed by someone else after '
                "you opened it. Reload to see the latest before deleting it."
            )
        work.watch_meeting(entry.meeting_id)
        work.audit(
            "action_log_entry", entry.id, "(deleted)", f"{entry.kind.value}: {entry.text}", ""
        )
        work.session.execute(delete(ActionLogEntry).where(ActionLogEntry.id == entry.id))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
