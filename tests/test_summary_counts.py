"""The RAG summary never loses a count: a segment too narrow for its count names it after
the bar's total, on the screen and on paper alike."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from cypp_desktop.charts.spec import RagSummary, RagSummaryRow
from cypp_desktop.charts.summary_labels import item_width, segment_label, total_label
from cypp_desktop.models import Rag
from cypp_desktop.packs import fonts
from cypp_desktop.packs.pdf_charts import RagSummaryFlowable


def measure(text: str) -> float:
    return 5.0 * len(text)  # five units a character, to keep the arithmetic visible


def test_a_segment_shows_count_and_letter_else_count_else_nothing() -> None:
    assert segment_label(6, "R", 5 * 3 + 4, measure) == "6 R"
    assert segment_label(6, "R", 5 * 3 + 3, measure) == "6"
    assert segment_label(6, "R", 5 + 4, measure) == "6"
    assert segment_label(6, "R", 5 + 3, measure) == ""


def test_counts_too_narrow_follow_the_total() -> None:
    counts = [(Rag.RED, 1), (Rag.AMBER, 2), (Rag.GREEN, 10), (Rag.BLUE, 0)]
    assert total_label(counts, 4.0, measure) == "13  (1 R, 2 A)"
    assert total_label(counts, 20.0, measure) == "13"


def test_bars_leave_room_for_their_totals() -> None:
    rows = [[(Rag.RED, 1), (Rag.GREEN, 19)], [(Rag.AMBER, 5)]]
    per_item = item_width(rows, 400.0, measure)
    widest_total = max(measure(total_label(r, per_item, measure)) for r in rows)
    assert 20 * per_item + 8 + widest_total <= 400.0


def test_the_pdf_summary_names_the_counts_too_narrow_to_print(tmp_path: Path) -> None:
    fonts.register()
    summary = RagSummary(
        "2012/13 Q2",
        (
            RagSummaryRow("PEH", "Prevention", ((Rag.RED, 1), (Rag.AMBER, 1), (Rag.GREEN, 60))),
            RagSummaryRow("L4", "Level 4", ((Rag.AMBER, 3),)),
        ),
    )
    path = tmp_path / "summary.pdf"
    canvas = Canvas(str(path))
    flowable = RagSummaryFlowable(summary, 300)
    flowable.wrapOn(canvas, 300, 400)
    flowable.drawOn(canvas, 40, 400)
    canvas.save()
    text = pypdf.PdfReader(path).pages[0].extract_text()
    assert "62 (1 R, 1 A)" in " ".join(text.split())
    assert "60 G" in text and re.search(r"\b3\b", text)
