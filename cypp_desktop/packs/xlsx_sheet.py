"""Writing the Excel pack's sheets: safe cells, column layout, RAG formatting, print set-up.

Every text the plan holds is written as text. A commentary such as ``=HYPERLINK(...)``,
``+44 151 ...``, ``-`` or ``@board`` would otherwise become a formula (or turn into one
when someone edits the cell), so such text is stored as a string with Excel's quote prefix:
the cell shows exactly what was typed and nothing is ever evaluated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.formatting.rule import CellIsRule  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.styles.cell_style import StyleArray  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.workbook import Workbook  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from cypp_desktop.charts.spec import RAG_ORDER
from cypp_desktop.charts.style import RAG_HEX, RAG_TEXT_HEX
from cypp_desktop.spreadsheet import put_text, text_value

DATE_FORMAT = "d mmm yyyy"
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3

FONT = "Calibri"
TITLE_FONT = Font(name=FONT, bold=True, size=13)
SUBTITLE_FONT = Font(name=FONT, italic=True, color="555555")
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color="3A3A3A", end_color="3A3A3A")
BOLD = Font(name=FONT, bold=True)
LINE_HEIGHT = 14.5  # points per line of 11-point Calibri
CHARACTERS_PER_WIDTH = 1.1  # average text characters per unit of Excel column width
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")


# The cell styles the pack uses, by name: font, fill and alignment, as openpyxl sets them.
STYLES: dict[str, dict[str, Any]] = {
    "header": {"font": HEADER_FONT, "fill": HEADER_FILL, "alignment": WRAP},
    "block header": {"font": HEADER_FONT, "fill": HEADER_FILL},
    "wrap": {"alignment": WRAP},
    "top": {"alignment": TOP},
    "rag": {"font": BOLD, "alignment": CENTRE},
    "bold": {"font": BOLD},
}
_INDEXES = {"font": "fontId", "fill": "fillId", "alignment": "alignmentId"}
_found: WeakKeyDictionary[Workbook, dict[str, dict[str, int]]] = WeakKeyDictionary()


def style(cell: Any, name: str) -> Any:
    """Give ``cell`` the named style; returns the cell.

    Setting a cell's font, fill or alignment makes openpyxl hash the style to find it in the
    workbook's list: some 60,000 times in a large pack, a seventh of its time. Here each
    style is found once per workbook, by openpyxl's own setters on the first cell, and its
    place in the list is then written into each cell's style indexes, which is all those
    setters do once they have found it."""
    found = _found.setdefault(cell.parent.parent, {})
    indexes = found.get(name)
    if indexes is None:
        for attribute, value in STYLES[name].items():
            setattr(cell, attribute, value)
        indexes = found[name] = {
            _INDEXES[attribute]: getattr(cell._style, _INDEXES[attribute])
            for attribute in STYLES[name]
        }
    else:
        if not cell._style:
            cell._style = StyleArray()
        for index, value in indexes.items():
            setattr(cell._style, index, value)
    return cell


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float  # in characters, as Excel measures columns
    kind: str = "text"  # text, wrap, number, date, rag


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write one value; text always as text, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        put_text(cell, value)
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = "d mmm yyyy hh:mm"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value
    return cell


def title(sheet: Worksheet, heading: str, subtitle: str) -> None:
    put(sheet, TITLE_ROW, 1, heading).font = TITLE_FONT
    put(sheet, SUBTITLE_ROW, 1, subtitle).font = SUBTITLE_FONT


def table(
    sheet: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    first_row: int = HEADER_ROW,
    filtered: bool = True,
) -> int:
    """Write a header and rows from ``first_row``; returns the last row written."""
    for number, column in enumerate(columns, start=1):
        style(put(sheet, first_row, number, column.header), "header")
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    fit_height(sheet, first_row, columns, [column.header for column in columns], every=True)
    styles = [column.kind if column.kind in ("wrap", "rag") else "top" for column in columns]
    row_number = first_row
    for row_number, values in enumerate(rows, start=first_row + 1):
        for number, (value, name) in enumerate(zip(values, styles, strict=True), start=1):
            if value is None or value == "":
                continue
            style(put(sheet, row_number, number, value), name)
        fit_height(sheet, row_number, columns, values)
    last = max(row_number, first_row)
    for number, column in enumerate(columns, start=1):
        if column.kind == "rag":
            letter = get_column_letter(number)
            rag_formatting(sheet, f"{letter}{first_row + 1}:{letter}{max(last, first_row + 1)}")
    if filtered:
        sheet.auto_filter.ref = f"A{first_row}:{get_column_letter(len(columns))}{last}"
    return last


def _lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` wide, wrapped at spaces as Excel does."""
    per_line = max(1, int(width * CHARACTERS_PER_WIDTH))
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split(" "):
            if used and used + 1 + len(word) > per_line:
                lines += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > per_line:
                lines += 1
                used -= per_line
    return lines


def fit_height(
    sheet: Worksheet,
    row: int,
    columns: Sequence[Column],
    values: Sequence[Any],
    *,
    every: bool = False,
) -> None:
    """Give a row the height its wrapped text needs. Spreadsheet programs do not all fit
    row heights to wrapped text when they open a file, and a row left at one line hides
    all but the first line of a commentary."""
    lines = 1
    for column, value in zip(columns, values, strict=True):
        if isinstance(value, str) and (every or column.kind == "wrap"):
            lines = max(lines, _lines(value, column.width))
    if lines > 1:
        sheet.row_dimensions[row].height = lines * LINE_HEIGHT + 2


def rag_formatting(sheet: Worksheet, cells: str) -> None:
    """Colour RAG letters as the screen and the PDF do; the letter stays in the cell, so the
    meaning survives grey print and colour-blind readers."""
    for rag in RAG_ORDER:
        colour = RAG_HEX[rag].lstrip("#")
        sheet.conditional_formatting.add(
            cells,
            CellIsRule(
                operator="equal",
                formula=[f'"{rag.letter}"'],
                fill=PatternFill("solid", start_color=colour, end_color=colour, bgColor=colour),
                font=Font(name=FONT, bold=True, color=RAG_TEXT_HEX[rag].lstrip("#")),
            ),
        )


def print_setup(
    sheet: Worksheet, *, header_row: int, plan: str, occasion: str, marking: str, wide: bool
) -> None:
    """Frozen header, A4 fitted to the page width, the header row on every printed page, and
    the plan, the occasion, the marking and "Page n of m" in the print margins."""
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if wide else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.left.text = _header_text(plan)
    sheet.oddHeader.right.text = _header_text(occasion)
    sheet.oddFooter.right.text = "Page &P of &N"
    if marking:
        sheet.oddHeader.center.text = _header_text(marking)
        sheet.oddFooter.center.text = _header_text(marking)
    sheet.oddHeader.center.font = "Calibri,Bold"
    sheet.oddFooter.center.font = "Calibri,Bold"


def _header_text(text: str) -> str:
    """Print headers treat ``&`` as a code; double it so names like "Children & Families"
    print as written. Excel allows 255 characters for the whole header."""
    return text_value(text).replace("&", "&&")[:80]


def safe_sheet_title(wanted: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the book."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in wanted).strip("' ") or "Sheet"
    name = cleaned[:31]
    counter = 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({counter})"
        name = cleaned[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(name)
    return name
