"""Reading the audit trail: every change, who made it, when, to what, and from where.

The trail is written by store/edits.py (and the returns, meetings and cover-report code);
this module reads it back, filtered, for the Audit page and its Excel export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from sqlalchemy import Select, String, cast, func, or_, select

from cypp_desktop.files import replacing
from cypp_desktop.models import AuditEntry
from cypp_desktop.models.audit import RETURN_SOURCE_PREFIX
from cypp_desktop.spreadsheet import put_text
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


HEADERS = ("When", "Who", "Item", "Field", "Old value", "New value", "Source")
WIDTHS = (18, 20, 22, 24, 40, 40, 36)


def export_audit(rows: list[AuditRow], path: Path) -> Path:
    """The rows as an Excel sheet; every value goes in as text, never as a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Audit trail"
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        put_text(sheet.cell(1, column), header)
        sheet.cell(1, column).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
    for number, row in enumerate(rows, start=2):
        sheet.cell(number, 1).value = row.at
        sheet.cell(number, 1).number_format = "d mmm yyyy hh:mm"
        for column, text in enumerate(
            (row.who, row.item, row.field, row.old_value, row.new_value, row.source), start=2
        ):
            put_text(sheet.cell(number, column), text)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{max(len(rows) + 1, 2)}"
    with replacing(path) as temporary:
        book.save(temporary)
    return path
