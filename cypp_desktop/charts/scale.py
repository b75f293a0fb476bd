"""Axis ranges and tick values, as plain arithmetic on a specification.

Every back-end asks here rather than letting its own library choose, so the screen and the
paper put the same round numbers on the same axis.
"""

from __future__ import annotations

import math

from cypp_desktop.charts.spec import IndicatorChart
from cypp_desktop.models.formatting import PERCENT_UNITS, number


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering low..high."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    value = math.floor(low / step) * step
    ticks = []
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else (1 if float(value * 10).is_integer() else 2)


def tick_label(value: float, unit: str, decimals: int | None = None) -> str:
    """``20%``, ``17.5%``, ``1,250``: as few decimals as the tick needs, unless told."""
    shown = number(value, _decimals(value) if decimals is None else decimals)
    return f"{shown}%" if unit in PERCENT_UNITS else shown


def tick_labels(ticks: list[float], unit: str) -> list[str]:
    """Labels for a whole axis, all with the same decimals: 5.0, 5.5, 6.0, never 5, 5.5, 6."""
    decimals = max((_decimals(tick) for tick in ticks), default=0)
    return [tick_label(tick, unit, decimals) for tick in ticks]


def value_range(chart: IndicatorChart) -> tuple[float, float]:
    """The y range that shows every value drawn, with a little room, never below zero for
    values that cannot be negative, and never above 100 for a percentage that cannot be."""
    values = [p.value for p in chart.actuals] + [p.value for p in chart.targets]
    values += [b.low for b in chart.bands] + [b.high for b in chart.bands]
    values += [p.value for p in chart.forecast]
    values += [p.value for _name, points in chart.comparators for p in points]
    if chart.baseline is not None:
        values.append(chart.baseline.value)
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    bottom = low - pad
    if low >= 0 > bottom:
        bottom = 0.0
    top = high + pad
    if chart.unit in PERCENT_UNITS and high <= 100 < top:
        top = 100.0
    return bottom, top


def y_ticks(chart: IndicatorChart) -> list[float]:
    """The indicator chart's y ticks. The axis runs from the first to the last, so it starts
    and ends on a round number; tick steps divide 100, so a percentage never passes 100%."""
    return nice_ticks(*value_range(chart))
