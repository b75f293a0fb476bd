"""Two windows, or a window and a CLI import, on one plan: no update is ever lost.

Each writer checks the version of the row it read; a stale write is refused as a conflict
with an offer to reload. benchmarks/concurrency.py hammers the same rule from several
processes; a small sample of it runs here on each backend.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from cypp_desktop.returns import layout
from cypp_desktop.returns.make import make_returns
from cypp_desktop.store import Store
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.views.grids import controller as controller_module
from cypp_desktop.views.main_window import MainWindow
from tests.conftest import PostgresServer
from tests.test_grids import audit, cell, page, row_of, stored_action, type_into

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

from concurrency import run as hammer

PERIOD = "2012/13 Q2"


@pytest.fixture
def conflicts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The conflict messages shown; each is answered with Reload."""
    shown: list[str] = []
    monkeypatch.setattr(
        controller_module, "ask_to_reload", lambda _w, message: (shown.append(message), True)[1]
    )
    return shown


@pytest.fixture
def two_windows(
    open_window: Callable[..., tuple[MainWindow, Any]], demo_file: Path
) -> tuple[MainWindow, MainWindow]:
    return open_window(demo_file)[0], open_window(demo_file)[0]


def use(qtbot: QtBot, window: MainWindow) -> None:
    """Bring a window to the front, as clicking on it does: keys go to the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cypp_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_two_windows_on_one_plan_never_lose_an_update(
    qtbot: QtBot,
    two_windows: tuple[MainWindow, MainWindow],
    demo_file: Path,
    conflicts: list[str],
) -> None:
    first, second = two_windows
    mine, theirs = page(first, "Actions"), page(second, "Actions")
    use(qtbot, first)
    type_into(qtbot, mine, cell(mine, "PEH-PA1", "Action"), "Nurse partnership agreed")
    use(qtbot, second)
    with qtbot.waitSignal(theirs.controller.reloaded):  # the second window chose Reload
        type_into(qtbot, theirs, cell(theirs, "PEH-PA1", "% complete"), "40")
    assert len(conflicts) == 1
    assert "Action PEH-PA1 was changed by someone else" in conflicts[0]
    assert stored_action(demo_file, "PEH-PA1").title == "Nurse partnership agreed"
    reloaded = theirs.model.row_at(row_of(theirs, "PEH-PA1"))
    assert reloaded.title == "Nurse partnership agreed"  # the reload shows the other's change
    type_into(qtbot, theirs, cell(theirs, "PEH-PA1", "% complete"), "40")
    action = stored_action(demo_file, "PEH-PA1")
    assert (action.title, action.percent_complete) == ("Nurse partnership agreed", 40)
    assert len(conflicts) == 1
    changed = [(entry.field, entry.new_value) for entry in audit(demo_file)[-2:]]
    assert changed == [("title", "Nurse partnership agreed"), ("percent_complete", "40")]


def test_a_cli_import_while_the_window_is_open_is_not_overwritten_by_it(
    qtbot: QtBot,
    open_window: Callable[..., tuple[MainWindow, Any]],
    demo_file: Path,
    tmp_path: Path,
    conflicts: list[str],
) -> None:
    window, _controller = open_window(demo_file)
    grid = page(window, "Actions")
    with Store.open(demo_file) as store:
        [made] = make_returns(store, PERIOD, tmp_path, owners=["Julie Webster"], who="officer")
    book = openpyxl.load_workbook(made.path)
    sheet = book["Actions"]
    row = next(
        r for r in range(layout.FIRST_ROW, sheet.max_row + 1) if sheet.cell(r, 2).value == "PEH-PA1"
    )
    sheet.cell(row, layout.ACTIONS.index("percent_complete")).value = 95
    book.save(made.path)

    imported = _cli("returns", "import", str(demo_file), str(made.path))
    assert imported.returncode == 0, imported.stderr
    assert stored_action(demo_file, "PEH-PA1").percent_complete == 95

    with qtbot.waitSignal(grid.controller.reloaded):
        type_into(qtbot, grid, cell(grid, "PEH-PA1", "% complete"), "50")
    assert "Action PEH-PA1 was changed by someone else" in conflicts[0]
    assert stored_action(demo_file, "PEH-PA1").percent_complete == 95  # the import stands
    assert grid.model.row_at(row_of(grid, "PEH-PA1")).percent_complete == 95
    type_into(qtbot, grid, cell(grid, "PEH-PA1", "% complete"), "50")  # now knowingly
    assert stored_action(demo_file, "PEH-PA1").percent_complete == 50
    sources = [entry.source for entry in audit(demo_file) if entry.field == "percent_complete"]
    assert sources[-2:] == [f"return: {made.path.name} (Julie Webster)", "grid"]


def test_a_cli_import_into_a_locked_plan_says_so_and_changes_nothing(
    demo_file: Path, tmp_path: Path
) -> None:
    with Store.open(demo_file) as store:
        [made] = make_returns(store, PERIOD, tmp_path, owners=["Julie Webster"], who="officer")
    book = openpyxl.load_workbook(made.path)
    book["Actions"].cell(layout.FIRST_ROW, layout.ACTIONS.index("commentary")).value = "New"
    book.save(made.path)
    before = Store.open(demo_file)
    expected = dump_plan(before)
    before.close()
    holder = sqlite3.connect(demo_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program is part-way through writing
    try:
        started = time.monotonic()
        result = _cli("returns", "import", str(demo_file), str(made.path))
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "is locked by another program" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert waited < 60  # a short busy timeout, then the message: never a hang
    with Store.open(demo_file) as after:
        assert dump_plan(after) == expected


def test_several_processes_editing_the_same_rows_lose_nothing_on_a_file() -> None:
    result = hammer(workers=3, edits=20)
    assert (result["lost"], result["locked"], result["writes"]) == (0, 0, 60), result
    assert result["conflicts"] > 0  # they really did meet on the same rows


def test_several_processes_editing_the_same_rows_lose_nothing_on_postgresql(
    postgres: PostgresServer | None,
) -> None:
    if postgres is None:
        pytest.skip("set CYPP_TEST_POSTGRES_URL to a PostgreSQL server (.ci/run starts one)")
    name = postgres.new_database()
    try:
        result = hammer(workers=3, edits=20, db=postgres.url(name))
    finally:
        postgres.drop(name)
    assert (result["lost"], result["locked"], result["writes"]) == (0, 0, 60), result
    assert result["conflicts"] > 0
