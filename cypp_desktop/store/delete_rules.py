"""When an item may be deleted: a priority only when nothing sits under it or refers to it.

The database would delete a priority's objectives, actions and indicators along with it
(and forget the agenda items that present it), and undo could not bring those back. The rule
is checked before the user is asked, and again inside the delete's own transaction, so that
an objective a colleague added in between is not lost either.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cypp_desktop.models import Action, AgendaItem, Indicator, Objective, Priority, Promise

# What sits under a priority (deleted with it) or refers to it (the link forgotten).
_HELD: tuple[tuple[str, InstrumentedAttribute[Any]], ...] = (
    ("objective", Objective.priority_id),
    ("action", Action.priority_id),
    ("indicator", Indicator.priority_id),
    ("promise", Promise.priority_id),
    ("agenda item", AgendaItem.priority_id),
)


def counts_under(
    session: Session, column: InstrumentedAttribute[Any], ids: Sequence[int] | None = None
) -> dict[int, int]:
    """How many rows refer to each priority (to those in ``ids`` when given)."""
    query = select(column, func.count()).where(column.is_not(None)).group_by(column)
    if ids is not None:
        query = query.where(column.in_(ids))
    return dict(session.execute(query).all())


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def why_priorities_stay(session: Session, ids: Sequence[int]) -> str | None:
    """Why these priorities must not be deleted, in words for the user; None if they may."""
    held: dict[int, list[str]] = {}
    for noun, column in _HELD:
        for priority_id, count in counts_under(session, column, ids).items():
            held.setdefault(priority_id, []).append(plural(count, noun))
    if not held:
        return None
    codes = dict(
        session.execute(select(Priority.id, Priority.code).where(Priority.id.in_(held))).all()
    )
    lines = [
        f"{codes[i]} has {listed(parts)}."
        for i, parts in sorted(held.items(), key=lambda item: codes[item[0]])
    ]
    return (
        "Nothing was deleted: a priority can be deleted only when nothing sits under it "
        "or refers to it, because undo could not bring those back.\n" + "\n".join(lines)
    )
