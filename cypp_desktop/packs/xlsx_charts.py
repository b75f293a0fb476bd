"""Native Excel charts for the Excel pack (openpyxl.chart): editable, not pictures.

Each indicator's chart reads a small block of cells laid out beside it (period, actual,
target, tolerance limit, baseline, comparators, forecast, RAG), so a user who corrects a
value sees the chart follow. Colours, dashes and the RAG of each point follow
charts/style.py, as on screen and in the PDF; the block's RAG column carries the letters.
"""

from __future__ import annotations

from functools import cache

from openpyxl.chart import BarChart, LineChart, Reference  # type: ignore[import-untyped]
from openpyxl.chart.label import DataLabelList  # type: ignore[import-untyped]
from openpyxl.chart.marker import DataPoint, Marker  # type: ignore[import-untyped]
from openpyxl.chart.series import Series  # type: ignore[import-untyped]
from openpyxl.chart.shapes import GraphicalProperties  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from cypp_desktop.charts.scale import nice_ticks, value_range
from cypp_desktop.charts.spec import RAG_ORDER, IndicatorChart
from cypp_desktop.charts.style import (
    BASELINE_HEX,
    COMPARATOR_STYLES,
    INK_HEX,
    RAG_HEX,
    TARGET_HEX,
)
from cypp_desktop.models.enums import Polarity, Rag
from cypp_desktop.models.formatting import PERCENT_UNITS
from cypp_desktop.packs.xlsx_sheet import put, style

CHART_ROWS = 16  # rows a chart covers at the default row height
CHART_COLUMN = "L"
FORECAST_HEX = "#777777"
BAND_LIMIT_HEX = "#8C8C8C"


def _hex(value: str) -> str:
    return value.lstrip("#").upper()


def _line(series: Series, colour: str, *, dash: str | None = None, width: float = 1.5) -> None:
    series.graphicalProperties.line.solidFill = _hex(colour)
    series.graphicalProperties.line.width = int(width * 12700)
    if dash:
        series.graphicalProperties.line.dashStyle = dash
    series.smooth = False


def _no_marker(series: Series) -> None:
    series.marker = Marker(symbol="none")


@cache
def _rag_marker(rag: Rag) -> Marker:
    """A point's marker in its RAG colour; one object per RAG, shared by every chart (they
    are only ever serialised), which keeps a pack of hundreds of charts quick to write."""
    marker = Marker(symbol="circle", size=8)
    marker.graphicalProperties = GraphicalProperties(solidFill=_hex(RAG_HEX[rag]))
    marker.graphicalProperties.line.solidFill = "FFFFFF"
    return marker


RAG_COLUMN = "B"  # every block keeps its RAG letters here, under one conditional format
FIRST_SERIES_COLUMN = 3


def block_columns(chart: IndicatorChart) -> list[str]:
    names = ["Period", "RAG", "Actual", "Target", "Tolerance limit", "Baseline"]
    names += [name for name, _points in chart.comparators]
    return [*names, "Forecast"]


def write_block(sheet: Worksheet, chart: IndicatorChart, top: int, heading: str) -> int:
    """The chart's data and the chart beside it, from row ``top``; returns the next free row.

    The caller colours the RAG column once for the whole sheet (``rag_formatting``)."""
    style(put(sheet, top, 1, heading), "bold")
    header = top + 1
    for column, name in enumerate(block_columns(chart), start=1):
        style(put(sheet, header, column, name), "block header")
    actuals = {p.period: p for p in chart.actuals}
    targets = {p.period: p.value for p in chart.targets}
    worse_is_lower = chart.polarity is Polarity.HIGHER
    limits = {b.period: b.low if worse_is_lower else b.high for b in chart.bands}
    forecast = {p.period: p.value for p in chart.forecast}
    comparators = [{p.period: p.value for p in points} for _name, points in chart.comparators]
    baseline = chart.baseline.value if chart.baseline else None
    for offset, period in enumerate(chart.periods, start=1):
        row = header + offset
        actual = actuals.get(period)
        put(sheet, row, 1, period)
        if actual is not None:
            sheet.cell(row=row, column=2, value=actual.rag.letter)
        numbers = [
            actual.value if actual else None,
            targets.get(period),
            limits.get(period),
            baseline,
            *(series.get(period) for series in comparators),
            forecast.get(period),
        ]
        for column, value in enumerate(numbers, start=FIRST_SERIES_COLUMN):
            if value is not None:
                sheet.cell(row=row, column=column, value=value)
    last = header + max(len(chart.periods), 1)
    if chart.periods:
        sheet.add_chart(_line_chart(sheet, chart, header, last), f"{CHART_COLUMN}{top}")
    return max(last, top + CHART_ROWS) + 2


