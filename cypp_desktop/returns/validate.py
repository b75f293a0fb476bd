"""Reading a returned workbook cell by cell: typed values, or errors naming the cell.

Every fill-in cell is read with the parsers the grids use (models/parsing.py), so "G",
"green" and "Green " are Green, "75%" and 0.75 are 75, and "31 March 2012" is a date; a
warning says how a value was read whenever it had to be interpreted. Every problem is
collected (not just the first) as ``Sheet!Cell: "value" is not ... (expected ...)``: a file
with any error imports nothing.

The rules for what is not a plain value:
- a formula in a fill-in cell is an error (formulas are never calculated, and a cached
  result may be stale); in a locked cell it is an edit of that cell, ignored with a warning;
- a blank fill-in cell never clears anything: the plan's value is kept (with a warning if
  the return was issued with a value there);
- edits to locked cells are ignored with a warning; rows the lead added are reported and not
  imported; rows the lead deleted are reported and their items left as they are.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from cypp_desktop.models.enums import LogStatus
from cypp_desktop.models.formatting import PERCENT_UNITS, uk_date
from cypp_desktop.models.parsing import (
    FieldError,
    Parsed,
    parse_date,
    parse_number,
    parse_percent,
    parse_rag,
    parse_status,
)
from cypp_desktop.models.periods import parse_period
from cypp_desktop.returns import layout
from cypp_desktop.returns.digest import checksum, digest, tidy_text
from cypp_desktop.returns.layout import FIRST_ROW, Column, Kind, Row, Sheet
from cypp_desktop.returns.make import locked_parts
from cypp_desktop.returns.reader import RawCell, RawSheet, ReturnFileError, read_workbook

MAX_TEXT = 32_767  # Excel's own limit for a cell
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
MAX_NUMBER = 1e9
_LOG_WORDS = {
    "open": LogStatus.OPEN,
    "done": LogStatus.DONE,
    "complete": LogStatus.DONE,
    "completed": LogStatus.DONE,
    "closed": LogStatus.DONE,
    "dropped": LogStatus.DROPPED,
}
_WANTED = {layout.DATA_SHEET, *layout.SHEET_NAMED}


@dataclass(frozen=True, slots=True)
class Identity:
    return_uid: str
    plan_uid: str
    plan_title: str
    period: str
    owner: str
    owner_id: int
    issued_at: datetime
    checksum: str
    template_version: int


@dataclass(frozen=True, slots=True)
class IssuedItem:
    sheet: str
    row: int
    kind: Row
    id: int
    locked: dict[str, str]
    filled: dict[str, str]


@dataclass(slots=True)
class ReturnedRow:
    """One of the return's rows as the lead sent it back."""

    sheet: Sheet
    number: int  # the row in the sheet as returned
    item: IssuedItem
    values: dict[str, object] = field(default_factory=dict)  # fill-in values given, typed

    def cell(self, key: str) -> str:
        return f"{self.sheet.title}!{self.sheet.letter(key)}{self.number}"


