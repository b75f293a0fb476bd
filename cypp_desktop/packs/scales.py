"""Chart scales shared by the PDF and Excel packs, so that an indicator's axis runs over the
same round numbers on paper and in the workbook."""

from __future__ import annotations

import math

from cypp_desktop.charts.spec import IndicatorChart
from cypp_desktop.models.formatting import PERCENT_UNITS, number


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) from below ``low`` to above
    ``high``: the first and last ticks are the ends of the axis."""
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


def tick_label(value: float, unit: str) -> str:
    decimals = 0 if float(value).is_integer() else (1 if float(value * 10).is_integer() else 2)
    shown = number(value, decimals)
    return f"{shown}%" if unit in PERCENT_UNITS else shown


def value_range(chart: IndicatorChart) -> tuple[float, float]:
    """Low and high ends for everything the chart shows, with a little room around them;
    an axis of counts or rates does not dip below zero, nor a percentage pass 100."""
    values = [p.value for p in chart.actuals] + [p.value for p in chart.targets]
    values += [b.low for b in chart.bands] + [b.high for b in chart.bands]
    values += [p.value for p in chart.forecast]
    values += [p.value for _name, points in chart.comparators for p in points]
    if chart.baseline is not None:
        values.append(chart.baseline.value)
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    bottom = low - pad
    if low >= 0 and bottom < 0:
        bottom = 0.0
    top = high + pad
    if chart.unit in PERCENT_UNITS and high <= 100 < top:
        top = 100.0
    return bottom, top
