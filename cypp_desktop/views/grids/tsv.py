"""Tab-separated text as Excel puts it on the clipboard, and as it reads it back.

Excel quotes a cell that holds a tab, a newline or a quote, doubling the quotes inside;
a copied range ends with a newline. Both directions follow that, so multi-line commentary
survives a round trip through Excel.

Text that Excel would run as a formula when pasted (``=HYPERLINK(...)`` typed as commentary)
goes out behind an apostrophe, as a person types it to keep it text; numbers such as ``-5``
do not. The apostrophe is taken off again when such text is pasted back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMBER = re.compile(r"[+-]?(\d[\d,]*)?\.?\d+%?")


def _kept_as_text(text: str) -> str:
    from cypp_desktop.spreadsheet import FORMULA_TRIGGERS

    if text.startswith(FORMULA_TRIGGERS) and not _NUMBER.fullmatch(text):
        return f"'{text}"
    return text


def format_tsv(rows: Sequence[Sequence[str]]) -> str:
    def cell(text: str) -> str:
        text = _kept_as_text(text)
        if any(ch in text for ch in '\t\n\r"'):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join("\t".join(cell(text) for text in row) + "\n" for row in rows)


def _unguarded(text: str) -> str:
    from cypp_desktop.spreadsheet import FORMULA_TRIGGERS

    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells. A trailing newline does not make an extra empty row."""
    rows: list[list[str]] = [[]]
    cell: list[str] = []
    i, quoted, at_start = 0, False, True
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1 : i + 2] == '"':
                cell.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                cell.append(ch)
        elif ch == '"' and at_start:
            quoted = True
        elif ch == "\t":
            rows[-1].append("".join(cell))
            cell, at_start = [], True
            i += 1
            continue
        elif ch in "\r\n":
            if ch == "\r" and text[i + 1 : i + 2] == "\n":
                i += 1
            rows[-1].append("".join(cell))
            rows.append([])
            cell, at_start = [], True
            i += 1
            continue
        else:
            cell.append(ch)
        at_start = False
        i += 1
    if cell or not at_start or rows[-1]:
        rows[-1].append("".join(cell))
    if rows and not rows[-1]:
        rows.pop()
    return [[_unguarded(text) for text in row] for row in rows]
