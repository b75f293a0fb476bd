"""The one way the plan's items are changed: validated, audited, one transaction, announced.

Grids, returns and the meeting screens all write through ``apply_edits``: a list of field
edits applied together or not at all, each with an audit entry (who, when, item, field, old,
new, source), each checked against the version the caller saw so a colleague's change is
never silently overwritten. Adding, deleting and restoring rows (for undo) live here too.
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cypp_desktop.errors import ConflictError as ConflictError  # re-exported: callers catch it here
from cypp_desktop.errors import EditError as EditError
from cypp_desktop.models import (
    Action,
    AuditEntry,
    Base,
    Comparator,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemKind,
    Objective,
    Organisation,
    Owner,
    Priority,
    Promise,
    Rag,
    StatusUpdate,
)
from cypp_desktop.models.audit import SOURCE_RESTORE
from cypp_desktop.models.periods import canonical_label
from cypp_desktop.models.rag_rules import RagSettings
from cypp_desktop.store.backups import Snapshot
from cypp_desktop.store.changes import EVERYTHING, Change
from cypp_desktop.store.delete_rules import why_priorities_stay
from cypp_desktop.store.rag import PeriodRags, evaluate, item_rag, settings
from cypp_desktop.store.store import Store

ENTITIES: dict[ItemKind, type[Priority | Objective | Action | Indicator | Promise]] = {
    ItemKind.PRIORITY: Priority,
    ItemKind.OBJECTIVE: Objective,
    ItemKind.ACTION: Action,
    ItemKind.INDICATOR: Indicator,
    ItemKind.PROMISE: Promise,
}

# Fields that belong to one reporting period rather than to the item itself.
PERIOD_FIELDS = {"value", "target", "commentary", "rag"}


def default_user() -> str:
    """Who is making changes when no name is configured: the operating-system user."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


@dataclass(frozen=True, slots=True)
class NewOwner:
    """An Edit value naming an owner the plan does not have yet: the owner (and their
    organisation, if new) is added in the edit's own transaction, so an edit that is refused
    adds nobody. The Applied edit holds the new owner's id."""

    name: str
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class NewOrganisation:
    """As NewOwner, for an organisation."""

    name: str


@dataclass(frozen=True, slots=True)
class Edit:
    """Set ``field`` of one item to ``value`` (None clears it).

    ``period`` is required for the per-period fields: an indicator's ``value`` or ``target``,
    and any item's ``commentary`` or ``rag`` (a manual override, which needs a ``reason``;
    None removes the override). ``expected_version`` is the item's version as the caller saw
    it; when it no longer matches, the edit is refused as a conflict.
    """

    kind: ItemKind
    item_id: int
    field: str
    value: Any
    period: str | None = None
    expected_version: int | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Applied:
    """An edit as it landed: the value it replaced (and, for a RAG override, the reason the
    replaced override gave), so that undo can put things back exactly."""

    edit: Edit
    old: Any
    new: Any
    old_reason: str = ""

    def reverse(self) -> Edit:
        return Edit(
            self.edit.kind,
            self.edit.item_id,
            self.edit.field,
            self.old,
            period=self.edit.period,
            reason=self.old_reason,
        )


