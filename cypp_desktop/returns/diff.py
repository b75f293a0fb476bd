"""Comparing a checked return with the plan: old -> new for each field, and conflicts.

Three values meet for every field: what the return was issued with (its digest, in the hidden
sheet), what the lead sent back, and what the plan holds now. A field the lead left as
issued is no change. A field the lead changed is a change, unless the plan has changed it
too since the return was issued: that is a conflict, shown with both values, and the plan's
value is kept unless the user chooses the return's. When an earlier version of the same
return was imported, what that import applied is the baseline instead of the issued value.

A RAG the lead sets becomes a manual override only when it differs from the RAG the plan's
rules give once the row's other changes are in; its reason is the lead's commentary (or,
when they gave none, a note saying so, with a warning). A RAG equal to the rules' RAG
removes an override the plan held, and is otherwise no change at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    Indicator,
    Objective,
    Owner,
    Plan,
    Rag,
    ReturnImport,
    ReturnIssue,
)
from cypp_desktop.models.enums import ActionStatus
from cypp_desktop.models.formatting import uk_date, with_unit
from cypp_desktop.models.periods import parse_period
from cypp_desktop.returns.digest import digest
from cypp_desktop.returns.layout import Kind, Row
from cypp_desktop.returns.make import cell_value
from cypp_desktop.returns.reader import ReturnFileError
from cypp_desktop.returns.state import (
    ItemState,
    action_computed,
    current_states,
    indicator_computed,
)
from cypp_desktop.returns.validate import ParsedReturn, ReturnedRow, parse_return
from cypp_desktop.store.queries import current_period, periods_with_data
from cypp_desktop.store.rag import settings
from cypp_desktop.store.store import Store

REJECTED = "rejected"
READY = "ready"
NOTHING = "nothing to change"
ALREADY = "already imported"
APPLIED = "applied"
CHECKED = "checked"  # a dry run that found the file good


@dataclass(slots=True)
class FieldChange:
    key: str
    label: str
    old: str  # the plan's value now, as shown
    new: str  # the return's value, as shown
    value: object  # the typed value to write
    conflict: bool = False
    accepted: bool = True
    reason: str = ""  # for a RAG override: why, in the lead's words
    cell: str = ""  # Sheet!Cell, for messages


@dataclass(slots=True)
class RowChange:
    sheet: str
    number: int
    row: Row
    id: int
    code: str
    title: str
    version: int
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(slots=True)
class FileReport:
    path: Path
    status: str = REJECTED
    owner: str = ""
    period: str = ""
    return_uid: str = ""
    content_hash: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    applied: int = 0

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def changes(self) -> list[tuple[RowChange, FieldChange]]:
        return [(row, change) for row in self.rows for change in row.changes]

    @property
    def conflicts(self) -> int:
        return sum(change.conflict for _row, change in self.changes)


def shown(kind: Kind, value: object, unit: str = "") -> str:
    """A value as the preview and the report show it."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, Rag):
        return f"{value.letter} ({value.label})"
    if isinstance(value, ActionStatus):
        return value.label
    if kind is Kind.LOG_STATUS:
        return str(getattr(value, "value", value)).capitalize()
    if kind is Kind.DATE and isinstance(value, date):
        return uk_date(value)
    if kind is Kind.NUMBER and isinstance(value, int | float):
        return with_unit(float(value), unit)
    if kind is Kind.PERCENT:
        return f"{value}%"
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _baselines(
    session: Session, parsed: ParsedReturn
) -> tuple[dict[str, str], ReturnImport | None]:
    """What earlier imports of this return applied, and an import of this very file."""
    assert parsed.identity is not None
    applied: dict[str, str] = {}
    same: ReturnImport | None = None
    for earlier in session.scalars(
        select(ReturnImport)
        .where(ReturnImport.return_uid == parsed.identity.return_uid)
        .order_by(ReturnImport.imported_at, ReturnImport.id)
    ):
        if earlier.content_hash == parsed.content_hash:
            same = earlier
        try:
            fields = json.loads(earlier.applied or "{}").get("fields", {})
        except ValueError:
            fields = {}
        if isinstance(fields, dict):
            applied.update({str(k): str(v) for k, v in fields.items()})
    return applied, same


def field_key(row: Row, item_id: int, key: str) -> str:
    return f"{row.value}:{item_id}:{key}"


