"""Shared fixtures. Qt runs headless, and nothing a test does touches the real user's files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

import pytest

from cypp_desktop.paths import HOME_VARIABLE
from cypp_desktop.store import Store
from cypp_desktop.store.demo import write_demo

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from cypp_desktop.views.main_window import MainWindow
    from cypp_desktop.views.plan_controller import PlanController

    Opened = tuple[MainWindow, PlanController]


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Settings, backups and logs of each test go to a fresh folder of its own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv(HOME_VARIABLE, str(home))
    return home


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan, written once per test run; tests get their own copy."""
    path = tmp_path_factory.mktemp("template") / "demo.cypp"
    os.environ.setdefault(HOME_VARIABLE, str(tmp_path_factory.mktemp("template-home")))
    write_demo(path)
    return path


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.cypp"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo_store(demo_file: Path) -> Iterator[Store]:
    store = Store.open(demo_file)
    yield store
    store.close()


@pytest.fixture
def memory_store() -> Iterator[Store]:
    store = Store.create(":memory:", title="Test plan")
    yield store
    store.close()


# The main window, as a user sees it ----------------------------------------------------------


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[Callable[..., Opened]]:
    """Opens the real main window on a plan, shown offscreen at a laptop's size; every
    window opened is closed when the test ends."""
    from cypp_desktop.app import build_main_window, create_application

    windows: list[Any] = []

    def open_on(plan: Path, *, size: tuple[int, int] = (1200, 780)) -> Opened:
        create_application()
        window, controller = build_main_window(plan)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window, controller

    yield open_on
    for window in windows:
        window.close()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every warning box the window shows, shown to nobody."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    return shown


@pytest.fixture
def opened(open_window: Callable[..., Opened], demo_file: Path) -> Opened:
    """The main window on a fresh copy of the demo plan."""
    return open_window(demo_file)


# The store on every backend ---------------------------------------------------------------
#
# Store-level tests take `empty_plan` or `demo_plan` and run once on SQLite and once on
# PostgreSQL. The PostgreSQL runs need a server: CYPP_TEST_POSTGRES_URL names a role that
# may create databases (.ci/run starts one on 127.0.0.1); without it they are skipped.

POSTGRES_URL = os.environ.get("CYPP_TEST_POSTGRES_URL", "")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL,
            reason="set CYPP_TEST_POSTGRES_URL to a PostgreSQL server (.ci/run starts one)",
        ),
    ),
]


class PostgresServer:
    """Makes and drops a database per test, copying a ready demo plan from a template."""

    TEMPLATE = "cypp_test_demo_template"

    def __init__(self, admin_url: str):
        from sqlalchemy import create_engine, make_url

        self.base = make_url(admin_url)
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.count = 0
        self.has_template = False

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _run(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def new_database(self, *, from_template: bool = False) -> str:
        self.count += 1
        name = f"cypp_test_{os.getpid()}_{self.count}"
        self._run(f'DROP DATABASE IF EXISTS "{name}"')
        template = f' TEMPLATE "{self.TEMPLATE}"' if from_template else ""
        self._run(f'CREATE DATABASE "{name}"{template}')
        return name

    def drop(self, name: str) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def ensure_template(self) -> None:
        if not self.has_template:
            self.drop(self.TEMPLATE)
            self._run(f'CREATE DATABASE "{self.TEMPLATE}"')
            write_demo(self.url(self.TEMPLATE))
            self.has_template = True

    def close(self) -> None:
        if self.has_template:
            self.drop(self.TEMPLATE)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer | None]:
    if not POSTGRES_URL:
        yield None
        return
    server = PostgresServer(POSTGRES_URL)
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_plan(backend: str, postgres: PostgresServer | None) -> Iterator[Store]:
    """A new, empty plan on each backend."""
    if backend == "sqlite":
        store = Store.create(":memory:", title="Test plan")
        yield store
        store.close()
        return
    assert postgres is not None
    name = postgres.new_database()
    store = Store.create(postgres.url(name), title="Test plan")
    yield store
    store.close()
    postgres.drop(name)


@pytest.fixture
def demo_plan(
    backend: str, demo_template: Path, tmp_path: Path, postgres: PostgresServer | None
) -> Iterator[Store]:
    """The demo plan on each backend."""
    if backend == "sqlite":
        path = tmp_path / "demo.cypp"
        shutil.copyfile(demo_template, path)
        store = Store.open(path)
        yield store
        store.close()
        return
    assert postgres is not None
    postgres.ensure_template()
    name = postgres.new_database(from_template=True)
    store = Store.open(postgres.url(name))
    yield store
    store.close()
    postgres.drop(name)