def display(value: Any) -> str:
    """How a value is written in the audit trail: plain, sortable, unambiguous."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def item_label(kind: ItemKind, item: Any) -> str:
    code = getattr(item, "code", None)
    return f"{kind.value.capitalize()} {code}" if code else f"{kind.value.capitalize()} {item.id}"


class _Writer:
    """Applies edits inside one session, recording audit entries as it goes.

    What a batch needs is read up front (``prefetch``): its items, their latest status
    updates, the values and targets it touches, the plan's RAG rules. A return applies
    thousands of edits at once; one query per kind beats one per edit.
    """

    def __init__(self, session: Session, who: str, source: str):
        self.session = session
        self.who = who
        self.source = source
        self.now = datetime.now().replace(microsecond=0)
        self.touched: set[tuple[str, int]] = set()
        self.kinds: set[str] = set()
        self._held: list[Any] = []  # the session only holds loaded objects weakly
        self._latest: dict[tuple[ItemKind, int, str], StatusUpdate | None] = {}
        self._series: dict[tuple[str, int, str], Any] = {}
        self._rules: RagSettings | None = None
        self._series_changed: set[int] = set()  # indicators with values not yet flushed
        self._audit_rows: list[dict[str, Any]] = []
        self._new_updates: list[StatusUpdate] = []  # kept out of the session until the end
        self._plan_rags: dict[str, PeriodRags] = {}
        # Items whose version this batch has checked: its own flushes move the version on,
        # and a later edit of the same item must not take that for someone else's change.
        self._checked: set[tuple[ItemKind, int]] = set()
        self._added: dict[NewOwner | NewOrganisation, int] = {}

    def prefetch(self, edits: Sequence[Edit]) -> None:
        by_kind: dict[ItemKind, set[int]] = {}
        for edit in edits:
            by_kind.setdefault(edit.kind, set()).add(edit.item_id)
        for kind, ids in by_kind.items():
            entity = ENTITIES.get(kind)
            if entity is not None:
                self._held += self.session.scalars(select(entity).where(entity.id.in_(ids))).all()
        status = [e for e in edits if e.field in ("commentary", "rag") and e.period]
        for kind in {e.kind for e in status}:
            ids = {e.item_id for e in status if e.kind is kind}
            periods = {canonical_label(e.period) for e in status if e.kind is kind and e.period}
            for key in ((kind, i, p) for i in ids for p in periods):
                self._latest[key] = None
            column = getattr(StatusUpdate, f"{kind.value}_id")
            for update in self.session.scalars(
                select(StatusUpdate)
                .where(column.in_(ids), StatusUpdate.period.in_(periods))
                .order_by(StatusUpdate.recorded_at, StatusUpdate.id)
            ):
                self._latest[(kind, getattr(update, f"{kind.value}_id"), update.period)] = update
        series: tuple[tuple[str, type[IndicatorValue] | type[IndicatorTarget]], ...] = (
            ("value", IndicatorValue),
            ("target", IndicatorTarget),
        )
        for name, model in series:
            wanted = [e for e in edits if e.field == name and e.period]
            if not wanted:
                continue
            indicator_ids = {e.item_id for e in wanted}
            labels = {canonical_label(e.period) for e in wanted if e.period}
            for i in indicator_ids:
                for label in labels:
                    self._series[(name, i, label)] = None
            rows: Sequence[Any] = self.session.scalars(
                select(model).where(model.indicator_id.in_(indicator_ids), model.period.in_(labels))
            ).all()
            for row in rows:
                self._series[(name, row.indicator_id, row.period)] = row

    def audit(self, kind: str, item_id: int, code: str, field: str, old: Any, new: Any) -> None:
        self._audit_rows.append(
            {
                "at": self.now,
                "who": self.who,
                "item_kind": kind,
                "item_id": item_id,
                "item_code": code or "",
                "field": field,
                "old_value": display(old),
                "new_value": display(new),
                "source": self.source,
            }
        )
        self.touched.add((kind, item_id))
        self.kinds.add(kind)

    def write_pending(self) -> None:
        """Insert the batch's audit entries and status updates, many rows per statement:
        nothing reads their ids back, so the ORM's one-row-at-a-time insert is not needed."""
        self.session.flush()
        if self._audit_rows:
            self.session.execute(insert(AuditEntry), self._audit_rows)
            self._audit_rows = []
        if self._new_updates:
            columns = [c.key for c in StatusUpdate.__table__.columns if c.key != "id"]
            self.session.execute(
                insert(StatusUpdate),
                [{key: getattr(update, key) for key in columns} for update in self._new_updates],
            )
            self._new_updates = []

    def organisation(self, name: str) -> int:
        """The organisation called ``name`` (in any case), added and audited if there is none."""
        found = self.session.execute(
            select(Organisation).where(func.lower(Organisation.name) == name.lower()).limit(1)
        ).scalar_one_or_none()
        if found is None:
            found = Organisation(name=name)
            self.session.add(found)
            self.session.flush()
            self.audit("organisation", found.id, "", "(added)", "", name)
        return int(found.id)

    def owner(self, name: str, organisation: str | None) -> int:
        """The owner called ``name`` (in any case, as meetings match them), added (in
        ``organisation``, itself added if new) and audited if there is none."""
        found = self.session.execute(
            select(Owner).where(func.lower(Owner.name) == name.lower()).limit(1)
        ).scalar_one_or_none()
        if found is None:
            organisation_id = self.organisation(organisation) if organisation else None
            found = Owner(name=name, organisation_id=organisation_id)
            self.session.add(found)
            self.session.flush()
            self.audit("owner", found.id, "", "(added)", "", name)
        return int(found.id)

    def item(self, edit: Edit) -> Any:
        entity = ENTITIES.get(edit.kind)
        item: Any = self.session.get(entity, edit.item_id) if entity else None
        if item is None:
            raise EditError(f"{edit.kind.value.capitalize()} {edit.item_id} no longer exists.")
        first_look = (edit.kind, edit.item_id) not in self._checked
        self._checked.add((edit.kind, edit.item_id))
        if (
            first_look
            and edit.expected_version is not None
            and item.version != edit.expected_version
        ):
            raise ConflictError(
                f"{item_label(edit.kind, item)} was changed by someone else after you opened it "
                f"(you were changing its {edit.field.replace('_', ' ')}). Reload to see the "
                "latest, then make your change again."
            )
        return item

    def add_new_names(self, edits: Sequence[Edit]) -> None:
        """Add (or find) every owner and organisation the batch names as new, before any item
        changes: each addition flushes, and a flush between two edits of one row must not
        land half of them."""
        for edit in edits:
            if isinstance(edit.value, NewOwner) and edit.value not in self._added:
                self._added[edit.value] = self.owner(edit.value.name, edit.value.organisation)
            elif isinstance(edit.value, NewOrganisation) and edit.value not in self._added:
                self._added[edit.value] = self.organisation(edit.value.name)

    def apply(self, edit: Edit) -> Applied:
        item = self.item(edit)
        if isinstance(edit.value, NewOwner | NewOrganisation):
            edit = replace(edit, value=self._added[edit.value])
        if edit.field in PERIOD_FIELDS:
            if not edit.period:
                raise EditError(f"{item_label(edit.kind, item)}: {edit.field} needs a period.")
            return self._period_field(edit, item, canonical_label(edit.period))
        if edit.field in ("id", "version") or not hasattr(type(item), edit.field):
            raise EditError(f"{item_label(edit.kind, item)} has no field {edit.field!r}.")
        old = getattr(item, edit.field)
        if old != edit.value:
            setattr(item, edit.field, edit.value)
            self.audit(
                edit.kind.value, item.id, getattr(item, "code", ""), edit.field, old, edit.value
            )
        return Applied(edit, old, edit.value)

    def _period_field(self, edit: Edit, item: Any, period: str) -> Applied:
        code = getattr(item, "code", "") or ""
        label = f"{edit.field} {period}"
        if edit.field in ("value", "target"):
            if edit.kind is not ItemKind.INDICATOR:
                raise EditError(f"Only indicators have a {edit.field}.")
            model: type[IndicatorValue] | type[IndicatorTarget] = (
                IndicatorValue if edit.field == "value" else IndicatorTarget
            )
            key = (edit.field, item.id, period)
            if key not in self._series:
                self._series[key] = self.session.execute(
                    select(model).where(model.indicator_id == item.id, model.period == period)
                ).scalar_one_or_none()
            row: Any = self._series[key]
            old = row.value if row else None
            if edit.value is None and row is not None:
                self.session.delete(row)
                self._series[key] = None
            elif edit.value is not None and row is None:
                self._series[key] = model(indicator_id=item.id, period=period, value=edit.value)
                self.session.add(self._series[key])
            elif row is not None and row.value != edit.value:
                row.value = edit.value
            if old != edit.value:
                self._series_changed.add(item.id)
                self.audit(edit.kind.value, item.id, code, label, old, edit.value)
            return Applied(edit, old, edit.value)
        return self._status_field(edit, item, period, code, label)

    def _latest_update(self, kind: ItemKind, item_id: int, period: str) -> StatusUpdate | None:
        key = (kind, item_id, period)
        if key not in self._latest:
            self._latest[key] = self.session.execute(
                select(StatusUpdate)
                .where(getattr(StatusUpdate, f"{kind.value}_id") == item_id)
                .where(StatusUpdate.period == period)
                .order_by(StatusUpdate.recorded_at.desc(), StatusUpdate.id.desc())
                .limit(1)
            ).scalar_one_or_none()
        return self._latest[key]

    def _computed(self, kind: ItemKind, item: Any, period: str) -> Rag:
        """The RAG the rules give the item now, counting this batch's earlier edits.

        An action is judged on its own (in-memory) fields, so nothing needs writing first;
        an indicator needs its new values flushed; an objective or priority is judged by a
        roll-up of the whole plan, done once per period and batch.
        """
        if self._rules is None:
            self._rules = settings(self.session)
        if kind is ItemKind.INDICATOR and item.id in self._series_changed:
            self.session.flush()
            self._series_changed.discard(item.id)
        if kind in (ItemKind.ACTION, ItemKind.INDICATOR):
            result = item_rag(self.session, kind, item.id, period, rules=self._rules)
        else:
            if period not in self._plan_rags:
                self.write_pending()
                self._plan_rags[period] = evaluate(self.session, period)
            result = self._plan_rags[period].get(kind, item.id).result
        return result.computed if result.overridden and result.computed else result.rag

    def _status_field(self, edit: Edit, item: Any, period: str, code: str, label: str) -> Applied:
        """Commentary and RAG overrides add a status update: the history keeps every one."""
        latest = self._latest_update(edit.kind, item.id, period)
        commentary = latest.commentary if latest else ""
        override = (latest.rag, latest.override_reason) if latest and latest.is_override else None
        old_reason = ""
        computed_rag = self._computed(edit.kind, item, period)
        if edit.field == "commentary":
            old: Any = commentary
            new: Any = edit.value or ""
            if new == old:
                return Applied(edit, old, new)
            commentary = new
        else:
            wanted = None
            if edit.value is not None:
                if not isinstance(edit.value, Rag):
                    raise EditError(f"{item_label(edit.kind, item)}: a RAG must be R, A, G or B.")
                if not edit.reason.strip():
                    raise EditError(
                        f"{item_label(edit.kind, item)}: say why the RAG is set by hand; "
                        f"the rules give {computed_rag.label}."
                    )
                wanted = (edit.value, edit.reason.strip())
            if wanted == override:
                return Applied(edit, edit.value, edit.value, edit.reason)
            old = override[0] if override else None
            old_reason = override[1] if override else ""
            new = wanted[0] if wanted else None
            override = wanted
        update = StatusUpdate(
            period=period,
            rag=override[0] if override else computed_rag,
            commentary=commentary,
            author=self.who,
            recorded_at=self.now,
            source=self.source,
            override_reason=override[1] if override else "",
            computed_rag=computed_rag,
        )
        update.set_item(edit.kind, item.id)
        self._new_updates.append(update)
        self._latest[(edit.kind, item.id, period)] = update
        self.audit(edit.kind.value, item.id, code, label, old, new)
        if edit.field == "rag" and override:
            self.audit(edit.kind.value, item.id, code, f"rag reason {period}", "", override[1])
        self.kinds.add("status")
        return Applied(edit, old, new, old_reason if edit.field == "rag" else "")


