"""Several people editing the same rows at once: are conflicts caught, and is anything lost?

    python benchmarks/concurrency.py --json [--workers 3] [--edits 30] [--db URL]

Each worker is its own process, as a second window or a CLI import is. It edits like a
person at a grid: it reads an action's % complete and version, pauses a moment, then writes
the value plus one with the version it read. A conflict (someone else changed the row since)
is counted and the worker reads again and retries, as the grid's Reload does. Every write
goes through the application's one write path (store/edits.py).

A lost update would show as a final total below the starting total plus the writes that
reported success. Prints one JSON object: ``writes`` (successful), ``conflicts`` (detected
and refused), ``lost`` (goal 0), ``locked`` (gave up waiting for the file; goal 0), and the
backend. Without ``--db`` the plan is a file (SQLite); with it, an empty PostgreSQL
database that the demo plan is copied into.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROWS = 3  # few rows, so that workers meet on them


def worker(location: str, edits: int, seed: int) -> dict[str, int]:
    from sqlalchemy import select

    from cypp_desktop.errors import ConflictError, PlanLockedError
    from cypp_desktop.models import Action, ItemKind
    from cypp_desktop.store import Store
    from cypp_desktop.store.edits import Edit, apply_edits

    rng = random.Random(seed)
    counts = {"writes": 0, "conflicts": 0, "locked": 0}
    with Store.open(location) as store:
        ids = _targets(store)
        print("ready", flush=True)
        sys.stdin.readline()  # all workers start together
        while counts["writes"] < edits:
            action = rng.choice(ids)
            with store.read() as session:
                row = session.execute(
                    select(Action.percent_complete, Action.version).where(Action.id == action)
                ).one()
            time.sleep(rng.uniform(0, 0.004))  # the moment between seeing and typing
            edit = Edit(
                ItemKind.ACTION, action, "percent_complete", row[0] + 1, expected_version=row[1]
            )
            try:
                apply_edits(store, [edit], who=f"worker {seed}", source="grid")
            except ConflictError:
                counts["conflicts"] += 1
            except PlanLockedError:
                counts["locked"] += 1
            else:
                counts["writes"] += 1
    return counts


def _targets(store: Any) -> list[int]:
    from sqlalchemy import select

    from cypp_desktop.models import Action

    with store.read() as session:
        return list(session.scalars(select(Action.id).order_by(Action.id).limit(ROWS)))


def _total(location: str) -> int:
    from sqlalchemy import func, select

    from cypp_desktop.models import Action
    from cypp_desktop.store import Store

    with Store.open(location) as store:
        ids = _targets(store)
        with store.read() as session:
            return int(
                session.scalar(select(func.sum(Action.percent_complete)).where(Action.id.in_(ids)))
                or 0
            )


def _reset(location: str) -> None:
    """Start every contested row at 0%, so the workers' +1s cannot pass 100%."""
    from cypp_desktop.models import ItemKind
    from cypp_desktop.store import Store
    from cypp_desktop.store.edits import Edit, apply_edits

    with Store.open(location) as store:
        edits = [Edit(ItemKind.ACTION, i, "percent_complete", 0) for i in _targets(store)]
        apply_edits(store, edits, who="benchmark", source="grid")


def run(workers: int, edits: int, db: str | None = None, seed: int = 1) -> dict[str, Any]:
    from cypp_desktop.store import Store
    from cypp_desktop.store.demo import write_demo

    if workers * edits > ROWS * 100:
        raise ValueError(f"at most {ROWS * 100} writes in all: % complete stops at 100")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("CYPP_DESKTOP_HOME", folder)
        plan = Path(folder) / "plan.cypp"
        write_demo(plan)
        location = str(plan)
        if db:
            with Store.open(plan) as store:
                store.copy_to_server(db)
            location = db
        _reset(location)
        before = _total(location)
        processes = [
            subprocess.Popen(
                [sys.executable, __file__, "--worker", location, str(edits), str(seed + n)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(workers)
        ]
        for process in processes:
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise RuntimeError("a worker did not start")
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        results = []
        for process in processes:
            out, _err = process.communicate(timeout=600)
            if process.returncode != 0:
                raise RuntimeError(f"a worker failed with status {process.returncode}")
            results.append(json.loads(out.strip().splitlines()[-1]))
        after = _total(location)
    writes = sum(r["writes"] for r in results)
    return {
        "backend": "postgresql" if db else "sqlite",
        "workers": workers,
        "writes": writes,
        "conflicts": sum(r["conflicts"] for r in results),
        "locked": sum(r["locked"] for r in results),
        "lost": before + writes - after,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--edits", type=int, default=30, help="successful writes per worker")
    parser.add_argument("--db", help="an empty PostgreSQL database's URL (default: a file)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:
        location, edits, seed = options.worker
        print(json.dumps(worker(location, int(edits), int(seed))))
        return 0
    result = run(options.workers, options.edits, options.db, options.seed)
    print(json.dumps(result, indent=None if options.json else 2))
    return 0 if result["lost"] == 0 and result["locked"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
