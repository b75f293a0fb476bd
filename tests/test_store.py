"""Opening, creating and refusing plan files."""

import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, delete, insert, inspect, select, text

from cypp_desktop.errors import (
    NewerPlanError,
    NotAPlanError,
    PlanFileError,
    PlanLockedError,
    ReadOnlyPlanError,
)
from cypp_desktop.models import Base, Priority
from cypp_desktop.store import Store, backups, schema
from cypp_desktop.store.dump import dump_plan
from tests.conftest import PostgresServer

FIXTURES = Path(__file__).with_name("fixtures")

Location = Path | str  # a plan file, or a server database's URL


@pytest.fixture
def plan_location(
    backend: str, tmp_path: Path, postgres: PostgresServer | None
) -> Iterator[Location]:
    """Where a new plan can go on each backend: a file's path, or an empty database."""
    if backend == "sqlite":
        yield tmp_path / "plan.cypp"
        return
    assert postgres is not None
    name = postgres.new_database()
    yield postgres.url(name)
    postgres.drop(name)


def _execute(location: Location, sql: str) -> None:
    """Change a plan's database behind the Store's back, as another program might."""
    url = f"sqlite:///{location}" if isinstance(location, Path) else location
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(sql))
    finally:
        engine.dispose()


def test_create_then_reopen(plan_location: Location) -> None:
    with Store.create(plan_location, title="Halton CYPP") as store, store.session() as session:
        session.add(Priority(code="BH", title="Be healthy"))
    with Store.open(plan_location) as store:
        assert store.plan().title == "Halton CYPP"
        assert not store.read_only
        with store.read() as session:
            assert session.query(Priority).one().code == "BH"


def test_the_demo_plan_opens_on_each_backend(demo_plan: Store) -> None:
    assert not demo_plan.read_only
    dump = dump_plan(demo_plan)
    assert dump["plan"]["current_period"] == "2012/13 Q2"
    assert len(dump["priorities"]) >= 8 and len(dump["actions"]) >= 60


def test_a_unit_of_work_that_fails_leaves_nothing_behind(empty_plan: Store) -> None:
    with pytest.raises(RuntimeError, match="power cut"), empty_plan.session() as session:
        session.add(Priority(code="BH", title="Be healthy"))
        session.flush()
        raise RuntimeError("power cut")
    with empty_plan.read() as session:
        assert session.query(Priority).count() == 0


def test_a_closed_plan_is_one_self_contained_file(tmp_path: Path) -> None:
    path = tmp_path / "stick.cypp"
    with Store.create(path, title="USB") as store, store.session() as session:
        session.add(Priority(code="BH", title="Be healthy"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stick.cypp"]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert raw.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "plan.cypp"
    path.write_text("precious")
    with pytest.raises(PlanFileError, match="already exists"):
        Store.create(path, title="x")
    assert path.read_text() == "precious"


def test_a_failed_create_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_connection: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(schema, "upgrade", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        Store.create(tmp_path / "plan.cypp", title="x")
    assert list(tmp_path.iterdir()) == []


def test_a_demo_interrupted_part_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cypp_desktop.store import demo

    real = demo._DemoLoader.load

    def load_then_fail(self: demo._DemoLoader, data: dict[str, object]) -> None:
        real(self, data)
        raise KeyboardInterrupt

    monkeypatch.setattr(demo._DemoLoader, "load", load_then_fail)
    with pytest.raises(KeyboardInterrupt):
        demo.write_demo(tmp_path / "demo.cypp")
    assert list(tmp_path.iterdir()) == []


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match=r"nope\.cypp does not exist"):
        Store.open(tmp_path / "nope.cypp")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not an SQLite database"),
        (b"Name,Owner\nBH,Julie\n", "not an SQLite database"),
        (b"PK\x03\x04 an xlsx perhaps", "not an SQLite database"),
    ],
)
def test_a_file_that_is_not_a_database_is_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "odd.cypp"
    path.write_bytes(content)
    with pytest.raises(NotAPlanError, match=message) as caught:
        Store.open(path)
    assert str(path) in str(caught.value)


def test_an_sqlite_database_that_is_not_a_plan_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(NotAPlanError, match="an SQLite database but not a CYPP plan"):
        Store.open(path)


def test_a_database_that_holds_something_else_is_not_a_plan(
    backend: str, plan_location: Location
) -> None:
    if isinstance(plan_location, Path):
        sqlite3.connect(plan_location).close()
    _execute(plan_location, "CREATE TABLE customers (id INTEGER)")
    expected = {
        "sqlite": "is an SQLite database but not a CYPP plan file",
        "postgresql": "holds no CYPP plan; put one there with 'cypp-desktop copy",
    }[backend]
    with pytest.raises(NotAPlanError, match=expected):
        Store.open(plan_location)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotAPlanError, match="is a folder"):
        Store.open(tmp_path)


