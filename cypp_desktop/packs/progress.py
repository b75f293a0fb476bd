"""Progress reporting shared by the builders: a ``progress(done, total, message)`` callback.

The GUI's callback raises once the user presses Cancel; builders call it often enough that
a cancel takes effect within a fraction of a second, and let whatever it raises propagate.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]
SCALE = 1000


def part(progress: Progress, start: float, end: float) -> Progress:
    """A callback for one stage of a longer job, mapped onto ``start``..``end`` (fractions)."""

    def report(done: int, total: int, message: str) -> None:
        fraction = done / total if total > 0 else 0.0
        progress(round(SCALE * (start + (end - start) * min(fraction, 1.0))), SCALE, message)

    return report


def ignore(_done: int, _total: int, _message: str) -> None:
    """For callers with nobody to tell (the CLI, the benchmark)."""
