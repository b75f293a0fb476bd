"""RAG rules: pure functions that say what RAG an item has, and why, in plain English.

Boards ask "why is this red?"; every result here carries the answer as a sentence that
the screens show in tooltips and the packs print beside the RAG.

Indicators compare the actual with the target for the same period, using the indicator's
polarity and tolerance (a percentage of the target: 10 means Amber up to 10% worse than
target, Red beyond). Actions compare % complete with the time elapsed between start and
due, as at the end of the reporting period. Objectives and priorities roll up from what
sits under them, by the plan's rule (worst-of or majority).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cypp_desktop.models.enums import ActionStatus, Polarity, Rag, RollupRule
from cypp_desktop.models.formatting import PERCENT_UNITS, decimals_for, number, uk_date, with_unit

# Floating-point values that are equal to nine decimal places are equal: a value exactly on a
# tolerance boundary must land on the same side however it was computed.
_PLACES = 9


@dataclass(frozen=True, slots=True)
class RagResult:
    rag: Rag
    reason: str
    overridden: bool = False
    computed: Rag | None = None  # for an override: what the rules said

    @property
    def text(self) -> str:
        """The RAG in words, e.g. "Amber (overridden; computed Green)"."""
        if self.overridden and self.computed is not None:
            return f"{self.rag.label} (overridden; computed {self.computed.label})"
        return self.rag.label


@dataclass(frozen=True, slots=True)
class RagSettings:
    tolerance: float = 10.0
    action_lag_margin: float = 15.0
    rollup: RollupRule = RollupRule.WORST


# Indicators ------------------------------------------------------------------------------


def _gap_text(gap: float, unit: str, decimals: int) -> str:
    if unit in PERCENT_UNITS:
        return f"{number(gap, decimals)} points"
    if unit in ("", "number"):
        return number(gap, decimals)
    return f"{number(gap, decimals)} {unit}"


def indicator_rag(
    *,
    value: float | None,
    target: float | None,
    polarity: Polarity,
    tolerance: float,
    unit: str,
    period: str,
    baseline: float | None = None,
) -> RagResult:
    """The RAG of one value against its target.

    The tolerance band is ``tolerance`` percent of the target. A target of zero has no size
    to take a percentage of, so the band is then taken from the baseline; with no baseline
    either, any value worse than zero is Red.
    """
    if value is None and target is None:
        return RagResult(Rag.GREY, f"Grey: no value or target for {period}")
    if value is None:
        return RagResult(
            Rag.GREY, f"Grey: no value received for {period} (target {with_unit(target, unit)})"
        )
    if target is None:
        return RagResult(
            Rag.GREY, f"Grey: {with_unit(value, unit)} in {period} but no target is set"
        )
    places = decimals_for(value, target)
    shown = (
        f"{with_unit(value, unit, places)} against a target of {with_unit(target, unit, places)}"
    )
    direction = f"({polarity.label})"
    worse_by = round((value - target) if polarity is Polarity.LOWER else (target - value), _PLACES)
    if worse_by <= 0:
        better = "on target" if worse_by == 0 else f"{_gap_text(-worse_by, unit, places)} better"
        return RagResult(Rag.GREEN, f"Green: {shown} {direction}; {better}")
    if target != 0:
        band = round(abs(target) * tolerance / 100, _PLACES)
        band_text = f"the {number(tolerance)}% tolerance"
    elif baseline:
        band = round(abs(baseline) * tolerance / 100, _PLACES)
        band_text = f"the {number(tolerance)}% tolerance (of the baseline, as the target is zero)"
    else:
        band = 0.0
        band_text = "any tolerance (the target is zero and there is no baseline)"
    off = f"{_gap_text(worse_by, unit, places)} off"
    if worse_by <= band:
        return RagResult(Rag.AMBER, f"Amber: {shown} {direction}; {off}, within {band_text}")
    return RagResult(Rag.RED, f"Red: {shown} {direction}; {off}, beyond {band_text}")


# Actions ---------------------------------------------------------------------------------


def action_rag(
    *,
    status: ActionStatus,
    percent_complete: int,
    start: date | None,
    due: date | None,
    as_of: date,
    lag_margin: float,
) -> RagResult:
    """An action's RAG as at ``as_of`` (the end of the reporting period)."""
    if status is ActionStatus.COMPLETE:
        return RagResult(Rag.BLUE, "Blue: complete")
    if status is ActionStatus.DROPPED:
        return RagResult(Rag.GREY, "Dropped: no longer being pursued")
    if due is None:
        return RagResult(Rag.GREY, "Grey: no due date set")
    if due < as_of:
        days = (as_of - due).days
        return RagResult(
            Rag.RED,
            f"Red: due {uk_date(due)} and not complete ({percent_complete}%); "
            f"{days} day{'s' if days != 1 else ''} overdue at {uk_date(as_of)}",
        )
    if start is not None and start > as_of:
        return RagResult(Rag.GREY, f"Grey: not yet due to start ({uk_date(start)})")
    if start is None or start >= due:
        return RagResult(
            Rag.GREEN,
            f"Green: {percent_complete}% complete, due {uk_date(due)}; "
            "no start date to measure progress against",
        )
    elapsed = round(100 * (as_of - start).days / (due - start).days)
    behind = elapsed - percent_complete
    timing = f"{percent_complete}% complete with {elapsed}% of the time gone (due {uk_date(due)})"
    if round(behind, _PLACES) > lag_margin:
        return RagResult(
            Rag.AMBER,
            f"Amber: {timing}; {behind} points behind, "
            f"more than the {number(lag_margin)}-point margin",
        )
    return RagResult(Rag.GREEN, f"Green: {timing}; on track")


