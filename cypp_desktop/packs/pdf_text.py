"""Laying out the PDF pack's text once, not again and again.

A pack's big tables (a thousand actions, each with its commentary and RAG reason) are most of
its text. As Paragraphs, every cell is parsed as markup and re-wrapped each time a table is
measured or split across pages; as plain text wrapped once to its column, the same table lays
out several times faster. Words wider than the column are broken, so nothing overflows.

Text that needs markup (bold, a RAG chip) stays a Paragraph, but a ``CachedParagraph``: it
breaks its lines once per width, where platypus would break them each time it asks.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph  # type: ignore[import-untyped]

_BREAKS = re.compile(r"[^-/]+[-/]*|[-/]+")
_widths: dict[tuple[str, str, float], float] = {}
_CACHE_LIMIT = 100_000  # words; a long session's packs never hold more than a plan's vocabulary


def _width(word: str, font: str, size: float) -> float:
    key = (word, font, size)
    found = _widths.get(key)
    if found is None:
        if len(_widths) > _CACHE_LIMIT:
            _widths.clear()
        found = _widths[key] = float(stringWidth(word, font, size))
    return found


def _break_word(word: str, width: float, font: str, size: float) -> list[str]:
    """A word too wide for its column, in pieces that fit: after a hyphen or slash where
    there is one ("EA1.5-" "GCSE"), else wherever the width runs out."""
    pieces, current = [], ""
    for part in _BREAKS.findall(word):
        if current and _width(current + part, font, size) <= width:
            current += part
            continue
        if current:
            pieces.append(current)
        current = ""
        for char in part:
            if current and _width(current + char, font, size) > width:
                pieces.append(current)
                current = char
            else:
                current += char
    return [*pieces, current] if current else pieces


def wrap(text: str, width: float, font: str, size: float) -> str:
    """``text`` with line breaks inserted so that no line is wider than ``width`` points."""
    space = _width(" ", font, size)
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.replace("\t", " ").split(" "):
            if not word:
                continue
            wide = _width(word, font, size)
            if wide > width:
                if line:
                    lines.append(" ".join(line))
                pieces = _break_word(word, width, font, size)
                lines += pieces[:-1]
                line, used = [pieces[-1]], _width(pieces[-1], font, size)
                continue
            if line and used + space + wide > width:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + wide
            line.append(word)
        lines.append(" ".join(line))
    return "\n".join(lines).strip("\n")


class CachedParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that breaks its lines once per width. Platypus asks a paragraph its size
    several times at the same width (a table measures its cells, then draws them; a
    KeepTogether measures its parts, then the frame measures them again), and the lines
    depend on nothing else: the width, the style and the text. A split that finds no room
    (one line at a page's foot) throws the broken lines away; they are broken again then."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        wrapped = self._wrapped
        if wrapped is None or wrapped[0] != availWidth or "blPara" not in self.__dict__:
            size: Any = super().wrap(availWidth, availHeight)
            wrapped = self._wrapped = (availWidth, (size[0], size[1]))
        return wrapped[1]
