"""The PDF board pack, read back as its readers will: text, outline, pages, fonts, links."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from reportlab.platypus import (  # type: ignore[import-untyped]
    LongTable,
    SimpleDocTemplate,
    TableStyle,
)

from cypp_desktop.models import ItemKind, Rag
from cypp_desktop.packs import fonts
from cypp_desktop.packs.options import PackOptions, Section
from cypp_desktop.packs.pdf import build_pdf
from cypp_desktop.packs.pdf_table import TextTable
from cypp_desktop.packs.pdf_text import wrap
from cypp_desktop.packs.progress import ignore
from cypp_desktop.packs.snapshot import PackSnapshot, take_snapshot
from cypp_desktop.store import Store
from cypp_desktop.store.edits import Edit, apply_edits
from cypp_desktop.store.queries import action_rows, meetings, priority_rags

PERIOD = "2012/13 Q2"


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def shared_store(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One copy of the demo plan for the tests here that only read it."""
    path = tmp_path_factory.mktemp("packs-pdf") / "demo.cypp"
    shutil.copyfile(demo_template, path)
    with Store.open(path) as store:
        yield store


@pytest.fixture(scope="module")
def snapshot(shared_store: Store) -> PackSnapshot:
    """The pack of the Board's November meeting: the latest on the current period."""
    meeting = max(
        (m for m in meetings(shared_store) if m.period == PERIOD), key=lambda m: m.starts_at
    )
    return take_snapshot(shared_store, PERIOD, meeting_id=meeting.id, marking="OFFICIAL")


@pytest.fixture(scope="module")
def pack(
    snapshot: PackSnapshot, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, pypdf.PdfReader, int]:
    path = tmp_path_factory.mktemp("pack") / "pack.pdf"
    pages = build_pdf(snapshot, path, ignore)
    return path, pypdf.PdfReader(path), pages


def _pages_text(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def _outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, zero-based page) of every outline entry, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def test_every_section_is_there_in_order(pack: tuple[Path, pypdf.PdfReader, int]) -> None:
    _path, reader, pages = pack
    assert len(reader.pages) == pages
    text = _flat(" ".join(_pages_text(reader)))
    headings = [
        "Cover report",
        "Contents",
        "RAG summary",
        "Exceptions",
        "Priorities",
        "Action log",
        "Glossary",
    ]
    positions = [text.find(heading) for heading in headings]
    assert all(p >= 0 for p in positions), dict(zip(headings, positions, strict=True))
    assert positions == sorted(positions)
    for label in (
        "REPORT TO:",
        "REPORTING OFFICER:",
        "PORTFOLIO:",
        "SUBJECT:",
        "WARD(S):",
        "PURPOSE OF THE REPORT",
        "RECOMMENDATION",
        "RISK ANALYSIS",
        "EQUALITY AND DIVERSITY ISSUES",
        "LIST OF BACKGROUND PAPERS",
    ):
        assert label in text, label


def test_every_page_says_page_n_of_m_and_carries_the_marking(
    pack: tuple[Path, pypdf.PdfReader, int],
) -> None:
    _path, reader, pages = pack
    for number, text in enumerate(_pages_text(reader), start=1):
        assert f"Page {number} of {pages}" in text
        assert text.count("OFFICIAL") >= 2, number  # header and footer


def test_rag_counts_match_the_dashboard(
    pack: tuple[Path, pypdf.PdfReader, int], shared_store: Store
) -> None:
    _path, reader, _pages = pack
    totals = dict.fromkeys(Rag, 0)
    for row in priority_rags(shared_store, PERIOD):
        for rag, count in row.counts.items():
            totals[rag] += count
    summary = next(t for t in _pages_text(reader) if "RAG summary" in t and "with 2012/13 Q1" in t)
    flat = _flat(summary)
    for rag in Rag:
        assert re.search(rf"\b{totals[rag]} {rag.label} \(\d+\)", flat), rag