# Roll-up ---------------------------------------------------------------------------------

_ON_TRACK = (Rag.GREEN, Rag.BLUE)


def rollup_rag(children: Iterable[Rag], rule: RollupRule, *, what: str) -> RagResult:
    """An objective's or priority's RAG from its children's.

    Grey children (no data, dropped, not yet due) do not count. Worst-of takes the worst of
    the rest; majority takes the most common, counting Blue as on track with Green, and a tie
    goes to the worse. All Blue is Blue: everything under it is complete.
    """
    counts: Counter[Rag] = Counter(rag for rag in children if rag is not Rag.GREY)
    total = sum(counts.values())
    tally = ", ".join(f"{counts[rag]} {rag.value}" for rag in Rag if counts[rag])
    if total == 0:
        return RagResult(Rag.GREY, f"Grey: nothing under this {what} has a RAG yet")
    if counts[Rag.BLUE] == total:
        return RagResult(Rag.BLUE, f"Blue: all {total} items under this {what} are complete")
    if rule is RollupRule.WORST:
        rag = max(counts, key=lambda r: r.severity)
        if rag is Rag.BLUE:
            rag = Rag.GREEN
        return RagResult(rag, f"{rag.label}: worst of {total} items ({tally})")
    grouped = Counter({Rag.RED: counts[Rag.RED], Rag.AMBER: counts[Rag.AMBER]})
    grouped[Rag.GREEN] = counts[Rag.GREEN] + counts[Rag.BLUE]
    top = max(grouped.values())
    rag = max((r for r, n in grouped.items() if n == top), key=lambda r: r.severity)
    return RagResult(rag, f"{rag.label}: majority of {total} items ({tally})")


# Overrides -------------------------------------------------------------------------------


def overridden(computed: RagResult, *, rag: Rag, reason: str, author: str, on: date) -> RagResult:
    """A manual RAG that replaces the computed one; both stay visible."""
    return RagResult(
        rag,
        f"{rag.label}, overridden by {author or 'unknown'} on {uk_date(on)}: {reason} "
        f"(computed {computed.reason})",
        overridden=True,
        computed=computed.rag,
    )


# Direction of travel ---------------------------------------------------------------------


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    SAME = "same"
    UNKNOWN = "unknown"

    @property
    def arrow(self) -> str:
        return _ARROWS[self]

    @property
    def label(self) -> str:
        return _DIRECTION_LABELS[self]


_ARROWS = {
    Direction.IMPROVING: "▲",
    Direction.WORSENING: "▼",
    Direction.SAME: "►",
    Direction.UNKNOWN: "–",
}
_DIRECTION_LABELS = {
    Direction.IMPROVING: "improving",
    Direction.WORSENING: "worsening",
    Direction.SAME: "no change",
    Direction.UNKNOWN: "no comparison",
}


def value_direction(current: float | None, earlier: float | None, polarity: Polarity) -> Direction:
    """Whether moving from ``earlier`` to ``current`` is good news, given the polarity."""
    if current is None or earlier is None:
        return Direction.UNKNOWN
    change = round(current - earlier, _PLACES)
    if change == 0:
        return Direction.SAME
    up_is_good = polarity is Polarity.HIGHER
    return Direction.IMPROVING if (change > 0) == up_is_good else Direction.WORSENING


def rag_direction(current: Rag, earlier: Rag | None) -> Direction:
    """Better or worse RAG since the previous period; Grey on either side compares nothing."""
    if earlier is None or Rag.GREY in (current, earlier):
        return Direction.UNKNOWN
    now, then = _rank(current), _rank(earlier)
    if now == then:
        return Direction.SAME
    return Direction.IMPROVING if now < then else Direction.WORSENING


def _rank(rag: Rag) -> int:
    """Blue and Green are both on track; moving from one to the other is no change."""
    return {Rag.BLUE: 0, Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}[rag]