def _line_chart(sheet: Worksheet, chart: IndicatorChart, header: int, last: int) -> LineChart:
    line = LineChart()
    line.title = chart.code
    line.height = 7.6
    line.width = 17.0
    line.display_blanks = "gap"
    line.legend.position = "b"
    if chart.unit not in ("", "number"):
        line.y_axis.title = "%" if chart.unit in PERCENT_UNITS else chart.unit
    ticks = nice_ticks(*value_range(chart))
    line.y_axis.scaling.min = ticks[0]
    line.y_axis.scaling.max = ticks[-1]
    line.y_axis.majorUnit = ticks[1] - ticks[0] if len(ticks) > 1 else None
    line.x_axis.delete = False
    line.y_axis.delete = False
    line.x_axis.tickLblPos = "low"
    columns = len(block_columns(chart))
    data = Reference(
        sheet, min_col=FIRST_SERIES_COLUMN, max_col=columns, min_row=header, max_row=last
    )
    line.add_data(data, titles_from_data=True)
    line.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    actual, target, limit, baseline, *others = line.series
    *comparators, forecast = others
    _line(actual, INK_HEX, width=2.0)
    actual.marker = Marker(symbol="circle", size=8)
    for point in chart.actuals:
        actual.dPt.append(DataPoint(idx=chart.x(point.period), marker=_rag_marker(point.rag)))
    _line(target, TARGET_HEX, dash="dash")
    _no_marker(target)
    _line(limit, BAND_LIMIT_HEX, dash="sysDot", width=1.25)
    _no_marker(limit)
    _line(baseline, BASELINE_HEX, dash="sysDash", width=1.0)
    _no_marker(baseline)
    for index, series in enumerate(comparators):
        colour, _dash = COMPARATOR_STYLES[index % len(COMPARATOR_STYLES)]
        _line(series, colour, dash="dash", width=1.25)
        series.marker = Marker(symbol="diamond", size=6)
        series.marker.graphicalProperties = GraphicalProperties(solidFill=_hex(colour))
    _line(forecast, FORECAST_HEX, dash="dash", width=1.25)
    forecast.marker = Marker(symbol="circle", size=6)
    forecast.marker.graphicalProperties = GraphicalProperties(solidFill="FFFFFF")
    forecast.marker.graphicalProperties.line.solidFill = _hex(FORECAST_HEX)
    return line


def rag_bar_chart(sheet: Worksheet, header: int, last: int, first_count_column: int) -> BarChart:
    """The Summary sheet's stacked bars: each priority's RAG counts, coloured as on paper
    (the series names carry the RAG letters for readers who cannot tell the colours apart)."""
    bar = BarChart()
    bar.type = "bar"
    bar.grouping = "stacked"
    bar.overlap = 100
    bar.title = "RAG of actions and indicators by priority"
    bar.height = 9.0
    bar.width = 20.0
    bar.legend.position = "b"
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.x_axis.scaling.orientation = "maxMin"
    data = Reference(
        sheet,
        min_col=first_count_column,
        max_col=first_count_column + len(RAG_ORDER) - 1,
        min_row=header,
        max_row=last,
    )
    bar.add_data(data, titles_from_data=True)
    bar.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    bar.gapWidth = 40
    for series, rag in zip(bar.series, RAG_ORDER, strict=True):
        series.graphicalProperties.solidFill = _hex(RAG_HEX[rag])
        series.graphicalProperties.line.solidFill = "FFFFFF"
    bar.dataLabels = DataLabelList(
        numFmt="0;-0;;",  # no label on an empty segment
        showVal=True,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showPercent=False,
    )
    return bar
