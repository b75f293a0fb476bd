"""The milestone timeline: actions by due date against the as-of date, drawn with matplotlib.

One row per action, soonest due at the top: a disc at the due date in the action's RAG
colour holding its letter. An overdue action also has a hatched bar from its due date to
the as-of line and says in words how many days it is overdue.
"""

from __future__ import annotations

from datetime import date, timedelta

from matplotlib.colors import to_rgba
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.patches import Rectangle

from cypp_desktop.charts.marks import Key, disc_keys, lay_out_legend, rag_points
from cypp_desktop.charts.picture import Hit
from cypp_desktop.charts.sheet import Sheet, font
from cypp_desktop.charts.sizes import PAD, TIMELINE_TOP
from cypp_desktop.charts.spec import RAG_ORDER, MilestoneTimeline
from cypp_desktop.charts.style import (
    AS_OF_HEX,
    BASELINE_HEX,
    FONT_FAMILY,
    GRID_HEX,
    INK_HEX,
    LABEL_SIZE,
    POINT_DIAMETER,
    RAG_HATCH,
    RAG_HEX,
    TICK_SIZE,
    TITLE_SIZE,
)
from cypp_desktop.models import Rag
from cypp_desktop.models.formatting import uk_date

EMPTY_TEXT = "No actions with a due date"
OVERDUE_HEIGHT = 0.36  # of a row


def day_number(day: date) -> float:
    """A date where matplotlib's date axis puts it."""
    return float(date2num(day))  # type: ignore[no-untyped-call]


def overdue_text(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''} overdue"


class TimelineFigure:
    """Draws MilestoneTimeline specifications, one after another, on one reused sheet."""

    def __init__(self) -> None:
        self.sheet = Sheet()
        axes = self.sheet.axes
        for side in ("right", "left"):
            axes.spines[side].set_visible(False)
        for side in ("top", "bottom"):
            axes.spines[side].set_color(INK_HEX)
            axes.spines[side].set_linewidth(0.6)
        axes.tick_params(
            labelsize=TICK_SIZE, colors=INK_HEX, length=2.5, width=0.5, labelfontfamily=FONT_FAMILY
        )
        # Dates along the top as well: a long timeline is read from the top down.
        axes.tick_params(axis="x", top=True, labeltop=True)
        axes.tick_params(axis="y", length=0)
        axes.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_formatter(DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
        axes.xaxis.grid(True, color=GRID_HEX, linewidth=0.6)
        axes.set_axisbelow(True)

    def draw(
        self, timeline: MilestoneTimeline, width: float, height: float, dpi: float
    ) -> list[Hit]:
        sheet = self.sheet
        sheet.start(width, height, dpi)
        items = timeline.items
        sheet.text(PAD, PAD, "Milestones by due date", TITLE_SIZE, bold=True)
        overdue = sum(item.overdue for item in items)
        sheet.text(
            PAD,
            PAD + TITLE_SIZE * 1.3 + 1,
            f"{len(items)} action{'s' if len(items) != 1 else ''} as at "
            f"{uk_date(timeline.as_of)}; {overdue} overdue",
            LABEL_SIZE,
            color=BASELINE_HEX,
        )
        if not items:
            sheet.axes.set_visible(False)
            sheet.text(
                sheet.width / 2, sheet.height / 2, EMPTY_TEXT, LABEL_SIZE, ha="center", va="center"
            )
            return []
        axes = sheet.axes
        names = [
            sheet.shorten(f"{item.code}  {item.title}", TICK_SIZE, sheet.width * 0.34)
            for item in items
        ]
        left = PAD + max(sheet.measure(name, TICK_SIZE) for name in names) + 8
        rags = [rag for rag in RAG_ORDER if any(item.rag is rag for item in items)]
        keys = disc_keys(rags)
        if overdue:
            keys.append(Key("Overdue: from due date to the as-of date", self._overdue_key))
        legend = lay_out_legend(sheet, keys, sheet.width - 2 * PAD)
        bottom = PAD + legend.height + TICK_SIZE * 1.25 + 8
        notes = {
            index: overdue_text((timeline.as_of - item.due).days)
            for index, item in enumerate(items)
            if item.overdue
        }
        room = max((sheet.measure(note, TICK_SIZE) for note in notes.values()), default=0) + 10
        sheet.place_axes(left, TIMELINE_TOP, PAD + 4, bottom)
        legend.draw(sheet, PAD, sheet.height - PAD - legend.height)

        first = min(min(item.due for item in items), timeline.as_of) - timedelta(days=30)
        last = max(max(item.due for item in items), timeline.as_of) + timedelta(days=30)
        low, high = day_number(first), day_number(last)
        plot_width = sheet.width - left - PAD - 4
        if notes:
            # Room right of the as-of line for "N days overdue".
            as_of = day_number(timeline.as_of)
            needed = as_of + room * (high - low) / max(plot_width - room, 1.0)
            high = max(high, needed)
        axes.set_xlim(low, high)
        count = len(items)
        axes.set_ylim(count - 0.5, -0.5)
        axes.set_yticks(range(count), names)
        as_of_x = day_number(timeline.as_of)
        sheet.keep(axes.axvline(as_of_x, color=AS_OF_HEX, linewidth=1.0, zorder=3))
        sheet.keep(
            axes.annotate(
                f"As at {uk_date(timeline.as_of)}",
                (as_of_x, 1.0),
                xycoords=axes.get_xaxis_transform(),
                xytext=(0, TICK_SIZE * 1.3 + 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontproperties=font(TICK_SIZE, bold=True),
                color=AS_OF_HEX,
            )
        )
        hits = []
        dues = [day_number(item.due) for item in items]
        for index, item in enumerate(items):
            if item.overdue:
                sheet.keep(
                    axes.add_patch(
                        Rectangle(
                            (dues[index], index - OVERDUE_HEIGHT / 2),
                            as_of_x - dues[index],
                            OVERDUE_HEIGHT,
                            facecolor="white",
                            edgecolor=RAG_HEX[Rag.RED],
                            hatch=RAG_HATCH[Rag.RED],
                            linewidth=0.6,
                            zorder=4,
                        )
                    )
                )
                sheet.keep(
                    axes.annotate(
                        notes[index],
                        (as_of_x, index),
                        xytext=(5, 0),
                        textcoords="offset points",
                        ha="left",
                        va="center_baseline",
                        fontproperties=font(TICK_SIZE),
                        color=INK_HEX,
                    )
                )
            x, y = sheet.data_to_pixels(dues[index], index)
            half = sheet.points_to_pixels(POINT_DIAMETER / 2 + 1)
            status = overdue_text((timeline.as_of - item.due).days) if item.overdue else ""
            hits.append(
                Hit(
                    x - half,
                    y - half,
                    x + half,
                    y + half,
                    f"{item.code} {item.title}\nDue {uk_date(item.due)}"
                    f"{'; ' + status if status else ''}\n{item.reason or item.rag.label}",
                )
            )
            hits.append(
                Hit(
                    0, y - half, sheet.points_to_pixels(left), y + half, f"{item.code} {item.title}"
                )
            )
        rag_points(sheet, dues, list(range(count)), [item.rag for item in items])
        return hits

    @staticmethod
    def _overdue_key(sheet: Sheet, x: float, y: float, width: float) -> None:
        sheet.box_key(
            x,
            y,
            width,
            TICK_SIZE * 0.9,
            color="white",
            edgecolor=RAG_HEX[Rag.RED],
            hatch=RAG_HATCH[Rag.RED],
            hatchcolor=to_rgba(RAG_HEX[Rag.RED]),
        )
