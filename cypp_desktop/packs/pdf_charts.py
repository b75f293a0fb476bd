"""Chart specifications (charts/spec.py) drawn as reportlab vector graphics for the PDF pack.

The screen draws the same specifications with matplotlib; both take their colours, letters,
hatching and type sizes from charts/style.py, so a chart reads the same on screen and on
paper. The charts are vector paths drawn straight onto reportlab's PDF canvas: sharp at any
print size, and fast enough for a pack of a few hundred indicators (a reportlab.graphics
Drawing costs about 3 ms a chart to render, several times more; see docs/board-pack.md). RAG
markers are drawn once per document as PDF form objects and placed by reference.

RAG is never colour alone: every actual point carries its letter, and the RAG summary's bars
carry their letters and the hatching of charts/style.py, so grey print loses nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from cypp_desktop.charts.scale import nice_ticks, tick_label, value_range
from cypp_desktop.charts.spec import RAG_ORDER, IndicatorChart, RagSummary
from cypp_desktop.charts.style import (
    BAND_HEX,
    BASELINE_DASH,
    BASELINE_HEX,
    COMPARATOR_STYLES,
    FORECAST_DASH,
    FORECAST_HEX,
    GRID_HEX,
    INK_HEX,
    LABEL_SIZE,
    LEGEND_SIZE,
    RAG_HATCH,
    RAG_HEX,
    RAG_TEXT_HEX,
    TARGET_DASH,
    TARGET_HEX,
    TICK_SIZE,
)
from cypp_desktop.charts.summary_labels import GAP, item_width, segment_label, total_label
from cypp_desktop.models import Rag
from cypp_desktop.models.formatting import PERCENT_UNITS
from cypp_desktop.packs import fonts

INK = colors.HexColor(INK_HEX)
GRID = colors.HexColor(GRID_HEX)
BAND = colors.HexColor(BAND_HEX)
TARGET = colors.HexColor(TARGET_HEX)
BASELINE = colors.HexColor(BASELINE_HEX)
FORECAST = colors.HexColor(FORECAST_HEX)
MARKER_RADIUS = 4.6
LEGEND_ROW = LEGEND_SIZE * 1.6
HATCH_GAP = 4.0

Point2 = tuple[float, float]


def _width(text: str, size: float = TICK_SIZE, font: str = fonts.REGULAR) -> float:
    return float(stringWidth(text, font, size))


def _measure(text: str) -> float:
    """A count label's width, as the RAG summary draws it."""
    return _width(text, TICK_SIZE, fonts.BOLD)


# Drawing helpers -------------------------------------------------------------------------


def _stroke(canvas: Any, colour: Any, width: float, dash: Sequence[float] = ()) -> None:
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(width)
    canvas.setDash(list(dash), 0)


def _polyline(canvas: Any, points: Sequence[Point2], *, close: bool = False) -> None:
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    if close:
        path.close()
    canvas.drawPath(path, stroke=0 if close else 1, fill=1 if close else 0)


def _text(
    canvas: Any,
    x: float,
    y: float,
    text: str,
    *,
    size: float = TICK_SIZE,
    anchor: str = "start",
    font: str = fonts.REGULAR,
    colour: Any = INK,
) -> None:
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    if anchor == "end":
        canvas.drawRightString(x, y, text)
    elif anchor == "middle":
        canvas.drawCentredString(x, y, text)
    else:
        canvas.drawString(x, y, text)


def _marker(canvas: Any, rag: Rag) -> str:
    """The form object of a RAG point (a disc in the RAG colour holding its letter), drawn
    once per document; returns its name."""
    name = f"ragMarker{rag.letter}"
    if not canvas.hasForm(name):
        r = MARKER_RADIUS
        canvas.beginForm(name, -r - 1, -r - 1, r + 1, r + 1)
        canvas.setFillColor(colors.HexColor(RAG_HEX[rag]))
        canvas.setStrokeColor(colors.white)
        canvas.setLineWidth(0.6)
        canvas.circle(0, 0, r, stroke=1, fill=1)
        _text(
            canvas,
            0,
            -r * 0.55,
            rag.letter,
            size=r * 1.45,
            anchor="middle",
            font=fonts.BOLD,
            colour=colors.HexColor(RAG_TEXT_HEX[rag]),
        )
        canvas.endForm()
    return name


def _place(canvas: Any, form: str, x: float, y: float) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(form)
    canvas.restoreState()