def test_a_known_action_shows_its_commentary_rag_and_reason(
    pack: tuple[Path, pypdf.PdfReader, int], shared_store: Store
) -> None:
    _path, reader, _pages = pack
    action = next(row for row in action_rows(shared_store, PERIOD) if row.code == "PEH-PA1")
    assert action.update.commentary
    text = _flat(" ".join(_pages_text(reader)))
    assert _flat(action.update.commentary) in text
    assert _flat(action.rag.result.reason) in text
    assert "Establish a family nurse partnership" in text


def test_exceptions_list_every_red_or_worsening_item(
    pack: tuple[Path, pypdf.PdfReader, int], snapshot: PackSnapshot
) -> None:
    _path, reader, _pages = pack
    pages = _pages_text(reader)
    start = next(i for i, t in enumerate(pages) if "Items rated Red for" in t)
    end = next(i for i, t in enumerate(pages) if i > start and "Priorities" in t)
    section = _flat(" ".join(pages[start:end]))
    squeezed = "".join(section.split())  # a long code may wrap inside its cell
    assert snapshot.exceptions
    for row in snapshot.exceptions:
        assert row.rag.rag is Rag.RED or row.rag.worsened
        assert row.code in squeezed
        assert "".join(row.rag.result.reason.split()) in squeezed


