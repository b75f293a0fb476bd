"""Kill the application at random moments while it writes, and check what is left.

    python benchmarks/crash.py --json --runs 1000 [--seed N] [--jobs N]

Each run copies a plan, starts a child process that does one piece of real work on it, and
kills the child with SIGKILL at a random moment (or lets it finish). The work, chosen in
turn:

- ``import``: ``cypp-desktop returns import`` of three filled-in returns (backup snapshot,
  check, one transaction);
- ``edit``: a bulk grid edit (backup snapshot, then 200 fields in one ``apply_edits``);
- ``backup``: a backup snapshot of the plan;
- ``pack``: ``cypp-desktop pack`` writing the PDF and the Excel pack;
- ``upgrade``: opening a plan of the oldest released schema, which backs it up and migrates.

Then, as the next launch of the application would, it opens the plan and checks:

- ``corrupt``: ``PRAGMA integrity_check`` or ``foreign_key_check`` fails, or the plan no
  longer opens;
- ``half_applied``: the plan's contents are neither the state before the work nor the state
  after it (timestamps aside). The after state is taken from an uninterrupted run first;
- ``bad_outputs``: a pack or backup file that exists but is incomplete (a half file where a
  whole one should be).

``by_operation`` says, for each kind of work, how many kills left the plan as it was before
(``killed_before``) and as it is after (``killed_after``: the kill came after the commit),
so that a run shows its kills really landed on both sides of the writes.

Goal: corrupt 0, half_applied 0 and bad_outputs 0 over 1,000 runs. ``leftover_temp_files``
counts temporary files a kill left beside an output (harmless: never a plan or a pack).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PERIOD = "2012/13 Q2"
OWNERS = ["Julie Webster", "Paul Boyce", "Director of Public Health"]
OPERATIONS = ("import", "edit", "backup", "pack", "upgrade")
OLDEST_SCHEMA = ROOT / "tests" / "fixtures" / "plan-schema-0001.cypp"
HOME_VARIABLE = "CYPP_DESKTOP_HOME"


# The child: one piece of work, announced as ready once its modules are loaded ---------------


def child(operation: str, folder: Path) -> None:
    from sqlalchemy import select

    from cypp_desktop.cli import main as cli
    from cypp_desktop.models import Action, ItemKind
    from cypp_desktop.packs import command as _pack_command  # noqa: F401  (loaded before "ready")
    from cypp_desktop.returns import importer as _importer  # noqa: F401
    from cypp_desktop.store import Store
    from cypp_desktop.store.edits import Edit, apply_edits

    plan = folder / "plan.cypp"
    print("ready", flush=True)
    if operation == "import":
        cli(["returns", "import", str(plan), *map(str, sorted(folder.glob("*.xlsx")))])
    elif operation == "pack":
        cli(["pack", str(plan), "--period", PERIOD, "--pdf", str(folder / "pack.pdf"),
             "--xlsx", str(folder / "pack-out.xlsx")])  # fmt: skip
    elif operation == "upgrade":
        Store.open(plan).close()
    else:
        with Store.open(plan) as store:
            if operation == "backup":
                store.snapshot("crash test")
                return
            store.snapshot("before a grid paste")
            with store.read() as session:
                ids = session.scalars(select(Action.id).order_by(Action.id).limit(100)).all()
            edits = [
                edit
                for action in ids
                for edit in (
                    Edit(ItemKind.ACTION, action, "evidence", f"Pasted evidence {action}"),
                    Edit(ItemKind.ACTION, action, "percent_complete", (action * 7) % 101),
                )
            ]
            apply_edits(store, edits, who="crash test", source="grid")


# What a plan holds, timestamps aside -----------------------------------------------------------


def fingerprint(plan: Path) -> str:
    """A hash of every row of every table, leaving out DATETIME columns (when a change was
    made differs from run to run; what was changed must not)."""
    digest = hashlib.sha256()
    with sqlite3.connect(plan) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            columns = [
                name
                for _cid, name, kind, *_rest in connection.execute(f'PRAGMA table_info("{table}")')
                if kind.upper() not in ("DATETIME", "TIMESTAMP")
            ]
            digest.update(f"{table}:{','.join(columns)}\n".encode())
            listed = ", ".join(f'"{column}"' for column in columns)
            for row in connection.execute(f'SELECT {listed} FROM "{table}" ORDER BY {listed}'):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def integrity_problem(plan: Path) -> str | None:
    """What is wrong with the file, opened read-write as the application would (which rolls
    back a transaction a kill left in its journal); None when nothing is."""
    try:
        with sqlite3.connect(plan) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                return f"integrity_check: {result[:3]}"
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                return f"foreign_key_check: {broken[:3]}"
    except sqlite3.DatabaseError as error:
        return f"cannot open: {error}"
    return None


def opens_as_a_plan(plan: Path) -> str | None:
    from cypp_desktop.errors import CyppError
    from cypp_desktop.store import Store

    try:
        Store.open(plan).close()
    except CyppError as error:
        return str(error)
    return None


def output_problem(path: Path) -> str | None:
    """A file the work writes must be whole if it exists at all."""
    if path.suffix == ".pdf":
        tail = path.read_bytes()[-1024:]
        return None if b"%%EOF" in tail else f"{path.name}: no %%EOF, a half-written PDF"
    if path.suffix == ".xlsx":
        try:
            with zipfile.ZipFile(path) as archive:
                bad = archive.testzip()
        except zipfile.BadZipFile as error:
            return f"{path.name}: {error}"
        return f"{path.name}: damaged member {bad}" if bad else None
    return integrity_problem(path)


# The parent ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    """One operation's starting files, its states before and after, and how long it takes."""

    operation: str
    folder: Path
    before: str
    after: str
    seconds: float