def _diamond(canvas: Any, x: float, y: float, colour: Any) -> None:
    """A comparator's point: a diamond, a shape no RAG marker uses."""
    r = 3.2
    canvas.setFillColor(colour)
    _polyline(canvas, [(x, y + r), (x + r, y), (x, y - r), (x - r, y)], close=True)


def _hollow(canvas: Any, x: float, y: float) -> None:
    canvas.setFillColor(colors.white)
    _stroke(canvas, FORECAST, 0.8)
    canvas.circle(x, y, 2.4, stroke=1, fill=1)


# Legend ----------------------------------------------------------------------------------


def _legend_entries(chart: IndicatorChart) -> list[tuple[str, str, int]]:
    entries = []
    if chart.actuals:
        entries.append(("actual", "Actual (letter = RAG)", 0))
    if chart.targets:
        entries.append(("target", "Target", 0))
    if chart.bands:
        entries.append(("band", "Tolerance", 0))
    if chart.baseline is not None:
        entries.append(("baseline", f"Baseline {chart.baseline.period}", 0))
    for index, (name, _points) in enumerate(chart.comparators):
        entries.append(("comparator", name, index))
    if chart.forecast:
        entries.append(("forecast", "Forecast (trend)", 0))
    return entries


def _legend_rows(chart: IndicatorChart, width: float) -> list[list[tuple[str, str, int, float]]]:
    rows: list[list[tuple[str, str, int, float]]] = [[]]
    used = 0.0
    for kind, label, index in _legend_entries(chart):
        wide = 18 + _width(label, LEGEND_SIZE) + 10
        if rows[-1] and used + wide > width:
            rows.append([])
            used = 0.0
        rows[-1].append((kind, label, index, used))
        used += wide
    return rows if rows[0] else []


def _legend_key(canvas: Any, kind: str, index: int, x: float, y: float) -> None:
    mid = y + LEGEND_SIZE * 0.35
    if kind == "band":
        canvas.setFillColor(BAND)
        canvas.rect(x, mid - 3, 14, 6, stroke=0, fill=1)
        return
    styles: dict[str, tuple[Any, Sequence[float]]] = {
        "actual": (INK, ()),
        "target": (TARGET, TARGET_DASH),
        "baseline": (BASELINE, BASELINE_DASH),
        "forecast": (FORECAST, FORECAST_DASH),
    }
    dash: Sequence[float]
    if kind == "comparator":
        hex_colour, dash = COMPARATOR_STYLES[index % len(COMPARATOR_STYLES)]
        colour: Any = colors.HexColor(hex_colour)
    else:
        colour, dash = styles[kind]
    _stroke(canvas, colour, 1.0, dash)
    canvas.line(x, mid, x + 14, mid)
    if kind == "actual":
        canvas.setFillColor(colors.HexColor(RAG_HEX[Rag.GREEN]))
        canvas.circle(x + 7, mid, 3.0, stroke=0, fill=1)
    elif kind == "comparator":
        _diamond(canvas, x + 7, mid, colour)
    elif kind == "forecast":
        _hollow(canvas, x + 7, mid)


def _draw_legend(canvas: Any, rows: list[list[tuple[str, str, int, float]]]) -> None:
    height = LEGEND_ROW * len(rows)
    for number_, row in enumerate(rows):
        y = height - LEGEND_ROW * (number_ + 1) + 2
        for kind, label, index, x in row:
            _legend_key(canvas, kind, index, x, y)
            _text(canvas, x + 18, y, label, size=LEGEND_SIZE)


# The indicator chart ---------------------------------------------------------------------


class IndicatorChartFlowable(Flowable):  # type: ignore[misc]
    """The turn-the-curve chart of one indicator: actuals lettered by RAG against the target
    and its tolerance band, with the baseline, comparators and a forecast labelled as such."""

    def __init__(self, chart: IndicatorChart, width: float, height: float):
        super().__init__()
        self.chart = chart
        self.width = width
        self.height = height

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        draw_indicator_chart(self.canv, self.chart, self.width, self.height)
        self.canv.restoreState()


