"""What one meeting change did, row by row: each row as it was and as it became.

A meeting change can touch many rows at once: editing the attendance replaces its rows,
removing an agenda item unlinks the decisions recorded against it, deleting a meeting takes
its agenda, attendance, log, progress notes and cover report with it. Rather than each
change knowing its own inverse, the unit of work (store/meeting_work.py) reads the rows a
change may touch before and after it, in the change's own transaction, and keeps the
difference. Undo and redo write a difference back (store/meeting_undo.py) the same way
whatever the change was, so what they put back is exactly what was there, ids and all.

Versions are bookkeeping, not content: two rows that differ only in their version are the
same row as far as a difference is concerned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table, select
from sqlalchemy.orm import Session

from cypp_desktop.models import Base

VERSION = "version"

# The tables a meeting change writes, parents before children: rows are put back in this
# order and taken away in the reverse order, so no foreign key is ever left dangling.
TABLES = (
    "owner",
    "board",
    "meeting",
    "cover_report",
    "attendance",
    "agenda_item",
    "action_log_entry",
    "action_log_note",
)

Row = Mapping[str, Any]
Key = tuple[str, int]  # the table's name and the row's primary key
Image = dict[Key, Row]


def table(name: str) -> Table:
    found = Base.metadata.tables[name]
    assert isinstance(found, Table)
    return found


def primary_key(name: str) -> str:
    (column,) = table(name).primary_key.columns
    return str(column.name)


def references(name: str) -> list[Column[Any]]:
    """Every column, in any table of the plan, that refers to a row of table ``name``."""
    return [
        column
        for found in Base.metadata.sorted_tables
        for column in found.columns
        if any(key.column.table.name == name for key in column.foreign_keys)
    ]


def same(first: Row | None, second: Row | None) -> bool:
    """Whether two images of a row hold the same content, whatever their versions."""
    if first is None or second is None:
        return first is second
    return {k: v for k, v in first.items() if k != VERSION} == {
        k: v for k, v in second.items() if k != VERSION
    }


@dataclass(frozen=True, slots=True)
class RowDiff:
    """One row a change touched: None for "not there" before or after."""

    table: str
    key: int
    before: Row | None
    after: Row | None

    def changed_columns(self) -> list[str]:
        """The columns an update changed (every column when the row came or went)."""
        before, after = self.before or {}, self.after or {}
        return [
            name
            for name in dict.fromkeys([*before, *after])
            if name != VERSION and before.get(name) != after.get(name)
        ]


@dataclass(frozen=True, slots=True)
class RowChange:
    """Every row one change touched, and the meetings it was made to."""

    rows: tuple[RowDiff, ...]
    meetings: frozenset[int] = frozenset()

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(d.table for d in self.rows)

    def reversed(self) -> RowChange:
        """The change that puts back what this one changed."""
        return RowChange(
            tuple(RowDiff(d.table, d.key, d.after, d.before) for d in self.rows), self.meetings
        )


def difference(before: Image, after: Image, meetings: Iterable[int] = ()) -> RowChange:
    """The rows that differ between two images, in table order then by key."""
    keys = sorted(
        (key for key in before.keys() | after.keys() if not same(before.get(key), after.get(key))),
        key=lambda key: (TABLES.index(key[0]), key[1]),
    )
    return RowChange(
        tuple(
            RowDiff(name, pk, before.get((name, pk)), after.get((name, pk))) for name, pk in keys
        ),
        frozenset(meetings),
    )


# Reading images ----------------------------------------------------------------------------


def _rows(session: Session, name: str, where: Any) -> Image:
    found = table(name)
    key = primary_key(name)
    return {
        (name, int(row[key])): dict(row)
        for row in session.execute(select(found).where(where)).mappings()
    }


def meeting_image(session: Session, meeting_id: int) -> Image:
    """A meeting whole: its row, attendance, agenda, action log with its progress notes, and
    cover report. Read with SQL, not from the session's objects, so that what the database
    did by itself (an unlinked decision, a cascaded note) is seen too."""
    entries = select(table("action_log_entry").c.id).where(
        table("action_log_entry").c.meeting_id == meeting_id
    )
    image: Image = {}
    image |= _rows(session, "meeting", table("meeting").c.id == meeting_id)
    for name in ("cover_report", "attendance", "agenda_item", "action_log_entry"):
        image |= _rows(session, name, table(name).c.meeting_id == meeting_id)
    image |= _rows(session, "action_log_note", table("action_log_note").c.entry_id.in_(entries))
    return image


def boards_image(session: Session) -> Image:
    return _rows(session, "board", table("board").c.id.is_not(None))


def owners_image(session: Session, ids: Iterable[int]) -> Image:
    return _rows(session, "owner", table("owner").c.id.in_(list(ids)))
