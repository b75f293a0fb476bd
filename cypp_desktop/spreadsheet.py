"""Text in Excel cells, written so that Excel never runs it.

Commentary is typed by many people and travels in returns and packs. Text that begins with
=, +, -, @, a tab or a carriage return is stored as a string cell with a quote prefix, so
Excel shows it and never treats it as a formula (OWASP ASVS, CSV/formula injection).
Characters Excel cannot hold are dropped, and over-long text is cut with a note.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767  # Excel's limit


def text_value(text: str) -> str:
    """Text Excel can hold: no control characters, within the cell limit."""
    cleaned = str(ILLEGAL_CHARACTERS_RE.sub("", text))
    if len(cleaned) > MAX_CELL_TEXT:
        cleaned = cleaned[: MAX_CELL_TEXT - 20] + " … (cut: too long)"
    return cleaned


def put_text(cell: Any, text: str) -> None:
    """Write ``text`` as a string cell, whatever it begins with: never a formula."""
    cleaned = text_value(text)
    cell.value = cleaned
    cell.data_type = "s"
    if cleaned.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
