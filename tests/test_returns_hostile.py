"""Bad and hostile returns: each refused (or its bad part ignored) with a clear message naming
the file and cell, and the plan exactly as it was (its dump compared before and after)."""

import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import delete, update

from cypp_desktop.models import Owner, ReturnIssue
from cypp_desktop.returns import layout
from cypp_desktop.returns.content import gather_returns
from cypp_desktop.returns.diff import APPLIED, READY, REJECTED, FileReport
from cypp_desktop.returns.importer import import_files
from cypp_desktop.returns.layout import Row
from cypp_desktop.returns.make import make_returns
from cypp_desktop.returns.reader import MAX_ROWS
from cypp_desktop.store import Store
from cypp_desktop.store.demo import write_demo
from cypp_desktop.store.dump import dump_plan

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

import hostile_returns  # benchmarks/hostile_returns.py, shared with benchmarks/returns.py

PERIOD = "2012/13 Q2"
OWNER = "Julie Webster"


@pytest.fixture
def issued(demo_store: Store, tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return make_returns(demo_store, PERIOD, folder, owners=[OWNER], who="officer")[0].path


def imported(store: Store, path: Path) -> FileReport:
    """Import ``path``, checking that a rejected file left the plan exactly as it was."""
    before = dump_plan(store)
    [report] = import_files(store, [path], who="officer")
    if report.status == REJECTED:
        assert dump_plan(store) == before
    return report


def rejected(store: Store, path: Path, *messages: str) -> FileReport:
    report = imported(store, path)
    assert report.status == REJECTED
    text = "\n".join(report.errors)
    for message in messages:
        assert message in text, text
    assert all(error.startswith(path.name) for error in report.errors)
    return report


def edit(path: Path, change: Callable[[Any], None]) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


# Files that are not returns at all ---------------------------------------------------


def test_not_an_xlsx(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Owner,Status\nJulie,done\n")
    rejected(demo_store, path, "notes.xlsx: not an Excel workbook (.xlsx)")


def test_an_empty_file(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    rejected(demo_store, path, "empty.xlsx: the file is empty (0 bytes)")


def test_a_truncated_zip(demo_store: Store, issued: Path, tmp_path: Path) -> None:
    path = tmp_path / "truncated.xlsx"
    data = issued.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    rejected(demo_store, path, "truncated.xlsx: the file is damaged or incomplete")


def test_a_corrupt_zip(demo_store: Store, issued: Path, tmp_path: Path) -> None:
    path = tmp_path / "corrupt.xlsx"
    data = bytearray(issued.read_bytes())
    for offset in range(200, len(data) - 2000, 97):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    report = rejected(demo_store, path)
    assert "damaged" in report.errors[0]


def test_a_password_protected_workbook(demo_store: Store, tmp_path: Path) -> None:
    """Excel saves an encrypted workbook as an OLE compound file holding EncryptionInfo and
    EncryptedPackage streams; this builds the header and directory of such a file."""
    header = bytearray(512)
    header[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    header[24:34] = struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    directory = b""
    for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"):
        encoded = (name + "\0").encode("utf-16-le")
        directory += encoded.ljust(64, b"\0") + struct.pack("<H", len(encoded)).ljust(64, b"\0")
    path = tmp_path / "Return with password.xlsx"
    path.write_bytes(bytes(header) + directory.ljust(4096, b"\0"))
    rejected(demo_store, path, "the workbook is protected with a password (encrypted)")


def test_an_xml_bomb(demo_store: Store, issued: Path, tmp_path: Path) -> None:
    path = hostile_returns.xml_bomb(issued, tmp_path / "bomb.xlsx")
    rejected(demo_store, path, "bomb.xlsx: holds XML that is not allowed", "XML bomb")


def test_a_zip_bomb_is_refused_from_the_directory(demo_store: Store, tmp_path: Path) -> None:
    path = hostile_returns.zip_bomb(tmp_path / "zip bomb.xlsx")
    assert path.stat().st_size < 1 << 20
    rejected(demo_store, path, "would inflate to 60 MB (limit 50 MB)", "zip bomb")


def test_a_high_inflate_ratio_is_refused(demo_store: Store, tmp_path: Path) -> None:
    path = hostile_returns.high_inflate_ratio(tmp_path / "ratio.xlsx")
    rejected(demo_store, path, "inflates more than 100 times", "zip bomb")


def test_a_sheet_with_a_million_rows(demo_store: Store, issued: Path, tmp_path: Path) -> None:
    path = hostile_returns.million_rows(issued, tmp_path / "million.xlsx")
    rejected(demo_store, path, f'sheet "Actions" has more than {MAX_ROWS:,} rows')


# Workbooks that are returns, with something wrong in them --------------------------------


def test_every_bad_cell_is_listed_with_sheet_cell_value_and_expected(
    demo_store: Store, issued: Path
) -> None:
    def spoil(book: Any) -> None:
        sheet = book["Actions"]
        sheet["H5"] = "Purple"
        sheet["G6"] = "lots"
        sheet["G7"] = 140
        sheet["J8"] = "next Tuesday"
        sheet["F9"] = "Finished-ish"

    edit(issued, spoil)
    rejected(
        demo_store,
        issued,
        'Actions!H5: "Purple" is not a RAG (expected Red, Amber, Green or Blue',
        'Actions!G6: "lots" is not a whole number from 0 to 100',
        'Actions!G7: "140" is not a whole number from 0 to 100',
        'Actions!J8: "next Tuesday" is not a date such as 31/03/2012',
        'Actions!F9: "Finished-ish" is not a status',
    )


def test_a_formula_in_a_fill_in_cell_is_refused_never_evaluated(
    demo_store: Store, issued: Path
) -> None:
    def formulas(book: Any) -> None:
        book["Actions"]["G3"] = "=50+25"
        book["Actions"]["I4"] = '=WEBSERVICE("http://example.org/")'

    edit(issued, formulas)
    rejected(
        demo_store,
        issued,
        'Actions!G3: "=50+25" is a formula; type the value itself',
        "Actions!I4: ",
    )


def test_an_xlsm_with_macros_is_read_for_its_values_only(
    demo_store: Store, issued: Path, tmp_path: Path
) -> None:
    edit(issued, lambda book: book["Actions"].cell(2, 9, "Macro-free update"))
    path = tmp_path / "Return with macros.xlsm"
    with zipfile.ZipFile(issued) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/'
                    b'vnd.ms-office.vbaProject"/></Types>',
                )
            new.writestr(info, data)
        new.writestr("xl/vbaProject.bin", b'Sub Auto_Open(): Shell "rm -rf /": End Sub')
    report = imported(demo_store, path)
    assert report.status == APPLIED, report.errors
    assert [(c.key, c.new) for _r, c in report.changes] == [("commentary", "Macro-free update")]


def test_a_return_for_another_plan(demo_store: Store, tmp_path: Path) -> None:
    other = tmp_path / "other.cypp"
    write_demo(other)
    with Store.open(other) as store:
        path = make_returns(store, PERIOD, tmp_path, owners=[OWNER], who="x")[0].path
    rejected(demo_store, path, "is a return for another plan", "nothing was imported")


def test_an_unknown_owner(demo_store: Store, issued: Path) -> None:
    with demo_store.session() as session:
        session.execute(update(Owner).where(Owner.name == OWNER).values(name="J. Webster"))
    rejected(demo_store, issued, f'is for "{OWNER}", who is not an owner in this plan')


def test_a_period_that_does_not_exist(demo_store: Store, issued: Path, tmp_path: Path) -> None:
    def period(text: str) -> Callable[[Any], None]:
        def change(book: Any) -> None:
            data = book[layout.DATA_SHEET]
            row = next(r for r in range(1, 20) if data.cell(r, 1).value == "period")
            data.cell(row, 2).value = text

        return change

    bad = tmp_path / "Q7.xlsx"
    shutil.copyfile(issued, bad)
    edit(bad, period("2012/13 Q7"))
    rejected(demo_store, bad, 'is for "2012/13 Q7", which is not a reporting period')

    future = tmp_path / "future.xlsx"
    shutil.copyfile(issued, future)
    edit(future, period("2031/32 Q1"))
    rejected(demo_store, future, "hidden return data does not match the return as it was made")
    with demo_store.session() as session:
        session.execute(delete(ReturnIssue))
    rejected(demo_store, future, "is for 2031/32 Q1, a period this plan has no returns or data")


def test_a_workbook_without_return_data(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "Book1.xlsx"
    openpyxl.Workbook().save(path)
    rejected(demo_store, path, "Book1.xlsx: not a CYPP return (it has no hidden return data)")


def test_damaged_return_data(demo_store: Store, issued: Path) -> None:
    def damage(book: Any) -> None:
        data = book[layout.DATA_SHEET]
        row = next(r for r in range(1, 80) if data.cell(r, 1).value == "item")
        data.cell(row, 2).value = '{"s": "Actions", "r": "two"}'

    edit(issued, damage)
    rejected(demo_store, issued, "its hidden return data is damaged")


def test_an_edited_locked_cell_is_warned_about_and_ignored(demo_store: Store, issued: Path) -> None:
    before = dump_plan(demo_store)
    edit(issued, lambda book: book["Actions"].cell(3, 3, "A better title"))
    report = imported(demo_store, issued)
    assert report.status != REJECTED
    assert report.ignored == [
        'Actions!C3: this column is locked, but it was changed to "A better title"; the change '
        "is ignored and the plan's value stands."
    ]
    assert dump_plan(demo_store) == before


def test_rows_added_by_the_lead_are_reported_not_dropped_silently(
    demo_store: Store, issued: Path
) -> None:
    before = dump_plan(demo_store)

    def add(book: Any) -> None:
        sheet = book["Actions"]
        sheet.cell(sheet.max_row + 2, 3, "Run a summer holiday club")
        sheet.cell(sheet.max_row, 6, "In progress")

    edit(issued, add)
    report = imported(demo_store, issued)
    assert report.status != REJECTED
    [added] = report.added
    assert (
        "a row added to the return (Run a summer holiday club; In progress); not imported" in added
    )
    assert dump_plan(demo_store) == before


def test_a_blank_cell_never_clears_the_plan(demo_store: Store, issued: Path) -> None:
    before = dump_plan(demo_store)

    def clear(book: Any) -> None:
        book["Actions"]["I2"].value = None

    edit(issued, clear)
    report = imported(demo_store, issued)
    assert report.status != REJECTED
    assert report.warnings == [
        "Actions!I2: left blank; a blank never clears anything, so the plan's commentary is kept."
    ]
    assert dump_plan(demo_store) == before


def test_tolerated_inputs_are_read_with_a_warning(demo_store: Store, issued: Path) -> None:
    def loose(book: Any) -> None:
        sheet = book["Actions"]
        sheet["H2"], sheet["H3"], sheet["H4"] = "G", "green", "AMBER"
        sheet["H5"] = "Green "
        sheet["G2"], sheet["G3"] = "75%", 0.75
        sheet["J2"], sheet["J3"], sheet["J4"] = "31/03/2013", "31 March 2013", 41364
        sheet["J4"].number_format = "General"  # a date typed as its number, not as a date

    edit(issued, loose)
    report = imported(demo_store, issued)
    assert report.status == APPLIED, report.errors
    warnings = "\n".join(report.warnings)
    for expected in (
        'Actions!H3: read "green" as Green',
        'Actions!H5: read "Green " as Green',
        "Actions!G3: read 0.75 as 75%",
        "Actions!J4: read the Excel date number 41364 as 31/03/2013",
    ):
        assert expected in warnings
    dates = {c.new for _r, c in report.changes if c.key == "revised_due"}
    assert dates == {"31 Mar 2013"}


def test_a_percentage_for_an_indicator_in_per_cent(demo_store: Store, tmp_path: Path) -> None:
    owner = next(
        item.owner
        for item in gather_returns(demo_store, PERIOD).returns
        for row in item.rows.get(Row.INDICATOR, [])
        if row.values["code"] == "BH1.1-OB"
    )
    path = make_returns(demo_store, PERIOD, tmp_path, owners=[owner], who="x")[0].path
    book = openpyxl.load_workbook(path)
    sheet = book["Indicators"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == "BH1.1-OB")
    sheet.cell(row, layout.INDICATORS.index("value"), "17.4%")
    book.save(path)
    report = imported(demo_store, path)
    assert report.status in (APPLIED, READY), report.errors
    assert [c.new for _r, c in report.changes if c.key == "value"] == ["17.4%"]
