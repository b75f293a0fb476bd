"""Engines for plan files, in-memory plans and server databases, set up once and correctly.

SQLite settings, and why:
- ``journal_mode=DELETE``: a plan is copied onto USB sticks and attached to e-mails, so after
  close it must be one self-contained file. WAL would leave ``-wal``/``-shm`` companions that
  hold committed data; the rollback journal is deleted at each commit.
- ``synchronous=FULL``: a commit is on disk before the call returns; a killed process or a
  pulled stick loses at most the edit in flight, never the file.
- ``foreign_keys=ON``: SQLite leaves them off by default.
- a short busy timeout: a plan locked by another program gives a clear message, not a hang.
- ``BEGIN`` issued by us, not by the sqlite3 module, so that DDL (migrations) is transactional
  too and a failed migration leaves the file as it was; writers take ``BEGIN IMMEDIATE`` so two
  writers queue on the lock instead of failing half-way through.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import QueuePool, StaticPool

from cypp_desktop.errors import PlanFileError

BUSY_TIMEOUT_S = 3.0
WRITE_OPTION = "cypp_write"


def sqlite_file_engine(path: Path, *, read_only: bool) -> Engine:
    mode = "ro" if read_only else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None
        )

    # A pool of connections any thread may borrow, as for any file database. (The bare URL
    # would get the in-memory pool, one connection per thread, five at most: a sixth
    # thread's would close another thread's mid-read.)
    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool)
    _configure_sqlite(engine)
    return engine


def sqlite_memory_engine() -> Engine:
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None),
        poolclass=StaticPool,
    )
    _configure_sqlite(engine)
    return engine


def server_engine(url: str) -> Engine:
    """An engine for a plan on a database server. Nothing connects yet: a server that is down
    or refuses the login is reported when the plan is first read."""
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as error:
        raise PlanFileError(
            f"{shown_url(url)} is not a database URL this application can use; expected "
            "postgresql+psycopg://USER@HOST/DATABASE."
        ) from error
    except ImportError as error:
        raise PlanFileError(
            f"{shown_url(url)} needs the database driver {error.name or ''}, which is not "
            "installed; install cypp-desktop[postgres]."
        ) from error


def shown_url(url: str) -> str:
    """A database URL fit to show, log and remember: never its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA synchronous=FULL")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() not in ("delete", "memory"):
            cursor.execute("PRAGMA journal_mode=DELETE")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
