"""Rows for the editable grids: light named tuples read with plain column queries.

A grid may hold 50,000 actions. ORM objects (and the joins to name their owners) would take
seconds; here each grid is one narrow SELECT of the item's own columns, names are looked up
in small dictionaries, and the RAG of a row is judged only when it is first shown, sorted or
filtered on (``ActionJudge``). Rows are tuples, so a grid of 50,000 fits in tens of MB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from cypp_desktop.models import (
    ActionStatus,
    Frequency,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemKind,
    ObaType,
    Objective,
    Organisation,
    Owner,
    Polarity,
    Priority,
    StatusUpdate,
)
from cypp_desktop.models.periods import parse_period, sort_labels
from cypp_desktop.models.rag_rules import RagResult, action_rag, overridden
from cypp_desktop.store.rag import evaluate, settings

READ_BATCH = 5000  # rows per batch of a read that may be stopped half-way


class Names(NamedTuple):
    """Id to name look-ups for everything a grid row refers to."""

    priorities: dict[int, str]
    objectives: dict[int, str]
    owners: dict[int, str]
    organisations: dict[int, str]
    owner_organisation: dict[int, int | None]
    objective_priority: dict[int, int]


def names(session: Session) -> Names:
    connection = session.connection()
    return Names(
        priorities=dict(connection.execute(select(Priority.id, Priority.code)).all()),
        objectives=dict(connection.execute(select(Objective.id, Objective.code)).all()),
        owners=dict(connection.execute(select(Owner.id, Owner.name)).all()),
        organisations=dict(connection.execute(select(Organisation.id, Organisation.name)).all()),
        owner_organisation=dict(connection.execute(select(Owner.id, Owner.organisation_id)).all()),
        objective_priority=dict(
            connection.execute(select(Objective.id, Objective.priority_id)).all()
        ),
    )


def _raw_rows(
    connection: Connection,
    sql: str,
    params: Sequence[Any] = (),
    *,
    between: Callable[[int], None] | None = None,
) -> list[Any]:
    """Rows straight from the database driver, for the big reads of a grid: at 50,000 rows,
    building SQLAlchemy Row objects costs ten times what SQLite takes to find them. ``sql``
    marks parameters with ``?``; the driver's own placeholder is put in. ``between`` is
    called with the rows read so far after each batch: a read in a worker thread stops
    there when it is no longer wanted (by raising)."""
    if connection.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    driver_error = connection.dialect.loaded_dbapi.Error
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, tuple(params))
        if between is None:
            return list(cursor.fetchall())
        rows: list[Any] = []
        while batch := cursor.fetchmany(READ_BATCH):
            rows += batch
            between(len(rows))
        return rows
    except driver_error as error:  # as SQLAlchemy would raise it, for the store to explain
        raise DBAPIError.instance(sql, params, error, driver_error) from error
    finally:
        cursor.close()


def _commentary(
    connection: Connection, column: str, period: str, ids: Iterable[int] | None = None
) -> dict[int, str]:
    """The newest commentary of each item (``column`` names its kind) for ``period``."""
    sql = (
        f"SELECT {column}, commentary FROM status_update WHERE {column} IS NOT NULL AND period = ?"
    )
    params: list[Any] = [period]
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return {}
        sql += f" AND {column} IN ({', '.join('?' * len(wanted))})"
        params += wanted
    return dict(_raw_rows(connection, sql + " ORDER BY recorded_at, id", params))


def _priority_positions(connection: Connection) -> dict[int, int]:
    return dict(connection.execute(select(Priority.id, Priority.position)).all())


# Actions -----------------------------------------------------------------------------------


class ActionGridRow(NamedTuple):
    """One action as stored: ids rather than names, dates as ISO text (which sorts and
    compares as the dates do), so 50,000 rows load as fast as SQLite can hand them over.
    Names come from ``ActionGrid.names``; dates and status read through the properties."""

    id: int
    version: int
    code: str | None
    title: str
    priority_id: int
    objective_id: int | None
    owner_id: int | None
    organisation_id: int | None
    start_iso: str | None
    due_iso: str | None
    revised_due_iso: str | None
    status_value: str
    percent_complete: int

    @property
    def start(self) -> date | None:
        return date.fromisoformat(self.start_iso) if self.start_iso else None

    @property
    def due(self) -> date | None:
        return date.fromisoformat(self.due_iso) if self.due_iso else None

    @property
    def revised_due(self) -> date | None:
        return date.fromisoformat(self.revised_due_iso) if self.revised_due_iso else None

    @property
    def effective_due_iso(self) -> str | None:
        return self.revised_due_iso or self.due_iso

    @property
    def effective_due(self) -> date | None:
        return self.revised_due or self.due

    @property
    def status(self) -> ActionStatus:
        return _STATUSES[self.status_value]


_STATUSES = {status.value: status for status in ActionStatus}
# In ActionGridRow's order.
_ACTION_COLUMNS = (
    "id", "version", "code", "title", "priority_id", "objective_id", "owner_id",
    "organisation_id", "start", "due", "revised_due", "status", "percent_complete",
)  # fmt: skip
_ACTIONS_SQL = f"SELECT {', '.join(_ACTION_COLUMNS)} FROM action"
_ORDER = " ORDER BY priority_id, position, id"


class ActionGrid(NamedTuple):
    """What the actions grid shows: the rows, and the look-ups that name and comment them."""

    rows: list[ActionGridRow]
    names: Names
    commentary: dict[int, str]


def _as_iso(row: Any) -> ActionGridRow:
    """PostgreSQL hands back dates where SQLite hands back ISO text: make them alike."""
    values = list(row)
    for index in (8, 9, 10):
        if isinstance(values[index], date):
            values[index] = values[index].isoformat()
    return ActionGridRow._make(values)


def action_grid(
    session: Session, period: str, *, between: Callable[[int], None] | None = None
) -> ActionGrid:
    """Every action, in plan order, with what the grid needs to show them. ``between`` as
    for ``_raw_rows``."""
    connection = session.connection()
    raw = _raw_rows(connection, _ACTIONS_SQL + _ORDER, between=between)
    make = ActionGridRow._make if connection.dialect.name == "sqlite" else _as_iso
    by_priority: dict[int, list[ActionGridRow]] = {}
    for row in map(make, raw):
        by_priority.setdefault(row.priority_id, []).append(row)
    positions = _priority_positions(connection)
    rows = [
        row
        for priority_id in sorted(by_priority, key=lambda p: (positions.get(p, 0), p))
        for row in by_priority[priority_id]
    ]
    return ActionGrid(rows, names(session), _commentary(connection, "action_id", period))


def action_grid_start(session: Session, period: str, limit: int) -> ActionGrid:
    """The first ``limit`` actions in plan order (as ``action_grid`` orders them), with all
    the names and their commentary: enough to show a very long grid's first screens while
    the rest is read. One scan of the table, but only ``limit`` rows are built."""
    connection = session.connection()
    sql = (
        "SELECT " + ", ".join(f"a.{column}" for column in _ACTION_COLUMNS) + " FROM action a "
        "JOIN priority p ON p.id = a.priority_id "
        "ORDER BY p.position, p.id, a.position, a.id LIMIT ?"
    )
    rows = [_as_iso(row) for row in _raw_rows(connection, sql, [limit])]
    return ActionGrid(
        rows,
        names(session),
        _commentary(connection, "action_id", period, [row.id for row in rows]),
    )


def action_rows(session: Session, ids: Iterable[int]) -> list[ActionGridRow]:
    """The given actions, fresh from the store (after an edit, say)."""
    result = session.connection().execute(
        text(f"{_ACTIONS_SQL} WHERE id IN :ids{_ORDER}").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": list(ids)},
    )
    return [_as_iso(row) for row in result]


def commentary(
    session: Session, column: str, period: str, ids: Iterable[int] | None = None
) -> dict[int, str]:
    return _commentary(session.connection(), column, period, ids)


class ActionJudge:
    """Judges an action row's RAG for one period, as store/rag.py would, one row at a time."""

    def __init__(self, session: Session, period: str):
        self.period = period
        self.as_of = parse_period(period).end
        self.margin = settings(session).action_lag_margin
        # Only actions with an override in this period matter; the newest update of each
        # says whether the override still stands.
        overridden_actions = (
            select(StatusUpdate.action_id)
            .where(StatusUpdate.period == period, StatusUpdate.override_reason != "")
            .scalar_subquery()
        )
        self.overrides: dict[int, StatusUpdate] = {}
        for update in session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.action_id.in_(overridden_actions), StatusUpdate.period == period)
            .order_by(StatusUpdate.recorded_at, StatusUpdate.id)
        ):
            if update.action_id is not None:
                if update.is_override:
                    self.overrides[update.action_id] = update
                else:
                    self.overrides.pop(update.action_id, None)

    def __call__(self, row: ActionGridRow) -> RagResult:
        computed = action_rag(
            status=row.status,
            percent_complete=row.percent_complete,
            start=row.start,
            due=row.effective_due,
            as_of=self.as_of,
            lag_margin=self.margin,
        )
        update = self.overrides.get(row.id)
        if update is None:
            return computed
        return overridden(
            computed,
            rag=update.rag,
            reason=update.override_reason,
            author=update.author,
            on=update.recorded_at.date(),
        )


