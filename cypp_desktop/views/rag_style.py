"""How a RAG looks on screen: a colour-blind-safe colour, always with its letter.

The colours are from the Okabe-Ito palette (vermillion, orange, bluish green, blue, grey),
chosen so that red and green stay distinct for the common forms of colour blindness; the
letter carries the meaning on its own in grey print or for any reader.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter

from cypp_desktop.models import Rag

RAG_COLOURS = {
    Rag.RED: QColor("#D55E00"),
    Rag.AMBER: QColor("#E69F00"),
    Rag.GREEN: QColor("#009E73"),
    Rag.BLUE: QColor("#0072B2"),
    Rag.GREY: QColor("#8C8C8C"),
}
_TEXT_ON = {
    Rag.RED: QColor("white"),
    Rag.AMBER: QColor("black"),
    Rag.GREEN: QColor("white"),
    Rag.BLUE: QColor("white"),
    Rag.GREY: QColor("white"),
}


def rag_text(rag: Rag) -> str:
    """For screen readers, tooltips and copying: the word, never the colour alone."""
    return f"{rag.letter} ({rag.label})"


def paint_chip(painter: QPainter, rect: QRect, rag: Rag, *, with_label: bool = False) -> None:
    """A rounded chip in the RAG colour, holding its letter (and optionally its name)."""
    text = f"{rag.letter}  {rag.label}" if with_label else rag.letter
    metrics = painter.fontMetrics()
    width = metrics.horizontalAdvance(text) + metrics.height()
    height = min(rect.height() - 4, metrics.height() + 6)
    chip = QRect(0, 0, max(width, height), height)
    chip.moveCenter(rect.center())
    if not with_label:
        chip.moveLeft(rect.left() + 4)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RAG_COLOURS[rag])
    painter.drawRoundedRect(chip, height / 2, height / 2)
    painter.setPen(_TEXT_ON[rag])
    font = painter.font()
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
