"""A meeting's agenda: the items in order, what each presents, and the time each starts.

An agenda item is edited as part of its meeting: every change here is checked against the
meeting's version and moves it on, so two people reordering the same agenda cannot each
overwrite the other. Read here too are the priorities and objectives an item can present,
and the rows the agenda is shown as, each starting when the item before it ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cypp_desktop.models import AgendaItem, AgendaLink, Meeting, Objective, Priority
from cypp_desktop.store.edits import ConflictError
from cypp_desktop.store.meeting_rows import AgendaRow, meeting_title
from cypp_desktop.store.meeting_work import (
    Keep,
    MeetingError,
    MeetingWork,
    checked_text,
    meeting_work,
)
from cypp_desktop.store.store import Store

MAX_MINUTES = 600


@dataclass(frozen=True, slots=True)
class AgendaFields:
    title: str
    presenter: str = ""
    minutes: int = 10
    link: AgendaLink = AgendaLink.PAPER
    priority_id: int | None = None
    objective_id: int | None = None
    paper: str = ""


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
        title=checked_text(fields.title, "agenda item's title", 300),
        presenter=checked_text(fields.presenter, "presenter", 200, required=False),
        minutes=fields.minutes,
        link=fields.link,
        priority_id=priority_id,
        objective_id=objective_id,
        paper=fields.paper.strip(),
    )


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


def agenda_rows(session: Session, meeting: Meeting) -> tuple[AgendaRow, ...]:
    """The agenda as the views show it, each item starting when the one before it ends:
    the times follow from the order, so a reordered agenda needs no times rewritten."""
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


# Changing the agenda ------------------------------------------------------------------------------


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
    keep: Keep | None = None,
) -> int:
    """Add an item at ``position`` (zero-based; the end when None); returns its id."""
    with meeting_work(store, who, source, keep=keep) as work:
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


def _agenda_item(
    work: MeetingWork, item_id: int, expected_version: int
) -> tuple[Meeting, AgendaItem]:
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
    keep: Keep | None = None,
) -> None:
    """Change an item's title, presenter, time or what it presents. ``expected_version`` is
    the meeting's: the agenda is edited as part of its meeting."""
    with meeting_work(store, who, source, keep=keep) as work:
        meeting, item = _agenda_item(work, item_id, expected_version)
        checked = _checked_agenda(work.session, fields)
        for name in _AGENDA_FIELDS:
            old, new = getattr(item, name), getattr(checked, name)
            if old != new:
                setattr(item, name, new)
                work.audit("agenda_item", item.id, name, old, new)
        work.touch(meeting)


def remove_agenda_item(
    store: Store,
    item_id: int,
    *,
    expected_version: int,
    who: str,
    source: str,
    keep: Keep | None = None,
) -> None:
    """Remove an item; decisions and actions recorded against it stay in the log (kept, the
    change holds which they were, so undo links them to the item again)."""
    with meeting_work(store, who, source, keep=keep) as work:
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
    keep: Keep | None = None,
) -> None:
    """Put the agenda in ``order`` (every item id of the meeting, once each)."""
    with meeting_work(store, who, source, keep=keep) as work:
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