def _integrity_message(error: IntegrityError) -> str:
    text = str(error.orig)
    unique = "UNIQUE" in text or "unique" in text
    if unique and any(name in text for name in ("owner.name", "organisation.name", "_name_key")):
        return "Someone else added that name at the same moment; reload, then choose it."
    if unique:
        return "That code is already used by another item; codes must be unique in the plan."
    if "percent_complete" in text:
        return "% complete must be a whole number from 0 to 100."
    if "start_before" in text:
        return "The start date must not be after the due date."
    if "FOREIGN KEY" in text:
        return "That refers to an item that no longer exists."
    return f"The plan cannot take that change ({text})."


_DATE_FIELDS = {"start": "Start", "due": "Due", "revised_due": "Revised due"}


def _rule_breaks(session: Session, edits: Sequence[Edit]) -> list[str]:
    """Each edit that breaks a rule the database enforces across cells (a code used twice,
    a start after its due date), named as the grid names a cell: ``PEH-01, Code: ...``. Run
    after the database refused the edits, so that a pasted block's message lists every bad
    cell rather than the database's first complaint."""
    problems: list[str] = []
    new_codes: dict[ItemKind, dict[int, str]] = {}
    new_dates: dict[tuple[ItemKind, int], dict[str, date | None]] = {}
    for edit in edits:
        if edit.field == "code" and edit.kind in ENTITIES:
            new_codes.setdefault(edit.kind, {})[edit.item_id] = edit.value
        elif edit.field in _DATE_FIELDS and edit.kind is ItemKind.ACTION:
            new_dates.setdefault((edit.kind, edit.item_id), {})[edit.field] = edit.value
    for kind, codes in new_codes.items():
        entity = ENTITIES[kind]
        current: dict[int, str | None] = dict(session.execute(select(entity.id, entity.code)).all())
        after = {**current, **codes}
        holders: dict[str, list[int]] = {}
        for item_id, code in after.items():
            if code:
                holders.setdefault(code, []).append(item_id)

        names = {item_id: code or f"{kind.value} {item_id}" for item_id, code in current.items()}
        for item_id, code in codes.items():
            others = [other for other in holders.get(code, []) if other != item_id]
            if others:
                problems.append(
                    f'{names.get(item_id, kind.value)}, Code: "{code}" is already used by '
                    f"{kind.value} {names.get(others[0], '')}; codes must be unique in the plan."
                )
    for (_kind, item_id), changed in new_dates.items():
        action = session.get(Action, item_id)
        if action is None:
            continue
        dates = {name: changed.get(name, getattr(action, name)) for name in _DATE_FIELDS}
        start = dates["start"]
        for name in ("due", "revised_due"):
            end = dates[name]
            if start is not None and end is not None and start > end:
                field = "start" if "start" in changed else name
                problems.append(
                    f"{action.code}, {_DATE_FIELDS[field]}: the start date, {start:%d/%m/%Y}, "
                    f"is after the {_DATE_FIELDS[name].lower()} date, {end:%d/%m/%Y}."
                )
    return problems


