"""What keeping a meeting change for undo costs, and how long undo and redo take.

    python benchmarks/meeting_undo.py --json [--entries 2000] [--runs 5]

Gives the demo plan one very large meeting: 30 agenda items, 40 people, an action log of
``--entries`` entries (against the items in turn) with two progress notes each. Then, on a
fresh copy of the plan for each run:

- ``edit_item_s`` / ``edit_item_kept_s``: editing one agenda item of that meeting, without
  and with ``keep`` (kept, the change reads the whole meeting before and after it, in its
  transaction): the cost a user pays for undo on every change;
- ``delete_s`` / ``delete_kept_s``: deleting the meeting, without and with ``keep``;
- ``undo_delete_s``: undoing that delete (every row put back with its id, audited);
- ``redo_delete_s``: redoing it.

The changes made without ``keep`` are the baseline, measured in the same run. Median of
``--runs`` runs each. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from cypp_desktop.models import ActionLogEntry, ActionLogNote, LogKind, LogStatus
from cypp_desktop.store import Store
from cypp_desktop.store.agenda import AgendaFields, add_agenda_item, update_agenda_item
from cypp_desktop.store.demo import write_demo
from cypp_desktop.store.meeting_undo import apply_change
from cypp_desktop.store.meetings import (
    MeetingFields,
    create_meeting,
    delete_meeting,
    meeting_detail,
)
from cypp_desktop.store.row_images import RowChange

WHO = "Benchmark"


def build(path: Path, entries: int) -> tuple[int, int]:
    """The demo plan with one very large meeting; returns the meeting's and an item's ids."""
    write_demo(path)
    with Store.open(path) as store:
        meeting = create_meeting(
            store,
            MeetingFields(
                "Children's Trust Board",
                datetime(2013, 2, 14, 14, 0),
                "Council Chamber",
                "2012/13 Q3",
                attendees=tuple(f"Member {n}" for n in range(30)),
                apologies=tuple(f"Apology {n}" for n in range(10)),
            ),
            who=WHO,
            source="benchmark",
        )
        items = []
        for number in range(30):
            detail = meeting_detail(store, meeting)
            assert detail is not None
            items.append(
                add_agenda_item(
                    store,
                    meeting,
                    AgendaFields(f"Item {number}", "Presenter", 5),
                    expected_version=detail.version,
                    who=WHO,
                    source="benchmark",
                )
            )
        with store.session() as session:
            log = [
                {
                    "id": 100_000 + n,
                    "meeting_id": meeting,
                    "agenda_item_id": items[n % len(items)],
                    "kind": LogKind.ACTION,
                    "text": f"Action {n}: report back on progress to the Board",
                    "owner_id": None,
                    "due": date(2013, 3, 31) + timedelta(days=n % 90),
                    "status": LogStatus.OPEN,
                    "closed_on": None,
                    "version": 1,
                }
                for n in range(entries)
            ]
            session.execute(insert(ActionLogEntry), log)
            session.execute(
                insert(ActionLogNote),
                [
                    {
                        "entry_id": row["id"],
                        "period": period,
                        "text": f"Progress reported for {period}.",
                        "author": "Owner",
                        "recorded_at": datetime(2013, 1, 10, 9, 0),
                        "source": "benchmark",
                    }
                    for row in log
                    for period in ("2012/13 Q2", "2012/13 Q3")
                ],
            )
        return meeting, items[0]


def timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def one_run(base: Path, folder: Path, meeting: int, item: int) -> dict[str, float]:
    copy = folder / "run.cypp"
    shutil.copyfile(base, copy)
    result: dict[str, float] = {}
    with Store.open(copy) as store:
        kept: list[RowChange] = []

        def edit(title: str, keep: bool) -> None:
            detail = meeting_detail(store, meeting)
            assert detail is not None
            update_agenda_item(
                store,
                item,
                AgendaFields(title, "Presenter", 5),
                expected_version=detail.version,
                who=WHO,
                source="benchmark",
                keep=kept.append if keep else None,
            )

        result["edit_item_s"] = timed(lambda: edit("Item zero", False))
        result["edit_item_kept_s"] = timed(lambda: edit("Item nought", True))

        def delete(keep: bool) -> None:
            detail = meeting_detail(store, meeting)
            assert detail is not None
            delete_meeting(
                store,
                meeting,
                expected_version=detail.version,
                who=WHO,
                source="benchmark",
                keep=kept.append if keep else None,
            )

        result["delete_kept_s"] = timed(lambda: delete(True))
        change = kept[-1]
        result["undo_delete_s"] = timed(
            lambda: apply_change(store, change.reversed(), who=WHO, source="undo")
        )
        result["redo_delete_s"] = timed(lambda: apply_change(store, change, who=WHO, source="redo"))
        apply_change(store, change.reversed(), who=WHO, source="undo")
        result["delete_s"] = timed(lambda: delete(False))
        result["rows_kept"] = float(len(change.rows))
    copy.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        base = folder / "base.cypp"
        meeting, item = build(base, args.entries)
        runs = [one_run(base, folder, meeting, item) for _ in range(args.runs)]
    result: dict[str, Any] = {
        key: round(statistics.median(run[key] for run in runs), 4) for key in runs[0]
    }
    result["rows_kept"] = int(result["rows_kept"])
    result["entries"] = args.entries
    result["runs"] = args.runs
    result["keep_overhead_edit_x"] = round(result["edit_item_kept_s"] / result["edit_item_s"], 2)
    result["keep_overhead_delete_x"] = round(result["delete_kept_s"] / result["delete_s"], 2)
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
