"""The "turn the curve" chart of one indicator, drawn with matplotlib.

Reading order, back to front: the forecast periods shaded, the tolerance band, the baseline,
comparators, the target profile, the forecast, the actuals; each actual a disc in its RAG's
colour holding its RAG's letter.
"""

from __future__ import annotations

from collections.abc import Callable

from cypp_desktop.charts.marks import Key, lay_out_legend, rag_points
from cypp_desktop.charts.picture import Hit
from cypp_desktop.charts.scale import tick_labels, y_ticks
from cypp_desktop.charts.sheet import Sheet, font
from cypp_desktop.charts.sizes import PAD
from cypp_desktop.charts.spec import IndicatorChart
from cypp_desktop.charts.style import (
    BAND_HEX,
    BASELINE_DASH,
    BASELINE_HEX,
    COMPARATOR_STYLES,
    FONT_FAMILY,
    FORECAST_DASH,
    FORECAST_HEX,
    FORECAST_POINT_DIAMETER,
    FORECAST_SHADE_HEX,
    GRID_HEX,
    INK_HEX,
    LABEL_SIZE,
    LINE_WIDTH,
    POINT_DIAMETER,
    RAG_HEX,
    TARGET_DASH,
    TARGET_HEX,
    THIN_LINE_WIDTH,
    TICK_SIZE,
    TITLE_SIZE,
)
from cypp_desktop.models import Rag
from cypp_desktop.models.formatting import PERCENT_UNITS, number, with_unit

FORECAST_LABEL = "Forecast"
EMPTY_TEXT = "No values or targets recorded yet"
TICK_GAP = 5.0  # points between a tick label and the axis


def subtitle(chart: IndicatorChart) -> str:
    """``per 1,000 · lower is better``: how to read the y axis and which way is good."""
    unit = (
        ""
        if chart.unit in ("", "number")
        else ("percent" if chart.unit in PERCENT_UNITS else chart.unit)
    )
    return " · ".join(part for part in (unit, chart.polarity.label) if part)