def test_a_newer_schema_is_refused_with_a_clear_message(plan_location: Location) -> None:
    Store.create(plan_location, title="From the future").close()
    _execute(plan_location, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(
        NewerPlanError, match=r"newer version of CYPP Desktop \(schema 9999\)"
    ) as caught:
        Store.open(plan_location)
    assert "Please update CYPP Desktop" in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_file_opens_read_only(demo_file: Path) -> None:
    demo_file.chmod(stat.S_IRUSR)
    with Store.open(demo_file) as store:
        assert store.read_only
        assert store.plan().title
        with pytest.raises(ReadOnlyPlanError, match="read-only"), store.session():
            pass


def test_a_plan_that_cannot_be_written_opens_read_only_even_as_root(
    demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above is skipped as root (CI runs as root): here the file system's answer is
    stood in for, and the rest is the Store's own doing."""
    from cypp_desktop.store import store as store_module

    asked: list[Path] = []
    monkeypatch.setattr(store_module, "_writable", lambda path: (asked.append(path), False)[1])
    with Store.open(demo_file) as store:
        assert asked == [demo_file]
        assert store.read_only
        assert store.plan().title
        with (
            pytest.raises(ReadOnlyPlanError) as caught,
            store.session() as session,
        ):
            session.add(Priority(code="NEW", title="x"))
        assert str(caught.value) == f"{demo_file} is open read-only; changes are not saved."
        # Not only the Store's bookkeeping: the connection itself refuses to write.
        with pytest.raises(ReadOnlyPlanError, match="read-only"), store.read() as session:
            session.execute(text("DELETE FROM priority"))
    with Store.open(demo_file) as store, store.read() as session:
        assert session.query(Priority).filter_by(code="NEW").count() == 0


def test_asking_for_read_only_refuses_writes(demo_file: Path) -> None:
    with Store.open(demo_file, read_only=True) as store:
        assert store.read_only
        with pytest.raises(ReadOnlyPlanError, match="open read-only"), store.session():
            pass
        # The SQLite connection itself is read-only, not only the Store's bookkeeping.
        with pytest.raises(ReadOnlyPlanError, match="read-only"), store.read() as session:
            session.execute(text("DELETE FROM priority"))


def test_a_locked_plan_gives_a_clear_message_without_hanging(demo_file: Path) -> None:
    blocker = sqlite3.connect(demo_file, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(PlanLockedError, match="locked by another program") as caught:
            Store.open(demo_file)
        assert str(demo_file) in str(caught.value)
    finally:
        blocker.rollback()
        blocker.close()


def test_a_plan_another_program_is_writing_refuses_our_write_clearly(demo_file: Path) -> None:
    with Store.open(demo_file) as store:
        blocker = sqlite3.connect(demo_file, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with (
                pytest.raises(PlanLockedError, match="try again shortly"),
                store.session() as session,
            ):
                session.add(Priority(code="NEW", title="x"))
            assert store.plan().title  # reading still works meanwhile
        finally:
            blocker.rollback()
            blocker.close()
        with store.read() as session:
            assert session.query(Priority).filter_by(code="NEW").count() == 0


def test_save_a_copy_is_a_whole_plan(demo_store: Store, tmp_path: Path) -> None:
    copy = demo_store.save_copy(tmp_path / "copy.cypp")
    with Store.open(copy) as store:
        assert store.plan().uid == demo_store.plan().uid
    with pytest.raises(PlanFileError, match="is the open plan itself"):
        demo_store.save_copy(demo_store.path)  # type: ignore[arg-type]


def test_every_migration_is_listed_in_revisions() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(schema.__file__).with_name("migrations")))
    scripts = ScriptDirectory.from_config(config)
    walked = [script.revision for script in scripts.walk_revisions()]
    assert tuple(reversed(walked)) == schema.REVISIONS
    assert scripts.get_current_head() == schema.HEAD


def test_migrations_build_exactly_the_models_schema(memory_store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with memory_store._engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.parametrize("revision", schema.REVISIONS)
def test_a_plan_from_each_released_schema_opens_and_upgrades(revision: str, tmp_path: Path) -> None:
    fixture = FIXTURES / f"plan-schema-{revision}.cypp"
    assert fixture.exists(), f"keep a plan file of schema {revision} in tests/fixtures"
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    with Store.open(path) as store, store._engine.connect() as connection:
        assert schema.current_revision(connection, str(path)) == schema.HEAD
        assert "priority" in inspect(connection).get_table_names()
        assert connection.execute(text("SELECT count(*) FROM priority")).scalar_one() > 0


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as raw:
        return str(raw.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as raw:
        tables = [
            row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            table: raw.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }


@pytest.mark.parametrize("revision", schema.REVISIONS[:-1])
def test_an_upgrade_keeps_every_row(revision: str, tmp_path: Path) -> None:
    """SQLite rebuilds altered tables; with foreign keys on, that would cascade-delete rows."""
    path = tmp_path / "old.cypp"
    shutil.copyfile(FIXTURES / f"plan-schema-{revision}.cypp", path)
    before = _row_counts(path)
    assert before["status_update"] > 0 and before["indicator_value"] > 0
    with Store.open(path):
        pass
    after = _row_counts(path)
    assert {table: after[table] for table in before} == before


def test_upgrading_an_older_plan_keeps_a_backup_first(tmp_path: Path, isolated_home: Path) -> None:
    path = tmp_path / "old.cypp"
    shutil.copyfile(FIXTURES / "plan-schema-0001.cypp", path)
    with Store.open(path):
        pass
    assert _revision(path) == schema.HEAD
    taken = backups.snapshots(path)
    assert [s.reason for s in taken] == ["before upgrade from schema 0001"]
    assert taken[0].path.is_relative_to(isolated_home)
    assert _revision(taken[0].path) == "0001"


def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.cypp"
    shutil.copyfile(FIXTURES / "plan-schema-0001.cypp", path)
    real_upgrade = schema.upgrade

    def upgrade_then_fail(connection: object) -> None:
        real_upgrade(connection)  # type: ignore[arg-type]
        raise RuntimeError("power cut")

    monkeypatch.setattr(schema, "upgrade", upgrade_then_fail)
    with pytest.raises(RuntimeError, match="power cut"):
        Store.open(path)
    assert _revision(path) == "0001"
    with sqlite3.connect(path) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert "audit_entry" not in tables


# An older plan kept on a server ------------------------------------------------------------


def _kept_on_server(fixture: Path, url: str, revision: str) -> None:
    """Make the database at ``url`` what a server kept by release ``revision`` would hold:
    that revision's schema, built by its own migrations, with the rows of ``fixture`` (a plan
    file of the same release) copied in, ids and all."""
    from alembic import command
    from alembic.config import Config

    source_engine, target_engine = create_engine(f"sqlite:///{fixture}"), create_engine(url)
    try:
        with source_engine.connect() as source, target_engine.connect() as target:
            with target.begin():
                config = Config()
                config.set_main_option(
                    "script_location", str(Path(schema.__file__).with_name("migrations"))
                )
                config.attributes["connection"] = target
                command.upgrade(config, revision)
            old, new = MetaData(), MetaData()
            old.reflect(source)
            with target.begin():
                new.reflect(target)
                assert set(new.tables) == set(old.tables), "the fixture is not of this revision"
                copied = [t for t in new.sorted_tables if t.name != "alembic_version"]
                for table in reversed(copied):  # rows the migrations seeded give way
                    target.execute(delete(table))
                for table in copied:
                    rows = source.execute(select(old.tables[table.name])).mappings().all()
                    if rows:
                        target.execute(insert(table), [dict(row) for row in rows])
                    if "id" in table.c:  # explicit ids leave the id sequence behind
                        target.execute(
                            text(
                                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                                f'COALESCE(MAX(id), 0) + 1, false) FROM "{table.name}"'
                            ),
                            {"table": table.name},
                        )
    finally:
        source_engine.dispose()
        target_engine.dispose()


def _server_row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                for table in inspect(connection).get_table_names()
            }
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", schema.REVISIONS[:-1])
def test_an_older_plan_on_postgresql_upgrades_with_every_row(
    revision: str, postgres: PostgresServer | None, tmp_path: Path
) -> None:
    """The server's upgrade runs the same migrations as a file's, in PostgreSQL's dialect: it
    must keep every row, and end where the upgrade of the same plan as a file ends."""
    if postgres is None:
        pytest.skip("set CYPP_TEST_POSTGRES_URL to a PostgreSQL server (.ci/run starts one)")
    fixture = FIXTURES / f"plan-schema-{revision}.cypp"
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = _row_counts(path)
    assert before["status_update"] > 0 and before["indicator_value"] > 0
    name = postgres.new_database()
    url = postgres.url(name)
    try:
        _kept_on_server(fixture, url, revision)
        assert _server_row_counts(url) == before
        with Store.open(url) as on_server, on_server._engine.connect() as connection:
            assert schema.current_revision(connection, url) == schema.HEAD
            server_dump = dump_plan(on_server)
        with Store.open(path) as in_file:
            file_dump = dump_plan(in_file)
        upgraded = _server_row_counts(url)
        assert upgraded == _row_counts(path)
        assert {table: upgraded[table] for table in before} == before
        assert server_dump == file_dump
        assert server_dump["actions"] and server_dump["status_history"]
    finally:
        postgres.drop(name)
