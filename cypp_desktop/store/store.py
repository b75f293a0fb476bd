"""The one owner of a plan's database.

Views, the CLI and workers all go through a ``Store``: it opens or creates the plan, brings its
schema up to date, and hands out one session per unit of work. Nothing else creates engines
or sessions.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from cypp_desktop.errors import (
    ConflictError,
    NotAPlanError,
    PlanFileError,
    PlanLockedError,
    ReadOnlyPlanError,
)
from cypp_desktop.models import Plan
from cypp_desktop.store import backups, schema, transfer
from cypp_desktop.store.changes import ChangeBus
from cypp_desktop.store.engine import (
    WRITE_OPTION,
    server_engine,
    shown_url,
    sqlite_file_engine,
    sqlite_memory_engine,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
PLAN_SUFFIX = ".cypp"
MEMORY = ":memory:"


class Store:
    """A plan database: a ``.cypp`` SQLite file, an in-memory plan, or a server URL."""

    def __init__(self, engine: Engine, *, location: str, path: Path | None, read_only: bool):
        self._engine = engine
        self.location = location
        self.path = path
        self.read_only = read_only
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self.changes = ChangeBus()
        self.keep_backups = backups.DEFAULT_KEEP

    @property
    def reads_in_parallel(self) -> bool:
        """Whether a worker thread may read while the GUI thread does: each gets its own
        connection, except in an in-memory plan, which is one connection shared."""
        return self.location != MEMORY

    # Opening and creating --------------------------------------------------------------

    @classmethod
    def open(cls, location: str | Path, *, read_only: bool = False) -> Store:
        """Open an existing plan, migrating an older schema after a backup copy.

        Raises a PlanFileError subclass, with a message naming the file, when the target is
        missing, not a plan, from a newer version, locked, or read-only and in need of an upgrade.
        """
        if isinstance(location, str) and "://" in location:
            return cls._open_server(location)
        if str(location) == MEMORY:
            raise NotAPlanError("An in-memory plan cannot be opened, only created.")
        path = Path(location)
        _check_plan_file(path)
        read_only = read_only or not _writable(path)
        store = cls(
            sqlite_file_engine(path, read_only=read_only),
            location=str(path),
            path=path,
            read_only=read_only,
        )
        try:
            store._bring_schema_up_to_date()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def create(cls, location: str | Path, *, title: str, overwrite: bool = False) -> Store:
        """Create a new, empty plan. A file is built under a temporary name and renamed, so
        a failure never leaves a half-made plan (or destroys the file being replaced)."""
        if str(location) == MEMORY:
            store = cls(sqlite_memory_engine(), location=MEMORY, path=None, read_only=False)
            store._initialise(title)
            return store
        if isinstance(location, str) and "://" in location:
            return cls._create_server(location, title)
        path = Path(location)
        if path.exists() and not overwrite:
            raise PlanFileError(f"{path} already exists; choose another name.")
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        sqlite3.connect(temporary).close()  # mode=rw below needs the file to exist
        building = cls(
            sqlite_file_engine(temporary, read_only=False),
            location=str(temporary),
            path=temporary,
            read_only=False,
        )
        try:
            building._initialise(title)
            building.close()
            temporary.replace(path)
        except BaseException:
            building.close()
            temporary.unlink(missing_ok=True)
            raise
        return cls.open(path)

    @classmethod
    def _open_server(cls, url: str) -> Store:
        store = cls(server_engine(url), location=shown_url(url), path=None, read_only=False)
        try:
            store._bring_schema_up_to_date()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def _create_server(cls, url: str, title: str) -> Store:
        """A new plan in an empty server database; one that already holds tables is refused
        rather than mixed with."""
        store = cls(server_engine(url), location=shown_url(url), path=None, read_only=False)
        try:
            with store._translate_errors():
                with store._engine.connect() as connection:
                    transfer.require_empty(connection, store.location)
                store._initialise(title)
        except BaseException:
            store.close()
            raise
        return store

    def _initialise(self, title: str) -> None:
        with self._writer.connect() as connection:
            schema.migrate(connection, application_id=True)
        with self.session() as session:
            session.add(Plan(id=1, uid=uuid.uuid4().hex, title=title))

    def _bring_schema_up_to_date(self) -> None:
        try:
            with self._engine.connect() as connection:
                revision = schema.current_revision(connection, self.location)
            if not schema.needs_upgrade(revision, self.location):
                return
            if self.read_only:
                raise ReadOnlyPlanError(
                    f"{self.location} needs upgrading from schema {revision} but is "
                    "read-only; copy it somewhere you can write to and open the copy."
                )
            if self.path is not None:
                backups.snapshot(
                    self.path,
                    reason=f"before upgrade from schema {revision}",
                    keep=self.keep_backups,
                )
            with self._writer.connect() as connection:
                schema.migrate(connection)
        except DatabaseError as error:
            raise _explain(error, self.location) from error

    # Units of work -----------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work, one transaction: committed on success, rolled back on error."""
        if self.read_only:
            raise ReadOnlyPlanError(f"{self.location} is open read-only; changes are not saved.")
        with (
            self._translate_errors(),
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; closing it ends the transaction without committing, and
        leaves what it loaded usable as detached snapshots."""
        with self._translate_errors(), self._sessions() as session:
            yield session

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError:
            raise  # a change the plan's rules refuse: the write path explains it
        except DatabaseError as error:  # locked, read-only, damaged, or a server's trouble
            raise _explain(error, self.location) from error
        except StaleDataError as error:
            # Two writers read the same version at once: on a server the later UPDATE finds
            # the row already moved on. (SQLite writers queue on the lock, so never there.)
            raise ConflictError(
                "Someone else changed the same item at the same moment; nothing of this "
                "change was saved. Reload and try again."
            ) from error

    def plan(self) -> Plan:
        with self.read() as session:
            return session.execute(select(Plan)).scalar_one()

    # Whole-file operations ---------------------------------------------------------------

    def snapshot(self, reason: str) -> Path | None:
        """A backup copy before risky work (an import, a bulk change). A plan held in a
        database server is backed up by the server's own tools, so None there."""
        if self.path is None or self.read_only:
            return None
        return backups.snapshot(self.path, reason=reason, keep=self.keep_backups)

    def save_copy(self, destination: Path) -> Path:
        """Write a consistent copy of the plan as a plan file, safely renamed: a file through
        the SQLite online backup API, a server's plan row by row (a laptop's offline copy)."""
        if self.path is None:
            with self.read() as session:
                return transfer.copy_to_file(session.connection(), destination)
        if destination.resolve() == self.path.resolve():
            raise PlanFileError(f"{destination} is the open plan itself; choose another name.")
        return backups.copy_plan(self.path, destination)

    def copy_to_server(self, url: str) -> None:
        """Put the whole plan into the empty server database at ``url``."""
        with self.read() as session:
            transfer.copy_to_server(session.connection(), url)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _check_plan_file(path: Path) -> None:
    if not path.exists():
        raise PlanFileError(f"{path} does not exist.")
    if path.is_dir():
        raise NotAPlanError(f"{path} is a folder, not a plan file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except PermissionError as error:
        raise PlanFileError(f"{path} cannot be read: permission denied.") from error
    if header != SQLITE_MAGIC:
        raise NotAPlanError(f"{path} is not a CYPP plan file (it is not an SQLite database).")


def _writable(path: Path) -> bool:
    """SQLite writes its rollback journal beside the file, so the folder must be writable too."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _explain(error: DatabaseError, location: str) -> PlanFileError:
    message = " ".join((str(error.orig) if error.orig is not None else str(error)).split())
    if "locked" in message or "busy" in message:
        return PlanLockedError(
            f"{location} is locked by another program (is it open elsewhere?); try again shortly."
        )
    if "readonly" in message or "read-only" in message:
        return ReadOnlyPlanError(f"{location} is read-only; changes cannot be saved.")
    if "not a database" in message or "malformed" in message:
        return NotAPlanError(f"{location} is damaged or not a plan file ({message}).")
    return PlanFileError(f"{location}: {message.rstrip('.')}{'' if message.endswith('?') else '.'}")
