"""The counts on the RAG summary's stacked bars: one rule for the screen and the paper.

A segment shows ``6 R`` where that fits inside it, else ``6``, else nothing; the counts too
narrow to print inside their segments follow the bar's total, ``13  (1 A, 1 R)``, so that
no count is ever lost. The bars are scaled to leave room for those totals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cypp_desktop.models import Rag

Measure = Callable[[str], float]  # the width, in the chart's units, of a label as drawn
Counts = Sequence[tuple[Rag, int]]

PADDING = 4.0  # room either side of a label inside its segment
GAP = 8.0  # between the end of the bar and its total


def segment_label(number: int, letter: str, width: float, measure: Measure) -> str:
    for label in (f"{number} {letter}", str(number)):
        if measure(label) + PADDING <= width:
            return label
    return ""


def total_label(counts: Counts, per_item: float, measure: Measure) -> str:
    """The bar's total, then the counts its segments were too narrow to show."""
    total = sum(number for _rag, number in counts)
    missing = [
        f"{number} {rag.letter}"
        for rag, number in counts
        if number and not segment_label(number, rag.letter, number * per_item, measure)
    ]
    return f"{total}  ({', '.join(missing)})" if missing else str(total)


def item_width(rows: Sequence[Counts], plot_width: float, measure: Measure) -> float:
    """How wide one item's share of a bar is, leaving room after the longest bar for the
    widest total label (which itself depends on how wide the segments are: two passes)."""
    longest = max((sum(number for _rag, number in counts) for counts in rows), default=0) or 1
    per_item = plot_width / longest
    for _pass in range(2):
        room = max((measure(total_label(c, per_item, measure)) for c in rows), default=0.0)
        per_item = max(plot_width - room - GAP, 1.0) / longest
    return per_item
