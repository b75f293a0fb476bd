"""Time the board pack, PDF and Excel, on a large synthetic plan.

    python benchmarks/packs.py --json [--runs 3]

Writes a synthetic plan of 200 indicators (12 periods each) and 1,000 actions, then builds
each pack in a fresh interpreter, as the first export of a session is: the clock starts
before the pack code (reportlab or openpyxl, the fonts) is loaded and stops when the file is
written, so it counts loading, reading the plan (the snapshot) and building. Beside the PDF
it times the same PDF with no charts (``floor_s``), so the charts' own cost is the
difference. Prints one JSON object: the medians of ``--runs`` runs, the PDF's page count and
the goals (2.0 s for each pack on the 2-core reference machine).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_synthetic

ACTIONS, INDICATORS, PERIODS = 1000, 200, 12
GOAL_S = 2.0

CHILD = """
import json, sys, time
from pathlib import Path
from cypp_desktop.store import Store
plan, out, kind = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
started = time.perf_counter()
from cypp_desktop.packs.options import PackOptions
from cypp_desktop.packs.progress import ignore
from cypp_desktop.packs.snapshot import take_snapshot
if kind == "xlsx":
    from cypp_desktop.packs.xlsx import build_xlsx as build
else:
    from cypp_desktop.packs.pdf import build_pdf as build
with Store.open(plan) as store:
    snapshot = take_snapshot(store, "2012/13 Q2")
read = time.perf_counter()
result = build(snapshot, out, ignore, PackOptions(charts=kind != "floor"))
done = time.perf_counter()
print(json.dumps({"seconds": done - started, "snapshot": read - started, "count": result}))
"""


def run_child(plan: Path, out: Path, kind: str, env: dict[str, str]) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(plan), str(out), kind],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print JSON (the only format)")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = {**os.environ, "CYPP_DESKTOP_HOME": str(root / "home")}
        # As benchmarks/startup.py: an installed app runs compiled bytecode; without this, on a
        # machine that sets PYTHONDONTWRITEBYTECODE every run compiles the app's modules again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        plan = root / "synthetic.cypp"
        write_synthetic(plan, actions=ACTIONS, indicators=INDICATORS, periods=PERIODS)
        runs: dict[str, list[dict[str, float]]] = {"pdf": [], "floor": [], "xlsx": []}
        for _ in range(options.runs):
            for kind, suffix in (("pdf", "pdf"), ("floor", "pdf"), ("xlsx", "xlsx")):
                runs[kind].append(run_child(plan, root / f"{kind}.{suffix}", kind, env))

    def median(kind: str, key: str = "seconds") -> float:
        return round(statistics.median(run[key] for run in runs[kind]), 3)

    figures = {
        "pdf_s": median("pdf"),
        "xlsx_s": median("xlsx"),
        "floor_s": median("floor"),
        "pages": int(runs["pdf"][0]["count"]),
        "charts_s": round(median("pdf") - median("floor"), 3),
        "snapshot_s": median("pdf", "snapshot"),
        "sheets": int(runs["xlsx"][0]["count"]),
        "runs": options.runs,
        "plan": {"actions": ACTIONS, "indicators": INDICATORS, "periods": PERIODS},
        "goal_s": GOAL_S,
        "meets_goal": median("pdf") <= GOAL_S and median("xlsx") <= GOAL_S,
    }
    json.dump(figures, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
