"""Undo and redo of meeting changes: a kept change (store/row_images.py) written back.

Undo writes a change's rows back as they were; redo writes them again as the change left
them. Either way it is one transaction, audited row by row with its source ("undo" or
"redo"), announced like any meeting change, and checked first: every row the change wrote
must still be as the change (or the last undo or redo of it) left it. If someone else has
changed one since, nothing is written and the ConflictError says which, so their work is
never overwritten by an undo. Only what the change itself wrote is compared and written
back: a colleague's edit of another field of the same row is kept.

Rows come back with their ids, so whatever refers to them (a decision recorded against an
agenda item, a progress note on an action) refers to them again. Versions move on as with
any change, so a window that showed the state before the undo is told to reload.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from cypp_desktop.models import AttendanceKind
from cypp_desktop.store.edits import ConflictError
from cypp_desktop.store.meeting_rows import meeting_title
from cypp_desktop.store.meeting_work import Keep, MeetingWork, meeting_work
from cypp_desktop.store.row_images import (
    TABLES,
    VERSION,
    Image,
    Row,
    RowChange,
    RowDiff,
    difference,
    primary_key,
    references,
    same,
    table,
)
from cypp_desktop.store.store import Store

# How each table's rows are named in the audit trail, as the forward changes name them.
_AUDIT_KIND = {
    "meeting": "meeting",
    "cover_report": "meeting",
    "attendance": "meeting",
    "agenda_item": "agenda_item",
    "action_log_entry": "action_log_entry",
    "action_log_note": "action_log_entry",
    "owner": "owner",
    "board": "board",
}
_FIELD_NAMES = {"agenda_item_id": "agenda item", "owner_id": "owner"}
# Rows whose version moves on when they change (the meeting's also when its agenda or
# attendance does, as with every change to a meeting).
_VERSIONED = {"meeting", "action_log_entry", "cover_report"}
_CHUNK = 500


def apply_change(store: Store, change: RowChange, *, who: str, source: str) -> None:
    """Make every row of ``change`` as its ``after`` says, if each is still as its ``before``
    says; undo passes ``change.reversed()``. Raises ConflictError, writing nothing, when a row
    has been changed by someone else since. Rows are read, taken away and put back a table
    at a time, many per statement: a meeting put back whole can be thousands of rows."""
    with meeting_work(store, who, source) as work:
        session = work.session
        current = _current_rows(session, change)
        for diff in change.rows:
            _check(session, diff, current[(diff.table, diff.key)])
        _check_unreferenced(session, change)
        attendance = _attendance_before(session, change)
        for name in reversed(TABLES):
            going = [d for d in change.rows if d.table == name and d.after is None]
            if going and name != "owner":
                for diff in going:
                    _audit_row(work, diff, "(deleted)", diff.before)
                _delete(session, name, [d.key for d in going])
        for name in TABLES:
            # An owner kept by an earlier undo, because they were in use, is still there.
            coming = [
                d
                for d in change.rows
                if d.table == name and d.before is None and current[(name, d.key)] is None
            ]
            if coming:
                session.execute(insert(table(name)), [dict(d.after or {}) for d in coming])
                for diff in coming:
                    _audit_row(work, diff, "(restored)", diff.after)
        for diff in (d for d in change.rows if d.before is not None and d.after is not None):
            _update(work, diff, current[(diff.table, diff.key)])
        for diff in (d for d in change.rows if d.table == "owner" and d.after is None):
            _remove_owner_if_unused(work, diff)
        _audit_attendance(work, attendance)
        _move_meetings_on(session, change)
        if "owner" in change.tables:
            work.kinds.add("owner")


def _chunks(keys: list[int]) -> list[list[int]]:
    """Keys a few hundred at a time: every backend takes that many bound values at once."""
    return [keys[start : start + _CHUNK] for start in range(0, len(keys), _CHUNK)]


def _current_rows(session: Session, change: RowChange) -> dict[tuple[str, int], Row | None]:
    """Each row of the change as it is now (None: not there)."""
    found: dict[tuple[str, int], Row | None] = {(d.table, d.key): None for d in change.rows}
    for name in change.tables:
        key = table(name).c[primary_key(name)]
        wanted = sorted(d.key for d in change.rows if d.table == name)
        for chunk in _chunks(wanted):
            for row in session.execute(select(table(name)).where(key.in_(chunk))).mappings():
                found[(name, int(row[key.name]))] = dict(row)
    return found


def _current(session: Session, name: str, key: int) -> Row | None:
    found = table(name)
    row = (
        session.execute(select(found).where(found.c[primary_key(name)] == key))
        .mappings()
        .one_or_none()
    )
    return dict(row) if row is not None else None


# Checking that nobody else has changed what is to be written ---------------------------------


def _check(session: Session, diff: RowDiff, row: Row | None) -> None:
    if diff.table == "owner":
        return  # an owner someone has since used or changed is kept, never a conflict
    if diff.before is None:
        if row is not None:
            raise ConflictError(
                f"{_thing(session, diff)} cannot be put back: something else has taken its "
                "place since. Reload to see the latest."
            )
        return
    if row is None or not _as_left(row, diff):
        raise ConflictError(
            f"{_thing(session, diff)} has been changed by someone else since. Reload to see "
            "the latest; their change is kept."
        )


def _as_left(row: Row, diff: RowDiff) -> bool:
    """Whether ``row`` is as ``diff.before`` has it: in the columns the change writes, or
    in every column when the change takes the row away."""
    assert diff.before is not None
    if diff.after is None:
        return same(row, diff.before)
    return all(row.get(name) == diff.before.get(name) for name in diff.changed_columns())


def _check_unreferenced(session: Session, change: RowChange) -> None:
    """A row is taken away only when nothing outside the change refers to it: deleting it
    would otherwise unlink (or, for a meeting, delete) what someone else has added since.
    (An owner is not taken away while anything refers to them: _remove_owner_if_unused.)"""
    handled = {(d.table, d.key) for d in change.rows}
    for name in change.tables - {"owner"}:
        going = {d.key: d for d in change.rows if d.table == name and d.after is None}
        for column in references(name):
            referring = column.table.name
            key = table(referring).c[primary_key(referring)]
            for chunk in _chunks(sorted(going)):
                for found, target in session.execute(select(key, column).where(column.in_(chunk))):
                    if (referring, int(found)) not in handled:
                        raise ConflictError(
                            f"{_thing(session, going[int(target)])} cannot be taken away: "
                            "someone else has added to it since. Reload to see the latest."
                        )


# Writing ---------------------------------------------------------------------------------


def _delete(session: Session, name: str, keys: list[int]) -> None:
    key = table(name).c[primary_key(name)]
    for chunk in _chunks(sorted(keys)):
        session.execute(delete(table(name)).where(key.in_(chunk)))


def _update(work: MeetingWork, diff: RowDiff, row: Row | None) -> None:
    assert diff.after is not None and row is not None
    columns = diff.changed_columns()
    values: dict[str, Any] = {name: diff.after[name] for name in columns}
    if diff.table in _VERSIONED:
        values[VERSION] = int(row[VERSION]) + 1
    found = table(diff.table)
    work.session.execute(
        update(found).where(found.c[primary_key(diff.table)] == diff.key).values(values)
    )
    for name in columns:
        _audit_field(work, diff, name, row.get(name), diff.after[name])


def _remove_owner_if_unused(work: MeetingWork, diff: RowDiff) -> None:
    """An owner the change added goes again, unless someone has since given them something
    to own (or changed their details): then they stay, and nothing of theirs is unlinked."""
    session = work.session
    row = _current(session, "owner", diff.key)
    if row is None or not same(row, diff.before):
        return
    for column in references("owner"):
        if session.execute(select(column).where(column == diff.key).limit(1)).first():
            return
    _audit_row(work, diff, "(deleted)", diff.before)
    _delete(session, "owner", [diff.key])


def _move_meetings_on(session: Session, change: RowChange) -> None:
    """A meeting whose own row, attendance or agenda was written back has moved on, as after
    any change to it: a page still showing it as it was is told to reload."""
    meetings = {
        int(row["id"] if d.table == "meeting" else row["meeting_id"])
        for d in change.rows
        if d.table in ("meeting", "attendance", "agenda_item")
        for row in (d.before, d.after)
        if row is not None
    }
    updated = {d.key for d in change.rows if d.table == "meeting" and d.before and d.after}
    meeting = table("meeting")
    for meeting_id in meetings - updated:
        session.execute(
            update(meeting)
            .where(meeting.c.id == meeting_id)
            .values({VERSION: meeting.c.version + 1})
        )


# The audit trail ---------------------------------------------------------------------------


def _audit_row(work: MeetingWork, diff: RowDiff, what: str, row: Row | None) -> None:
    if diff.table == "attendance" or row is None:
        return  # attendance is audited as the meeting's lists, once they are written
    kind, item_id, label = _AUDIT_KIND[diff.table], _audit_id(diff.table, row), _label(diff, row)
    field = {"cover_report": "cover report ", "action_log_note": "progress note "}.get(
        diff.table, ""
    )
    if what == "(deleted)":
        work.audit(kind, item_id, f"{field}{what}", label, "")
    else:
        work.audit(kind, item_id, f"{field}{what}", "", label)


def _audit_field(work: MeetingWork, diff: RowDiff, name: str, old: Any, new: Any) -> None:
    if diff.table == "attendance":
        return
    row = diff.after or {}
    field = _FIELD_NAMES.get(name, name)
    if diff.table == "cover_report":
        field = f"cover report {name.replace('_', ' ')}"
    if name == "position":
        old, new = int(old) + 1, int(new) + 1  # as the agenda and boards list number them
    if name == "owner_id":
        old, new = _owner_name(work.session, old), _owner_name(work.session, new)
    work.audit(_AUDIT_KIND[diff.table], _audit_id(diff.table, row), field, old, new)


def _audit_id(name: str, row: Row) -> int:
    if name in ("cover_report", "attendance"):
        return int(row["meeting_id"])
    if name == "action_log_note":
        return int(row["entry_id"])
    return int(row[primary_key(name)])


def _label(diff: RowDiff, row: Row) -> str:
    name = diff.table
    if name == "meeting":
        return meeting_title(row["board"], row["starts_at"])
    if name == "agenda_item":
        return f"{int(row['position']) + 1}. {row['title']}"
    if name == "action_log_entry":
        return f"{row['kind'].value}: {row['text']}"
    if name == "action_log_note":
        return f"{row['period']}: {row['text']}"
    if name == "cover_report":
        return str(row["subject"])
    return str(row["name"])


def _owner_name(session: Session, owner_id: Any) -> str:
    if owner_id is None:
        return ""
    row = _current(session, "owner", int(owner_id))
    return str(row["name"]) if row is not None else ""


def _attendance_before(session: Session, change: RowChange) -> dict[int, dict[str, str]]:
    meetings = {
        int(row["meeting_id"])
        for d in change.rows
        if d.table == "attendance"
        for row in (d.before, d.after)
        if row is not None
    }
    return {meeting_id: _attendance(session, meeting_id) for meeting_id in meetings}


def _attendance(session: Session, meeting_id: int) -> dict[str, str]:
    found = table("attendance")
    rows = session.execute(
        select(found.c.name, found.c.kind)
        .where(found.c.meeting_id == meeting_id)
        .order_by(found.c.id)
    ).all()
    return {
        label: "; ".join(name for name, kind in rows if kind is attendance_kind)
        for attendance_kind, label in (
            (AttendanceKind.ATTENDEE, "attendees"),
            (AttendanceKind.APOLOGY, "apologies"),
        )
    }


def _audit_attendance(work: MeetingWork, before: Mapping[int, dict[str, str]]) -> None:
    """Attendance is audited as the forward change audits it: each list, old and new."""
    for meeting_id, old in before.items():
        new = _attendance(work.session, meeting_id)
        for label in ("attendees", "apologies"):
            if old[label] != new[label]:
                work.audit("meeting", meeting_id, label, old[label], new[label])


# Naming what could not be written -------------------------------------------------------------


def _thing(session: Session, diff: RowDiff) -> str:
    row = diff.before or diff.after or {}
    if diff.table == "meeting":
        return f"The {meeting_title(row['board'], row['starts_at'])} meeting"
    if diff.table == "agenda_item":
        return f'The agenda item "{row["title"]}"'
    if diff.table == "action_log_entry":
        return f'The {row["kind"].value} "{_short(str(row["text"]))}"'
    if diff.table == "action_log_note":
        return f'The progress note "{_short(str(row["text"]))}"'
    if diff.table == "attendance":
        return f"The attendance of the {_meeting_name(session, int(row['meeting_id']))}"
    if diff.table == "cover_report":
        return f"The cover report of the {_meeting_name(session, int(row['meeting_id']))}"
    if diff.table == "board":
        return f"The board {row['name']}"
    return f"The owner {row['name']}"


def _meeting_name(session: Session, meeting_id: int) -> str:
    row = _current(session, "meeting", meeting_id)
    return f"{meeting_title(row['board'], row['starts_at'])} meeting" if row else "meeting"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# The cover report ------------------------------------------------------------------------------


def cover_image(store: Store, meeting_id: int) -> Image:
    """The meeting's stored cover report as a row (nothing when it has none), read just
    before it is saved, to be kept with the save."""
    with store.read() as session:
        row = _current(session, "cover_report", meeting_id)
    return {("cover_report", meeting_id): row} if row is not None else {}


def cover_saved(
    before: Image,
    meeting_id: int,
    values: Mapping[str, str],
    *,
    version_read: int | None,
    version_saved: int,
    keep: Keep,
) -> None:
    """Hand ``keep`` what saving a cover report did: its row as read before, and with the
    saved ``values``. The save refuses a cover changed since ``version_read``, so a row read
    at that version just before it is exactly the row the save replaced; ``before`` read at
    any other version is not the save's, and nothing is kept."""
    old = before.get(("cover_report", meeting_id))
    if (old[VERSION] if old is not None else None) != version_read:
        return
    row = {**(old or {"meeting_id": meeting_id}), **values, VERSION: version_saved}
    change = difference(before, {("cover_report", meeting_id): row}, [meeting_id])
    if change.rows:
        keep(change)
