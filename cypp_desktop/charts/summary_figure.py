"""The RAG summary: one horizontal stacked bar per priority, drawn with matplotlib.

Each segment is a RAG's count of the priority's actions and indicators, in the RAG's colour
with its hatching, labelled with the count and letter where it fits; counts too narrow to
label inside are listed after the bar's total, so every count is printed somewhere.
"""

from __future__ import annotations

from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from cypp_desktop.charts.marks import hatch_colour, lay_out_legend, rag_keys
from cypp_desktop.charts.picture import Hit
from cypp_desktop.charts.sheet import Sheet, font
from cypp_desktop.charts.sizes import PAD, SUMMARY_TOP
from cypp_desktop.charts.spec import RAG_ORDER, RagSummary
from cypp_desktop.charts.style import (
    BASELINE_HEX,
    FONT_FAMILY,
    GRID_HEX,
    INK_HEX,
    LABEL_SIZE,
    RAG_HATCH,
    RAG_HEX,
    RAG_TEXT_HEX,
    TICK_SIZE,
    TITLE_SIZE,
)
from cypp_desktop.charts.summary_labels import item_width, segment_label, total_label

BAR = 0.64  # of a row's height
EMPTY_TEXT = "No priorities to summarise"


class SummaryFigure:
    """Draws RagSummary specifications, one after another, on one reused sheet."""

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
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        axes.xaxis.grid(True, color=GRID_HEX, linewidth=0.6)
        axes.set_axisbelow(True)

    def draw(self, summary: RagSummary, width: float, height: float, dpi: float) -> list[Hit]:
        sheet = self.sheet
        sheet.start(width, height, dpi)
        sheet.text(PAD, PAD, f"RAG summary, {summary.period}", TITLE_SIZE, bold=True)
        sheet.text(
            PAD,
            PAD + TITLE_SIZE * 1.3 + 1,
            "How many actions and indicators under each priority are at each RAG",
            LABEL_SIZE,
            color=BASELINE_HEX,
        )
        totals = [sum(count for _rag, count in row.counts) for row in summary.rows]
        if not summary.rows or not any(totals):
            sheet.axes.set_visible(False)
            sheet.text(
                sheet.width / 2, sheet.height / 2, EMPTY_TEXT, LABEL_SIZE, ha="center", va="center"
            )
            return []
        axes = sheet.axes
        names = [
            sheet.shorten(f"{row.code}  {row.title}", TICK_SIZE, sheet.width * 0.34)
            for row in summary.rows
        ]
        left = PAD + max(sheet.measure(name, TICK_SIZE) for name in names) + 6
        legend = lay_out_legend(sheet, rag_keys(RAG_ORDER), sheet.width - 2 * PAD)
        bottom = PAD + legend.height + TICK_SIZE * 1.25 + 8
        longest = max(totals)
        plot_width = sheet.width - left - PAD

        def measure(text: str) -> float:
            return sheet.measure(text, TICK_SIZE, bold=True)

        per_item = item_width([row.counts for row in summary.rows], plot_width, measure)
        room = plot_width - longest * per_item
        sheet.place_axes(left, SUMMARY_TOP, PAD + room, bottom)
        legend.draw(sheet, PAD, sheet.height - PAD - legend.height)

        count = len(summary.rows)
        axes.set_xlim(0, longest)
        axes.set_ylim(count - 0.5, -0.5)
        axes.set_yticks(range(count), names)
        hits = []
        for index, row in enumerate(summary.rows):
            start = 0
            for rag, number in row.counts:
                if not number:
                    continue
                sheet.keep(
                    axes.add_patch(
                        Rectangle(
                            (start, index - BAR / 2),
                            number,
                            BAR,
                            facecolor=RAG_HEX[rag],
                            edgecolor="white",
                            linewidth=0.6,
                            hatch=RAG_HATCH[rag] or None,
                            hatchcolor=hatch_colour(rag),
                            zorder=2,
                        )
                    )
                )
                label = segment_label(number, rag.letter, number * per_item, measure)
                if label:
                    sheet.keep(
                        axes.text(
                            start + number / 2,
                            index,
                            label,
                            fontproperties=font(TICK_SIZE, bold=True),
                            color=RAG_TEXT_HEX[rag],
                            ha="center",
                            va="center_baseline",
                            zorder=3,
                            bbox={"facecolor": RAG_HEX[rag], "edgecolor": "none", "pad": 0.8},
                        )
                    )
                x0, y0 = sheet.data_to_pixels(start, index - BAR / 2)
                x1, y1 = sheet.data_to_pixels(start + number, index + BAR / 2)
                hits.append(
                    Hit(
                        x0,
                        min(y0, y1),
                        x1,
                        max(y0, y1),
                        f"{row.code} {row.title}: {number} {rag.label} ({rag.letter}) "
                        f"of {totals[index]}",
                    )
                )
                start += number
            sheet.keep(
                axes.annotate(
                    total_label(row.counts, per_item, measure),
                    (totals[index], index),
                    xytext=(4, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center_baseline",
                    fontproperties=font(TICK_SIZE, bold=True),
                    color=INK_HEX,
                )
            )
        return hits
