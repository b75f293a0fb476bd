"""Opening a returned workbook without trusting it.

A return comes back from outside, so before anything is inflated the zip's own directory is
checked: the file's size, the number of parts, each part's uncompressed size and ratio, and
the total. XML is parsed with defusedxml (no DTDs, no entities: an XML bomb is refused),
streamed row by row with a bound on the rows, so a sheet of a million rows is refused after
a few thousand. Only the sheets a return has are read; macros in an .xlsm are never looked
at, and formulas are reported as formulas, never evaluated.

Anything the file's structure does wrong becomes a ``ReturnFileError`` naming the file.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format  # type: ignore[import-untyped]

from cypp_desktop.errors import CyppError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PART_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_PARTS = 2000
MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_SHARED_STRINGS = 500_000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_MAC_EPOCH = datetime(1904, 1, 1)


class ReturnFileError(CyppError):
    """The file cannot be read as a return at all; nothing in it was looked at further."""


@dataclass(frozen=True, slots=True)
class RawCell:
    """A cell as stored: its value (str, float, bool, datetime), and its formula if any."""

    value: object
    formula: str | None = None
    error: str | None = None  # Excel's error value (#N/A, #DIV/0!) when the cell holds one
    percent: bool = False  # shown with a % format: Excel stores 75% as 0.75


@dataclass(slots=True)
class RawSheet:
    name: str
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)


@dataclass(slots=True)
class RawWorkbook:
    sheets: dict[str, RawSheet]
    names: list[str]  # every sheet's name, in order, read or not


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: Element, name: str) -> str | None:
    """An attribute by local name, whatever namespace (transitional or strict) it is in."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def column_number(letters: str) -> int:
    number = 0
    for char in letters:
        if not "A" <= char <= "Z":
            raise ValueError(letters)
        number = number * 26 + ord(char) - 64
    return number


def split_reference(reference: str) -> tuple[int, int]:
    """``"H5"`` -> (5, 8)."""
    letters = reference.rstrip("0123456789")
    digits = reference[len(letters) :]
    if not letters or not digits or len(letters) > 3:
        raise ValueError(reference)
    return int(digits), column_number(letters.upper())