@dataclass
class Outcome:
    operation: str
    killed: bool
    problems: list[str]
    ended: str  # "before" or "after" the work, "unchanged" (work that writes no plan), "between"
    bad_outputs: list[str]
    leftovers: int

    @property
    def half_applied(self) -> bool:
        return self.ended == "between"


def _environment(home: Path) -> dict[str, str]:
    environment = dict(os.environ, **{HOME_VARIABLE: str(home)})
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    environment.setdefault("MPLBACKEND", "Agg")
    return environment


def _start(operation: str, folder: Path, home: Path) -> tuple[subprocess.Popen[str], float]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", operation, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_environment(home),
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise RuntimeError(f"the {operation} child did not start: {line!r}")
    return process, time.perf_counter()


def _finish(process: subprocess.Popen[str]) -> int:
    status = process.wait(timeout=300)
    if process.stdout is not None:
        process.stdout.close()
    return status


def _prepare(root: Path) -> dict[str, Path]:
    """The starting folder of each operation: a demo plan, and for imports three filled-in
    returns made from it (the plan records that it made them)."""
    import openpyxl

    from cypp_desktop.returns import layout
    from cypp_desktop.returns.make import make_returns
    from cypp_desktop.store import Store
    from cypp_desktop.store.demo import write_demo

    os.environ[HOME_VARIABLE] = str(root / "setup-home")
    folders = {operation: root / f"start-{operation}" for operation in OPERATIONS}
    for folder in folders.values():
        folder.mkdir()
    demo = root / "demo.cypp"
    write_demo(demo)
    with Store.open(demo) as store:
        made = make_returns(store, PERIOD, folders["import"], owners=OWNERS, who="crash test")
    for item in made:
        book = openpyxl.load_workbook(item.path)
        for name, spec in (("Actions", layout.ACTIONS), ("Indicators", layout.INDICATORS)):
            if name not in book.sheetnames:
                continue
            sheet = book[name]
            for row in range(layout.FIRST_ROW, sheet.max_row + 1):
                sheet.cell(row, spec.index("commentary")).value = f"Crash test update {row}"
        book.save(item.path)
    for operation, folder in folders.items():
        source = OLDEST_SCHEMA if operation == "upgrade" else demo
        shutil.copyfile(source, folder / "plan.cypp")
    return folders


def _calibrate(operation: str, start: Path, scratch: Path, jobs: int) -> Fixture:
    """Run the work to the end, ``jobs`` copies at once as the kill runs will be: its after
    state, and how long it takes under that load.

    One copy runs first and is not timed: the first run of a fresh checkout compiles the
    modules the work loads and reads them from a cold disk, which the kill runs never do; timed
    with it, the work looked longer than it is, and most kills came after it had finished.
    The shortest of the timed copies is taken for the same reason: a kill aimed within it
    lands while the work is still running.
    """
    warm_up = scratch / f"warm-up-{operation}"
    shutil.copytree(start, warm_up)
    if _finish(_start(operation, warm_up, scratch / f"home-warm-up-{operation}")[0]) != 0:
        raise RuntimeError(f"the {operation} work failed when left to finish")
    folders = [scratch / f"calibrate-{operation}-{copy}" for copy in range(jobs)]
    for folder in folders:
        shutil.copytree(start, folder)
    before = fingerprint(folders[0] / "plan.cypp")
    running = [_start(operation, f, scratch / f"home-{operation}-{f.name}") for f in folders]
    durations = []
    for process, started in running:
        if _finish(process) != 0:
            raise RuntimeError(f"the {operation} work failed when left to finish")
        durations.append(time.perf_counter() - started)
    after = {fingerprint(folder / "plan.cypp") for folder in folders}
    if len(after) != 1:
        raise RuntimeError(f"the {operation} work does not end in one state: {after}")
    return Fixture(operation, start, before, after.pop(), min(durations))


