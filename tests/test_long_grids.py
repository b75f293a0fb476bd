"""A grid too long to read before the first paint: its first rows show at once, the rest
follow from a worker thread, and nothing the user does meanwhile is lost or shown wrong.

The demo plan's 91 actions stand in for 50,000: the actions grid is told to read only its
first few rows first, and the read of the rest is held at a gate until the test opens it.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from cypp_desktop.errors import CyppError, PlanFileError
from cypp_desktop.models import Priority
from cypp_desktop.store import Store
from cypp_desktop.store.engine import BUSY_TIMEOUT_S
from cypp_desktop.store.grid_rows import _raw_rows, action_grid, action_grid_start
from cypp_desktop.views.grids.actions_grid import ActionsGrid
from cypp_desktop.views.grids.grid_page import GridPage
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from tests.test_grids import (
    PERIOD,
    column,
    page,
    shown,
    stored_action,
    type_into,
)

FIRST = 7
Opened = tuple[MainWindow, PlanController]


@dataclass
class Gate:
    """The read of the rest of the rows starts its read transaction (so it holds the plan
    file's read lock, as a real read does) and then waits here until ``open`` is set. While
    it waits it stops when cancelled, as a real read does between batches, unless
    ``deaf``: then it stands for a read busy inside one long query."""

    open: threading.Event = field(default_factory=threading.Event)
    stopped: threading.Event = field(default_factory=threading.Event)
    reads: list[str] = field(default_factory=list)
    deaf: bool = False
    trouble: Exception | None = None


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Gate:
    gate = Gate()
    real = ActionsGrid.read_all

    def held(
        self: ActionsGrid, session: Session, period: str, between: Callable[[int], None]
    ) -> Any:
        gate.reads.append(period)
        gate.stopped.clear()
        try:
            session.connection().exec_driver_sql("SELECT count(*) FROM action").all()
            while not gate.open.wait(0.01):
                if not gate.deaf:
                    between(0)
            if gate.trouble is not None:
                raise gate.trouble
            return real(self, session, period, between)
        finally:
            gate.stopped.set()

    monkeypatch.setattr(ActionsGrid, "first_rows", FIRST)
    monkeypatch.setattr(ActionsGrid, "read_all", held)
    return gate


def plan_order(path: Path) -> list[int]:
    store = Store.open(path)
    try:
        with store.read() as session:
            return [row.id for row in action_grid(session, PERIOD).rows]
    finally:
        store.close()


def finish(qtbot: QtBot, grid: GridPage[Any], gate: Gate) -> None:
    gate.open.set()
    qtbot.waitUntil(lambda: not grid.controller.partial)


def test_the_first_rows_show_at_once_and_the_rest_join_them(
    qtbot: QtBot,
    qtmodeltester: Any,
    open_window: Callable[..., Opened],
    demo_file: Path,
    gate: Gate,
) -> None:
    window, _ = open_window(demo_file)
    grid = page(window, "Actions")
    order = plan_order(demo_file)
    assert [row.id for row in shown(grid)] == order[:FIRST]
    assert grid.controller.reading
    assert grid.filters.count.text() == f"{FIRST} rows so far…"
    qtmodeltester.check(grid.model)  # and it goes on checking as the rest arrive
    finish(qtbot, grid, gate)
    assert [row.id for row in shown(grid)] == order
    assert len(order) > FIRST
    assert grid.filters.count.text() == f"{len(order)} rows"
    assert grid.filters.count.toolTip() == ""
    assert gate.reads == [PERIOD]
    last = grid.model.row_at(len(order) - 1)
    assert grid.model.index(len(order) - 1, column(grid, "Action")).data() == last.title


def test_a_sort_and_filter_chosen_while_reading_apply_to_every_row(
    qtbot: QtBot, open_window: Callable[..., Opened], demo_file: Path, gate: Gate
) -> None:
    window, _ = open_window(demo_file)
    grid = page(window, "Actions")
    grid.view.sortByColumn(column(grid, "Due"), Qt.SortOrder.DescendingOrder)
    qtbot.keyClicks(grid.filters.quick, "webster")
    assert grid.controller.reading
    finish(qtbot, grid, gate)

    everything = grid.model.rows
    owner_of = grid.definition.names.owners
    websters = [row for row in everything if owner_of.get(row.owner_id) == "Julie Webster"]
    dated = sorted((row for row in websters if row.due_iso), key=lambda r: r.due_iso, reverse=True)
    assert len(websters) > 1
    assert [row.due_iso for row in shown(grid)] == [row.due_iso for row in dated] + [
        None for row in websters if not row.due_iso
    ]
    assert {row.id for row in shown(grid)} == {row.id for row in websters}
    assert grid.filters.count.text() == f"{len(websters)} of {len(everything)}"


def test_an_edit_made_while_reading_stays_and_the_rest_are_read_again(
    qtbot: QtBot,
    open_window: Callable[..., Opened],
    demo_file: Path,
    gate: Gate,
    warnings: list[str],
) -> None:
    window, _ = open_window(demo_file)
    grid = page(window, "Actions")
    first = grid.model.row_at(0)
    type_into(qtbot, grid, grid.model.index(0, column(grid, "Action")), "Renamed while reading")
    finish(qtbot, grid, gate)
    assert warnings == []
    assert gate.reads == [PERIOD, PERIOD]  # the first read stopped for the edit
    assert [row.id for row in shown(grid)] == plan_order(demo_file)
    assert grid.model.row_at(0).id == first.id
    assert grid.model.row_at(0).title == "Renamed while reading"
    assert grid.model.row_at(0).version > first.version


def test_closing_the_plan_while_reading_stops_the_read_first(
    qtbot: QtBot, open_window: Callable[..., Opened], demo_file: Path, gate: Gate
) -> None:
    window, controller = open_window(demo_file)
    grid = page(window, "Actions")
    assert grid.controller.reading
    controller.close_plan()
    assert gate.stopped.is_set()  # before the store closed under it
    assert not grid.controller.reading
    assert controller.store is None
    assert len(grid.model.rows) == FIRST


def test_the_first_rows_are_the_start_of_the_whole_grid(demo_plan: Store) -> None:
    """On SQLite and PostgreSQL, with the priorities in an order their ids are not."""
    with demo_plan.session() as session:
        priorities = list(session.scalars(select(Priority).order_by(Priority.id)))
        for position, priority in enumerate(reversed(priorities)):
            priority.position = position
    with demo_plan.read() as session:
        whole = action_grid(session, PERIOD)
        start = action_grid_start(session, PERIOD, 30)
    assert start.rows == whole.rows[:30]
    assert whole.rows[0].priority_id == priorities[-1].id
    assert start.names == whole.names
    assert start.commentary == {
        row.id: whole.commentary[row.id] for row in start.rows if row.id in whole.commentary
    }
    assert start.commentary


def test_only_a_plan_on_one_shared_connection_is_read_whole(
    memory_store: Store, demo_store: Store
) -> None:
    assert not memory_store.reads_in_parallel
    assert demo_store.reads_in_parallel


def test_an_edit_made_while_reading_does_not_wait_for_the_read(
    qtbot: QtBot,
    open_window: Callable[..., Opened],
    demo_file: Path,
    gate: Gate,
    warnings: list[str],
) -> None:
    """The read holds the plan file's read lock; an edit must not queue behind it (it
    would wait, then fail as "locked") but stop it, write, and read again."""
    window, _ = open_window(demo_file)
    grid = page(window, "Actions")
    code = grid.model.row_at(1).code
    started = time.monotonic()
    type_into(qtbot, grid, grid.model.index(1, column(grid, "% complete")), "35")
    assert time.monotonic() - started < BUSY_TIMEOUT_S
    assert warnings == []
    assert stored_action(demo_file, code).percent_complete == 35
    qtbot.waitUntil(lambda: len(gate.reads) == 2)  # read again, after the edit
    assert grid.filters.count.text() == f"{FIRST} rows so far…"
    finish(qtbot, grid, gate)
    assert grid.model.row_at(1).percent_complete == 35


def test_a_row_added_while_reading_stays_where_it_was_added(
    qtbot: QtBot, open_window: Callable[..., Opened], demo_file: Path, gate: Gate
) -> None:
    window, _ = open_window(demo_file)
    grid = page(window, "Actions")
    grid.view.setCurrentIndex(grid.model.index(FIRST - 1, column(grid, "Action")))
    grid.view.add_requested.emit()
    added = grid.model.row_at(FIRST)
    assert grid.view.currentIndex().row() == FIRST
    resets: list[bool] = []
    grid.model.modelReset.connect(lambda: resets.append(True))
    finish(qtbot, grid, gate)
    assert not resets
    assert grid.model.row_at(grid.view.currentIndex().row()).id == added.id
    assert grid.view.currentIndex().row() == FIRST
    assert sorted(row.id for row in shown(grid)) == sorted(plan_order(demo_file))


def test_closing_the_plan_waits_for_a_read_that_a_reload_superseded(
    qtbot: QtBot, open_window: Callable[..., Opened], demo_file: Path, gate: Gate
) -> None:
    window, controller = open_window(demo_file)
    grid = page(window, "Actions")
    gate.deaf = True  # busy in one long query: it cannot stop at once
    assert grid.controller.context is not None
    grid.controller.load(grid.controller.context)  # a reload reads whole, at once
    assert [row.id for row in shown(grid)] == plan_order(demo_file)
    assert not grid.controller.reading
    assert not gate.stopped.is_set()  # the first read is still in its query
    threading.Timer(0.3, gate.open.set).start()
    controller.close_plan()
    assert gate.stopped.is_set()  # waited for, before the store closed
    assert controller.store is None


def test_a_reload_keeps_the_grid_where_it_was(
    qtbot: QtBot, open_window: Callable[..., Opened], demo_file: Path, gate: Gate
) -> None:
    window, _ = open_window(demo_file, size=(1000, 500))
    grid = page(window, "Actions")
    finish(qtbot, grid, gate)
    bar = grid.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    where = bar.value()
    assert where > 0
    assert grid.controller.context is not None
    grid.controller.load(grid.controller.context)
    QApplication.processEvents()
    assert bar.value() == where
    assert len(gate.reads) == 1  # read whole, not in two steps again


def test_a_read_that_fails_says_so_and_the_grid_keeps_its_first_rows(
    qtbot: QtBot,
    open_window: Callable[..., Opened],
    demo_file: Path,
    gate: Gate,
    warnings: list[str],
) -> None:
    window, _ = open_window(demo_file)
    grid = page(window, "Actions")
    gate.trouble = PlanFileError(f"{demo_file} could not be read: disk I/O error")
    gate.open.set()
    qtbot.waitUntil(lambda: grid.controller.read_failed)
    assert warnings == [
        f"Only the first {FIRST} rows could be read: {demo_file} could not be read: disk I/O "
        "error\nReopen the plan to read them all."
    ]
    assert grid.filters.count.text() == f"{FIRST} rows (not all)"
    assert "could not be read" in grid.filters.count.toolTip()
    assert len(grid.model.rows) == FIRST


def test_a_driver_error_in_a_grid_read_is_explained_like_any_other(demo_store: Store) -> None:
    with (
        pytest.raises(CyppError, match=re.escape(str(demo_store.location))),
        demo_store.read() as session,
    ):
        _raw_rows(session.connection(), "SELECT nothing FROM nowhere")
