"""Making returns: one workbook per owner for a period, safe to fill in hurriedly.

What the plan says is locked and shaded; what the lead fills in has drop-downs, number and
date rules and an input message. Sheets are protected without a password: a guide against
slips, not security. A veryHidden sheet holds the return's identity and a digest of every
cell as written, so the import can tell what the lead changed, what the plan changed since,
and which locked cells were edited. Text that Excel would take for a formula (=, +, -, @,
tab, CR at the start) is written as a string cell with a quote prefix, never as a formula.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import Cell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # type: ignore[import-untyped]
from openpyxl.styles.cell_style import StyleArray  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from openpyxl.worksheet.protection import SheetProtection  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from cypp_desktop.errors import CyppError
from cypp_desktop.files import replacing
from cypp_desktop.models import ReturnIssue
from cypp_desktop.models.enums import ActionStatus, LogStatus, Rag
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.returns import layout
from cypp_desktop.returns.content import OwnerReturn, ReturnRow, ReturnsContent, gather_returns
from cypp_desktop.returns.digest import checksum, digest
from cypp_desktop.returns.layout import FIRST_ROW, HEADER_ROW, Column, Kind, Sheet
from cypp_desktop.returns.names import return_file_name
from cypp_desktop.spreadsheet import put_text
from cypp_desktop.store.store import Store

Progress = Callable[[int, int, str], None]


_LOCKED_FILL = PatternFill("solid", fgColor="E4E4E4")
_HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
_FILL_IN_HEADER_FILL = PatternFill("solid", fgColor="2E6B3A")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_THIN = Side(style="thin", color="B0B0B0")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FORMATS = {
    Kind.DATE: "d mmm yyyy",
    Kind.PERCENT: "0",
    Kind.NUMBER: "General",
    Kind.TEXT: "@",
    Kind.ID: "0",
}
_FILL_IN_DATE_FORMAT = "dd/mm/yyyy"


class ReturnsError(CyppError):
    """Returns cannot be made as asked: the folder, the period or the owners."""


@dataclass(frozen=True, slots=True)
class MadeReturn:
    path: Path
    owner: str
    rows: int
    uid: str


def cell_value(column: Column, value: object) -> object:
    """A plan value as the lead should see it in the cell."""
    if value is None or value == "":
        return None
    if isinstance(value, Rag):
        return value.label
    if isinstance(value, ActionStatus):
        return value.label
    if isinstance(value, LogStatus):
        return value.value.capitalize()
    if isinstance(value, Enum):
        return str(value.value)
    if column.kind is Kind.DATE and isinstance(value, datetime):
        return value.date()
    return value


def _put(cell: Cell, value: object) -> None:
    if isinstance(value, str):
        put_text(cell, value)
    else:
        cell.value = value


def _validation(column: Column, rows: str) -> DataValidation | None:
    common: dict[str, Any] = {
        "allow_blank": True,
        "showInputMessage": True,
        "showErrorMessage": True,
        "errorStyle": "warning",
        "promptTitle": column.header[:32],
        "prompt": column.prompt[:255],
        "errorTitle": column.header[:32],
    }
    if column.kind in (Kind.RAG, Kind.STATUS, Kind.LOG_STATUS):
        choices = {
            Kind.RAG: layout.RAG_CHOICES,
            Kind.STATUS: layout.STATUS_CHOICES,
            Kind.LOG_STATUS: layout.LOG_STATUS_CHOICES,
        }[column.kind]
        validation = DataValidation(
            type="list",
            formula1=f'"{",".join(choices)}"',
            error=f"Choose one of: {', '.join(choices)}.",
            **common,
        )
    elif column.kind is Kind.PERCENT:
        validation = DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2="100",
            error="A whole number from 0 to 100.",
            **common,
        )
    elif column.kind is Kind.NUMBER:
        validation = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1000000000",
            formula2="1000000000",
            error="A number, in the unit shown.",
            **common,
        )
    elif column.kind is Kind.DATE:
        validation = DataValidation(
            type="date",
            operator="between",
            formula1="36526",  # 1 Jan 2000
            formula2="73051",  # 31 Dec 2099
            error="A date such as 31/03/2013.",
            **common,
        )
    elif column.kind is Kind.TEXT:
        validation = DataValidation(
            type="textLength",
            operator="lessThanOrEqual",
            formula1="32000",
            error="Keep it under 32,000 characters.",
            **common,
        )
    else:
        return None
    validation.add(rows)
    return validation


def _locked_note(spec: Sheet, rows: str) -> DataValidation:
    """An input message on the locked columns too, so that every cell a lead selects says
    what it is for: these come from the plan and are not to be changed here."""
    first, last = rows.split(":")
    note = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle="From the plan (locked)",
        prompt="This column comes from the plan, for reference, and is locked. If it is "
        "wrong, say so in the commentary or tell the Trust office.",
    )
    for column in spec.locked:
        letter = spec.letter(column.key)
        note.add(f"{letter}{first}:{letter}{last}")
    return note


def _protect(sheet: Worksheet) -> None:
    sheet.protection = SheetProtection(
        sheet=True, formatColumns=False, formatRows=False, autoFilter=False, sort=True
    )


@dataclass
class _Item:
    sheet: str
    row: int
    kind: str
    id: int
    locked: dict[str, str]
    filled: dict[str, str]


_LINE_HEIGHT = 15.0  # points per line of 11-point text
_MAX_HEIGHT = 409.0  # Excel's tallest row


def _height(texts: Iterable[tuple[str, float]]) -> float:
    """A row tall enough for its wrapped text: spreadsheets do not all grow rows themselves
    (LibreOffice keeps the default height for a file it did not write), so text would be cut.
    """
    lines = 1
    for text, width in texts:
        per_line = max(int(width * 1.05), 1)
        lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in text.split("\n")))
    return min(_LINE_HEIGHT * lines + 2, _MAX_HEIGHT)


def _column_style(sheet: Worksheet, index: int, column: Column) -> StyleArray:
    """The style of a column's cells, worked out once: copying it to each cell is many times
    faster than setting font, fill, border and protection cell by cell."""
    cell = sheet.cell(FIRST_ROW, index)
    cell.border = _BORDER
    cell.alignment = _WRAP if column.kind is Kind.TEXT else _TOP
    if column.kind is Kind.DATE and not column.locked:
        cell.number_format = _FILL_IN_DATE_FORMAT
    else:
        cell.number_format = _FORMATS.get(column.kind, "@")
    if column.locked:
        cell.fill = _LOCKED_FILL
    else:
        cell.protection = _UNLOCKED
    return copy(cell._style)


def _write_sheet(book: Workbook, spec: Sheet, rows: list[ReturnRow], items: list[_Item]) -> None:
    sheet = book.create_sheet(spec.title)
    for number, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(HEADER_ROW, number, column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL if column.locked else _FILL_IN_HEADER_FILL
        cell.alignment = _WRAP
        cell.border = _BORDER
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = _height(
        (column.header, column.width) for column in spec.columns
    )
    styles = [_column_style(sheet, index, column) for index, column in enumerate(spec.columns, 1)]
    for offset, row in enumerate(rows):
        number = FIRST_ROW + offset
        item = _Item(spec.title, number, row.row.value, row.id, {}, {})
        for index, column in enumerate(spec.columns, start=1):
            value = cell_value(column, row.values.get(column.key))
            cell = sheet.cell(number, index)
            cell._style = copy(styles[index - 1])
            _put(cell, value)
            (item.locked if column.locked else item.filled)[column.key] = digest(value)
        sheet.row_dimensions[number].height = _height(
            (str(row.values.get(column.key) or ""), column.width)
            for column in spec.columns
            if column.kind is Kind.TEXT
        )
        items.append(item)
    last = FIRST_ROW + max(len(rows), 1) - 1
    for column in spec.fill_in:
        letter = spec.letter(column.key)
        validation = _validation(column, f"{letter}{FIRST_ROW}:{letter}{last}")
        if validation is not None:
            sheet.add_data_validation(validation)
    sheet.add_data_validation(_locked_note(spec, f"{FIRST_ROW}:{last}"))
    sheet.freeze_panes = f"C{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)


_INSTRUCTIONS_WIDTH = 72  # fits a portrait A4 page at full size
_INSTRUCTIONS = (
    "How to fill in this return",
    "Each sheet lists your items. Grey columns are what the plan says: they are locked, and "
    "anything typed there is ignored. Fill in the green-headed columns; a message explains "
    "each one when you click a cell.",
    "Status, RAG: pick from the drop-down list (Red, Amber, Green, Blue for complete). "
    "Leave the RAG as it is to let the plan's rules decide; if you set a different RAG, say "
    "why in Commentary, which becomes the reason shown to the board.",
    "% complete: a whole number from 0 to 100. Values: a number in the unit shown; 17.4% is "
    "fine for a percentage. Dates: 31/03/2013 or 31 March 2013.",
    "Leaving a cell blank never clears what the plan holds. Do not add rows: rows you add are "
    "reported to the Trust officer but not imported; write extra news in Commentary instead.",
    "Type values, not formulas: a return with a formula in a cell you fill in is sent back.",
    "Save the file as an Excel workbook (.xlsx) and send it back to the Trust officer, "
    "without a password. Please do not rename or delete sheets.",
)


def _instructions(
    book: Workbook, content: ReturnsContent, owner: OwnerReturn, issued: datetime
) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = layout.INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width = _INSTRUCTIONS_WIDTH
    put_text(sheet.cell(1, 1), f"Return for {owner.owner}: {content.period}")
    sheet.cell(1, 1).font = _TITLE_FONT
    put_text(sheet.cell(2, 1), content.plan_title)
    put_text(sheet.cell(3, 1), f"Issued {uk_date(issued.date())} at {issued:%H:%M}")
    number = 5
    counts = []
    for spec in layout.SHEETS:
        rows = owner.rows.get(spec.row, [])
        if rows:
            counts.append(f"{spec.title}: {len(rows)} ({spec.intro})")
    for line in ("What is in this return", *counts, "", *_INSTRUCTIONS):
        cell = sheet.cell(number, 1)
        if line:
            put_text(cell, line)
        cell.alignment = _WRAP
        sheet.row_dimensions[number].height = _height([(line, _INSTRUCTIONS_WIDTH)])
        if line in ("What is in this return", _INSTRUCTIONS[0]):
            cell.font = _BOLD
        number += 1
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)


def _data_sheet(
    book: Workbook,
    content: ReturnsContent,
    owner: OwnerReturn,
    uid: str,
    issued: datetime,
    items: list[_Item],
    locked_checksum: str,
) -> None:
    sheet = book.create_sheet(layout.DATA_SHEET)
    sheet.sheet_state = "veryHidden"
    pairs: list[tuple[str, str]] = [
        ("format", layout.FORMAT),
        ("template_version", str(layout.TEMPLATE_VERSION)),
        ("return_uid", uid),
        ("plan_uid", content.plan_uid),
        ("plan_title", content.plan_title),
        ("period", content.period),
        ("owner", owner.owner),
        ("owner_id", str(owner.owner_id)),
        ("issued_at", issued.isoformat(timespec="seconds")),
        ("checksum", locked_checksum),
        ("items", str(len(items))),
    ]
    pairs += [
        (
            "item",
            json.dumps(
                {"s": i.sheet, "r": i.row, "k": i.kind, "id": i.id, "l": i.locked, "f": i.filled},
                separators=(",", ":"),
                ensure_ascii=True,
            ),
        )
        for i in items
    ]
    for number, (key, value) in enumerate(pairs, start=1):
        put_text(sheet.cell(number, 1), key)
        put_text(sheet.cell(number, 2), value)
    _protect(sheet)


def locked_parts(items: Iterable[tuple[str, int, dict[str, str]]]) -> Iterable[str]:
    """What the checksum covers: each locked cell's place and digest, in order."""
    for sheet, row, locked in items:
        spec = layout.SHEET_NAMED[sheet]
        for key in sorted(locked):
            yield f"{sheet}!{spec.letter(key)}{row}={locked[key]}"