class _Reader:
    def __init__(self, path: Path, archive: zipfile.ZipFile):
        self.path = path
        self.archive = archive
        self.names = {info.filename for info in archive.infolist()}

    def fail(self, message: str) -> ReturnFileError:
        return ReturnFileError(f"{self.path.name}: {message}")

    def _open(self, name: str) -> IO[bytes]:
        return self.archive.open(name)

    def _events(self, name: str, events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Any]]:
        with self._open(name) as stream:
            yield from iterparse(stream, events=events, forbid_dtd=True)

    def workbook(self) -> tuple[list[tuple[str, str]], bool]:
        """Each sheet's (name, part) in order, and whether dates count from 1904."""
        targets: dict[str, str] = {}
        rels = "xl/_rels/workbook.xml.rels"
        if rels in self.names:
            for _event, element in self._events(rels):
                if _local(element.tag) == "Relationship":
                    rel_id, target = element.get("Id"), element.get("Target")
                    if rel_id and target:
                        if target.startswith("/"):
                            part = target.lstrip("/")
                        else:
                            part = posixpath.normpath(posixpath.join("xl", target))
                        targets[rel_id] = part
        sheets: list[tuple[str, str]] = []
        date1904 = False
        for _event, element in self._events("xl/workbook.xml"):
            tag = _local(element.tag)
            if tag == "workbookPr":
                date1904 = (element.get("date1904") or "").lower() in ("1", "true")
            elif tag == "sheet":
                name = element.get("name") or ""
                rel_id = _attribute(element, "id") or ""
                if rel_id in targets:
                    sheets.append((name, targets[rel_id]))
        return sheets, date1904

    def shared_strings(self) -> list[str]:
        name = "xl/sharedStrings.xml"
        if name not in self.names:
            return []
        strings: list[str] = []
        for _event, element in self._events(name):
            if _local(element.tag) == "si":
                strings.append(_text_of(element))
                element.clear()
                if len(strings) > MAX_SHARED_STRINGS:
                    raise self.fail("holds too many distinct texts to be a return.")
        return strings

    def styles(self) -> tuple[list[bool], list[bool]]:
        """For each cell style: is it a date format, is it a percentage format."""
        name = "xl/styles.xml"
        if name not in self.names:
            return [], []
        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        dates: list[bool] = []
        percents: list[bool] = []
        in_cell_xfs = False
        for event, element in self._events(name, ("start", "end")):
            tag = _local(element.tag)
            if tag == "numFmt" and event == "end":
                try:
                    formats[int(element.get("numFmtId") or "-1")] = element.get("formatCode") or ""
                except ValueError:
                    continue
            elif tag == "cellXfs":
                in_cell_xfs = event == "start"
            elif tag == "xf" and event == "end" and in_cell_xfs:
                try:
                    code = formats.get(int(element.get("numFmtId") or "0"), "General")
                except ValueError:
                    code = "General"
                dates.append(is_date_format(code))
                percents.append("%" in code)
        return dates, percents

    def sheet(
        self,
        name: str,
        part: str,
        strings: list[str],
        styles: tuple[list[bool], list[bool]],
        epoch: datetime,
    ) -> RawSheet:
        if part not in self.names:
            raise self.fail(f'its sheet "{name}" is missing from the file.')
        sheet = RawSheet(name)
        dates, percents = styles
        rows = 0
        for _event, element in self._events(part):
            tag = _local(element.tag)
            if tag == "row":
                rows += 1
                number = element.get("r")
                if rows > MAX_ROWS or (number is not None and int(number) > MAX_ROWS):
                    raise self.fail(
                        f'sheet "{name}" has more than {MAX_ROWS:,} rows; a return holds a '
                        "few hundred at most."
                    )
                element.clear()
            elif tag == "c":
                reference = element.get("r")
                if reference is None:
                    raise self.fail(f'sheet "{name}" has a cell without a reference.')
                row, column = split_reference(reference)
                if row > MAX_ROWS:
                    raise self.fail(
                        f'sheet "{name}" has more than {MAX_ROWS:,} rows; a return holds a '
                        "few hundred at most."
                    )
                if column <= MAX_COLUMNS:
                    cell = _cell(element, strings, dates, percents, epoch)
                    if cell is not None:
                        sheet.cells[(row, column)] = cell
        return sheet


def _text_of(element: Element) -> str:
    """The text of a string item: its <t> runs, without phonetic (<rPh>) guides."""
    parts: list[str] = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _cell(
    element: Element, strings: list[str], dates: list[bool], percents: list[bool], epoch: datetime
) -> RawCell | None:
    kind = element.get("t") or "n"
    style = int(element.get("s") or "0")
    formula: str | None = None
    raw: str | None = None
    inline: str | None = None
    for child in element:
        tag = _local(child.tag)
        if tag == "v":
            raw = child.text
        elif tag == "f":
            formula = "=" + (child.text or "(shared formula)")
        elif tag == "is":
            inline = _text_of(child)
    element.clear()
    if kind == "inlineStr":
        return RawCell(inline or "", formula)
    if raw is None:
        return RawCell(None, formula) if formula else None
    if kind == "s":
        index = int(raw)
        if not 0 <= index < len(strings):
            raise ValueError(f"shared string {index} out of range")
        return RawCell(strings[index], formula)
    if kind == "str":
        return RawCell(raw, formula)
    if kind == "b":
        return RawCell(raw.strip() in ("1", "true"), formula)
    if kind == "e":
        return RawCell(None, formula, error=raw)
    if kind == "d":
        return RawCell(datetime.fromisoformat(raw), formula)
    number = float(raw)
    if 0 <= style < len(dates) and dates[style] and 0 <= number < 2_958_466:
        return RawCell(epoch + timedelta(days=number), formula)
    return RawCell(number, formula, percent=0 <= style < len(percents) and percents[style])