def write_edits(
    session: Session, edits: Sequence[Edit], *, who: str, source: str
) -> tuple[list[Applied], Change]:
    """Apply ``edits`` in the caller's open session (not committed here), for callers whose
    other writes must land in the same transaction. Publish the Change once committed."""
    writer = _Writer(session, who, source)
    writer.prefetch(edits)
    writer.add_new_names(edits)
    applied = [writer.apply(edit) for edit in edits]
    writer.write_pending()
    return applied, Change(frozenset(writer.kinds), frozenset(writer.touched), source)


def apply_edits(store: Store, edits: Sequence[Edit], *, who: str, source: str) -> list[Applied]:
    """Apply every edit, or none: one transaction, audited, then announced."""
    if not edits:
        return []
    try:
        with store.session() as session:
            applied, change = write_edits(session, edits, who=who, source=source)
    except IntegrityError as error:
        with store.read() as session:
            problems = _rule_breaks(session, edits)
        if not problems:
            raise EditError(_integrity_message(error)) from error
        shown = "\n".join(problems[:20])
        more = f"\n...and {len(problems) - 20} more." if len(problems) > 20 else ""
        raise EditError(f"Nothing was changed; the plan's rules refuse:\n{shown}{more}") from error
    store.changes.publish(change)
    return applied


