"""The parts of a presenter page that are painted rather than laid out: the item's title,
the RAG summary of a priority or objective, and the lists of exceptions and actions.

They are painted because a page must fit the screen exactly at any projector resolution: a
title takes one line or two as it needs, a list shows as many whole rows as fit and says how
many more there are, and no label ever grows the window or shows half a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from cypp_desktop.models import Rag
from cypp_desktop.store.presentation import OVERDUE_FLAG, SlideRow
from cypp_desktop.store.rag import ItemRag
from cypp_desktop.views.presenter_style import (
    INK,
    MUTED,
    OVER,
    Sizes,
    chip_width,
    draw_chip,
    font,
    wrapped,
)

ROW_LINES = 3  # a title or a note wraps to at most this many lines


class _Painted(QWidget):
    """A widget that paints its content at the window's type sizes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sizes = Sizes.for_height(720)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_sizes(self, sizes: Sizes) -> None:
        self.sizes = sizes
        self.updateGeometry()
        self.update()


class TitleView(_Painted):
    """The item's title in the largest type, in up to two lines."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_text(self, text: str) -> None:
        self.text = text
        self.setAccessibleName(text)
        self._fit()

    def set_sizes(self, sizes: Sizes) -> None:
        super().set_sizes(sizes)
        self._fit()

    def _fit(self) -> None:
        """One line or two, as the title needs at this width."""
        chosen = font(self.sizes.title, bold=True)
        lines = len(wrapped(self.text, chosen, max(self.width(), 100), 2)) or 1
        self.setFixedHeight(round(QFontMetricsF(chosen).lineSpacing() * lines))
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        chosen = font(self.sizes.title, bold=True)
        painter.setFont(chosen)
        painter.setPen(INK)
        metrics = QFontMetricsF(chosen)
        for number, line in enumerate(wrapped(self.text, chosen, self.width(), 2)):
            painter.drawText(
                QRectF(0, number * metrics.lineSpacing(), self.width(), metrics.lineSpacing()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                line,
            )


class SummaryView(_Painted):
    """The RAG summary of a priority or objective: its own RAG and why, then how many of its
    actions and indicators are at each RAG, each count beside its chip and letter."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rag: ItemRag | None = None
        self.counts: tuple[tuple[Rag, int], ...] = ()
        self.overdue = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_summary(
        self, rag: ItemRag | None, counts: tuple[tuple[Rag, int], ...], overdue: int
    ) -> None:
        self.rag, self.counts, self.overdue = rag, counts, overdue
        if rag is not None:
            words = ", ".join(f"{count} {r.label}" for r, count in counts if count)
            self.setAccessibleDescription(
                f"{rag.rag.letter} ({rag.rag.label}), {rag.direction.label}. {rag.result.reason}. "
                f"Under it: {words or 'nothing'}; {overdue} overdue."
            )
        self.update()

    def set_sizes(self, sizes: Sizes) -> None:
        super().set_sizes(sizes)
        body = QFontMetricsF(font(sizes.body, bold=True)).lineSpacing()
        small = QFontMetricsF(font(sizes.small)).lineSpacing()
        self.setFixedHeight(round(body * 1.9 + small * 2 + sizes.margin * 0.6))

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.rag is None:
            return
        painter = QPainter(self)
        sizes = self.sizes
        body = font(sizes.body, bold=True)
        small = font(sizes.small)
        line = QFontMetricsF(body).lineSpacing()
        small_line = QFontMetricsF(small).lineSpacing()
        x = draw_chip(painter, 0, 0, line, self.rag.rag) + sizes.body * 0.4
        painter.setFont(body)
        painter.setPen(INK)
        direction = self.rag.direction
        painter.drawText(
            QRectF(x, 0, self.width() - x, line),
            int(Qt.AlignmentFlag.AlignVCenter),
            f"{self.rag.rag.label}   {direction.arrow} {direction.label}",
        )
        painter.setFont(small)
        painter.setPen(MUTED)
        y = line + sizes.margin * 0.1
        for text in wrapped(self.rag.result.reason, small, self.width(), 2):
            painter.drawText(QRectF(0, y, self.width(), small_line), 0, text)
            y += small_line
        y += sizes.margin * 0.3
        x = 0.0
        chip = line * 0.9
        count_font = font(sizes.body, bold=True)
        metrics = QFontMetricsF(count_font)
        for rag, count in self.counts:
            x += draw_chip(painter, x, y, chip, rag) + sizes.body * 0.2
            painter.setFont(count_font)
            painter.setPen(INK if count else MUTED)
            text = str(count)
            painter.drawText(QRectF(x, y, metrics.horizontalAdvance(text) + 2, chip), 0, text)
            x += metrics.horizontalAdvance(text) + sizes.body * 0.8
        if self.overdue:
            painter.setPen(OVER)
            painter.drawText(
                QRectF(x, y, max(self.width() - x, 0), chip),
                int(Qt.AlignmentFlag.AlignVCenter),
                f"{OVERDUE_FLAG}: {self.overdue}",
            )


@dataclass(frozen=True, slots=True)
class RowLines:
    """Where a row's title starts and the lines its title and note are painted in."""

    title_x: float
    title: tuple[str, ...]
    note: tuple[str, ...]
    height: float


