"""RAG over time for one item, from its status history, drawn with matplotlib.

The RAGs stand on a ladder, better higher: Grey (no data) at the foot, then Red, Amber,
Green and Blue (complete). Each period's RAG is a lettered disc on its rung, joined in time
order, so a slide from Green to Red reads as a line going down.
"""

from __future__ import annotations

from cypp_desktop.charts.indicator_figure import x_labels
from cypp_desktop.charts.marks import rag_points
from cypp_desktop.charts.picture import Hit
from cypp_desktop.charts.sheet import Sheet
from cypp_desktop.charts.sizes import PAD
from cypp_desktop.charts.spec import RagHistory
from cypp_desktop.charts.style import (
    BASELINE_HEX,
    FONT_FAMILY,
    GRID_HEX,
    INK_HEX,
    LABEL_SIZE,
    POINT_DIAMETER,
    RAG_LEGEND,
    THIN_LINE_WIDTH,
    TICK_SIZE,
    TITLE_SIZE,
)
from cypp_desktop.models import Rag

LADDER = (Rag.GREY, Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)  # from the foot up
EMPTY_TEXT = "No status updates recorded yet"


class HistoryFigure:
    """Draws RagHistory specifications, one after another, on one reused sheet."""

    def __init__(self) -> None:
        self.sheet = Sheet()
        axes = self.sheet.axes
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        axes.spines["bottom"].set_color(INK_HEX)
        axes.spines["bottom"].set_linewidth(0.6)
        axes.tick_params(
            labelsize=TICK_SIZE, colors=INK_HEX, length=2.5, width=0.5, labelfontfamily=FONT_FAMILY
        )
        axes.tick_params(axis="y", length=0)
        axes.yaxis.grid(True, color=GRID_HEX, linewidth=0.6)
        axes.set_axisbelow(True)

    def draw(self, history: RagHistory, width: float, height: float, dpi: float) -> list[Hit]:
        sheet = self.sheet
        sheet.start(width, height, dpi)
        lines = sheet.wrap(
            f"RAG over time: {history.title}", TITLE_SIZE, sheet.width - 2 * PAD, bold=True, lines=1
        )
        sheet.text(PAD, PAD, lines[0] if lines else "RAG over time", TITLE_SIZE, bold=True)
        sheet.text(
            PAD,
            PAD + TITLE_SIZE * 1.3 + 1,
            "As reported in status updates, better higher",
            LABEL_SIZE,
            color=BASELINE_HEX,
        )
        top = PAD + TITLE_SIZE * 1.3 + LABEL_SIZE * 1.3 + 10
        if not history.points:
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
        names = [RAG_LEGEND[rag] for rag in LADDER]
        left = PAD + max(sheet.measure(name, TICK_SIZE) for name in names) + 8
        right = PAD + 8
        periods = tuple(period for period, _rag in history.points)
        step = (sheet.width - left - right) / len(periods)
        labels, rows = x_labels(sheet, periods, step)
        bottom = PAD + rows * TICK_SIZE * 1.25 + 6
        sheet.place_axes(left, top, right, bottom)
        axes.set_xlim(-0.5, len(periods) - 0.5)
        axes.set_ylim(-0.6, len(LADDER) - 0.4)
        axes.set_xticks(range(len(periods)), labels)
        axes.set_yticks(range(len(LADDER)), names)
        xs = list(range(len(periods)))
        ys = [LADDER.index(rag) for _period, rag in history.points]
        sheet.line("path", xs, ys, color=BASELINE_HEX, linewidth=THIN_LINE_WIDTH, zorder=5)
        rags = [rag for _period, rag in history.points]
        rag_points(sheet, xs, ys, rags)
        hits = []
        half = sheet.points_to_pixels(POINT_DIAMETER / 2 + 1)
        for x, y, (period, rag) in zip(xs, ys, history.points, strict=True):
            px, py = sheet.data_to_pixels(x, y)
            hits.append(
                Hit(
                    px - half,
                    py - half,
                    px + half,
                    py + half,
                    f"{period}: {rag.letter} ({rag.label})",
                )
            )
        return hits
