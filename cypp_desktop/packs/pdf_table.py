"""The PDF pack's long tables, drawn with one text object per cell.

The actions tables hold most of a pack's text: thousands of cells, each wrapped to a few
lines (pdf_text.wrap). Reportlab's Table draws a text cell line by line, each line its own
text object; here a plain, left-aligned, top-aligned cell is drawn as one text object of
all its lines, which is a tenth of the whole PDF's build time less and draws the same
pixels (checked page by page with pdftoppm). Any other cell is drawn by reportlab as before.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import LongTable  # type: ignore[import-untyped]


class TextTable(LongTable):  # type: ignore[misc]
    def _drawCell(
        self, cellval: Any, cellstyle: Any, pos: tuple[float, float], size: tuple[float, float]
    ) -> None:
        plain = (
            isinstance(cellval, str)
            and cellstyle.alignment == "LEFT"
            and cellstyle.valign == "TOP"
            and not (cellstyle.href or cellstyle.destination)
            and not (cellstyle.direction or cellstyle.shaping)
        )
        if not plain:
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canvas = self.canv
        current = self._curcellstyle  # type: ignore[has-type]  # as Table._drawCell does
        if current is not cellstyle:
            if current is None or cellstyle.color != current.color:
                canvas.setFillColor(cellstyle.color)
            if current is None or (cellstyle.fontname, cellstyle.fontsize, cellstyle.leading) != (
                current.fontname,
                current.fontsize,
                current.leading,
            ):
                canvas.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        left, bottom = pos
        _width, height = size
        text = canvas.beginText(
            left + cellstyle.leftPadding,
            bottom + height - cellstyle.topPadding - cellstyle.fontsize,
        )
        text.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
        text.textLines(cellval, trim=0)
        canvas.drawText(text)
