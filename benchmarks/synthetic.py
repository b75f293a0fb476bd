"""Write a synthetic plan of a given size, fast, for benchmarks and scale tests.

    python benchmarks/synthetic.py OUT.cypp --actions 50000 --indicators 200 --periods 12

Rows go in with bulk INSERTs (executemany) inside one transaction: 50,000 actions take
seconds, not the minutes ORM objects one by one would. Every action and indicator gets a
status update for the current period so that grids, charts and packs have RAGs to show.
Prints one JSON object with the counts and the time taken.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from cypp_desktop.models import (
    Action,
    ActionStatus,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Objective,
    Organisation,
    Owner,
    Plan,
    Polarity,
    Priority,
    Rag,
    StatusUpdate,
)
from cypp_desktop.models.periods import parse_period
from cypp_desktop.store import Store

CURRENT_PERIOD = "2012/13 Q2"
PRIORITIES = 10
OBJECTIVES_PER_PRIORITY = 6
OWNERS = 300
ORGANISATIONS = 25
RAGS = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.GREEN, Rag.GREEN, Rag.BLUE, Rag.GREY]


def write_synthetic(
    path: Path, *, actions: int, indicators: int, periods: int, seed: int = 2012
) -> dict[str, Any]:
    rng = random.Random(seed)
    started = time.perf_counter()
    store = Store.create(path, title=f"Synthetic plan: {actions} actions", overwrite=True)
    labels = [parse_period(CURRENT_PERIOD)]
    while len(labels) < periods:
        labels.insert(0, labels[0].previous())
    period_labels = [p.label for p in labels]
    at = datetime(2012, 10, 15, 9, 0)
    try:
        with store.session() as session:
            session.get_one(Plan, 1).current_period = CURRENT_PERIOD
            session.execute(
                insert(Organisation),
                [{"id": i + 1, "name": f"Organisation {i + 1:02d}"} for i in range(ORGANISATIONS)],
            )
            session.execute(
                insert(Owner),
                [
                    {
                        "id": i + 1,
                        "name": f"Officer {i + 1:03d}",
                        "role": "Lead officer",
                        "organisation_id": i % ORGANISATIONS + 1,
                    }
                    for i in range(OWNERS)
                ],
            )
            session.execute(
                insert(Priority),
                [
                    {"id": p + 1, "code": f"P{p + 1}", "title": f"Priority {p + 1}", "position": p}
                    for p in range(PRIORITIES)
                ],
            )
            objectives = [
                {
                    "id": p * OBJECTIVES_PER_PRIORITY + o + 1,
                    "priority_id": p + 1,
                    "code": f"P{p + 1}.{o + 1}",
                    "title": f"Objective {o + 1} of priority {p + 1}",
                    "position": o,
                }
                for p in range(PRIORITIES)
                for o in range(OBJECTIVES_PER_PRIORITY)
            ]
            session.execute(insert(Objective), objectives)
            action_rows = []
            for number in range(actions):
                objective = objectives[number % len(objectives)]
                start = date(2011, 4, 1) + timedelta(days=rng.randrange(0, 200))
                status = rng.choice(list(ActionStatus))
                action_rows.append(
                    {
                        "id": number + 1,
                        "priority_id": objective["priority_id"],
                        "objective_id": objective["id"],
                        "code": f"A{number + 1:05d}",
                        "title": f"Deliver workstream {number + 1} for {objective['code']}",
                        "position": number,
                        "owner_id": rng.randrange(OWNERS) + 1,
                        "organisation_id": rng.randrange(ORGANISATIONS) + 1,
                        "start": start,
                        "due": start + timedelta(days=rng.randrange(30, 700)),
                        "status": status,
                        "percent_complete": 100
                        if status is ActionStatus.COMPLETE
                        else rng.randrange(0, 100),
                    }
                )
            session.execute(insert(Action), action_rows)
            session.execute(
                insert(StatusUpdate),
                [
                    {
                        "action_id": number + 1,
                        "period": CURRENT_PERIOD,
                        "rag": rng.choice(RAGS),
                        "commentary": f"Progress note {number + 1}",
                        "author": "Synthetic",
                        "recorded_at": at,
                        "source": "synthetic",
                    }
                    for number in range(actions)
                ],
            )
            indicator_rows, values, targets, updates = [], [], [], []
            for number in range(indicators):
                objective = objectives[number % len(objectives)]
                polarity = Polarity.LOWER if number % 2 else Polarity.HIGHER
                indicator_rows.append(
                    {
                        "id": number + 1,
                        "priority_id": objective["priority_id"],
                        "objective_id": objective["id"],
                        "code": f"I{number + 1:03d}",
                        "title": f"Indicator {number + 1}",
                        "position": number,
                        "unit": "%",
                        "polarity": polarity,
                        "baseline_value": 50.0,
                        "baseline_period": period_labels[0],
                    }
                )
                level = 50.0
                for label in period_labels:
                    level += rng.uniform(-3, 3)
                    values.append(
                        {"indicator_id": number + 1, "period": label, "value": round(level, 1)}
                    )
                    targets.append({"indicator_id": number + 1, "period": label, "value": 50.0})
                    updates.append(
                        {
                            "indicator_id": number + 1,
                            "period": label,
                            "rag": rng.choice(RAGS[:5]),
                            "commentary": f"Story behind the curve for indicator {number + 1}",
                            "author": "Synthetic",
                            "recorded_at": at,
                            "source": "synthetic",
                        }
                    )
            if indicator_rows:
                session.execute(insert(Indicator), indicator_rows)
                session.execute(insert(IndicatorValue), values)
                session.execute(insert(IndicatorTarget), targets)
                session.execute(insert(StatusUpdate), updates)
    finally:
        store.close()
    return {
        "path": str(path),
        "actions": actions,
        "indicators": indicators,
        "periods": periods,
        "seconds": round(time.perf_counter() - started, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--actions", type=int, default=50_000)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2012)
    options = parser.parse_args(argv)
    result = write_synthetic(
        options.out,
        actions=options.actions,
        indicators=options.indicators,
        periods=options.periods,
        seed=options.seed,
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
