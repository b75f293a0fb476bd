"""The one look every chart shares, on screen and on paper.

Plain constants, readable by the matplotlib renderers here and by the reportlab drawing in
the packs, so both back-ends draw the same colours, letters, hatching and type sizes.

RAG colours are the Okabe-Ito palette (the same as views/rag_style.py): vermillion, orange,
bluish green, blue and grey stay distinct for the common kinds of colour blindness. Every
RAG also has a letter and a hatch pattern, so a chart printed in grey still says which is which.

Lengths are in points (1/72 inch) and sizes in inches, so a chart has the same proportions
whatever the resolution it is drawn at.
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
# Hatching tells the RAGs apart in grey print (matplotlib hatch codes), drawn in the RAG's
# text colour at HATCH_ALPHA over the fill: visible, yet quiet enough to read a count over.
RAG_HATCH = {
    Rag.RED: "xx",
    Rag.AMBER: "//",
    Rag.GREEN: "",
    Rag.BLUE: "..",
    Rag.GREY: "--",
}
HATCH_ALPHA = 0.35
# How a RAG is named in a legend: the letter first, as it appears on the points and bars.
RAG_LEGEND = {
    Rag.RED: "R Red",
    Rag.AMBER: "A Amber",
    Rag.GREEN: "G Green",
    Rag.BLUE: "B Blue (complete)",
    Rag.GREY: "N Grey (no data)",
}

INK_HEX = "#222222"
TARGET_HEX = "#222222"
BASELINE_HEX = "#555555"
BAND_HEX = "#DDDDDD"
GRID_HEX = "#E6E6E6"
FORECAST_HEX = "#777777"
FORECAST_SHADE_HEX = "#F3F3F3"  # behind the forecast periods, so they read as not yet real
AS_OF_HEX = "#222222"  # the "today" line of the milestone timeline
# Comparators: colours apart from the RAG colours, each with a dash pattern that no other
# line uses (target, baseline and forecast have their own), so grey print keeps them apart.
COMPARATOR_STYLES = (
    ("#56B4E9", (8, 2)),
    ("#CC79A7", (2, 1, 2, 4)),
    ("#555555", (6, 2, 1, 2)),
)

# Dash patterns (on, off, ... in points): each line differs by its dashes as well as its
# colour, so grey print keeps them apart.
TARGET_DASH = (4, 2)
BASELINE_DASH = (1, 2)
FORECAST_DASH = (3, 3)

LINE_WIDTH = 1.2  # actuals
THIN_LINE_WIDTH = 0.9  # targets, baseline, comparators, forecast
POINT_DIAMETER = 10.5  # a RAG point: big enough to hold its letter
LETTER_SIZE = 6.5  # the letter inside a RAG point or on a bar
FORECAST_POINT_DIAMETER = 5.0  # hollow: a forecast is not a measurement

FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib; the PDF pack embeds the same font
TITLE_SIZE = 10
LABEL_SIZE = 8
TICK_SIZE = 7
LEGEND_SIZE = TICK_SIZE

# Sizes for export and print, in inches. On screen a chart fills its widget instead; the
# RAG summary and the milestone timeline grow a row at a time, so they give a row height.
INDICATOR_SIZE = (7.0, 3.8)
HISTORY_SIZE = (7.0, 2.4)
SUMMARY_WIDTH = 7.0
SUMMARY_ROW = 0.34
TIMELINE_WIDTH = 7.0
TIMELINE_ROW = 0.24
EXPORT_DPI = 200
