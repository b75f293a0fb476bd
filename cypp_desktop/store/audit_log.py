"""Reading the audit trail: every change, who made it, when, to what, and from where.

The trail is written by store/edits.py (and the returns, meetings and cover-report code);
this module reads it back, filtered, for the Audit page; store/audit_export.py writes what
the page shows to Excel (apart, so that opening the window does not load openpyxl).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Select, String, cast, func, or_, select

from cypp_desktop.models import AuditEntry
from cypp_desktop.models.audit import RETURN_SOURCE_PREFIX
from cypp_desktop.store.store import Store

# How sources group for filtering: a return's source names its file and owner.
SOURCE_KINDS = {
    "grid": "Grid edit",
    "undo": "Undo",
    "redo": "Redo",
    "return": "Return file",
    "restore": "Restore",
    "cover report": "Cover report",
    "meeting": "Meeting",
    "plan settings": "Plan settings",
}


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    who: str
    item_kind: str
    item_id: int
    item_code: str
    field: str
    old_value: str
    new_value: str
    source: str

    @property
    def item(self) -> str:
        return f"{self.item_kind} {self.item_code or self.item_id}"


@dataclass(frozen=True, slots=True)
class AuditFilter:
    item: str = ""  # matches the code (or id), or the kind and code ("action PEH-01", "meeting 3")
    who: str = ""
    source: str = ""  # a key of SOURCE_KINDS
    since: date | None = None
    until: date | None = None


def _query(rules: AuditFilter) -> Select[AuditEntry]:
    query = select(AuditEntry)
    if rules.item.strip():
        needle = f"%{rules.item.strip()}%"
        # As AuditRow.item shows it: the code, or the id of an item that has none (a meeting).
        shown = func.coalesce(
            func.nullif(AuditEntry.item_code, ""), cast(AuditEntry.item_id, String)
        )
        query = query.where(
            or_(shown.ilike(needle), (AuditEntry.item_kind + " " + shown).ilike(needle))
        )
    if rules.who:
        query = query.where(AuditEntry.who == rules.who)
    if rules.source == "return":
        query = query.where(AuditEntry.source.startswith(RETURN_SOURCE_PREFIX))
    elif rules.source == "meeting":
        query = query.where(AuditEntry.source.in_(("meeting", "presenter")))
    elif rules.source:
        query = query.where(AuditEntry.source == rules.source)
    if rules.since:
        query = query.where(AuditEntry.at >= datetime.combine(rules.since, time.min))
    if rules.until:
        query = query.where(AuditEntry.at <= datetime.combine(rules.until, time.max))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def audit_rows(
    store: Store, rules: AuditFilter = AuditFilter(), limit: int = 5000
) -> list[AuditRow]:
    """The newest ``limit`` entries that pass ``rules``, newest first."""
    with store.read() as session:
        return [
            AuditRow(
                e.id,
                e.at,
                e.who,
                e.item_kind,
                e.item_id,
                e.item_code,
                e.field,
                e.old_value,
                e.new_value,
                e.source,
            )
            for e in session.scalars(_query(rules).limit(limit))
        ]


def audit_count(store: Store, rules: AuditFilter = AuditFilter()) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(_query(rules).subquery())) or 0


def people(store: Store) -> list[str]:
    with store.read() as session:
        return sorted(session.scalars(select(AuditEntry.who).distinct()))
