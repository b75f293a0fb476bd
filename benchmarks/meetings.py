"""Meetings on a very large plan: presenter mode's read and "changes since the last meeting".

    python benchmarks/meetings.py --json [--actions 50000] [--runs 3]

Builds a synthetic plan with benchmarks/synthetic.py (50,000 actions, 200 indicators, 12
periods) and gives it what a board's year leaves behind: a status update per action for the
quarter before (recorded before the last meeting), two meetings of the Children's Trust
Board with an agenda of every kind of item (each priority, an objective, the exceptions, the
action log, a paper), 500 actions set at the first and 150 of them closed since, and 200
indicator values revised in the audit trail since.

``presentation_s`` times ``build_presentation`` (everything presenter mode reads before it
opens: every RAG in the period, the key indicator charts, the open actions); ``changes_s``
times ``changes_since_last_meeting``. Each is compared with a bare ``SELECT`` of the tables
it reads, through the same engine in the same run (``*_select_s``): the floor any reading
of those rows cannot go below. Median of ``--runs`` runs each. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import CURRENT_PERIOD, OWNERS, RAGS, write_synthetic

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    AgendaItem,
    AgendaLink,
    AuditEntry,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    LogKind,
    LogStatus,
    Objective,
    Owner,
    Priority,
    Promise,
    StatusUpdate,
)
from cypp_desktop.models.periods import parse_period
from cypp_desktop.packs.progress import ignore
from cypp_desktop.store import Store
from cypp_desktop.store.agenda import AgendaFields, add_agenda_item
from cypp_desktop.store.meeting_changes import changes_since_last_meeting
from cypp_desktop.store.meetings import MeetingFields, create_meeting, meeting_detail
from cypp_desktop.store.presentation import build_presentation

BOARD = "Children's Trust Board"
LAST_MEETING = datetime(2012, 7, 19, 14, 0)
THIS_MEETING = datetime(2012, 11, 29, 14, 0)
SET_ACTIONS = 500
CLOSED = 150
REVISED = 200
GOALS = {"presentation_s": 3.0, "changes_s": 2.0}
RATIO_GOAL = 10.0  # each at most ten times the bare SELECT of what it reads

# What each reads: the plan's items and their status history, the indicators' values and
# targets, the meeting and the action log; the changes also read the audit trail.
PRESENTATION_TABLES = (
    Priority,
    Objective,
    Action,
    Owner,
    StatusUpdate,
    Indicator,
    IndicatorValue,
    IndicatorTarget,
    AgendaItem,
    ActionLogEntry,
)
CHANGES_TABLES = (
    Priority,
    Objective,
    Action,
    Promise,
    Indicator,
    StatusUpdate,
    IndicatorValue,
    AuditEntry,
    ActionLogEntry,
)


def add_history(store: Store, actions: int) -> None:
    """A quarter's status updates recorded before the last meeting, the action log a board
    leaves, and values revised since: bulk inserts, as synthetic.py writes the plan."""
    before = parse_period(CURRENT_PERIOD).previous().label
    with store.session() as session:
        session.execute(
            insert(StatusUpdate),
            [
                {
                    "action_id": number + 1,
                    "period": before,
                    "rag": RAGS[number % len(RAGS)],
                    "commentary": f"Last quarter's note {number + 1}",
                    "author": "Synthetic",
                    "recorded_at": datetime(2012, 7, 10, 9, 0),
                    "source": "synthetic",
                }
                for number in range(actions)
            ],
        )
        session.execute(
            insert(AuditEntry),
            [
                {
                    "at": datetime(2012, 9, 3, 10, 0),
                    "who": "Synthetic",
                    "item_kind": "indicator",
                    "item_id": number + 1,
                    "item_code": f"I{number + 1:03d}",
                    "field": f"value {before}",
                    "old_value": "50.0",
                    "new_value": "48.5",
                    "source": "synthetic",
                }
                for number in range(REVISED)
            ],
        )


def add_meetings(store: Store) -> int:
    """The last meeting with its actions set, and this one with every kind of agenda item;
    returns this meeting's id."""
    last = create_meeting(
        store,
        MeetingFields(BOARD, LAST_MEETING, "Town Hall", "2012/13 Q1"),
        who="benchmark",
        source="benchmark",
    )
    this = create_meeting(
        store,
        MeetingFields(BOARD, THIS_MEETING, "Town Hall", CURRENT_PERIOD),
        who="benchmark",
        source="benchmark",
    )
    items = [AgendaFields("Action log", link=AgendaLink.ACTION_LOG)]
    items.append(AgendaFields("Exceptions", link=AgendaLink.EXCEPTIONS))
    with store.read() as session:
        priorities = list(session.scalars(select(Priority.id).order_by(Priority.position)))
        objective = session.scalars(select(Objective.id).order_by(Objective.id)).first()
    items += [
        AgendaFields(f"Priority {number}", link=AgendaLink.PRIORITY, priority_id=priority_id)
        for number, priority_id in enumerate(priorities, start=1)
    ]
    items.append(AgendaFields("Deep dive", link=AgendaLink.OBJECTIVE, objective_id=objective))
    items.append(AgendaFields("Any other business", paper="Dates of next meetings."))
    for fields in items:
        detail = meeting_detail(store, this)
        assert detail is not None
        add_agenda_item(
            store,
            this,
            fields,
            expected_version=detail.version,
            who="benchmark",
            source="benchmark",
        )
    with store.session() as session:
        session.execute(
            insert(ActionLogEntry),
            [
                {
                    "meeting_id": last,
                    "kind": LogKind.ACTION,
                    "text": f"Report back on workstream {number + 1}",
                    "owner_id": number % OWNERS + 1,
                    "due": date(2012, 9 + number % 4, 1 + number % 28),
                    "status": LogStatus.DONE if number < CLOSED else LogStatus.OPEN,
                    "closed_on": date(2012, 10, 1) if number < CLOSED else None,
                    "version": 1,
                }
                for number in range(SET_ACTIONS)
            ],
        )
    return this