class _Differ:
    def __init__(self, session: Session, parsed: ParsedReturn, report: FileReport):
        assert parsed.identity is not None
        self.session = session
        self.parsed = parsed
        self.report = report
        self.identity = parsed.identity
        self.period = parse_period(self.identity.period).label
        self.rules = settings(session)
        self.baseline: dict[str, str] = {}

    def identify(self) -> bool:
        """Refuse a return for another plan, owner or period; False when it is refused."""
        identity, name = self.identity, self.parsed.name
        plan = self.session.execute(select(Plan)).scalar_one()
        if identity.plan_uid != plan.uid:
            title = f' ("{identity.plan_title}")' if identity.plan_title else ""
            self.report.errors.append(
                f"{name}: is a return for another plan{title}, not for this one "
                f'("{plan.title}"); nothing was imported.'
            )
            return False
        owner = self.session.execute(
            select(Owner.id).where(Owner.name == identity.owner)
        ).scalar_one_or_none()
        if owner is None:
            self.report.errors.append(
                f'{name}: is for "{identity.owner}", who is not an owner in this plan; '
                "nothing was imported."
            )
            return False
        issue = self.session.execute(
            select(ReturnIssue).where(ReturnIssue.uid == identity.return_uid)
        ).scalar_one_or_none()
        if issue is None:
            known = set(periods_with_data(self.session)) | {current_period(self.session)}
            if self.period not in known:
                self.report.errors.append(
                    f"{name}: is for {self.period}, a period this plan has no returns or "
                    "data for; nothing was imported."
                )
                return False
            self.report.notes.append(
                f"{name}: this plan has no record of making this return (was it made from a "
                "copy of the plan?); it was checked against the plan as it is now."
            )
        elif (issue.checksum, issue.period, issue.owner_name, issue.plan_uid) != (
            identity.checksum,
            self.period,
            identity.owner,
            identity.plan_uid,
        ):
            self.report.errors.append(
                f"{name}: its hidden return data does not match the return as it was made on "
                f"{uk_date(issue.issued_at.date())}; make a new return for this owner."
            )
            return False
        return True

    def diff(self, units: dict[int, str]) -> None:
        applied, same = _baselines(self.session, self.parsed)
        if same is not None:
            self.report.status = ALREADY
            self.report.notes.append(
                f"{self.parsed.name}: this return was already imported on "
                f"{uk_date(same.imported_at.date())} at {same.imported_at:%H:%M} by {same.who} "
                f"(from {same.file_name}); nothing was imported again."
            )
            return
        if applied:
            self.report.notes.append(
                f"{self.parsed.name}: an earlier version of this return was imported; only "
                "what differs from what it applied is a change."
            )
        self.baseline = applied
        keys = [(row.item.kind, row.item.id) for row in self.parsed.rows]
        states = current_states(self.session, self.period, keys)
        for row in self.parsed.rows:
            state = states.get((row.item.kind, row.item.id))
            if state is None:
                self.report.missing.append(
                    f"{row.sheet.title}!{row.number}: {row.item.kind.value} {row.item.id} was "
                    "deleted from the plan after the return was made; its row was not imported."
                )
                continue
            change = self._row(row, state, units.get(row.item.id, ""))
            if change.changes:
                self.report.rows.append(change)

    def _baseline(self, row: ReturnedRow, key: str) -> str | None:
        return self.baseline.get(
            field_key(row.item.kind, row.item.id, key), row.item.filled.get(key)
        )

    def _row(self, row: ReturnedRow, state: ItemState, unit: str) -> RowChange:
        change = RowChange(
            row.sheet.title, row.number, row.item.kind, row.item.id, state.code, "", state.version
        )
        for column in row.sheet.fill_in:
            if column.key == "rag" or column.key not in row.values:
                continue
            new = row.values[column.key]
            baseline = self._baseline(row, column.key)
            new_digest = digest(cell_value(column, new))
            now = state.values.get(column.key)
            if new_digest == baseline or new_digest == digest(cell_value(column, now)):
                continue
            if isinstance(new, date) and state.start is not None and new < state.start:
                self.report.errors.append(
                    f"{self.parsed.name}: {row.cell(column.key)}: {uk_date(new)} is before "
                    f"the action's start ({uk_date(state.start)}); expected a date on or after it."
                )
                continue
            conflict = digest(cell_value(column, now)) != baseline
            change.changes.append(
                FieldChange(
                    column.key,
                    column.header,
                    shown(column.kind, now, unit),
                    shown(column.kind, new, unit),
                    new,
                    conflict=conflict,
                    accepted=not conflict,
                    cell=row.cell(column.key),
                )
            )
        if "rag" in row.values:
            self._rag(row, state, change)
        return change

    def _rag(self, row: ReturnedRow, state: ItemState, change: RowChange) -> None:
        new = row.values["rag"]
        assert isinstance(new, Rag)
        baseline = self._baseline(row, "rag")
        now = state.values.get("rag")
        if digest(new.label) == baseline or now is new:
            return
        after = self._computed_after(row, state, change)
        if new is after:
            if state.override is None:
                return
            value: Rag | None = None
            label = f"{new.letter} ({new.label}, as the rules give)"
        else:
            value = new
            label = shown(Kind.RAG, new)
        reason = ""
        if value is not None:
            commentary = row.values.get("commentary") or state.values.get("commentary") or ""
            reason = str(commentary).strip()
            if not reason:
                reason = (
                    f"Set by {self.identity.owner} in the {self.period} return; no reason given."
                )
                self.report.warnings.append(
                    f"{row.cell('rag')}: {new.label} differs from the {after.label} the plan's "
                    "rules give, and the Commentary gives no reason; it is recorded as set by "
                    "the lead with no reason given."
                )
        conflict = digest(now.label if isinstance(now, Rag) else None) != baseline
        change.changes.append(
            FieldChange(
                "rag",
                "RAG",
                shown(Kind.RAG, now),
                label,
                value,
                conflict=conflict,
                accepted=not conflict,
                reason=reason,
                cell=row.cell("rag"),
            )
        )

    def _computed_after(self, row: ReturnedRow, state: ItemState, change: RowChange) -> Rag:
        """The rules' RAG once the row's other (unconflicted) changes are in."""
        updated = {c.key: c.value for c in change.changes if c.accepted}
        if row.item.kind is Row.ACTION:
            status = updated.get("status", state.values["status"])
            percent = updated.get("percent_complete", state.values["percent_complete"])
            revised = updated.get("revised_due", state.values.get("revised_due"))
            assert isinstance(status, ActionStatus) and isinstance(percent, int)
            return action_computed(
                status=status,
                percent_complete=percent,
                start=state.start,
                due=revised if isinstance(revised, date) else state.due,
                period=self.period,
                rules=self.rules,
            )
        if row.item.kind is Row.INDICATOR and state.indicator is not None:
            if "value" in updated:
                return indicator_computed(state.indicator, self.period, updated["value"])
            return state.computed
        return state.computed