# Objectives --------------------------------------------------------------------------------


class ObjectiveGridRow(NamedTuple):
    id: int
    version: int
    code: str
    title: str
    priority_id: int
    priority: str
    lead_id: int | None
    lead: str
    organisation_id: int | None
    organisation: str
    due: date | None
    commentary: str
    rag: RagResult


def objective_rows(session: Session, period: str) -> list[ObjectiveGridRow]:
    """Objectives in plan order, with their rolled-up RAG (a few hundred at most)."""

    connection = session.connection()
    lookup = names(session)
    commentary = _commentary(connection, "objective_id", period)
    rags = evaluate(session, period)
    priority_position = _priority_positions(connection)
    rows = connection.execute(
        select(
            Objective.id,
            Objective.version,
            Objective.code,
            Objective.title,
            Objective.priority_id,
            Objective.lead_id,
            Objective.organisation_id,
            Objective.due,
            Objective.position,
        )
    ).all()
    rows = sorted(rows, key=lambda r: (priority_position.get(r[4], 0), r[8], r[0]))
    return [
        ObjectiveGridRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            lookup.priorities.get(r[4], ""),
            r[5],
            lookup.owners.get(r[5], "") if r[5] else "",
            r[6],
            lookup.organisations.get(r[6], "") if r[6] else "",
            r[7],
            commentary.get(r[0], ""),
            rags.get(ItemKind.OBJECTIVE, r[0]).result,
        )
        for r in rows
    ]


