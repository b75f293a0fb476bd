"""Tab-separated text as Excel puts it on the clipboard, and as it reads it back.

Excel quotes a cell that holds a tab, a newline or a quote, doubling the quotes inside;
a copied range ends with a newline. Both directions follow that, so multi-line commentary
survives a round trip through Excel.
"""

from __future__ import annotations

from collections.abc import Sequence


def format_tsv(rows: Sequence[Sequence[str]]) -> str:
    def cell(text: str) -> str:
        if any(ch in text for ch in '\t\n\r"'):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join("\t".join(cell(text) for text in row) + "\n" for row in rows)


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
    return rows