def build_workbook(
    content: ReturnsContent, owner: OwnerReturn, uid: str, issued: datetime
) -> tuple[Workbook, str]:
    """The workbook for one owner, and the checksum of its locked part."""
    book = Workbook()
    _instructions(book, content, owner, issued)
    items: list[_Item] = []
    for spec in layout.SHEETS:
        rows = owner.rows.get(spec.row, [])
        if rows:
            _write_sheet(book, spec, rows, items)
    locked_checksum = checksum(locked_parts((i.sheet, i.row, i.locked) for i in items))
    _data_sheet(book, content, owner, uid, issued, items, locked_checksum)
    book.active = 0
    return book, locked_checksum


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate.casefold() in taken:
        candidate = name.removesuffix(".xlsx") + f" ({number}).xlsx"
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _save(book: Workbook, path: Path) -> None:
    with replacing(path) as temporary:
        book.save(temporary)


def make_returns(
    store: Store,
    period: str,
    folder: Path,
    *,
    owners: list[str] | None = None,
    who: str,
    progress: Progress | None = None,
) -> list[MadeReturn]:
    """Write one return per owner into ``folder`` and record each as issued.

    Each workbook is written under a temporary name and renamed, so a failure or a Cancel
    leaves only whole files; those finished before it are recorded, the rest never existed.
    """
    if not folder.is_dir():
        raise ReturnsError(f"{folder} is not a folder; choose a folder for the returns.")
    content = gather_returns(store, period, owners)
    if owners is not None:
        found = {owner.owner for owner in content.returns}
        missing = [name for name in owners if name not in found]
        if missing:
            raise ReturnsError(
                f"No return can be made for {', '.join(missing)}: not an owner of anything "
                "in this plan (check the spelling)."
            )
    made: list[MadeReturn] = []
    issues: list[ReturnIssue] = []
    taken: set[str] = set()
    total = len(content.returns)
    try:
        for number, owner in enumerate(content.returns):
            if progress is not None:
                progress(number, total, f"Return for {owner.owner}")
            uid = uuid.uuid4().hex
            issued = datetime.now().replace(microsecond=0)
            book, locked_checksum = build_workbook(content, owner, uid, issued)
            path = folder / _unique(return_file_name(content.period, owner.owner), taken)
            _save(book, path)
            made.append(MadeReturn(path, owner.owner, owner.size, uid))
            issues.append(
                ReturnIssue(
                    uid=uid,
                    plan_uid=content.plan_uid,
                    owner_id=owner.owner_id,
                    owner_name=owner.owner,
                    period=content.period,
                    template_version=layout.TEMPLATE_VERSION,
                    issued_at=issued,
                    checksum=locked_checksum,
                    file_name=path.name,
                    issued_by=who,
                )
            )
        if progress is not None:
            progress(total, total, "Done")
    finally:
        if issues:
            with store.session() as session:
                session.add_all(issues)
    return made