def draw_indicator_chart(canvas: Any, chart: IndicatorChart, width: float, height: float) -> None:
    if not chart.periods or not (chart.actuals or chart.targets or chart.baseline):
        _text(
            canvas,
            width / 2,
            height / 2,
            "No values or targets recorded yet",
            size=LABEL_SIZE,
            anchor="middle",
        )
        return
    legend = _legend_rows(chart, width)
    ticks = nice_ticks(*value_range(chart))
    labels = [tick_label(t, chart.unit) for t in ticks]
    unit_label = "" if chart.unit in PERCENT_UNITS or chart.unit in ("", "number") else chart.unit
    periods = chart.periods
    plot_left = max(_width(label) for label in labels) + 6
    plot_right = width - 8
    step = (plot_right - plot_left) / len(periods)
    every = max(1, math.ceil((max(_width(p) for p in periods) + 6) / step))
    plot_bottom = LEGEND_ROW * len(legend) + TICK_SIZE + 10
    plot_top = height - (TICK_SIZE + 9 if unit_label else 6)
    low, span = ticks[0], (ticks[-1] - ticks[0]) or 1.0

    def x(period: str) -> float:
        return plot_left + step * (chart.x(period) + 0.5)

    def y(value: float) -> float:
        return plot_bottom + (value - low) / span * (plot_top - plot_bottom)

    _draw_legend(canvas, legend)
    _stroke(canvas, GRID, 0.5)
    canvas.lines([(plot_left, y(t), plot_right, y(t)) for t in ticks])
    for tick, label in zip(ticks, labels, strict=True):
        _text(canvas, plot_left - 3, y(tick) - TICK_SIZE * 0.35, label, anchor="end")
    if unit_label:
        _text(canvas, 0, height - TICK_SIZE, unit_label)
    _stroke(canvas, INK, 0.6)
    canvas.line(plot_left, plot_bottom, plot_right, plot_bottom)
    canvas.lines([(x(p), plot_bottom, x(p), plot_bottom - 2.5) for p in periods])
    for index, period in enumerate(periods):
        if index % every == 0:
            _text(canvas, x(period), plot_bottom - TICK_SIZE - 4, period, anchor="middle")

    if chart.bands:
        canvas.setFillColor(BAND)
        if len(chart.bands) == 1:
            band = chart.bands[0]
            canvas.rect(
                x(band.period) - step * 0.3,
                y(band.low),
                step * 0.6,
                y(band.high) - y(band.low),
                stroke=0,
                fill=1,
            )
        else:
            upper = [(x(b.period), y(b.high)) for b in chart.bands]
            lower = [(x(b.period), y(b.low)) for b in reversed(chart.bands)]
            _polyline(canvas, upper + lower, close=True)
    if chart.baseline is not None:
        _stroke(canvas, BASELINE, 0.8, BASELINE_DASH)
        level = y(chart.baseline.value)
        canvas.line(plot_left, level, plot_right, level)
    for index, (_name, points) in enumerate(chart.comparators):
        hex_colour, dash = COMPARATOR_STYLES[index % len(COMPARATOR_STYLES)]
        colour = colors.HexColor(hex_colour)
        placed = [(x(p.period), y(p.value)) for p in points]
        if len(placed) > 1:
            _stroke(canvas, colour, 1.0, dash)
            _polyline(canvas, placed)
        for px, py in placed:
            _diamond(canvas, px, py, colour)
    if chart.targets:
        placed = [(x(p.period), y(p.value)) for p in chart.targets]
        _stroke(canvas, TARGET, 1.0, TARGET_DASH)
        if len(placed) > 1:
            _polyline(canvas, placed)
        canvas.setDash([], 0)
        canvas.setLineWidth(1.2)
        canvas.lines([(px - 3, py, px + 3, py) for px, py in placed])
    if chart.forecast:
        placed = [(x(p.period), y(p.value)) for p in chart.forecast]
        _stroke(canvas, FORECAST, 1.0, FORECAST_DASH)
        _polyline(canvas, placed)
        for px, py in placed[1:]:
            _hollow(canvas, px, py)
        end_x, end_y = placed[-1]
        label_y = min(max(end_y + 5, plot_bottom + 3), plot_top - TICK_SIZE)
        _text(
            canvas,
            min(end_x, plot_right - 2),
            label_y,
            "forecast",
            size=TICK_SIZE - 1,
            anchor="end",
            colour=FORECAST,
        )
    placed = [(x(p.period), y(p.value)) for p in chart.actuals]
    if len(placed) > 1:
        _stroke(canvas, INK, 1.2)
        canvas.setLineJoin(1)
        _polyline(canvas, placed)
    for point, (px, py) in zip(chart.actuals, placed, strict=True):
        _place(canvas, _marker(canvas, point.rag), px, py)


# The RAG summary -------------------------------------------------------------------------