def _units(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Indicator.id, Indicator.unit)).all())


def check_return(store: Store, path: Path, units: dict[int, str] | None = None) -> FileReport:
    """Read, validate and diff one file against the plan; nothing is written."""
    report = FileReport(path)
    try:
        if units is None:
            with store.read() as session:
                units = _units(session)
        parsed = parse_return(path, units)
    except ReturnFileError as error:
        report.errors.append(str(error))
        return report
    assert parsed.identity is not None
    report.owner = parsed.identity.owner
    report.period = parsed.identity.period
    report.return_uid = parsed.identity.return_uid
    report.content_hash = parsed.content_hash
    report.errors += [f"{path.name}: {error}" for error in parsed.errors]
    report.warnings += parsed.warnings
    report.ignored += parsed.ignored
    report.added += parsed.added
    report.missing += parsed.missing
    with store.read() as session:
        differ = _Differ(session, parsed, report)
        if not differ.identify():
            report.status = REJECTED
            return report
        differ.diff(units)
        titles = _titles(session, report)
    for row in report.rows:
        row.title = titles.get((row.row, row.id), "")
    if report.errors:
        report.status = REJECTED
    elif report.status != ALREADY:
        report.status = READY if report.rows else NOTHING
    return report


def _titles(session: Session, report: FileReport) -> dict[tuple[Row, int], str]:
    entities: dict[Row, type[Action] | type[Indicator] | type[Objective]] = {
        Row.ACTION: Action,
        Row.INDICATOR: Indicator,
        Row.OBJECTIVE: Objective,
    }
    titles: dict[tuple[Row, int], str] = {}
    for kind, entity in entities.items():
        ids = [row.id for row in report.rows if row.row is kind]
        if ids:
            for item_id, title in session.execute(
                select(entity.id, entity.title).where(entity.id.in_(ids))
            ):
                titles[(kind, item_id)] = title
    ids = [row.id for row in report.rows if row.row is Row.LOG]
    if ids:
        for item_id, text in session.execute(
            select(ActionLogEntry.id, ActionLogEntry.text).where(ActionLogEntry.id.in_(ids))
        ):
            titles[(Row.LOG, item_id)] = text
    return titles


def units_of(store: Store) -> dict[int, str]:
    with store.read() as session:
        return _units(session)