@dataclass(slots=True)
class ParsedReturn:
    path: Path
    content_hash: str
    identity: Identity | None = None
    rows: list[ReturnedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # values that had to be interpreted
    ignored: list[str] = field(default_factory=list)  # locked cells edited
    added: list[str] = field(default_factory=list)  # rows the lead added
    missing: list[str] = field(default_factory=list)  # issued rows no longer there

    @property
    def name(self) -> str:
        return self.path.name


def content_hash(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _damaged(path: Path, what: str) -> ReturnFileError:
    return ReturnFileError(
        f"{path.name}: its hidden return data is damaged ({what}); make a new return for "
        "this owner."
    )


def _identity(path: Path, sheet: RawSheet) -> tuple[Identity, list[IssuedItem]]:
    pairs: dict[str, str] = {}
    item_texts: list[str] = []
    row = 1
    while (row, 1) in sheet.cells:
        key = sheet.cells[(row, 1)].value
        value = sheet.cells.get((row, 2), RawCell(""))
        text = value.value if isinstance(value.value, str) else ""
        if key == "item":
            item_texts.append(text)
        elif isinstance(key, str):
            pairs[key] = text
        row += 1
    if pairs.get("format") != layout.FORMAT:
        raise _damaged(path, "it does not say it is a CYPP return")
    try:
        version = int(pairs["template_version"])
    except (KeyError, ValueError):
        raise _damaged(path, "no template version") from None
    if version != layout.TEMPLATE_VERSION:
        raise ReturnFileError(
            f"{path.name}: made with return template version {version}; this version of "
            f"CYPP Desktop reads version {layout.TEMPLATE_VERSION}. Make a new return."
        )
    try:
        identity = Identity(
            return_uid=pairs["return_uid"],
            plan_uid=pairs["plan_uid"],
            plan_title=pairs.get("plan_title", ""),
            period=pairs["period"],
            owner=pairs["owner"],
            owner_id=int(pairs["owner_id"]),
            issued_at=datetime.fromisoformat(pairs["issued_at"]),
            checksum=pairs["checksum"],
            template_version=version,
        )
        count = int(pairs["items"])
    except (KeyError, ValueError) as error:
        raise _damaged(path, f"{error} is missing or wrong") from None
    if count != len(item_texts):
        raise _damaged(path, f"{len(item_texts)} item records where it says {count}")
    items = [_item(path, text) for text in item_texts]
    return identity, items


def _item(path: Path, text: str) -> IssuedItem:
    try:
        data: Any = json.loads(text)
        sheet = layout.SHEET_NAMED[data["s"]]
        locked_keys = {column.key for column in sheet.locked}
        filled_keys = {column.key for column in sheet.fill_in}
        locked, filled = data["l"], data["f"]
        valid = (
            isinstance(data["r"], int)
            and FIRST_ROW <= data["r"] <= 100_000
            and isinstance(data["id"], int)
            and data["k"] == sheet.row.value
            and isinstance(locked, dict)
            and isinstance(filled, dict)
            and set(locked) <= locked_keys
            and set(filled) <= filled_keys
            and all(isinstance(v, str) for v in (*locked.values(), *filled.values()))
        )
    except (ValueError, KeyError, TypeError):
        valid = False
    if not valid:
        raise _damaged(path, "an item record cannot be read")
    return IssuedItem(sheet.title, data["r"], sheet.row, data["id"], locked, filled)


def _shown(value: object) -> str:
    """A value as quoted back to the lead in a message."""
    if isinstance(value, datetime):
        return uk_date(value.date())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _locked_value(cell: RawCell | None) -> object:
    if cell is None:
        return None
    if cell.error is not None:
        return cell.error
    if cell.formula is not None:
        return cell.formula
    value = cell.value
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    if isinstance(value, str) and not value.strip():
        return None
    return value


class _RowReader:
    """Reads one sheet's rows against what was issued, collecting into ``parsed``."""

    def __init__(self, parsed: ParsedReturn, spec: Sheet, sheet: RawSheet, units: dict[int, str]):
        self.parsed = parsed
        self.spec = spec
        self.sheet = sheet
        self.units = units

    def read(self, items: list[IssuedItem]) -> None:
        by_id = {item.id: item for item in items}
        seen: dict[int, int] = {}
        id_column = self.spec.index("id")
        by_row: dict[int, dict[int, RawCell]] = {}
        for (row, column), cell in self.sheet.cells.items():
            if row >= FIRST_ROW and _locked_value(cell) is not None:
                by_row.setdefault(row, {})[column] = cell
        for number in sorted(by_row):
            cells = by_row[number]
            identifier = _as_id(cells.get(id_column))
            item = by_id.get(identifier) if identifier is not None else None
            if item is None:
                self._added(number, cells)
                continue
            if item.id in seen:
                self.parsed.errors.append(
                    f"{self.spec.title}!A{number}: ID {item.id} is on rows {seen[item.id]} "
                    f"and {number}; each row of the return must keep its own ID."
                )
                continue
            seen[item.id] = number
            self._row(number, item, cells)
        for item in items:
            if item.id not in seen:
                self.parsed.missing.append(
                    f"{self.spec.title}: the row with ID {item.id} (row {item.row} as issued) "
                    "is no longer in the return; nothing was changed for it."
                )

    def _added(self, number: int, cells: dict[int, RawCell]) -> None:
        text = "; ".join(_shown(_locked_value(cells[column])) for column in sorted(cells))
        self.parsed.added.append(
            f"{self.spec.title}!{number}: a row added to the return ({_shown(text)}); not "
            "imported. Rows can only be added to the plan itself."
        )

    def _row(self, number: int, item: IssuedItem, cells: dict[int, RawCell]) -> None:
        row = ReturnedRow(self.spec, number, item)
        for index, column in enumerate(self.spec.columns, start=1):
            cell = cells.get(index)
            reference = f"{self.spec.title}!{self.spec.letter(column.key)}{number}"
            if column.locked:
                self._locked(reference, column, item, cell)
            else:
                self._fill_in(reference, column, row, cell)
        for column_number, cell in cells.items():
            if column_number > len(self.spec.columns):
                self.parsed.ignored.append(
                    f"{self.spec.title}!{get_column_letter(column_number)}{number}: "
                    f'"{_shown(_locked_value(cell))}" is outside the return\'s columns; ignored.'
                )
        self.parsed.rows.append(row)

    def _locked(
        self, reference: str, column: Column, item: IssuedItem, cell: RawCell | None
    ) -> None:
        issued = item.locked.get(column.key)
        value = _locked_value(cell)
        if issued is not None and digest(value) != issued:
            shown = f'"{_shown(value)}"' if value is not None else "blank"
            self.parsed.ignored.append(
                f"{reference}: this column is locked, but it was changed to {shown}; the "
                "change is ignored and the plan's value stands."
            )

    def _fill_in(
        self, reference: str, column: Column, row: ReturnedRow, cell: RawCell | None
    ) -> None:
        issued = row.item.filled.get(column.key)
        if cell is not None and cell.formula is not None:
            self.parsed.errors.append(
                f'{reference}: "{_shown(cell.formula)}" is a formula; type the value itself '
                "(formulas in a return are never calculated)."
            )
            return
        if cell is not None and cell.error is not None:
            self.parsed.errors.append(
                f"{reference}: holds the Excel error {cell.error}; type the value itself."
            )
            return
        raw = _locked_value(cell)
        if isinstance(raw, float) and raw.is_integer() and not (cell and cell.percent):
            raw = int(raw)  # Excel stores 140 as 140.0; quote it back as the lead typed it
        if raw is None:
            if issued is not None and issued != digest(None):
                self.parsed.warnings.append(
                    f"{reference}: left blank; a blank never clears anything, so the plan's "
                    f"{column.header.lower()} is kept."
                )
            return
        try:
            parsed = self._parse(column, row, raw, cell)
        except FieldError as error:
            self.parsed.errors.append(f"{reference}: {error}")
            return
        if parsed.warning:
            self.parsed.warnings.append(f"{reference}: {parsed.warning}")
        row.values[column.key] = parsed.value

    def _parse(
        self, column: Column, row: ReturnedRow, raw: object, cell: RawCell | None
    ) -> Parsed[Any]:
        percent = cell is not None and cell.percent and isinstance(raw, float)
        match column.kind:
            case Kind.RAG:
                return parse_rag(_as_text(raw))
            case Kind.STATUS:
                return parse_status(_as_text(raw))
            case Kind.LOG_STATUS:
                return _parse_log_status(_as_text(raw))
            case Kind.PERCENT:
                if percent:
                    assert isinstance(raw, float)
                    result = parse_percent(raw * 100)
                    return Parsed(result.value, f"read Excel's {raw * 100:g}% as {result.value}")
                return parse_percent(raw)
            case Kind.NUMBER:
                return _parse_value(raw, self.units.get(row.item.id, "number"), percent)
            case Kind.DATE:
                return _parse_day(raw)
            case _:
                return _parse_text(raw)


def _as_id(cell: RawCell | None) -> int | None:
    value = _locked_value(cell)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date | datetime):
        return uk_date(value if isinstance(value, date) else value.date())
    return str(value)


def _parse_log_status(text: str) -> Parsed[LogStatus]:
    key = " ".join(text.split()).lower()
    if key not in _LOG_WORDS:
        raise FieldError(f'"{text}" is not a status (expected Open, Done or Dropped)')
    status = _LOG_WORDS[key]
    label = status.value.capitalize()
    return Parsed(status, "" if text == label else f'read "{text}" as {label}')


def _parse_value(raw: object, unit: str, percent: bool) -> Parsed[float | None]:
    if percent and isinstance(raw, float):
        if unit not in PERCENT_UNITS:
            raise FieldError(f'"{raw * 100:g}%" is a percentage, but this measure is in {unit}')
        value = round(raw * 100, 10)
        return Parsed(value, f"read Excel's {value:g}% as {value:g}")
    if isinstance(raw, datetime | date):
        raise FieldError(f'"{_shown(raw)}" is a date, not a number (expected a number in {unit})')
    parsed = parse_number(raw, unit)
    if parsed.value is not None and (
        not math.isfinite(parsed.value) or abs(parsed.value) > MAX_NUMBER
    ):
        raise FieldError(f'"{_shown(raw)}" is not a number the plan can hold')
    return parsed


def _parse_day(raw: object) -> Parsed[date | None]:
    if isinstance(raw, float) and not math.isfinite(raw):
        raise FieldError(f'"{raw}" is not a date')
    parsed = parse_date(raw)
    if parsed.value is not None and not EARLIEST <= parsed.value <= LATEST:
        raise FieldError(
            f'"{_shown(raw)}" is not a plausible date (expected a date between 2000 and 2099)'
        )
    return parsed


def _parse_text(raw: object) -> Parsed[str]:
    text = tidy_text(_as_text(raw))
    if len(text) > MAX_TEXT:
        raise FieldError(f"is {len(text):,} characters long; keep it under {MAX_TEXT:,}")
    return Parsed(text)


def parse_return(path: Path, units: dict[int, str] | None = None) -> ParsedReturn:
    """Everything the file says, checked cell by cell; ``errors`` empty means it can import.

    ``units`` gives each indicator's unit (by id), so "17.4%" is accepted only for a measure
    in per cent. Raises ReturnFileError when the file is not a readable return at all.
    """
    book = read_workbook(path, _WANTED)
    parsed = ParsedReturn(path, content_hash(path))
    data = book.sheets.get(layout.DATA_SHEET)
    if data is None:
        raise ReturnFileError(
            f"{path.name}: not a CYPP return (it has no hidden return data); returns are "
            "made with Returns > Make Returns, and must be sent back as the same workbook."
        )
    identity, items = _identity(path, data)
    if checksum(locked_parts((i.sheet, i.row, i.locked) for i in items)) != identity.checksum:
        raise _damaged(path, "its checksum does not match the items it lists")
    try:
        parse_period(identity.period)
    except ValueError:
        raise ReturnFileError(
            f'{path.name}: is for "{identity.period}", which is not a reporting period.'
        ) from None
    parsed.identity = identity
    for name in book.names:
        if name not in _WANTED and name != layout.INSTRUCTIONS_SHEET:
            parsed.ignored.append(f'sheet "{name}" is not part of the return; ignored.')
    for spec in layout.SHEETS:
        sheet_items = [item for item in items if item.sheet == spec.title]
        if not sheet_items:
            continue
        sheet = book.sheets.get(spec.title)
        if sheet is None:
            parsed.missing.append(
                f'sheet "{spec.title}" was removed from the return; its {len(sheet_items)} '
                "rows were not imported."
            )
            continue
        _RowReader(parsed, spec, sheet, units or {}).read(sheet_items)
    return parsed