def _check_header(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise ReturnFileError(
            f"{path.name}: cannot be read ({error.strerror or error})."
        ) from error
    if size == 0:
        raise ReturnFileError(f"{path.name}: the file is empty (0 bytes); it is not a return.")
    if size > MAX_FILE_BYTES:
        raise ReturnFileError(
            f"{path.name}: the file is {size / 1024 / 1024:.0f} MB; a return is well under "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB, so it was not opened."
        )
    if head.startswith(_OLE_MAGIC):
        with path.open("rb") as handle:
            start = handle.read(min(size, 4 * 1024 * 1024))
        if _ENCRYPTED_MARKER in start:
            raise ReturnFileError(
                f"{path.name}: the workbook is protected with a password (encrypted), so it "
                "cannot be read; ask for it to be saved again without a password."
            )
        raise ReturnFileError(
            f"{path.name}: this is an old-style Excel (.xls) or other Office file, not an "
            ".xlsx workbook; save it as an Excel Workbook (.xlsx)."
        )
    if not head.startswith(_ZIP_MAGIC):
        raise ReturnFileError(
            f"{path.name}: not an Excel workbook (.xlsx); a return is the .xlsx file it was "
            "sent as."
        )


def _check_directory(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from its directory alone, before a byte is inflated."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise ReturnFileError(f"{path.name}: holds {len(infos):,} parts; not a return.")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise ReturnFileError(
                f"{path.name}: part {info.filename} would inflate to "
                f"{info.file_size / 1024 / 1024:,.0f} MB (limit "
                f"{MAX_PART_BYTES // 1024 // 1024} MB); refused as a possible zip bomb."
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReturnFileError(
                f"{path.name}: part {info.filename} inflates more than {MAX_RATIO} times; "
                "refused as a possible zip bomb."
            )
        if info.flag_bits & 0x1:
            raise ReturnFileError(
                f"{path.name}: the workbook is encrypted; save it again without a password."
            )
    if total > MAX_TOTAL_BYTES:
        raise ReturnFileError(
            f"{path.name}: would inflate to {total / 1024 / 1024:,.0f} MB; refused as a "
            "possible zip bomb."
        )
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise ReturnFileError(
            f"{path.name}: a zip file but not an Excel workbook (.xlsx): it has no workbook inside."
        )


def read_workbook(path: Path, wanted: set[str]) -> RawWorkbook:
    """The cells of the sheets named in ``wanted`` (others are listed, not read)."""
    _check_header(path)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_directory(path, archive)
            reader = _Reader(path, archive)
            sheets, date1904 = reader.workbook()
            names = [name for name, _part in sheets]
            chosen = [sheet for sheet in sheets if sheet[0] in wanted]
            strings = reader.shared_strings() if chosen else []
            styles = reader.styles() if chosen else ([], [])
            epoch = _MAC_EPOCH if date1904 else _EXCEL_EPOCH
            read = {name: reader.sheet(name, part, strings, styles, epoch) for name, part in chosen}
            return RawWorkbook(read, names)
    except ReturnFileError:
        raise
    except DefusedXmlException as error:
        raise ReturnFileError(
            f"{path.name}: holds XML that is not allowed in a workbook ({type(error).__name__}: "
            "entity or DTD declarations, as in an XML bomb); refused."
        ) from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as error:
        raise ReturnFileError(
            f"{path.name}: the file is damaged or incomplete (not a whole .xlsx zip: {error})."
        ) from error
    except (ParseError, ValueError, KeyError, IndexError, OverflowError) as error:
        raise ReturnFileError(
            f"{path.name}: the workbook is damaged (its contents cannot be read: {error})."
        ) from error
    except (OSError, NotImplementedError, RuntimeError) as error:
        raise ReturnFileError(
            f"{path.name}: the file cannot be read ({error}); save it again as an .xlsx workbook."
        ) from error