# Adding, deleting and restoring rows -----------------------------------------------------


def add_item(store: Store, kind: ItemKind, values: dict[str, Any], *, who: str, source: str) -> int:
    """Create an item from ``values`` (column name to value); returns its id."""
    entity = ENTITIES[kind]
    try:
        with store.session() as session:
            item = entity(**values)
            session.add(item)
            session.flush()
            writer = _Writer(session, who, source)
            writer.audit(
                kind.value,
                item.id,
                getattr(item, "code", "") or "",
                "(added)",
                "",
                getattr(item, "title", ""),
            )
            writer.write_pending()
    except IntegrityError as error:
        raise EditError(_integrity_message(error)) from error
    store.changes.publish(
        Change(frozenset({kind.value}), frozenset({(kind.value, item.id)}), source)
    )
    return int(item.id)


# What goes with an item when it is deleted, so that undo can put every row back.
_DEPENDENTS: dict[ItemKind, list[tuple[type[Base], str]]] = {
    ItemKind.ACTION: [(StatusUpdate, "action_id")],
    ItemKind.INDICATOR: [
        (IndicatorValue, "indicator_id"),
        (IndicatorTarget, "indicator_id"),
        (Comparator, "indicator_id"),
        (StatusUpdate, "indicator_id"),
    ],
    ItemKind.PROMISE: [(StatusUpdate, "promise_id")],
    # Only a priority with nothing under it (store/delete_rules.py): its own history alone.
    ItemKind.PRIORITY: [(StatusUpdate, "priority_id")],
}


