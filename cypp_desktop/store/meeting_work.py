"""The unit of work every meeting change runs in, and the checks on what callers type.

Meetings, their agendas and their action logs are written by several modules, and each
change must be the same kind of thing: one transaction with its audit entries (who, when,
field, old and new value, and where from: the Meetings page or presenter mode), checked
against the version the caller last read, announced as a "meeting" change once committed,
and refused with a message that names the meeting and the field. Keeping that in one place
means no write path can forget a part of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from cypp_desktop.models import AuditEntry, Meeting, Owner
from cypp_desktop.store.changes import Change
from cypp_desktop.store.edits import ConflictError, EditError, display
from cypp_desktop.store.meeting_rows import meeting_title
from cypp_desktop.store.store import Store

SOURCE_MEETING = "meeting"
SOURCE_PRESENTER = "presenter"


class MeetingError(EditError):
    """A meeting change the plan cannot take; the message names the meeting and the field."""


class MeetingWork:
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
def meeting_work(store: Store, who: str, source: str) -> Iterator[MeetingWork]:
    """One audited transaction, announced after it commits; database refusals become
    MeetingErrors and a row changed under us becomes a ConflictError."""
    try:
        with store.session() as session:
            work = MeetingWork(session, who, source)
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
