"""The PDF pack's type, colours and the small text helpers its pages share.

Sizes follow the board papers the seeds come from: 9-point body text for reading on paper,
7.5-point tables so that an action's commentary fits beside it on a landscape page. RAG
colours and letters come from charts/style.py, so tables, charts and screen agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

from cypp_desktop.charts.style import INK_HEX, RAG_HEX, RAG_TEXT_HEX
from cypp_desktop.models import Rag
from cypp_desktop.packs import fonts

INK = colors.HexColor(INK_HEX)
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#BBBBBB")
HEADER_FILL = colors.HexColor("#3A3A3A")
GROUP_FILL = colors.HexColor("#EFEFEF")
RAG_FILL = {rag: colors.HexColor(value) for rag, value in RAG_HEX.items()}
RAG_INK = {rag: colors.HexColor(value) for rag, value in RAG_TEXT_HEX.items()}

BODY_SIZE = 9
TABLE_SIZE = 7.5
TABLE_LEADING = 9.0


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    small_after: ParagraphStyle
    muted: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    h4: ParagraphStyle
    cell: ParagraphStyle
    cell_centre: ParagraphStyle
    cover_label: ParagraphStyle
    bullet: ParagraphStyle


def make_styles() -> Styles:
    font = fonts.register()
    bold = fonts.BOLD

    def style(name: str, **kw: object) -> ParagraphStyle:
        values: dict[str, object] = {
            "fontName": font,
            "bulletFontName": font,
            "fontSize": BODY_SIZE,
            "leading": BODY_SIZE * 1.3,
            "textColor": INK,
        }
        values.update(kw)
        return ParagraphStyle(name, **values)

    return Styles(
        body=style("body", spaceAfter=4),
        small=style("small", fontSize=8, leading=10),
        small_after=style("small_after", fontSize=8, leading=10, spaceBefore=3),
        muted=style("muted", fontSize=8, leading=10, textColor=MUTED),
        h1=style("h1", fontName=bold, fontSize=16, leading=20, spaceAfter=8, keepWithNext=1),
        h2=style(
            "h2",
            fontName=bold,
            fontSize=13,
            leading=16,
            spaceBefore=4,
            spaceAfter=6,
            keepWithNext=1,
        ),
        h3=style(
            "h3",
            fontName=bold,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        h4=style(
            "h4",
            fontName=bold,
            fontSize=9.5,
            leading=12,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        cell=style("cell", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.22),
        cell_centre=style(
            "cell_centre", fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.22, alignment=TA_CENTER
        ),
        cover_label=style("cover_label", fontName=bold),
        bullet=style("bullet", leftIndent=12, bulletIndent=2, spaceAfter=2),
    )


def esc(text: str) -> str:
    """Plain text as Paragraph markup: escaped, with its line breaks kept."""
    return escape(text.strip()).replace("\r\n", "\n").replace("\n", "<br/>")


def chip(rag: Rag, *, label: bool = True) -> str:
    """Inline RAG markup: the letter on its colour, then (optionally) the word."""
    letter = (
        f'<font name="{fonts.BOLD}" backColor="{RAG_HEX[rag]}" color="{RAG_TEXT_HEX[rag]}">'
        f"&nbsp;{rag.letter}&nbsp;</font>"
    )
    return f"{letter} {rag.label}" if label else letter


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` points: page furniture never overflows."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