@dataclass(frozen=True)
class Deleted:
    """Every row a deletion removed, table by table, in the order to put them back."""

    kind: ItemKind
    ids: tuple[int, ...]
    rows: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)


def _table(entity: type[Base]) -> Table:
    table = entity.__table__
    assert isinstance(table, Table)
    return table


def delete_items(
    store: Store, kind: ItemKind, ids: Sequence[int], *, who: str, source: str
) -> Deleted:
    """Delete items (actions, indicators, promises, or priorities with nothing under them)
    and keep what undo needs."""
    if kind not in _DEPENDENTS:
        raise EditError(f"{kind.value.capitalize()}s cannot be deleted from here.")
    entity = ENTITIES[kind]
    table = _table(entity)
    deleted = Deleted(kind, tuple(ids))
    with store.session() as session:
        refusal = why_priorities_stay(session, ids) if kind is ItemKind.PRIORITY else None
        if refusal:
            raise EditError(refusal)
        items = session.execute(select(table).where(table.c.id.in_(ids))).mappings().all()
        deleted.rows.append((table.name, [dict(row) for row in items]))
        for dependent, column in _DEPENDENTS[kind]:
            dependent_table = _table(dependent)
            rows = (
                session.execute(select(dependent_table).where(dependent_table.c[column].in_(ids)))
                .mappings()
                .all()
            )
            deleted.rows.append((dependent_table.name, [dict(row) for row in rows]))
        writer = _Writer(session, who, source)
        for row in items:
            writer.audit(
                kind.value, row["id"], row.get("code") or "", "(deleted)", row.get("title", ""), ""
            )
        writer.write_pending()
        session.execute(delete(table).where(table.c.id.in_(ids)))
    store.changes.publish(
        Change(frozenset({kind.value, "status"}), frozenset((kind.value, i) for i in ids), source)
    )
    return deleted


def restore_items(store: Store, deleted: Deleted, *, who: str, source: str) -> None:
    """Put back exactly the rows ``delete_items`` removed, with their ids."""
    tables = Base.metadata.tables
    try:
        with store.session() as session:
            for name, rows in deleted.rows:
                if rows:
                    session.execute(insert(tables[name]), rows)
            writer = _Writer(session, who, source)
            for row in deleted.rows[0][1]:
                writer.audit(
                    deleted.kind.value,
                    row["id"],
                    row.get("code") or "",
                    "(restored)",
                    "",
                    row.get("title", ""),
                )
            writer.write_pending()
    except IntegrityError as error:
        raise EditError(
            "The deleted rows cannot be put back: something they refer to has gone since."
        ) from error
    store.changes.publish(
        Change(
            frozenset({deleted.kind.value, "status"}),
            frozenset((deleted.kind.value, i) for i in deleted.ids),
            source,
        )
    )


def record_restore(store: Store, chosen: Snapshot, safety: Path, *, who: str) -> None:
    """The audit trail's note that the whole plan was put back from a backup."""
    with store.session() as session:
        writer = _Writer(session, who, SOURCE_RESTORE)
        writer.audit(
            "plan",
            1,
            "",
            "(restored from backup)",
            f"kept as {safety.name}",
            f"{chosen.taken_at:%Y-%m-%d %H:%M} {chosen.reason}",
        )
        writer.write_pending()
    store.changes.publish(EVERYTHING)
