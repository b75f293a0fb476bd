"""Copying a whole plan between a plan file and a database server, either way.

An office moves its plan onto PostgreSQL when several people edit it at once, and a laptop
takes a copy out as a plan file to work offline. Rows are copied with their ids and the
plan's uid, so a return workbook made from either copy imports into the other.

A copy is all or nothing: a file is built under a temporary name and renamed; a server
database is filled in one transaction, schema and rows together.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, delete, insert, inspect, select, text

from cypp_desktop.errors import PlanFileError
from cypp_desktop.files import sync_to_disk, temporary_name
from cypp_desktop.models import Base
from cypp_desktop.store import schema
from cypp_desktop.store.engine import server_engine, shown_url, sqlite_file_engine

BATCH = 2000


def copy_to_file(source: Connection, destination: Path) -> Path:
    """Write the plan read through ``source`` to a new plan file at ``destination``."""
    temporary = temporary_name(destination)
    sqlite3.connect(temporary).close()  # mode=rw below needs the file to exist
    engine = sqlite_file_engine(temporary, read_only=False)
    try:
        with engine.connect() as target:
            schema.migrate(target, application_id=True)
            with target.begin():
                copy_rows(source, target)
        engine.dispose()
        sync_to_disk(temporary)
        temporary.replace(destination)
    except BaseException:
        engine.dispose()
        temporary.unlink(missing_ok=True)
        raise
    return destination


def copy_to_server(source: Connection, url: str) -> None:
    """Write the plan read through ``source`` into the empty server database at ``url``."""
    engine = server_engine(url)
    try:
        with engine.connect() as target, target.begin():
            require_empty(target, shown_url(url))
            schema.upgrade(target)
            copy_rows(source, target)
    finally:
        engine.dispose()


def require_empty(connection: Connection, where: str) -> None:
    """Refuse a server database that already holds tables: a plan is never written over,
    or beside, someone else's data."""
    tables = inspect(connection).get_table_names()
    if tables:
        raise PlanFileError(
            f"{where} is not empty (it holds {len(tables)} tables); "
            "a plan needs a database of its own."
        )


def copy_rows(source: Connection, target: Connection) -> None:
    """Every row of every table, parents before children, in id order, then the server's
    id counters moved past the copied ids so new rows do not collide with them. Rows the
    migrations seeded in the new schema (the boards) give way to the source's own."""
    for table in reversed(Base.metadata.sorted_tables):
        target.execute(delete(table))
    for table in Base.metadata.sorted_tables:
        rows = source.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        while batch := rows.fetchmany(BATCH):
            target.execute(insert(table), [dict(row) for row in batch])
    if target.dialect.name == "postgresql":
        advance_sequences(target)


def advance_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences that explicit-id inserts do not move."""
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].autoincrement is False:
            continue
        column = key[0].name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE(MAX("{column}"), 0) + 1, false) FROM "{table.name}"'
            ),
            {"table": table.name, "column": column},
        )
