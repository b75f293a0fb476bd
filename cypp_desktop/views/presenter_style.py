"""Presenter mode's type, colours and drawing helpers, shared by every part of its window.

A page must read the same from the back of a room on a 1280x720 projector as on a 1920x1080
screen, so every size on it is worked out from the window's height in one place (``Sizes``),
and the page, the capture panel and the window all take their type from there. RAG chips are
drawn here too, always with their letter on the colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QLabel

from cypp_desktop.models import Rag
from cypp_desktop.store.presentation import KEY_CHARTS
from cypp_desktop.views.rag_style import RAG_COLOURS

INK = QColor("#1A1A1A")
MUTED = QColor("#4A4A4A")
OVER = QColor("#B3261E")
PAPER = QColor("#FFFFFF")
CHIP_TEXT = {rag: QColor("black" if rag is Rag.AMBER else "white") for rag in Rag}


@dataclass(frozen=True, slots=True)
class Sizes:
    """Pixel sizes of the page's type, in proportion to the window's height: a page reads
    the same from the back of the room whatever the projector's resolution."""

    title: int
    heading: int
    body: int
    small: int
    margin: int
    charts: int  # indicator charts a page has room for at a readable size

    @classmethod
    def for_height(cls, height: int) -> Sizes:
        scale = max(height, 360) / 1080
        return cls(
            title=round(56 * scale),
            heading=round(40 * scale),
            body=round(34 * scale),
            small=round(27 * scale),
            margin=round(36 * scale),
            charts=KEY_CHARTS if height >= 900 else 1,
        )


def font(pixels: int, *, bold: bool = False) -> QFont:
    chosen = QFont()
    chosen.setPixelSize(max(pixels, 9))
    chosen.setBold(bold)
    return chosen


def wrapped(text: str, chosen: QFont, width: float, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` pixels; the last elided if need be."""
    metrics = QFontMetricsF(chosen)
    result: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and metrics.horizontalAdvance(trial) > width:
            result.append(line)
            line = word
        else:
            line = trial
    if line:
        result.append(line)
    if len(result) > lines:
        rest = " ".join(result[lines - 1 :])
        result = [*result[: lines - 1], rest + " …"]
    elide = Qt.TextElideMode.ElideRight
    return [metrics.elidedText(part, elide, width) for part in result]


def chip_width(height: float) -> float:
    """How wide a chip ``height`` pixels high is, so that text can be laid out beside one
    before it is drawn."""
    return height * 1.25


def draw_chip(painter: QPainter, x: float, y: float, height: float, rag: Rag) -> float:
    """A RAG chip (its colour, its letter) with its top left at (x, y); returns its width."""
    chip = QRectF(x, y, chip_width(height), height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RAG_COLOURS[rag])
    painter.drawRoundedRect(chip, height * 0.25, height * 0.25)
    painter.setPen(CHIP_TEXT[rag])
    painter.setFont(font(round(height * 0.68), bold=True))
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, rag.letter)
    painter.restore()
    return chip.width()


def shrinks(label: QLabel) -> None:
    """Let a one-line label be narrower than its text, so it never sets the window's width."""
    label.setMinimumWidth(1)
