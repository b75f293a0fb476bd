"""The unit of work every meeting change runs in, and the checks on what callers type.

Meetings, their agendas and their action logs are written by several modules, and each
change must be the same kind of thing: one transaction with its audit entries (who, when,
field, old and new value, and where from: the Meetings page, presenter mode, undo or redo),
checked against the version the caller last read, announced as a "meeting" change once
committed, and refused with a message that names the meeting and the field. A caller that
will offer the change for undo asks to ``keep`` it: the work then reads the rows of the
meetings it changes before and after, in the same transaction, and hands over the
difference once committed (store/row_images.py). Keeping all that in one place means no
write path can forget a part of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from cypp_desktop.models import AuditEntry, Meeting, Owner
from cypp_desktop.store.changes import Change
from cypp_desktop.store.edits import ConflictError, EditError, display
from cypp_desktop.store.meeting_rows import meeting_title
from cypp_desktop.store.row_images import (
    Image,
    RowChange,
    boards_image,
    difference,
    meeting_image,
    owners_image,
)
from cypp_desktop.store.store import Store

SOURCE_MEETING = "meeting"
SOURCE_PRESENTER = "presenter"

Keep = Callable[[RowChange], None]  # given what a committed change did, row by row


class MeetingError(EditError):
    """A meeting change the plan cannot take; the message names the meeting and the field."""


class MeetingWork:
    """One transaction's audit entries and the announcement it makes once committed."""

    def __init__(self, session: Session, who: str, source: str, *, keeping: bool = False):
        self.session = session
        self.who = who
        self.source = source
        self.now = datetime.now().replace(microsecond=0)
        self.kinds: set[str] = {"meeting"}
        self.items: set[tuple[str, int]] = set()
        self.keeping = keeping
        self.kept: RowChange | None = None
        self._before: Image = {}
        self._meetings: set[int] = set()
        self._boards = False
        self._added_owners: set[int] = set()
        self._audit_rows: list[dict[str, Any]] = []

    def audit(self, kind: str, item_id: int, name: str, old: Any, new: Any) -> None:
        """An audit entry, written with the rest when the work finishes: many rows per
        statement, as undoing the deletion of a large meeting audits thousands of rows."""
        self._audit_rows.append(
            {
                "at": self.now,
                "who": self.who,
                "item_kind": kind,
                "item_id": item_id,
                "item_code": "",
                "field": name,
                "old_value": display(old),
                "new_value": display(new),
                "source": self.source,
            }
        )
        self.items.add((kind, item_id))

    def change(self) -> Change:
        return Change(frozenset(self.kinds), frozenset(self.items), self.source)

    def meeting(self, meeting_id: int, expected_version: int | None) -> Meeting:
        """The meeting a change is made to, checked against the version the caller read, and
        watched from here on."""
        meeting = self.session.get(Meeting, meeting_id)
        if meeting is None:
            raise MeetingError(f"Meeting {meeting_id} no longer exists; it may have been deleted.")
        if expected_version is not None and meeting.version != expected_version:
            raise ConflictError(
                f"The {meeting_title(meeting.board, meeting.starts_at)} meeting was changed by "
                "someone else after you opened it. Reload to see the latest, then make your "
                "change again."
            )
        self.watch_meeting(meeting_id)
        return meeting

    # What a kept change did ------------------------------------------------------------------

    def watch_meeting(self, meeting_id: int, *, new: bool = False) -> None:
        """Keep the meeting's rows as they are now (none, when it is ``new``: just added), to
        compare with how the change leaves them."""
        if not self.keeping or meeting_id in self._meetings:
            return
        self._meetings.add(meeting_id)
        if not new:
            self._before |= meeting_image(self.session, meeting_id)

    def watch_boards(self) -> None:
        if self.keeping and not self._boards:
            self._boards = True
            self._before |= boards_image(self.session)

    def finish(self) -> None:
        """Everything written; when keeping, compare the watched rows with how they were."""
        self.session.flush()
        if self._audit_rows:
            self.session.execute(insert(AuditEntry), self._audit_rows)
            self._audit_rows = []
        if not self.keeping:
            return
        after: Image = {}
        for meeting_id in self._meetings:
            after |= meeting_image(self.session, meeting_id)
        if self._boards:
            after |= boards_image(self.session)
        after |= owners_image(self.session, self._added_owners)
        self.kept = difference(self._before, after, self._meetings)

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
            self._added_owners.add(owner.id)
        return owner


@contextmanager
def meeting_work(
    store: Store, who: str, source: str, *, keep: Keep | None = None
) -> Iterator[MeetingWork]:
    """One audited transaction, announced after it commits, then handed to ``keep`` as
    what it did row by row; database refusals become MeetingErrors and a row changed under
    us becomes a ConflictError."""
    try:
        with store.session() as session:
            work = MeetingWork(session, who, source, keeping=keep is not None)
            yield work
            work.finish()
    except StaleDataError as error:
        raise ConflictError(
            "Someone else changed this meeting at the same moment; reload and try again."
        ) from error
    except IntegrityError as error:
        raise MeetingError(_integrity_message(error)) from error
    store.changes.publish(work.change())
    if keep is not None and work.kept is not None and work.kept.rows:
        keep(work.kept)


def _integrity_message(error: IntegrityError) -> str:
    text = str(error.orig)
    if "board" in text and ("UNIQUE" in text or "unique" in text):
        return "That board is already in the list; board names must be unique."
    if "FOREIGN KEY" in text or "foreign key" in text:
        return "That refers to an item that no longer exists; reload and try again."
    return f"The plan cannot take that meeting change ({text})."


def checked_text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    """Every text a meeting keeps comes through here, so a blank or overlong one is refused
    with a message naming ``what`` it is, not by the database."""
    cleaned = value.strip()
    if required and not cleaned:
        raise MeetingError(f"The {what} is blank; it needs some text.")
    if len(cleaned) > limit:
        raise MeetingError(f"The {what} is {len(cleaned)} characters long; at most {limit} fit.")
    return cleaned


def checked_names(names: Iterable[str], what: str) -> list[str]:
    """Each name once whatever its case, in the order typed: people are listed as they
    were added, and the same person typed twice is one person."""
    seen: dict[str, str] = {}
    for name in names:
        cleaned = checked_text(name, f"name in the {what}", 200, required=False)
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return list(seen.values())