def _layout_text(path: Path, page: int) -> str:
    """One page's text as laid out on it (pdftotext), rather than in drawing order."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_outline_has_every_section_and_priority_and_contents_links_agree(
    pack: tuple[Path, pypdf.PdfReader, int], snapshot: PackSnapshot
) -> None:
    path, reader, _pages = pack
    outline = _outline(reader)
    top = [title for level, title, _page in outline if level == 0]
    assert top == [
        "Cover report",
        "Contents",
        "RAG summary",
        "Exceptions",
        "Priorities",
        "Action log",
        "Glossary",
    ]
    priorities = [title for level, title, _page in outline if level == 1 and title[:1].isupper()]
    for page in snapshot.priorities:
        assert f"{page.node.code} {page.node.title}" in priorities
    contents_page = next(p for _l, t, p in outline if t == "Contents")
    contents = _flat(_layout_text(path, contents_page + 1))  # numbers are drawn last
    for level, title, page in outline:
        if (
            level <= 1
            and title != "Contents"
            and not title.startswith(("Overdue", "Open", "Closed"))
        ):
            assert re.search(rf"{re.escape(title)}[ .]*\b{page + 1}\b", contents), title
    links = [annotation.get_object() for annotation in reader.pages[contents_page]["/Annots"]]
    assert (
        len(links)
        == sum(1 for level, title, _p in outline if level <= 1 and title != "Contents") - 3
    )  # the action log's three parts are in the outline, not the contents
    assert all(link["/Subtype"] == "/Link" for link in links)


def test_wide_tables_get_landscape_pages(pack: tuple[Path, pypdf.PdfReader, int]) -> None:
    _path, reader, _pages = pack
    shapes = {
        "landscape" if page.mediabox.width > page.mediabox.height else "portrait"
        for page in reader.pages
    }
    assert shapes == {"landscape", "portrait"}
    outline = _outline(reader)
    for level, title, page in outline:
        box = reader.pages[page].mediabox
        if title.startswith("Actions:") or title in ("Exceptions", "Action log"):
            assert box.width > box.height, title
        if level == 0 and title in ("Cover report", "Glossary"):
            assert box.width < box.height, title


def test_one_embedded_font_and_the_metadata(
    pack: tuple[Path, pypdf.PdfReader, int], snapshot: PackSnapshot
) -> None:
    _path, reader, _pages = pack
    faces = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            faces.add(str(font["/BaseFont"]).split("+")[-1])
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), font["/BaseFont"]
    assert faces <= {fonts.REGULAR, fonts.BOLD}
    meta = reader.metadata
    assert meta is not None
    assert meta.title and snapshot.plan_title in meta.title
    assert meta.author == snapshot.cover.reporting_officer
    assert meta.subject == snapshot.cover.subject


def test_the_glyphs_the_pack_needs_print(pack: tuple[Path, pypdf.PdfReader, int]) -> None:
    _path, reader, _pages = pack
    text = " ".join(_pages_text(reader))
    for glyph in ("▼", "►", "·", "–"):
        assert glyph in text, glyph


def test_indicator_sections_have_charts_values_and_story(
    pack: tuple[Path, pypdf.PdfReader, int], snapshot: PackSnapshot
) -> None:
    _path, reader, _pages = pack
    text = _flat(" ".join(_pages_text(reader)))
    item = snapshot.priorities[0].indicators[0]
    assert f"{item.row.code} {item.row.title}" in text
    assert "Story behind the curve:" in text
    assert _flat(item.row.update.commentary) in text
    assert "Actual (letter = RAG)" in text and "Tolerance" in text


def test_same_data_gives_the_same_pack(snapshot: PackSnapshot, tmp_path: Path) -> None:
    first, second = tmp_path / "one.pdf", tmp_path / "two.pdf"
    build_pdf(snapshot, first, ignore)
    build_pdf(snapshot, second, ignore)
    assert first.read_bytes() == second.read_bytes()


def test_a_period_pack_and_chosen_sections(demo_store: Store, tmp_path: Path) -> None:
    snapshot = take_snapshot(demo_store, PERIOD)
    assert snapshot.meeting is None and snapshot.marking == ""
    path = tmp_path / "period.pdf"
    options = PackOptions(sections=frozenset({Section.SUMMARY, Section.ACTION_LOG}))
    build_pdf(snapshot, path, ignore, options)
    reader = pypdf.PdfReader(path)
    text = _flat(" ".join(_pages_text(reader)))
    assert "RAG summary" in text and "Action log" in text
    assert "Glossary" not in text and "REPORT TO:" not in text
    assert "OFFICIAL" not in text
    assert f"Reporting period {PERIOD}" in text


def test_cancelling_leaves_no_file(snapshot: PackSnapshot, tmp_path: Path) -> None:
    calls = []

    class Stop(Exception):
        pass

    def progress(done: int, total: int, message: str) -> None:
        calls.append(message)
        if len(calls) > 3:
            raise Stop

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Stop):
        build_pdf(snapshot, folder / "pack.pdf", progress)
    assert list(folder.iterdir()) == []


def test_writing_to_a_missing_folder_is_a_clear_error(
    snapshot: PackSnapshot, tmp_path: Path
) -> None:
    from cypp_desktop.errors import CyppError

    with pytest.raises(CyppError, match="does not exist"):
        build_pdf(snapshot, tmp_path / "nowhere" / "pack.pdf", ignore)


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed"
)
def test_pages_render(pack: tuple[Path, pypdf.PdfReader, int], tmp_path: Path) -> None:
    path, _reader, _pages = pack
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "4", str(path), str(tmp_path / "p")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("p-*.png"))) == 4


def test_wrapped_cell_text_never_overflows() -> None:
    size, width = 7.5, 60.0
    text = "A reasonably long sentence with a Supercalifragilisticexpialidocious-ish word\nend"
    lines = wrap(text, width, fonts.register(), size)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert len(lines.split("\n")) > 3
    for line in lines.split("\n"):
        assert stringWidth(line, fonts.REGULAR, size) <= width
    assert "".join(lines.split()) == "".join(text.split())


def test_tables_running_onto_more_pages_repeat_their_header(
    pack: tuple[Path, pypdf.PdfReader, int],
) -> None:
    _path, reader, _pages = pack
    outline = _outline(reader)
    pages = _pages_text(reader)
    spans = []
    for index, (_level, title, page) in enumerate(outline):
        if title.startswith("Actions:"):
            end = outline[index + 1][2] if index + 1 < len(outline) else len(pages)
            spans.append(range(page, end))
    assert any(len(span) > 1 for span in spans)
    for span in spans:
        for page in span:
            assert "Owner / organisation" in pages[page], page


def test_charts_are_vector_graphics(pack: tuple[Path, pypdf.PdfReader, int]) -> None:
    _path, reader, _pages = pack
    for page in reader.pages:
        for item in page["/Resources"].get("/XObject", {}).values():
            assert item.get_object()["/Subtype"] == "/Form"  # RAG markers, drawn once


def test_a_commentary_longer_than_a_page_runs_on_and_is_printed_whole(
    demo_store: Store, tmp_path: Path
) -> None:
    """A lead's return can carry pages of commentary: the row runs on across pages (header
    repeated) instead of stopping the pack, in every table that shows it."""
    action = next(row for row in action_rows(demo_store, PERIOD) if row.code == "PEH-PA1")
    words = [f"point{n:04d}" for n in range(1, 1201)]
    long_text = " ".join(words[:600]) + "\n\n" + " ".join(words[600:]) + " THE-END"
    apply_edits(
        demo_store,
        [Edit(ItemKind.ACTION, action.id, "commentary", long_text, period=PERIOD)],
        who="test",
        source="grid",
    )
    snapshot = take_snapshot(demo_store, PERIOD)
    path = tmp_path / "pack.pdf"
    build_pdf(snapshot, path, ignore)
    text = _flat(" ".join(_pages_text(pypdf.PdfReader(path))))
    for word in (words[0], words[599], words[600], "THE-END"):
        assert word in text
    assert text.count("THE-END") >= 1


@pytest.mark.parametrize("repeats", [3, 7, 11, 16])  # paragraphs that end at a page's foot
def test_cover_paragraphs_that_meet_a_page_foot_run_on_whole(
    snapshot: PackSnapshot, tmp_path: Path, repeats: int
) -> None:
    """A paragraph with room for only one line at the foot of a page moves to the next page
    (and is laid out again there) rather than stopping the pack."""
    paragraph = " ".join(["The partnership reviewed progress"] * repeats)
    text = "\n\n".join(f"{paragraph} (part {n})" for n in range(6)) + "\n- a bullet\n- another"
    cover = dataclasses.replace(
        snapshot.cover, purpose=text, recommendation=text, supporting_information=text
    )
    path = tmp_path / "pack.pdf"
    build_pdf(dataclasses.replace(snapshot, cover=cover), path, ignore)
    printed = _flat(" ".join(_pages_text(pypdf.PdfReader(path))))
    assert printed.count("(part 5)") >= 3


def test_long_tables_draw_the_same_pixels_as_reportlabs_own(tmp_path: Path) -> None:
    """TextTable draws a plain cell's lines as one text object; the page must not change."""
    fonts.register()
    rows = [
        ["Code", "Action", "RAG", "Commentary"],
        *(
            [f"A{n}", wrap(f"Action {n} " * 9, 120, fonts.REGULAR, 8), "R", f"Line one\nline {n}"]
            for n in range(60)
        ),
    ]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (2, 1), (2, -1), "CENTER"),
        ("TEXTCOLOR", (0, 0), (-1, 0), "#FFFFFF"),
        ("BACKGROUND", (0, 0), (-1, 0), "#3A3A3A"),
        ("GRID", (0, 0), (-1, -1), 0.4, "#999999"),
    ]
    pages = {}
    for kind in (LongTable, TextTable):
        path = tmp_path / f"{kind.__name__}.pdf"
        table = kind(rows, colWidths=[50, 130, 30, 200], repeatRows=1)
        table.setStyle(TableStyle(style))
        SimpleDocTemplate(str(path), invariant=True).build([table])
        subprocess.run(
            ["pdftoppm", "-r", "72", "-png", str(path), str(tmp_path / kind.__name__)], check=True
        )
        pages[kind] = sorted(tmp_path.glob(f"{kind.__name__}-*.png"))
    assert len(pages[TextTable]) == len(pages[LongTable]) > 1
    for ours, theirs in zip(pages[TextTable], pages[LongTable], strict=True):
        assert ours.read_bytes() == theirs.read_bytes(), ours.name