# Indicators --------------------------------------------------------------------------------


class IndicatorGridRow(NamedTuple):
    id: int
    version: int
    code: str
    title: str
    priority_id: int
    priority: str
    objective_id: int | None
    objective: str
    unit: str
    polarity: Polarity
    frequency: Frequency
    oba_type: ObaType
    baseline_value: float | None
    baseline_period: str
    tolerance: float | None
    reading_period: str
    value: float | None
    target: float | None
    commentary: str
    rag: RagResult


def indicator_rows(session: Session, period: str) -> list[IndicatorGridRow]:
    """Indicators in plan order with the reading their RAG is judged on (hundreds at most)."""

    connection = session.connection()
    lookup = names(session)
    commentary = _commentary(connection, "indicator_id", period)
    rags = evaluate(session, period)
    priority_position = _priority_positions(connection)
    indicators = sorted(
        session.scalars(select(Indicator)).all(),
        key=lambda i: (priority_position.get(i.priority_id, 0), i.position, i.id),
    )
    rows = []
    for indicator in indicators:
        reading = rags.readings[indicator.id]
        rows.append(
            IndicatorGridRow(
                indicator.id,
                indicator.version,
                indicator.code,
                indicator.title,
                indicator.priority_id,
                lookup.priorities.get(indicator.priority_id, ""),
                indicator.objective_id,
                lookup.objectives.get(indicator.objective_id, "") if indicator.objective_id else "",
                indicator.unit,
                indicator.polarity,
                indicator.frequency,
                indicator.oba_type,
                indicator.baseline_value,
                indicator.baseline_period or "",
                indicator.tolerance,
                reading.period,
                reading.value,
                reading.target,
                commentary.get(indicator.id, ""),
                rags.get(ItemKind.INDICATOR, indicator.id).result,
            )
        )
    return rows


# Indicator values ------------------------------------------------------------------------


class ValueGridRow(NamedTuple):
    """One indicator across periods: its actual and target in each."""

    id: int
    code: str
    title: str
    unit: str
    polarity: Polarity
    priority: str
    values: dict[str, float]
    targets: dict[str, float]


def value_rows(session: Session) -> tuple[list[str], list[ValueGridRow]]:
    """The periods that hold a value or target (oldest first), and one row per indicator."""
    connection = session.connection()
    lookup = names(session)
    values: dict[int, dict[str, float]] = {}
    for indicator_id, label, value in connection.execute(
        select(IndicatorValue.indicator_id, IndicatorValue.period, IndicatorValue.value)
    ):
        values.setdefault(indicator_id, {})[label] = value
    targets: dict[int, dict[str, float]] = {}
    for indicator_id, label, value in connection.execute(
        select(IndicatorTarget.indicator_id, IndicatorTarget.period, IndicatorTarget.value)
    ):
        targets.setdefault(indicator_id, {})[label] = value
    periods = sort_labels(
        {label for series in (*values.values(), *targets.values()) for label in series}
    )
    priority_position = _priority_positions(connection)
    rows = connection.execute(
        select(
            Indicator.id,
            Indicator.code,
            Indicator.title,
            Indicator.unit,
            Indicator.polarity,
            Indicator.priority_id,
            Indicator.position,
        )
    ).all()
    rows = sorted(rows, key=lambda r: (priority_position.get(r[5], 0), r[6], r[0]))
    return periods, [
        ValueGridRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            lookup.priorities.get(r[5], ""),
            values.get(r[0], {}),
            targets.get(r[0], {}),
        )
        for r in rows
    ]
