"""Plans on a database server, and whole-plan copies between a file and a server.

Tests marked by the ``postgres`` fixture need CYPP_TEST_POSTGRES_URL (.ci/run starts a
server); the file-only ones always run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from cypp_desktop.cli import main
from cypp_desktop.errors import NewerPlanError, NotAPlanError, PlanFileError
from cypp_desktop.models import ItemKind
from cypp_desktop.store import Store, transfer
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.edits import add_item
from tests.conftest import PostgresServer


@pytest.fixture
def database(postgres: PostgresServer | None) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    if postgres is None:
        pytest.skip("set CYPP_TEST_POSTGRES_URL to a PostgreSQL server (.ci/run starts one)")
    name = postgres.new_database()
    yield postgres.url(name)
    postgres.drop(name)


def _dump(location: str | Path) -> dict[str, object]:
    with Store.open(location) as store:
        return dump_plan(store)


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return inspect(connection).get_table_names()
    finally:
        engine.dispose()


# Copies to a file: always run ----------------------------------------------------------------


def test_a_plan_without_a_file_saves_a_copy_row_by_row(tmp_path: Path) -> None:
    with Store.create(":memory:", title="Held in memory") as store:
        add_item(
            store, ItemKind.PRIORITY, {"code": "P1", "title": "Be healthy"}, who="t", source="t"
        )
        copy = store.save_copy(tmp_path / "copy.cypp")
        expected = dump_plan(store)
    assert _dump(copy) == expected
    assert list(tmp_path.iterdir()) == [copy]


def test_a_failed_copy_to_a_file_leaves_nothing_behind(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(transfer, "copy_rows", fail)
    with demo_store.read() as session, pytest.raises(OSError, match="disk full"):
        transfer.copy_to_file(session.connection(), folder / "copy.cypp")
    assert list(folder.iterdir()) == []


def test_cli_copy_between_files_refuses_to_replace_without_force(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "laptop.cypp"
    target.write_bytes(b"someone's work")
    assert main(["copy", str(demo_file), str(target)]) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert target.read_bytes() == b"someone's work"
    assert main(["copy", str(demo_file), str(target), "--force"]) == 0
    assert _dump(target) == _dump(demo_file)


def test_an_unusable_url_is_named_without_its_password() -> None:
    with pytest.raises(PlanFileError) as caught:
        Store.open("nosuchdb://officer:s3cret@trust-server/plan")
    message = str(caught.value)
    assert "s3cret" not in message
    assert "nosuchdb://officer:***@trust-server/plan" in message
    assert "expected postgresql+psycopg://" in message


def test_a_server_that_is_not_there_is_a_clear_message_not_a_hang() -> None:
    with pytest.raises(PlanFileError) as caught:
        Store.open("postgresql+psycopg://officer:s3cret@127.0.0.1:9/plan?connect_timeout=3")
    message = str(caught.value)
    assert "s3cret" not in message
    assert message.startswith("postgresql+psycopg://officer:***@127.0.0.1:9/plan")
    assert "\n" not in message


# Plans on PostgreSQL ------------------------------------------------------------------------


def test_a_plan_copied_to_the_server_and_back_is_the_same_plan(
    demo_file: Path, database: str, tmp_path: Path
) -> None:
    before = _dump(demo_file)
    assert main(["copy", str(demo_file), database]) == 0
    assert _dump(database) == before
    back = tmp_path / "laptop.cypp"
    assert main(["copy", database, str(back)]) == 0
    assert _dump(back) == before


def test_new_rows_on_the_server_do_not_collide_with_copied_ids(
    demo_store: Store, database: str
) -> None:
    demo_store.copy_to_server(database)
    with Store.open(database) as server:
        with server.read() as session:
            highest = session.execute(text("SELECT MAX(id) FROM priority")).scalar_one()
        new_id = add_item(
            server,
            ItemKind.PRIORITY,
            {"code": "P9", "title": "Added at the office"},
            who="officer",
            source="grid",
        )
    assert new_id == highest + 1


def test_copying_onto_a_database_that_is_not_empty_is_refused(
    demo_store: Store, database: str
) -> None:
    demo_store.copy_to_server(database)
    tables = _tables(database)
    before = _dump(database)
    with pytest.raises(PlanFileError, match=r"is not empty .* a database of its own"):
        demo_store.copy_to_server(database)
    with pytest.raises(PlanFileError, match="is not empty"):
        Store.create(database, title="Another plan")
    assert _tables(database) == tables
    assert _dump(database) == before


def test_a_failed_copy_to_the_server_leaves_it_empty(
    demo_store: Store, database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = transfer.copy_rows

    def copy_then_fail(source: object, target: object) -> None:
        real(source, target)  # type: ignore[arg-type]
        raise OSError("network dropped")

    monkeypatch.setattr(transfer, "copy_rows", copy_then_fail)
    with pytest.raises(OSError, match="network dropped"):
        demo_store.copy_to_server(database)
    assert _tables(database) == []


def test_an_empty_database_is_not_a_plan(database: str) -> None:
    with pytest.raises(NotAPlanError, match="holds no CYPP plan; put one there with"):
        Store.open(database)


def test_a_newer_schema_on_the_server_is_refused(demo_store: Store, database: str) -> None:
    demo_store.copy_to_server(database)
    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(NewerPlanError, match=r"schema 9999"):
        Store.open(database)


def test_the_demo_written_straight_to_the_server_matches_the_demo_file(
    demo_file: Path, database: str
) -> None:
    assert main(["demo", database]) == 0
    on_server, in_file = _dump(database), _dump(demo_file)
    for dump in (on_server, in_file):
        del dump["plan"]["uid"]  # type: ignore[attr-defined]  # each new plan has its own
    assert on_server == in_file