def x_labels(sheet: Sheet, periods: tuple[str, ...], step: float) -> tuple[list[str], int]:
    """Period labels that fit ``step`` points each: on one line, else on two ("2012/13" over
    "Q2"), else every n-th of them. Returns the labels and how many lines they take."""
    room = step - 4

    def widest(labels: list[str]) -> float:
        return max(sheet.measure(label, TICK_SIZE) for label in labels)

    labels = list(periods)
    if widest(labels) <= room:
        return labels, 1
    split = [
        label.rsplit(" ", 1)[0] + "\n" + label.rsplit(" ", 1)[1] if " " in label else label
        for label in labels
    ]
    lines = 2 if any("\n" in label for label in split) else 1
    every = max(1, -(-int(widest(split) + 4) // max(int(step), 1)))
    shown = [label if index % every == 0 else "" for index, label in enumerate(split)]
    return shown, lines


def legend_keys(chart: IndicatorChart) -> list[Key]:
    keys: list[Key] = []

    def line(
        color: str,
        width: float,
        dashes: tuple[float, ...] | None = None,
        marker: str = "",
        size: float = 0.0,
        face: str | None = None,
    ) -> Callable[[Sheet, float, float, float], None]:
        def draw(sheet: Sheet, x: float, y: float, key_width: float) -> None:
            sheet.line_key(
                x,
                y,
                key_width,
                color=color,
                linewidth=width,
                dashes=dashes,
                marker=marker,
                markersize=size,
                markerfacecolor=face,
            )

        return draw

    if chart.actuals:
        keys.append(
            Key(
                "Actual (letter = RAG)",
                line(INK_HEX, LINE_WIDTH, marker="o", size=7, face=RAG_HEX[Rag.GREEN]),
            )
        )
    if chart.targets:
        keys.append(Key("Target", line(TARGET_HEX, THIN_LINE_WIDTH, TARGET_DASH)))
    if chart.bands:

        def band(sheet: Sheet, x: float, y: float, key_width: float) -> None:
            sheet.box_key(x, y, key_width, TICK_SIZE, color=BAND_HEX)

        keys.append(Key(f"Tolerance ({number(chart.tolerance)}%)", band))
    if chart.baseline is not None:
        baseline = chart.baseline
        keys.append(
            Key(
                f"Baseline {baseline.period}: {with_unit(baseline.value, chart.unit)}",
                line(BASELINE_HEX, THIN_LINE_WIDTH, BASELINE_DASH, "s", 5, "white"),
            )
        )
    for index, (name, _points) in enumerate(chart.comparators):
        colour, dashes = COMPARATOR_STYLES[index % len(COMPARATOR_STYLES)]
        keys.append(Key(name, line(colour, THIN_LINE_WIDTH, dashes)))
    if chart.forecast:
        keys.append(
            Key(
                "Forecast (trend)",
                line(FORECAST_HEX, THIN_LINE_WIDTH, FORECAST_DASH, "o", 5, "white"),
            )
        )
    return keys


class IndicatorFigure:
    """Draws IndicatorChart specifications, one after another, on one reused sheet."""

    def __init__(self) -> None:
        self.sheet = Sheet()
        axes = self.sheet.axes
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            axes.spines[side].set_color(INK_HEX)
            axes.spines[side].set_linewidth(0.6)
        axes.tick_params(
            labelsize=TICK_SIZE, colors=INK_HEX, length=2.5, width=0.5, labelfontfamily=FONT_FAMILY
        )
        axes.yaxis.grid(True, color=GRID_HEX, linewidth=0.6)
        axes.set_axisbelow(True)

    def draw(self, chart: IndicatorChart, width: float, height: float, dpi: float) -> list[Hit]:
        """Draw ``chart`` on a ``width`` by ``height`` inch figure; returns its tooltips."""
        sheet = self.sheet
        sheet.start(width, height, dpi)
        top = self._titles(chart)
        if not chart.periods or not (chart.actuals or chart.targets or chart.baseline):
            sheet.axes.set_visible(False)
            sheet.text(
                sheet.width / 2,
                (top + sheet.height) / 2,
                EMPTY_TEXT,
                LABEL_SIZE,
                ha="center",
                va="center",
            )
            return []
        axes = sheet.axes
        ticks = y_ticks(chart)
        labels_y = tick_labels(ticks, chart.unit)
        left = PAD + max(sheet.measure(label, TICK_SIZE) for label in labels_y) + TICK_GAP
        right = PAD + 6
        count = len(chart.periods)
        step = (sheet.width - left - right) / count
        labels, lines = x_labels(sheet, chart.periods, step)
        legend = lay_out_legend(sheet, legend_keys(chart), sheet.width - 2 * PAD)
        axis_height = TICK_GAP + lines * TICK_SIZE * 1.25
        bottom = PAD + legend.height + axis_height + 2
        sheet.place_axes(left, top, right, bottom)
        legend.draw(sheet, PAD, sheet.height - PAD - legend.height)

        axes.set_xlim(-0.5, count - 0.5)
        axes.set_ylim(ticks[0], ticks[-1])
        axes.set_xticks(range(count), labels)
        axes.set_yticks(ticks, labels_y)
        hits: list[Hit] = []
        self._forecast_shade(chart)
        self._band(chart)
        hits += self._baseline(chart)
        hits += self._comparators(chart)
        hits += self._targets(chart)
        hits += self._forecast(chart)
        hits += self._actuals(chart)
        return hits

    # Parts -------------------------------------------------------------------------------

    def _titles(self, chart: IndicatorChart) -> float:
        """The title (two lines at most) and the subtitle; returns the top margin."""
        sheet = self.sheet
        lines = sheet.wrap(
            f"{chart.code}  {chart.title}", TITLE_SIZE, sheet.width - 2 * PAD, bold=True
        )
        y = PAD
        for line in lines:
            sheet.text(PAD, y, line, TITLE_SIZE, bold=True)
            y += TITLE_SIZE * 1.3
        sheet.text(PAD, y + 1, subtitle(chart), LABEL_SIZE, color=BASELINE_HEX)
        return y + LABEL_SIZE * 1.3 + 10

    def _hit(self, x: float, y: float, diameter: float, text: str) -> Hit:
        px, py = self.sheet.data_to_pixels(x, y)
        half = self.sheet.points_to_pixels(max(diameter, 6) / 2 + 1)
        return Hit(px - half, py - half, px + half, py + half, text)

    def _forecast_shade(self, chart: IndicatorChart) -> None:
        if not chart.forecast:
            return
        start = chart.x(chart.forecast[0].period) + 0.5
        axes = self.sheet.axes
        self.sheet.keep(
            axes.axvspan(
                start, len(chart.periods) - 0.5, color=FORECAST_SHADE_HEX, zorder=0, linewidth=0
            )
        )
        self.sheet.keep(
            axes.text(
                start + 0.08,
                0.98,
                FORECAST_LABEL,
                transform=axes.get_xaxis_transform(),
                fontproperties=font(TICK_SIZE, italic=True),
                color=FORECAST_HEX,
                ha="left",
                va="top",
                zorder=1,
            )
        )

    def _band(self, chart: IndicatorChart) -> None:
        if not chart.bands:
            return
        axes = self.sheet.axes
        xs: list[float] = [chart.x(band.period) for band in chart.bands]
        if len(xs) == 1:
            xs = [xs[0] - 0.3, xs[0] + 0.3]
            lows = [chart.bands[0].low] * 2
            highs = [chart.bands[0].high] * 2
        else:
            lows = [band.low for band in chart.bands]
            highs = [band.high for band in chart.bands]
        self.sheet.keep(axes.fill_between(xs, lows, highs, color=BAND_HEX, linewidth=0, zorder=1))

    def _baseline(self, chart: IndicatorChart) -> list[Hit]:
        if chart.baseline is None:
            return []
        baseline = chart.baseline
        x = chart.x(baseline.period)
        self.sheet.line(
            "baseline",
            [x, len(chart.periods) - 0.5],
            [baseline.value] * 2,
            color=BASELINE_HEX,
            linewidth=THIN_LINE_WIDTH,
            dashes=BASELINE_DASH,
            zorder=2,
        )
        self.sheet.line(
            "baseline mark",
            [x],
            [baseline.value],
            linestyle="none",
            marker="s",
            markersize=5,
            markerfacecolor="white",
            markeredgecolor=BASELINE_HEX,
            markeredgewidth=1,
            zorder=2.5,
            clip_on=False,
        )
        value = with_unit(baseline.value, chart.unit)
        return [self._hit(x, baseline.value, 6, f"Baseline {baseline.period}: {value}")]

    def _comparators(self, chart: IndicatorChart) -> list[Hit]:
        hits = []
        for index, (name, points) in enumerate(chart.comparators):
            colour, dashes = COMPARATOR_STYLES[index % len(COMPARATOR_STYLES)]
            xs = [chart.x(p.period) for p in points]
            ys = [p.value for p in points]
            self.sheet.line(
                f"comparator {index}",
                xs,
                ys,
                color=colour,
                linewidth=THIN_LINE_WIDTH,
                dashes=dashes,
                marker="o",
                markersize=2.5,
                zorder=3,
            )
            hits += [
                self._hit(x, p.value, 5, f"{name} {p.period}: {with_unit(p.value, chart.unit)}")
                for x, p in zip(xs, points, strict=True)
            ]
        return hits

    def _targets(self, chart: IndicatorChart) -> list[Hit]:
        if not chart.targets:
            return []
        xs = [chart.x(p.period) for p in chart.targets]
        self.sheet.line(
            "target",
            xs,
            [p.value for p in chart.targets],
            color=TARGET_HEX,
            linewidth=THIN_LINE_WIDTH,
            dashes=TARGET_DASH,
            marker="_",
            markersize=9,
            markeredgewidth=1.4,
            zorder=4,
        )
        return [
            self._hit(x, p.value, 7, f"Target {p.period}: {with_unit(p.value, chart.unit)}")
            for x, p in zip(xs, chart.targets, strict=True)
        ]

    def _forecast(self, chart: IndicatorChart) -> list[Hit]:
        if not chart.forecast:
            return []
        xs = [chart.x(p.period) for p in chart.forecast]
        ys = [p.value for p in chart.forecast]
        self.sheet.line(
            "forecast",
            xs,
            ys,
            color=FORECAST_HEX,
            linewidth=THIN_LINE_WIDTH,
            dashes=FORECAST_DASH,
            zorder=5,
        )
        self.sheet.line(
            "forecast marks",
            xs[1:],
            ys[1:],
            linestyle="none",
            marker="o",
            markersize=FORECAST_POINT_DIAMETER,
            markerfacecolor="white",
            markeredgecolor=FORECAST_HEX,
            markeredgewidth=1,
            zorder=5.5,
            clip_on=False,
        )
        return [
            self._hit(
                x,
                p.value,
                FORECAST_POINT_DIAMETER,
                f"{FORECAST_LABEL} {p.period}: {with_unit(p.value, chart.unit)} "
                "(straight-line trend of recent actuals; not a measurement)",
            )
            for x, p in zip(xs[1:], chart.forecast[1:], strict=True)
        ]

    def _actuals(self, chart: IndicatorChart) -> list[Hit]:
        if not chart.actuals:
            return []
        xs = [chart.x(p.period) for p in chart.actuals]
        ys = [p.value for p in chart.actuals]
        self.sheet.line("actual", xs, ys, color=INK_HEX, linewidth=LINE_WIDTH, zorder=6)
        rag_points(self.sheet, xs, ys, [p.rag for p in chart.actuals])
        return [
            self._hit(
                x,
                p.value,
                POINT_DIAMETER,
                f"{p.period}: {with_unit(p.value, chart.unit)}\n{p.reason or p.rag.label}",
            )
            for x, p in zip(xs, chart.actuals, strict=True)
        ]
