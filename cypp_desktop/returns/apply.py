"""Writing a checked return: the accepted changes of one file, in the caller's transaction.

Plan items change through store/edits.py's ``write_edits``, the one write path, with an
audit entry per field and the source ``return: <file name> (<owner>)``: the items, the
action-log entries, their audit entries and the record that the file was imported go in
together. Every edit carries the item version the preview was based on, so a change made by
someone else in between refuses the whole file as a conflict. The caller (importer.py)
commits, then marks the report applied and announces what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    ActionLogNote,
    AuditEntry,
    Indicator,
    LogStatus,
    Objective,
    ReturnImport,
)
from cypp_desktop.returns.diff import (
    APPLIED,
    NOTHING,
    READY,
    FieldChange,
    FileReport,
    RowChange,
    field_key,
)
from cypp_desktop.returns.digest import digest
from cypp_desktop.returns.layout import SHEET_FOR, Row
from cypp_desktop.returns.make import cell_value
from cypp_desktop.returns.state import ITEM_KIND
from cypp_desktop.store.changes import Change
from cypp_desktop.store.edits import ConflictError, Edit, display, write_edits

# The order a row's fields are written in: the fields a RAG is computed from come before it.
_ORDER = ("status", "percent_complete", "revised_due", "evidence", "value", "commentary", "rag")
_SOURCE_LIMIT = 300


def source_of(report: FileReport) -> str:
    return f"return: {report.name} ({report.owner})"[:_SOURCE_LIMIT]


def _edits(row: RowChange, changes: list[FieldChange], period: str) -> list[Edit]:
    kind = ITEM_KIND[row.row]
    ordered = sorted(changes, key=lambda change: _ORDER.index(change.key))
    # Only the first edit checks the version: the item's own edits raise it as they land.
    return [
        Edit(
            kind,
            row.id,
            change.key,
            change.value,
            period=period if change.key in ("value", "commentary", "rag") else None,
            expected_version=row.version if number == 0 else None,
            reason=change.reason,
        )
        for number, change in enumerate(ordered)
    ]


def _log_changes(
    session: Session,
    row: RowChange,
    changes: list[FieldChange],
    *,
    period: str,
    author: str,
    who: str,
    source: str,
    now: datetime,
) -> None:
    """A log row's new status and progress note. The note is the owner's words, so its
    author is the return's owner; the audit trail records who imported it."""
    entry = session.get(ActionLogEntry, row.id)
    if entry is None or entry.version != row.version:
        raise ConflictError(
            f"Action-log entry {row.id} was changed or deleted after the return was checked; "
            "check the return again."
        )
    for change in changes:
        if change.key == "log_status":
            assert isinstance(change.value, LogStatus)
            old = entry.status
            entry.status = change.value
            entry.closed_on = None if change.value is LogStatus.OPEN else date.today()
        else:
            old = None
            session.add(
                ActionLogNote(
                    entry_id=entry.id,
                    period=period,
                    text=str(change.value),
                    author=author,
                    recorded_at=now,
                    source=source,
                )
            )
        session.add(
            AuditEntry(
                at=now,
                who=who,
                item_kind="action_log_entry",
                item_id=entry.id,
                item_code="",
                field="status" if change.key == "log_status" else f"note {period}",
                old_value=display(old),
                new_value=display(change.value),
                source=source,
            )
        )


def _preload(session: Session, report: FileReport) -> list[object]:
    """Load the file's items in one query per kind, so each edit finds its item in memory.

    The session holds what it loaded only weakly: the caller keeps the list while it works.
    """
    entities: dict[Row, type[Action] | type[Indicator] | type[Objective]] = {
        Row.ACTION: Action,
        Row.INDICATOR: Indicator,
        Row.OBJECTIVE: Objective,
    }
    loaded: list[object] = []
    for kind, entity in entities.items():
        ids = [row.id for row in report.rows if row.row is kind]
        if ids:
            loaded += session.scalars(select(entity).where(entity.id.in_(ids))).all()
    return loaded


@dataclass(frozen=True)
class Written:
    """What writing a report did, to take effect on the report once the caller commits."""

    status: str
    applied: int = 0
    changes: tuple[Change, ...] = ()


def write_report(session: Session, report: FileReport, *, who: str) -> Written:
    """Write the accepted changes of ``report`` in ``session``, without committing."""
    if report.status not in (READY, NOTHING):
        return Written(report.status)
    if report.rows and not any(change.accepted for _row, change in report.changes):
        # Everything left unticked: not recorded, so the file can be imported again later.
        report.notes.append(f"{report.name}: every change was left unticked; nothing applied.")
        return Written(NOTHING)
    source = source_of(report)
    now = datetime.now().replace(microsecond=0)
    edits: list[Edit] = []
    applied: dict[str, str] = {}
    log_rows: list[tuple[RowChange, list[FieldChange]]] = []
    for row in report.rows:
        accepted = [change for change in row.changes if change.accepted]
        if not accepted:
            continue
        spec = SHEET_FOR[row.row]
        for change in accepted:
            column = spec.columns[spec.index(change.key) - 1]
            applied[field_key(row.row, row.id, change.key)] = digest(
                cell_value(column, change.value)
            )
        if row.row is Row.LOG:
            log_rows.append((row, accepted))
        else:
            edits += _edits(row, accepted, report.period)
    loaded = _preload(session, report)
    for row, accepted in log_rows:
        _log_changes(
            session,
            row,
            accepted,
            period=report.period,
            author=report.owner,
            who=who,
            source=source,
            now=now,
        )
    session.add(
        ReturnImport(
            return_uid=report.return_uid,
            file_name=report.name[:255],
            content_hash=report.content_hash,
            imported_at=now,
            who=who,
            applied=json.dumps({"applied": len(applied), "fields": applied}),
        )
    )
    _applied, announcement = write_edits(session, edits, who=who, source=source)
    del loaded
    changes = [announcement] if edits else []
    if log_rows:
        changes.append(
            Change(
                frozenset({"meeting"}),
                frozenset(("action_log_entry", row.id) for row, _changes in log_rows),
                source,
            )
        )
    return Written(APPLIED if report.rows else NOTHING, len(applied), tuple(changes))