def _hatch(canvas: Any, x0: float, y0: float, w: float, h: float, rag: Rag) -> None:
    """The hatching of charts/style.py (matplotlib codes), clipped to a rectangle."""
    pattern = RAG_HATCH[rag]
    if not pattern:
        return
    x1, y1 = x0 + w, y0 + h
    segments: list[tuple[float, float, float, float]] = []
    if "/" in pattern or "x" in pattern:
        c = y0 - x1
        while c < y1 - x0:
            a, b = max(x0, y0 - c), min(x1, y1 - c)
            if b > a:
                segments.append((a, a + c, b, b + c))
            c += HATCH_GAP
    if "x" in pattern or "\\" in pattern:
        c = x0 + y0
        while c < x1 + y1:
            a, b = max(x0, c - y1), min(x1, c - y0)
            if b > a:
                segments.append((a, c - a, b, c - b))
            c += HATCH_GAP
    if "-" in pattern:
        level = y0 + HATCH_GAP / 2
        while level < y1:
            segments.append((x0, level, x1, level))
            level += HATCH_GAP
    if "." in pattern:
        level = y0 + HATCH_GAP / 2
        while level < y1:
            across = x0 + HATCH_GAP / 2
            while across < x1:
                segments.append((across - 0.5, level, across + 0.5, level))
                across += HATCH_GAP
            level += HATCH_GAP
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(RAG_TEXT_HEX[rag]))
    canvas.setStrokeAlpha(0.4)
    canvas.setLineWidth(1.0 if "." in pattern else 0.6)
    canvas.lines(segments)
    canvas.restoreState()


class RagSummaryFlowable(Flowable):  # type: ignore[misc]
    """One stacked bar per priority: its actions' and indicators' RAGs, each segment in its
    colour with its hatching, its count and its letter, then the bar's total (with the counts
    too narrow to print inside, as on screen: charts/summary_labels.py)."""

    BAR = 13.0
    GAP = 5.0

    def __init__(self, summary: RagSummary, width: float):
        super().__init__()
        self.summary = summary
        self.width = width
        self.height = len(summary.rows) * (self.BAR + self.GAP) + LABEL_SIZE * 2.2 + 4

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        rows = self.summary.rows
        label_width = max([_width(r.code, LABEL_SIZE, fonts.BOLD) for r in rows] + [20.0]) + 8
        scale = item_width([row.counts for row in rows], self.width - label_width - 4, _measure)
        for index, row in enumerate(rows):
            y0 = self.height - index * (self.BAR + self.GAP) - self.BAR
            middle = y0 + self.BAR / 2
            _text(canvas, 0, middle - LABEL_SIZE * 0.35, row.code, size=LABEL_SIZE, font=fonts.BOLD)
            x0 = label_width
            for rag, count in row.counts:
                if count:
                    self._segment(rag, count, x0, y0, count * scale)
                    x0 += count * scale
            if any(count for _rag, count in row.counts):
                total = total_label(row.counts, scale, _measure)
                _text(canvas, x0 + GAP, middle - TICK_SIZE * 0.35, total, font=fonts.BOLD)
        x = 0.0
        for rag in RAG_ORDER:
            label = f"{rag.letter} {rag.label}" + (" (no data)" if rag is Rag.GREY else "")
            canvas.setFillColor(colors.HexColor(RAG_HEX[rag]))
            canvas.rect(x, 2, 16, 9, stroke=0, fill=1)
            _hatch(canvas, x, 2, 16, 9, rag)
            _text(canvas, x + 20, 4, label, size=LABEL_SIZE)
            x += 20 + _width(label, LABEL_SIZE) + 12
        canvas.restoreState()

    def _segment(self, rag: Rag, count: int, x0: float, y0: float, w: float) -> None:
        canvas = self.canv
        fill = colors.HexColor(RAG_HEX[rag])
        canvas.setFillColor(fill)
        _stroke(canvas, colors.white, 0.6)
        canvas.rect(x0, y0, w, self.BAR, stroke=1, fill=1)
        _hatch(canvas, x0, y0, w, self.BAR, rag)
        text = segment_label(count, rag.letter, w, _measure)
        wide = _width(text, TICK_SIZE, fonts.BOLD)
        if text:
            canvas.setFillColor(fill)
            middle = y0 + self.BAR / 2
            canvas.rect(
                x0 + w / 2 - wide / 2 - 1.5,
                middle - TICK_SIZE * 0.55,
                wide + 3,
                TICK_SIZE * 1.1,
                stroke=0,
                fill=1,
            )
            _text(
                canvas,
                x0 + w / 2,
                middle - TICK_SIZE * 0.35,
                text,
                anchor="middle",
                font=fonts.BOLD,
                colour=colors.HexColor(RAG_TEXT_HEX[rag]),
            )