class RowsView(_Painted):
    """A list under its heading, as many rows as fit, then how many more there are.

    Read from the back of a room, a row cut short ("Repeat incidents as a share of domestic
    …") says nothing, so a row's title and its note wrap onto further lines (up to
    ROW_LINES each) whenever the whole list fits that way. A list too long for that is a
    digest to scan, not to read row by row: it keeps one line a row, so that wrapping never
    costs the page a row, and says how many more there are.
    """

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        self.compact = compact  # one line a row, in small type: the "recorded here" strip
        self.heading = ""
        self.rows: tuple[SlideRow, ...] = ()
        self.empty = ""
        self.painted: tuple[RowLines, ...] = ()  # the rows that fitted when last painted

    @property
    def shown(self) -> int:
        return len(self.painted)

    def set_rows(self, heading: str, rows: tuple[SlideRow, ...], empty: str) -> None:
        self.heading, self.rows, self.empty = heading, rows, empty
        lines = [heading] + [
            f"{row.flag + ': ' if row.flag else ''}"
            f"{row.rag.letter + ' (' + row.rag.label + ') ' if row.rag else ''}"
            f"{row.lead} {row.title}. {row.note}"
            for row in rows
        ]
        self.setAccessibleName(heading)
        self.setAccessibleDescription("\n".join(lines) if rows else empty)
        self.update()

    def row_lines(self, row: SlideRow, width: float, lines: int) -> RowLines:
        """``row`` laid out in ``width`` pixels, its title and note in at most ``lines`` lines
        each: worked out before anything is painted, so the list knows what fits."""
        sizes = self.sizes
        main = font(sizes.small if self.compact else sizes.body)
        bold = font(sizes.small if self.compact else sizes.body, bold=True)
        small = font(sizes.small)
        line = QFontMetricsF(main).lineSpacing()
        x = 0.0
        if row.rag is not None:
            x += chip_width(line * 0.84) + sizes.body * 0.35
        if row.flag:
            x += QFontMetricsF(bold).horizontalAdvance(row.flag) + sizes.body * 0.5
        x += QFontMetricsF(bold).horizontalAdvance(row.lead) + sizes.body * 0.5
        title = tuple(wrapped(row.title, main, max(width - x, 10), lines))
        if self.compact:
            return RowLines(x, title, (), line)
        note = tuple(wrapped(row.note, small, width - sizes.body * 1.6, lines))
        height = (
            line * max(len(title), 1)
            + QFontMetricsF(small).lineSpacing() * max(len(note), 1)
            + sizes.margin * 0.35
        )
        return RowLines(x, title, note, height)

    def _laid_out(self, width: float, room: float) -> list[RowLines]:
        """Every row wrapped when the whole list fits so; else every row on one line."""
        if not self.compact:
            wrapped_rows = [self.row_lines(row, width, ROW_LINES) for row in self.rows]
            if sum(lines.height for lines in wrapped_rows) <= room:
                return wrapped_rows
        return [self.row_lines(row, width, 1) for row in self.rows]

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        sizes = self.sizes
        width = float(self.width())
        heading_font = font(sizes.small if self.compact else sizes.heading, bold=True)
        heading_line = QFontMetricsF(heading_font).lineSpacing()
        painter.setFont(heading_font)
        painter.setPen(INK)
        heading = wrapped(self.heading, heading_font, width, 1)
        painter.drawText(QRectF(0, 0, width, heading_line), 0, heading[0] if heading else "")
        y = heading_line + sizes.margin * 0.2
        if not self.rows:
            painter.setFont(font(sizes.small if self.compact else sizes.body))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(0, y, width, self.height() - y),
                int(Qt.TextFlag.TextWordWrap),
                self.empty,
            )
            self.painted = ()
            return
        laid = self._laid_out(width, self.height() - y)
        more_line = QFontMetricsF(font(sizes.small)).lineSpacing()
        everything = sum(lines.height for lines in laid) <= self.height() - y
        room = self.height() - y - (0 if everything else more_line)
        fitted: list[RowLines] = []
        for row, lines in zip(self.rows, laid, strict=True):
            if lines.height > room:
                break
            self._paint_row(painter, row, lines, y, width)
            y += lines.height
            room -= lines.height
            fitted.append(lines)
        self.painted = tuple(fitted)
        if len(fitted) < len(self.rows):
            painter.setFont(font(sizes.small, bold=True))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(0, y, width, more_line),
                0,
                f"… and {len(self.rows) - len(fitted)} more (see the board pack)",
            )

    def _paint_row(
        self, painter: QPainter, row: SlideRow, lines: RowLines, y: float, width: float
    ) -> None:
        sizes = self.sizes
        main = font(sizes.small if self.compact else sizes.body)
        bold = font(sizes.small if self.compact else sizes.body, bold=True)
        small = font(sizes.small)
        line = QFontMetricsF(main).lineSpacing()
        x = 0.0
        if row.rag is not None:
            x += draw_chip(painter, 0, y + line * 0.08, line * 0.84, row.rag) + sizes.body * 0.35
        if row.flag:
            painter.setFont(bold)
            painter.setPen(OVER)
            painter.drawText(QRectF(x, y, width - x, line), 0, row.flag)
            x += QFontMetricsF(bold).horizontalAdvance(row.flag) + sizes.body * 0.5
        painter.setFont(bold)
        painter.setPen(INK)
        painter.drawText(QRectF(x, y, width - x, line), 0, row.lead)
        painter.setFont(main)
        for number, text in enumerate(lines.title):
            painter.drawText(
                QRectF(lines.title_x, y + number * line, width - lines.title_x, line), 0, text
            )
        painter.setFont(small)
        painter.setPen(MUTED)
        small_line = QFontMetricsF(small).lineSpacing()
        top = y + line * max(len(lines.title), 1)
        for number, text in enumerate(lines.note):
            painter.drawText(
                QRectF(sizes.body * 1.6, top + number * small_line, width, small_line), 0, text
            )
