"""Marks every chart shares: a RAG point holds its letter, a RAG fill carries its hatching.

Colour is never the only sign of a RAG: a point is coloured and lettered (R, A, G, B, N), a
bar is coloured and hatched and labelled, so grey print and colour-blind readers lose nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.colors import to_rgba
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D

from cypp_desktop.charts.sheet import Sheet, font
from cypp_desktop.charts.style import (
    HATCH_ALPHA,
    LEGEND_SIZE,
    LETTER_SIZE,
    POINT_DIAMETER,
    RAG_HATCH,
    RAG_HEX,
    RAG_LEGEND,
    RAG_TEXT_HEX,
)
from cypp_desktop.models import Rag


def hatch_colour(rag: Rag) -> tuple[float, float, float, float]:
    """The hatching's colour: the RAG's text colour, faint over its fill."""
    return to_rgba(RAG_TEXT_HEX[rag], HATCH_ALPHA)


CAP_HEIGHT = 0.73  # of the font size: how tall a capital of DejaVu Sans Bold stands


@functools.lru_cache(maxsize=8)
def letter_path(letter: str) -> Path:
    """The letter's outline, centred on the origin, for use as a marker. A marker is drawn
    once and stamped at every point, where a text would be laid out and drawn at each; and
    a centred outline sits in the middle of its disc, where text would sit on its baseline."""
    outline = TextPath((0, 0), letter, size=LETTER_SIZE, prop=font(LETTER_SIZE, bold=True))
    box = outline.get_extents()
    centre = Affine2D().translate(-(box.x0 + box.x1) / 2, -(box.y0 + box.y1) / 2)
    return outline.transformed(centre)


def rag_points(
    sheet: Sheet,
    xs: Sequence[float],
    ys: Sequence[float],
    rags: Sequence[Rag],
    *,
    zorder: float = 7,
) -> None:
    """A disc in the RAG's colour at each point, with the RAG's letter inside it."""
    for rag in dict.fromkeys(rags):
        chosen = [i for i, r in enumerate(rags) if r is rag]
        sheet.line(
            f"{rag.value} discs",
            [xs[i] for i in chosen],
            [ys[i] for i in chosen],
            linestyle="none",
            marker="o",
            markersize=POINT_DIAMETER,
            markerfacecolor=RAG_HEX[rag],
            markeredgecolor="white",
            markeredgewidth=0.8,
            zorder=zorder,
            clip_on=False,
        )
        sheet.line(
            f"{rag.value} letters",
            [xs[i] for i in chosen],
            [ys[i] for i in chosen],
            linestyle="none",
            marker=letter_path(rag.letter),
            markersize=LETTER_SIZE * CAP_HEIGHT,
            markerfacecolor=RAG_TEXT_HEX[rag],
            markeredgewidth=0,
            zorder=zorder + 0.5,
            clip_on=False,
        )


# Legends ---------------------------------------------------------------------------------

KEY_WIDTH = 16.0  # points of sample line or box before each legend label
KEY_GAP = 4.0  # between the sample and its label
ENTRY_GAP = 11.0  # between one entry and the next
LEGEND_ROW = LEGEND_SIZE * 1.7


@dataclass(frozen=True, slots=True)
class Key:
    """One legend entry: its label, and how to draw its sample at (x, y_middle, width)."""

    label: str
    draw: Callable[[Sheet, float, float, float], None]


@dataclass(frozen=True, slots=True)
class Legend:
    """Entries laid out in rows that fit a width: (key, x offset) per entry."""

    rows: tuple[tuple[tuple[Key, float], ...], ...]

    @property
    def height(self) -> float:
        return len(self.rows) * LEGEND_ROW

    def draw(self, sheet: Sheet, left: float, top: float) -> None:
        for number, row in enumerate(self.rows):
            middle = top + number * LEGEND_ROW + LEGEND_ROW / 2
            for key, offset in row:
                key.draw(sheet, left + offset, middle, KEY_WIDTH)
                sheet.text(
                    left + offset + KEY_WIDTH + KEY_GAP,
                    middle,
                    key.label,
                    LEGEND_SIZE,
                    va="center_baseline",
                )


def lay_out_legend(sheet: Sheet, keys: Sequence[Key], width: float) -> Legend:
    rows: list[list[tuple[Key, float]]] = [[]]
    used = 0.0
    for key in keys:
        wide = KEY_WIDTH + KEY_GAP + sheet.measure(key.label, LEGEND_SIZE)
        if rows[-1] and used + wide > width:
            rows.append([])
            used = 0.0
        rows[-1].append((key, used))
        used += wide + ENTRY_GAP
    return Legend(tuple(tuple(row) for row in rows if row))


def rag_keys(rags: Sequence[Rag]) -> list[Key]:
    """Legend entries for RAG fills: colour, hatching and the letter-first name."""

    def box(rag: Rag) -> Callable[[Sheet, float, float, float], None]:
        def draw(sheet: Sheet, x: float, y: float, width: float) -> None:
            sheet.box_key(
                x,
                y,
                width,
                LEGEND_SIZE * 1.3,
                color=RAG_HEX[rag],
                hatch=RAG_HATCH[rag],
                hatchcolor=hatch_colour(rag),
            )
            sheet.text(
                x + width / 2,
                y,
                rag.letter,
                LETTER_SIZE,
                bold=True,
                color=RAG_TEXT_HEX[rag],
                ha="center",
                va="center_baseline",
            )

        return draw

    return [Key(RAG_LEGEND[rag], box(rag)) for rag in rags]


def disc_keys(rags: Sequence[Rag]) -> list[Key]:
    """Legend entries for RAG points: the lettered disc and the letter-first name."""

    def disc(rag: Rag) -> Callable[[Sheet, float, float, float], None]:
        def draw(sheet: Sheet, x: float, y: float, width: float) -> None:
            sheet.line_key(
                x,
                y,
                width,
                color=RAG_HEX[rag],
                linewidth=0,
                marker="o",
                markersize=POINT_DIAMETER,
                markerfacecolor=RAG_HEX[rag],
            )
            sheet.text(
                x + width / 2,
                y,
                rag.letter,
                LETTER_SIZE,
                bold=True,
                color=RAG_TEXT_HEX[rag],
                ha="center",
                va="center_baseline",
            )

        return draw

    return [Key(RAG_LEGEND[rag], disc(rag)) for rag in rags]
