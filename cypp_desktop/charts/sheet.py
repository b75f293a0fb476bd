"""A reusable matplotlib figure to draw charts on, and the picture it produces.

A new Figure and Axes cost more to build than a simple chart costs to draw, so each kind of
chart keeps one Sheet and redraws it: the artists of the previous chart are removed, the
axes stay. Layout is arithmetic on measured text in points, done once per drawing; there is
no tight_layout or constrained_layout pass. Nothing here touches pyplot's global state.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from typing import Any, TypeVar

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from cypp_desktop.charts.picture import Hit, Picture
from cypp_desktop.charts.style import FONT_FAMILY, INK_HEX, TICK_SIZE

A = TypeVar("A", bound=Artist)


@functools.lru_cache(maxsize=32)
def font(size: float, bold: bool = False, italic: bool = False) -> FontProperties:
    return FontProperties(
        family=FONT_FAMILY,
        size=size,
        weight="bold" if bold else "normal",
        style="italic" if italic else "normal",
    )


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool, dpi: float) -> float:
    """Points wide. Remembered: period labels, tick labels and legend entries recur from
    chart to chart, and asking the font each time costs more than drawing the text."""
    if not text:
        return 0.0
    width, _height, _descent = _measurer(dpi).get_text_width_height_descent(  # type: ignore[no-untyped-call]
        text, font(size, bold), ismath=False
    )
    return float(width) * 72 / dpi


@functools.lru_cache(maxsize=8)
def _measurer(dpi: float) -> RendererAgg:
    return RendererAgg(1, 1, dpi)  # type: ignore[no-untyped-call]


class Sheet:
    """One figure with one axes, redrawn for chart after chart of the same kind."""

    def __init__(self) -> None:
        self.figure = Figure(facecolor="white")
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes: Axes = self.figure.add_axes((0.1, 0.1, 0.8, 0.8))
        # Fixed places for the (unused) axis labels: otherwise every draw measures every tick
        # label to find room for them.
        self.axes.xaxis.set_label_coords(0.5, 0.0)
        self.axes.yaxis.set_label_coords(0.0, 0.5)
        self._drawn: list[Artist] = []
        self._lines: dict[str, Line2D] = {}
        self._shown: list[Line2D] = []
        self.width = self.height = 0.0  # in points

    # Starting a drawing ------------------------------------------------------------------

    def start(self, width_in: float, height_in: float, dpi: float) -> None:
        """Size the figure and take away the previous chart's artists."""
        if self.figure.dpi != dpi:
            self.figure.set_dpi(dpi)
        if tuple(self.figure.get_size_inches()) != (width_in, height_in):
            self.figure.set_size_inches(width_in, height_in, forward=False)
        self.width, self.height = width_in * 72, height_in * 72
        for artist in self._drawn:
            artist.remove()
        self._drawn.clear()
        for line in self._shown:
            line.set_visible(False)
        self._shown.clear()
        self.axes.set_visible(True)

    def lines(self) -> dict[str, Line2D]:
        """The named lines of the chart on the sheet now, by name."""
        return {str(line.get_gid()): line for line in self._shown}

    def line(self, name: str, xs: Sequence[float], ys: Sequence[float], **style: Any) -> Line2D:
        """The line called ``name`` on the axes, through (xs, ys). Made with ``style`` the
        first time it is asked for, then kept and given new data each time: a line is
        cheaper to move than to make. A name's style must not change from chart to chart."""
        line = self._lines.get(name)
        if line is None:
            (line,) = self.axes.plot([], [], label=name, gid=name, **style)
            self._lines[name] = line
        line.set_data(xs, ys)
        line.set_visible(True)
        self._shown.append(line)
        return line

    def keep(self, artist: A) -> A:
        """Note an artist to be taken away before the next chart is drawn on this sheet."""
        self._drawn.append(artist)
        return artist

    # Measuring text ----------------------------------------------------------------------

    def measure(self, text: str, size: float, *, bold: bool = False) -> float:
        """The width of ``text`` in points, as this figure will draw it (its widest line)."""
        return max(text_width(line, size, bold, self.figure.dpi) for line in text.split("\n"))

    def wrap(
        self, text: str, size: float, width: float, *, bold: bool = False, lines: int = 2
    ) -> list[str]:
        """Words greedily into at most ``lines`` lines of ``width`` points; an ellipsis ends
        the last line when the text does not fit."""
        result: list[str] = []
        words = text.split()
        while words and len(result) < lines:
            line = words.pop(0)
            while words and self.measure(f"{line} {words[0]}", size, bold=bold) <= width:
                line = f"{line} {words.pop(0)}"
            result.append(line)
        if words and result:
            result[-1] = self.shorten(f"{result[-1]} {' '.join(words)}", size, width, bold=bold)
        return [self.shorten(line, size, width, bold=bold) for line in result]

    def shorten(self, text: str, size: float, width: float, *, bold: bool = False) -> str:
        """``text``, cut with an ellipsis to fit ``width`` points."""
        if self.measure(text, size, bold=bold) <= width:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.measure(text[:middle].rstrip() + "…", size, bold=bold) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    # Placing things, in points from the top-left corner -----------------------------------

    def place_axes(self, left: float, top: float, right: float, bottom: float) -> None:
        """The plot area, by its margins in points: fixed geometry, no layout pass."""
        width = max(self.width - left - right, 1.0)
        height = max(self.height - top - bottom, 1.0)
        self.axes.set_position(
            (left / self.width, bottom / self.height, width / self.width, height / self.height)
        )

    def fx(self, x: float) -> float:
        return x / self.width

    def fy(self, y: float) -> float:
        return 1 - y / self.height

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = TICK_SIZE,
        *,
        bold: bool = False,
        italic: bool = False,
        color: str = INK_HEX,
        ha: str = "left",
        va: str = "top",
    ) -> Text:
        """Text on the figure at (x, y) points from the top-left."""
        return self.keep(
            self.figure.text(
                self.fx(x),
                self.fy(y),
                text,
                fontproperties=font(size, bold, italic),
                color=color,
                ha=ha,
                va=va,
            )
        )

    def line_key(
        self,
        x: float,
        y: float,
        width: float,
        *,
        color: str,
        linewidth: float,
        dashes: Sequence[float] | None = None,
        marker: str = "",
        markersize: float = 0.0,
        markerfacecolor: str | None = None,
    ) -> None:
        """A legend key: a short line (with a marker in its middle) centred on height y."""
        key = Line2D(
            [self.fx(x), self.fx(x + width)],
            [self.fy(y), self.fy(y)],
            transform=self.figure.transFigure,
            color=color,
            linewidth=linewidth,
            solid_capstyle="butt",
        )
        if dashes is not None:
            key.set_dashes(dashes)
        self.keep(self.figure.add_artist(key))
        if marker:
            self.keep(
                self.figure.add_artist(
                    Line2D(
                        [self.fx(x + width / 2)],
                        [self.fy(y)],
                        transform=self.figure.transFigure,
                        linestyle="none",
                        marker=marker,
                        markersize=markersize,
                        markerfacecolor=markerfacecolor or color,
                        markeredgecolor=color if markerfacecolor else "white",
                        markeredgewidth=0.8,
                    )
                )
            )

    def box_key(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        color: str,
        hatch: str = "",
        hatchcolor: tuple[float, float, float, float] | None = None,
        edgecolor: str = "none",
    ) -> None:
        """A legend key: a filled (and perhaps hatched) box centred on height y."""
        box = Rectangle(
            (self.fx(x), self.fy(y + height / 2)),
            width / self.width,
            height / self.height,
            transform=self.figure.transFigure,
            facecolor=color,
            edgecolor=edgecolor,
            linewidth=0.6,
            hatch=hatch or None,
            hatchcolor=hatchcolor,
        )
        self.keep(self.figure.add_artist(box))

    # Output ------------------------------------------------------------------------------

    def data_to_pixels(self, x: float, y: float) -> tuple[float, float]:
        """Where a data point lands on the picture, in pixels from its top-left corner."""
        px, py = self.axes.transData.transform((x, y))
        return float(px), float(self.figure.bbox.height - py)

    def points_to_pixels(self, points: float) -> float:
        return points * self.figure.dpi / 72

    def picture(self, hits: Sequence[Hit]) -> Picture:
        self.canvas.draw()  # type: ignore[no-untyped-call]
        width, height = self.canvas.get_width_height()
        pixels = bytes(self.canvas.buffer_rgba())  # type: ignore[no-untyped-call]
        return Picture(width, height, self.figure.dpi, pixels, tuple(hits))

    def encode(self, kind: str) -> bytes:
        """The chart as a PNG or SVG file's bytes."""
        out = io.BytesIO()
        metadata = {"Software": "CYPP Desktop"} if kind == "png" else {"Date": None}
        self.figure.savefig(out, format=kind, dpi=self.figure.dpi, metadata=metadata)
        return out.getvalue()
