"""Excel returns: making 50, and importing 50 filled ones, beside a plain openpyxl read.

    python benchmarks/returns.py --json

A synthetic plan gives 50 owners 40 actions each. ``make_s`` times making their 50 returns;
each is then filled in as a lead would (every row's % complete and commentary, every fifth
row's status, every tenth row's RAG), and ``import_s`` times validating, diffing and applying
all 50 as Import Returns does (``check_s``: read, validate, diff; ``apply_s``: the backup
snapshot taken first, then the accepted changes written through store/edits.py, all 50 in
one transaction). ``raw_read_s`` is a plain
openpyxl read of the same 50 files in the same run (every cell of every sheet), the floor an
importer built on a spreadsheet library cannot go below. Goals: import_s <= 1.5 s and
<= 3 x raw_read_s; make_s <= 2.0 s.

``hostile_s`` times the refusal of each hostile file of benchmarks/hostile_returns.py (an
XML bomb, a zip bomb, a part inflating too far, a million-row sheet), each of which must be
refused (``hostile_refused``) in seconds without being loaded whole.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import openpyxl

sys.path.insert(0, str(Path(__file__).parent))

import hostile_returns
from synthetic import write_synthetic

from cypp_desktop.returns.diff import APPLIED, REJECTED
from cypp_desktop.returns.importer import apply_all, check_files
from cypp_desktop.returns.make import make_returns
from cypp_desktop.store import Store

PERIOD = "2012/13 Q2"
RETURNS = 50
ROWS = 40
OWNERS = 300  # synthetic.py's


def fill(path: Path, seed: int) -> None:
    """Fill a return the way a lead does: in Excel's own types, some words typed loosely."""
    book = openpyxl.load_workbook(path)
    sheet = book["Actions"]
    for row in range(2, sheet.max_row + 1):
        number = row + seed
        sheet.cell(row, 7).value = (number * 7) % 101
        sheet.cell(row, 9).value = f"Quarter update {number}: on track, next step agreed."
        if number % 5 == 0:
            sheet.cell(row, 6).value = "in progress"
        if number % 10 == 0:
            sheet.cell(row, 8).value = "Amber"
    book.save(path)


def raw_read(paths: list[Path]) -> int:
    cells = 0
    for path in paths:
        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
        book.close()
    return cells


def hostile_files(issued: Path, folder: Path) -> dict[str, Path]:
    folder.mkdir()
    return {
        "xml_bomb": hostile_returns.xml_bomb(issued, folder / "bomb.xlsx"),
        "zip_bomb": hostile_returns.zip_bomb(folder / "zip bomb.xlsx"),
        "inflate_ratio": hostile_returns.high_inflate_ratio(folder / "ratio.xlsx"),
        "million_rows": hostile_returns.million_rows(issued, folder / "million.xlsx"),
    }


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        plan = root / "plan.cypp"
        write_synthetic(plan, actions=OWNERS * ROWS, indicators=0, periods=4)
        out = root / "returns"
        out.mkdir()
        with Store.open(plan) as store:
            owners = [f"Officer {number:03d}" for number in range(1, RETURNS + 1)]
            started = time.perf_counter()
            made = make_returns(store, PERIOD, out, owners=owners, who="benchmark")
            make_s = time.perf_counter() - started
            paths = [item.path for item in made]
            rows = sum(item.rows for item in made)
            for seed, path in enumerate(paths):
                fill(path, seed)
            started = time.perf_counter()
            raw_read(paths)
            raw_read_s = time.perf_counter() - started
            started = time.perf_counter()
            reports = check_files(store, paths)
            check_s = time.perf_counter() - started
            apply_all(store, reports, who="benchmark")
            import_s = time.perf_counter() - started
            hostile = hostile_files(paths[0], root / "hostile")
            hostile_s: dict[str, float] = {}
            refused: dict[str, bool] = {}
            for name, path in hostile.items():
                started = time.perf_counter()
                [report] = check_files(store, [path])
                hostile_s[name] = round(time.perf_counter() - started, 3)
                refused[name] = report.status == REJECTED
    applied = sum(report.applied for report in reports)
    return {
        "returns": len(paths),
        "rows": rows,
        "fields_applied": applied,
        "all_applied": all(report.status == APPLIED for report in reports),
        "make_s": round(make_s, 3),
        "raw_read_s": round(raw_read_s, 3),
        "import_s": round(import_s, 3),
        "check_s": round(check_s, 3),
        "apply_s": round(import_s - check_s, 3),
        "import_vs_raw_read": round(import_s / raw_read_s, 2),
        "hostile_s": hostile_s,
        "hostile_refused": refused,
        "goals": {"import_s": 1.5, "import_vs_raw_read": 3.0, "make_s": 2.0},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", required=True, help="print JSON")
    parser.parse_args(argv)
    print(json.dumps(run(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