def _one_run(number: int, fixture: Fixture, scratch: Path, seed: int) -> Outcome:
    rng = random.Random(seed * 100_003 + number)
    folder = scratch / f"run-{number}"
    home = scratch / f"home-{number}"
    shutil.copytree(fixture.folder, folder)
    # Half the kills anywhere in the work, half late in it, where the commits are; a few
    # come too late, and the work finishes.
    window = fixture.seconds
    delay = rng.uniform(0, window) if rng.random() < 0.5 else rng.uniform(0.7, 1.0) * window
    process, started = _start(fixture.operation, folder, home)
    while process.poll() is None and time.perf_counter() - started < delay:
        time.sleep(0.002)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    _finish(process)
    plan = folder / "plan.cypp"
    problems = [p for p in (integrity_problem(plan),) if p]
    ended = "unknown"
    if not problems:
        state = fingerprint(plan)
        if fixture.before == fixture.after:
            ended = "unchanged" if state == fixture.before else "between"
        else:
            ended = {fixture.before: "before", fixture.after: "after"}.get(state, "between")
        problem = opens_as_a_plan(plan)
        if problem and ended != "between":
            problems.append(problem)
    outputs = [folder / "pack.pdf", folder / "pack-out.xlsx", *home.glob("**/*.cypp")]
    bad = [p for p in (output_problem(path) for path in outputs if path.exists()) if p]
    leftovers = len(list(folder.glob(".*.tmp"))) + len(list(home.glob("**/.*.tmp")))
    shutil.rmtree(folder)
    shutil.rmtree(home, ignore_errors=True)
    return Outcome(fixture.operation, killed, problems, ended, bad, leftovers)


def run(runs: int, seed: int, jobs: int) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        starts = _prepare(root)
        fixtures = {op: _calibrate(op, starts[op], root, jobs) for op in OPERATIONS}
        plan_of_runs = [fixtures[OPERATIONS[number % len(OPERATIONS)]] for number in range(runs)]
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(
                pool.map(
                    lambda pair: _one_run(pair[0], pair[1], root, seed), enumerate(plan_of_runs)
                )
            )
    by_operation: dict[str, Counter[str]] = {op: Counter() for op in OPERATIONS}
    for outcome in outcomes:
        counts = by_operation[outcome.operation]
        counts["runs"] += 1
        counts["killed"] += outcome.killed
        counts["corrupt"] += bool(outcome.problems)
        counts["half_applied"] += outcome.half_applied
        counts["bad_outputs"] += len(outcome.bad_outputs)
        if outcome.killed and outcome.ended in ("before", "after", "unchanged"):
            counts[f"killed_{outcome.ended}"] += 1
    samples = [
        f"{o.operation}: {'; '.join(o.problems + o.bad_outputs) or 'half applied'}"
        for o in outcomes
        if o.problems or o.half_applied or o.bad_outputs
    ]
    return {
        "runs": runs,
        "corrupt": sum(bool(o.problems) for o in outcomes),
        "half_applied": sum(o.half_applied for o in outcomes),
        "bad_outputs": sum(len(o.bad_outputs) for o in outcomes),
        "killed": sum(o.killed for o in outcomes),
        "finished": sum(not o.killed for o in outcomes),
        "leftover_temp_files": sum(o.leftovers for o in outcomes),
        "by_operation": {op: dict(counts) for op, counts in by_operation.items()},
        "work_seconds": {op: round(f.seconds, 2) for op, f in fixtures.items()},
        "changes_work": {op: f.before != f.after for op, f in fixtures.items()},
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
        "samples": samples[:10],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    parser.add_argument("--child", nargs=2, metavar=("OPERATION", "FOLDER"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        child(options.child[0], Path(options.child[1]))
        return 0
    result = run(options.runs, options.seed, options.jobs)
    print(json.dumps(result, indent=None if options.json else 2))
    failures = result["corrupt"] + result["half_applied"] + result["bad_outputs"]
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
