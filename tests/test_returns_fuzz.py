"""A small sample of the returns fuzzer (benchmarks/fuzz_returns.py runs the full 10,000)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

from fuzz_returns import run


def test_mutated_returns_never_escape_the_importer_nor_change_the_plan_when_rejected() -> None:
    result = run(cases=100, seed=8)
    assert (result["unhandled"], result["changed"]) == (0, 0), result["samples"]
    assert result["rejected"] > 30 and result["imported"] > 10  # the mutants reach both ends
