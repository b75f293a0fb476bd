"""The Excel board pack, opened as its readers will: openpyxl for content, LibreOffice whole."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cypp_desktop.charts.spec import RAG_ORDER
from cypp_desktop.models import ItemKind
from cypp_desktop.packs.options import PackOptions, Section
from cypp_desktop.packs.progress import ignore
from cypp_desktop.packs.snapshot import PackSnapshot, take_snapshot
from cypp_desktop.packs.xlsx import build_xlsx
from cypp_desktop.store import Store
from cypp_desktop.store.edits import Edit, apply_edits
from cypp_desktop.store.queries import action_rows, indicator_rows, priority_rags

PERIOD = "2012/13 Q2"
HEADER_ROW = 3


@pytest.fixture(scope="module")
def shared_store(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("packs-xlsx") / "demo.cypp"
    shutil.copyfile(demo_template, path)
    with Store.open(path) as store:
        yield store


@pytest.fixture(scope="module")
def snapshot(shared_store: Store) -> PackSnapshot:
    return take_snapshot(shared_store, PERIOD, marking="OFFICIAL-SENSITIVE")


@pytest.fixture(scope="module")
def workbook_path(snapshot: PackSnapshot, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "pack.xlsx"
    build_xlsx(snapshot, path, ignore)
    return path


@pytest.fixture(scope="module")
def book(workbook_path: Path) -> Any:
    return openpyxl.load_workbook(workbook_path)


def _header(sheet: Any) -> list[str]:
    return [cell.value for cell in sheet[HEADER_ROW]]


def _rows(sheet: Any) -> list[dict[str, Any]]:
    header = _header(sheet)
    return [
        dict(zip(header, row, strict=False))
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if any(value is not None for value in row)
    ]


def test_the_sheets(book: Any, snapshot: PackSnapshot) -> None:
    codes = [page.node.code for page in snapshot.priorities]
    assert book.sheetnames == [
        "Cover report",
        "Summary",
        "Exceptions",
        *codes,
        "Indicators",
        "Indicator charts",
        "Action log",
        "Glossary",
    ]


def test_summary_counts_match_the_dashboard(book: Any, shared_store: Store) -> None:
    rows = {row["Code"]: row for row in _rows(book["Summary"]) if row["Code"] != "All"}
    dashboard = priority_rags(shared_store, PERIOD)
    assert set(rows) == {row.code for row in dashboard}
    for expected in dashboard:
        row = rows[expected.code]
        assert row["RAG"] == expected.rag.rag.letter
        for rag in RAG_ORDER:
            assert row[rag.letter] == expected.counts[rag], (expected.code, rag)
        assert row["Overdue actions"] == expected.overdue


def test_a_known_action_row(book: Any, shared_store: Store) -> None:
    action = next(row for row in action_rows(shared_store, PERIOD) if row.code == "PEH-PA1")
    found = next(row for row in _rows(book["PEH"]) if row["Code"] == "PEH-PA1")
    assert found["Level"] == "Action"
    assert found["Title"] == action.title
    assert found["Owner / lead"] == action.owner
    assert found["RAG"] == action.rag.rag.letter
    assert found["Why"] == action.rag.result.reason
    assert found[f"Commentary {PERIOD}"] == action.update.commentary
    assert found["% complete"] == action.percent_complete
    assert found["Due"].date() == action.revised_due
    assert found["Original due"].date() == action.due


def test_indicators_have_periods_as_columns(book: Any, shared_store: Store) -> None:
    sheet = book["Indicators"]
    header = _header(sheet)
    indicator = indicator_rows(shared_store, PERIOD)[0]
    assert indicator.reading.period in header
    actual = next(
        row for row in _rows(sheet) if row["Code"] == indicator.code and row["Series"] == "Actual"
    )
    assert actual[indicator.reading.period] == indicator.reading.value
    assert actual["RAG"] == indicator.rag.rag.letter
    target = next(
        row for row in _rows(sheet) if row["Code"] == indicator.code and row["Series"] == "Target"
    )
    assert target[indicator.reading.period] == indicator.reading.target


def test_rag_letters_are_coloured_by_conditional_formatting(book: Any) -> None:
    for name in ("Summary", "Exceptions", "PEH", "Indicators", "Indicator charts"):
        rules = [
            rule for formatting in book[name].conditional_formatting for rule in formatting.rules
        ]
        letters = {rule.formula[0] for rule in rules if rule.type == "cellIs"}
        assert letters == {f'"{rag.letter}"' for rag in RAG_ORDER}, name
        assert all(rule.dxf is not None and rule.dxf.fill is not None for rule in rules)


def test_native_charts(book: Any, snapshot: PackSnapshot) -> None:
    charted = sum(1 for page in snapshot.priorities for i in page.indicators if i.chart.periods)
    charts = book["Indicator charts"]._charts
    assert len(charts) == charted > 0
    assert all(chart.tagname == "lineChart" for chart in charts)
    assert len(book["Summary"]._charts) == 1
    assert book["Summary"]._charts[0].tagname == "barChart"


def test_chart_points_are_coloured_by_rag(workbook_path: Path) -> None:
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(archive.read(name).decode() for name in charts)
    assert xml.count("<c:dPt>") + xml.count("<dPt>") > 0
    assert 'srgbClr val="D55E00"' in xml  # a Red point


def test_tables_freeze_filter_and_print(book: Any) -> None:
    for name in ("Summary", "Exceptions", "PEH", "Indicators", "Action log", "Glossary"):
        sheet = book[name]
        assert sheet.freeze_panes in (f"A{HEADER_ROW + 1}", f"C{HEADER_ROW + 1}"), name
        assert sheet.auto_filter.ref.startswith(f"A{HEADER_ROW}:"), name
        assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}", name
        assert sheet.page_setup.fitToWidth == 1, name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, name
        assert "OFFICIAL-SENSITIVE" in sheet.oddHeader.center.text, name
        assert "&P" in sheet.oddFooter.right.text, name
    assert book["PEH"].page_setup.orientation == "landscape"
    assert book["Glossary"].page_setup.orientation == "portrait"
    assert book["PEH"].column_dimensions["C"].width >= 30


def test_formula_like_text_is_stored_as_text(demo_store: Store, tmp_path: Path) -> None:
    actions = [row for row in action_rows(demo_store, PERIOD) if row.priority_code == "PEH"]
    texts = ['=HYPERLINK("http://example.org","click")', "+44 151 511 1234", "-", "@board"]
    apply_edits(
        demo_store,
        [
            Edit(ItemKind.ACTION, row.id, "commentary", text, period=PERIOD)
            for row, text in zip(actions, texts, strict=False)
        ],
        who="test",
        source="test",
    )
    path = tmp_path / "pack.xlsx"
    build_xlsx(take_snapshot(demo_store, PERIOD), path, ignore)
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in archive.read(name).decode() for name in sheets)
    sheet = openpyxl.load_workbook(path)["PEH"]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value in texts}
    assert set(cells) == set(texts)
    for cell in cells.values():
        assert cell.data_type == "s"
        assert cell.quotePrefix


def test_same_data_gives_the_same_workbook(snapshot: PackSnapshot, tmp_path: Path) -> None:
    contents = []
    for name in ("one.xlsx", "two.xlsx"):
        build_xlsx(snapshot, tmp_path / name, ignore)
        with zipfile.ZipFile(tmp_path / name) as archive:
            contents.append({n: archive.read(n) for n in archive.namelist()})
    assert contents[0] == contents[1]


def test_chosen_sections_only(snapshot: PackSnapshot, tmp_path: Path) -> None:
    path = tmp_path / "pack.xlsx"
    build_xlsx(snapshot, path, ignore, PackOptions(sections=frozenset({Section.ACTION_LOG})))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Action log"]
    sections = {row["Section"] for row in _rows(book["Action log"])}
    assert sections <= {"Overdue", "Open", "Closed"}


def test_cancelling_leaves_no_file(snapshot: PackSnapshot, tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int, message: str) -> None:
        if message.startswith("Saving"):
            raise Stop

    with pytest.raises(Stop):
        build_xlsx(snapshot, tmp_path / "pack.xlsx", progress)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_workbook(workbook_path: Path, tmp_path: Path) -> None:
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    converted = tmp_path / "pack.pdf"
    assert converted.exists() and converted.stat().st_size > 10_000
