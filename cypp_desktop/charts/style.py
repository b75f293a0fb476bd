"""The one look every chart shares, on screen and on paper.

Plain constants, readable by the matplotlib renderers here and by the reportlab drawing in
the packs, so both back-ends draw the same colours, letters, hatching and type sizes.

RAG colours are the Okabe-Ito palette (the same as views/rag_style.py): vermillion, orange,
bluish green, blue and grey stay distinct for the common kinds of colour blindness. Every
RAG also has a letter and a hatch pattern, so a chart printed in grey still says which is which.
"""

from __future__ import annotations

from cypp_desktop.models.enums import Rag

RAG_HEX = {
    Rag.RED: "#D55E00",
    Rag.AMBER: "#E69F00",
    Rag.GREEN: "#009E73",
    Rag.BLUE: "#0072B2",
    Rag.GREY: "#8C8C8C",
}
# Text drawn on a RAG fill: black on the light orange, white on the rest.
RAG_TEXT_HEX = {
    Rag.RED: "#FFFFFF",
    Rag.AMBER: "#000000",
    Rag.GREEN: "#FFFFFF",
    Rag.BLUE: "#FFFFFF",
    Rag.GREY: "#FFFFFF",
}
# Hatching tells the RAGs apart in grey print (matplotlib hatch codes).
RAG_HATCH = {
    Rag.RED: "xx",
    Rag.AMBER: "//",
    Rag.GREEN: "",
    Rag.BLUE: "..",
    Rag.GREY: "--",
}

INK_HEX = "#222222"
TARGET_HEX = "#222222"
BASELINE_HEX = "#555555"
BAND_HEX = "#DDDDDD"
GRID_HEX = "#E6E6E6"
# Comparators: dark neutrals with distinct dash patterns, never competing with RAG colours.
COMPARATOR_STYLES = (
    ("#56B4E9", (4, 2)),
    ("#CC79A7", (1, 2)),
    ("#555555", (6, 2, 1, 2)),
)

FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib; the PDF pack embeds the same font
TITLE_SIZE = 10
LABEL_SIZE = 8
TICK_SIZE = 7