def bare_select(store: Store, tables: Sequence[type[Any]]) -> int:
    """Every row of ``tables``, as plain tuples through the same engine."""
    rows = 0
    with store.read() as session:
        for table in tables:
            rows += len(session.execute(text(f"SELECT * FROM {table.__tablename__}")).all())
    return rows


def timed(work: Callable[[], object], runs: int) -> float:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(actions: int, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "large.cypp"
        write_synthetic(plan, actions=actions, indicators=200, periods=12)
        with Store.open(plan) as store:
            add_history(store, actions)
            meeting_id = add_meetings(store)
            presentation = build_presentation(store, meeting_id, CURRENT_PERIOD, ignore)
            changes = changes_since_last_meeting(store, meeting_id)
            presentation_s = timed(
                lambda: build_presentation(store, meeting_id, CURRENT_PERIOD, ignore), runs
            )
            presentation_select_s = timed(lambda: bare_select(store, PRESENTATION_TABLES), runs)
            changes_s = timed(lambda: changes_since_last_meeting(store, meeting_id), runs)
            changes_select_s = timed(lambda: bare_select(store, CHANGES_TABLES), runs)
            selected = bare_select(store, CHANGES_TABLES)
    figures: dict[str, Any] = {
        "actions": actions,
        "rows_selected_for_changes": selected,
        "slides": len(presentation.slides),
        "charts": sum(len(slide.charts) for slide in presentation.slides),
        "rag_changes": len(changes.rag_changes),
        "new_values": len(changes.new_values),
        "actions_closed": len(changes.closed),
        "presentation_s": round(presentation_s, 3),
        "presentation_select_s": round(presentation_select_s, 3),
        "presentation_vs_select": round(presentation_s / presentation_select_s, 2),
        "changes_s": round(changes_s, 3),
        "changes_select_s": round(changes_select_s, 3),
        "changes_vs_select": round(changes_s / changes_select_s, 2),
        "goals": {**GOALS, "vs_select": RATIO_GOAL},
    }
    figures["meets_goals"] = all(figures[key] <= goal for key, goal in GOALS.items()) and all(
        figures[key] <= RATIO_GOAL for key in ("presentation_vs_select", "changes_vs_select")
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print JSON (the only format)")
    options = parser.parse_args(argv)
    print(json.dumps(run(options.actions, options.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
