"""Charts: what the specifications say, and what the drawn Figures hold.

The figures are inspected artist by artist (lines and their data, texts, patches), so a
test fails when a chart stops showing something, not when a pixel moves.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from matplotlib.colors import to_hex, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from cypp_desktop.charts import scale
from cypp_desktop.charts.history_figure import LADDER
from cypp_desktop.charts.indicator_figure import FORECAST_LABEL, IndicatorFigure
from cypp_desktop.charts.marks import letter_path
from cypp_desktop.charts.render import Renderer
from cypp_desktop.charts.sheet import Sheet
from cypp_desktop.charts.spec import (
    IndicatorChart,
    MilestoneTimeline,
    Point,
    RagHistory,
    RagSummary,
    RagSummaryRow,
    TimelineItem,
    indicator_chart,
)
from cypp_desktop.charts.style import RAG_HATCH, RAG_HEX, RAG_TEXT_HEX
from cypp_desktop.errors import CyppError
from cypp_desktop.models import ItemKind, Polarity, Rag
from cypp_desktop.store import Store, chart_data, queries

PERIOD = "2012/13 Q2"
SIZE = (7.0, 3.8)


def obesity(**changes: object) -> IndicatorChart:
    """BH1.1-OB as the demo plan has it, in miniature: lower is better, 10% tolerance."""
    arguments: dict[str, object] = {
        "code": "BH1.1-OB",
        "title": "Children under 11 classified as obese",
        "unit": "%",
        "polarity": Polarity.LOWER,
        "tolerance": 10.0,
        "baseline": Point("2005/06", 17.4),
        "values": {"2008/09": 18.1, "2009/10": 17.9, "2010/11": 17.6, "2011/12": 17.2},
        "targets": {
            "2008/09": 17.4,
            "2009/10": 17.4,
            "2010/11": 17.4,
            "2011/12": 17.4,
            "2012/13": 17.0,
            "2014/15": 16.0,
        },
        "comparators": {"England": {"2008/09": 18.3, "2010/11": 18.7}},
        "up_to": PERIOD,
    }
    arguments.update(changes)
    return indicator_chart(**arguments)  # type: ignore[arg-type]


def texts(sheet: Sheet) -> list[str]:
    figure = sheet.figure
    found = [text.get_text() for text in figure.texts if text.get_visible()]
    found += [text.get_text() for text in sheet.axes.texts if text.get_visible()]
    return found


def xy(line: Line2D) -> list[tuple[float, float]]:
    xs, ys = line.get_data()
    return [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]  # type: ignore[arg-type]


# Specifications ------------------------------------------------------------------------------


def test_each_actual_carries_its_rag_and_the_reason_for_it() -> None:
    chart = obesity()
    assert [(p.period, p.rag) for p in chart.actuals] == [
        ("2008/09", Rag.AMBER),
        ("2009/10", Rag.AMBER),
        ("2010/11", Rag.AMBER),
        ("2011/12", Rag.GREEN),
    ]
    assert chart.actuals[0].reason == (
        "Amber: 18.1% against a target of 17.4% (lower is better); 0.7 points off, "
        "within the 10% tolerance"
    )
    assert chart.tolerance == 10.0


def test_targets_reach_as_far_ahead_as_the_forecast_and_no_further() -> None:
    chart = obesity()
    assert [p.period for p in chart.forecast] == ["2011/12", "2012/13", "2013/14"]
    assert [p.period for p in chart.targets][-1] == "2012/13"  # 2014/15 is beyond the forecast
    assert chart.periods == (
        "2005/06",
        "2008/09",
        "2009/10",
        "2010/11",
        "2011/12",
        "2012/13",
        "2013/14",
    )


def test_scale_ticks_are_round_and_labelled_alike() -> None:
    assert scale.nice_ticks(16.2, 19.3) == [16.0, 17.0, 18.0, 19.0, 20.0]
    assert scale.tick_labels([5.0, 5.5, 6.0], "per 1,000") == ["5.0", "5.5", "6.0"]
    assert scale.tick_labels([0.0, 25.0, 50.0], "%") == ["0%", "25%", "50%"]
    percent = obesity(
        values={"2011/12": 99.0}, targets={"2011/12": 98.0}, baseline=None, comparators={}
    )
    assert percent.bands[0].high == 100.0  # the band of a percentage stops at 100%
    assert scale.value_range(percent)[1] == 100.0  # and so does the axis
    counts = obesity(unit="number", values={"2011/12": 2.0}, targets={"2011/12": 40.0})
    assert scale.value_range(counts)[0] == 0.0  # counts never go below zero


# The indicator chart -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drawn() -> tuple[IndicatorFigure, IndicatorChart, list[str]]:
    figure = IndicatorFigure()
    chart = obesity()
    hits = figure.draw(chart, *SIZE, 100)
    return figure, chart, [hit.text for hit in hits]


def test_the_figure_holds_actuals_targets_baseline_comparator_and_forecast(
    drawn: tuple[IndicatorFigure, IndicatorChart, list[str]],
) -> None:
    figure, chart, _hits = drawn
    lines = figure.sheet.lines()
    assert xy(lines["actual"]) == [(chart.x(p.period), p.value) for p in chart.actuals]
    assert xy(lines["target"]) == [(chart.x(p.period), p.value) for p in chart.targets]
    assert xy(lines["baseline"]) == [(0.0, 17.4), (len(chart.periods) - 0.5, 17.4)]
    assert xy(lines["comparator 0"]) == [(1.0, 18.3), (3.0, 18.7)]
    assert xy(lines["forecast"]) == [(chart.x(p.period), p.value) for p in chart.forecast]
    assert lines["actual"].get_linestyle() == "-"


def test_target_baseline_comparator_and_forecast_differ_by_their_dashes() -> None:
    """In grey print the dashes tell the lines apart: each has its own pattern."""
    three = {
        name: {"2008/09": level, "2010/11": level + 0.4}
        for name, level in (("England", 18.3), ("North West", 18.0), ("Neighbours", 17.7))
    }
    svg = Renderer().encode(obesity(comparators=three), "svg").decode("utf-8")
    patterns = set(re.findall(r"stroke-dasharray: ([0-9., ]+)", svg))
    assert len(patterns) == 6  # target, baseline, forecast and three comparators


def test_each_point_is_coloured_and_lettered_by_its_rag(
    drawn: tuple[IndicatorFigure, IndicatorChart, list[str]],
) -> None:
    figure, chart, _hits = drawn
    lines = figure.sheet.lines()
    for rag in (Rag.AMBER, Rag.GREEN):
        expected = [(chart.x(p.period), p.value) for p in chart.actuals if p.rag is rag]
        discs, letters = lines[f"{rag.value} discs"], lines[f"{rag.value} letters"]
        assert xy(discs) == expected == xy(letters)
        assert to_hex(discs.get_markerfacecolor()) == RAG_HEX[rag].lower()
        assert to_hex(letters.get_markerfacecolor()) == RAG_TEXT_HEX[rag].lower()
        marker = letters.get_marker()
        assert marker is letter_path(rag.letter) or marker == letter_path(rag.letter)
    assert f"{Rag.RED.value} discs" not in lines  # no Red value, no Red marks


def test_titles_legend_and_the_forecast_label(
    drawn: tuple[IndicatorFigure, IndicatorChart, list[str]],
) -> None:
    figure, _chart, _hits = drawn
    shown = texts(figure.sheet)
    assert "BH1.1-OB Children under 11 classified as obese" in shown
    assert "percent · lower is better" in shown
    assert FORECAST_LABEL in shown  # the forecast is labelled on the chart itself
    for label in (
        "Actual (letter = RAG)",
        "Target",
        "Tolerance (10%)",
        "Baseline 2005/06: 17.4%",
        "England",
        "Forecast (trend)",
    ):
        assert label in shown
    ticks = [label.get_text() for label in figure.sheet.axes.get_xticklabels()]
    assert ticks == ["2005/06", "2008/09", "2009/10", "2010/11", "2011/12", "2012/13", "2013/14"]


def test_pointing_at_a_point_says_why_it_has_its_rag(
    drawn: tuple[IndicatorFigure, IndicatorChart, list[str]],
) -> None:
    _figure, chart, hits = drawn
    assert f"2008/09: 18.1%\n{chart.actuals[0].reason}" in hits
    assert any(hit.startswith("Forecast 2013/14:") and "not a measurement" in hit for hit in hits)
    assert "Target 2012/13: 17%" in hits


def test_a_chart_with_nothing_to_show_says_so() -> None:
    figure = IndicatorFigure()
    figure.draw(obesity(values={}, targets={}, baseline=None, comparators={}), *SIZE, 100)
    assert not figure.sheet.axes.get_visible()
    assert "No values or targets recorded yet" in texts(figure.sheet)
    figure.draw(obesity(), *SIZE, 100)  # and the sheet recovers for the next chart
    assert figure.sheet.axes.get_visible()


def test_a_redrawn_sheet_keeps_nothing_of_the_chart_before() -> None:
    figure = IndicatorFigure()
    figure.draw(obesity(), *SIZE, 100)
    figure.draw(obesity(comparators={}, baseline=None, values={"2011/12": 17.2}), *SIZE, 100)
    lines = figure.sheet.lines()
    assert "comparator 0" not in lines and "baseline" not in lines and "forecast" not in lines
    visible = [line.get_gid() for line in figure.sheet.axes.lines if line.get_visible()]
    assert sorted(str(name) for name in visible) == sorted(lines)
    assert "England" not in texts(figure.sheet)


# The other charts ------------------------------------------------------------------------------


def test_rag_summary_bars_are_coloured_hatched_and_counted() -> None:
    renderer = Renderer()
    summary = RagSummary(
        PERIOD,
        (
            RagSummaryRow(
                "BH",
                "Be Healthy",
                ((Rag.RED, 2), (Rag.AMBER, 4), (Rag.GREEN, 6), (Rag.BLUE, 1), (Rag.GREY, 0)),
            ),
            RagSummaryRow(
                "SS",
                "Stay Safe",
                ((Rag.RED, 0), (Rag.AMBER, 5), (Rag.GREEN, 6), (Rag.BLUE, 0), (Rag.GREY, 0)),
            ),
        ),
    )
    hits = renderer._summary.draw(summary, 7.0, 2.5, 100)
    sheet = renderer._summary.sheet
    bars = [patch for patch in sheet.axes.patches if isinstance(patch, Rectangle)]
    assert [(bar.get_x(), bar.get_width()) for bar in bars] == [
        (0, 2), (2, 4), (6, 6), (12, 1), (0, 5), (5, 6),
    ]  # fmt: skip
    assert [to_hex(bar.get_facecolor()) for bar in bars[:4]] == [
        RAG_HEX[rag].lower() for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)
    ]
    assert [bar.get_hatch() or "" for bar in bars[:4]] == [
        RAG_HATCH[rag] for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)
    ]
    shown = texts(sheet)
    assert {"4 A", "6 G", "5 A", "13", "11"} <= set(shown)
    assert any(text.startswith("13") or "1 B" in text for text in shown)  # the narrow Blue
    assert "BH Be Healthy: 2 Red (R) of 13" in [hit.text for hit in hits]
    for rag_name in ("R Red", "A Amber", "G Green", "B Blue (complete)", "N Grey (no data)"):
        assert rag_name in shown


def test_every_count_is_printed_even_when_its_segment_is_too_narrow() -> None:
    renderer = Renderer()
    summary = RagSummary(
        PERIOD,
        (
            RagSummaryRow(
                "PEH",
                "Prevention",
                ((Rag.RED, 1), (Rag.AMBER, 1), (Rag.GREEN, 200), (Rag.BLUE, 0), (Rag.GREY, 0)),
            ),
        ),
    )
    renderer._summary.draw(summary, 4.0, 1.6, 100)
    assert "202  (1 R, 1 A)" in texts(renderer._summary.sheet)


def test_milestone_timeline_marks_the_overdue_against_the_as_of_date() -> None:
    renderer = Renderer()
    as_of = date(2012, 9, 30)
    timeline = MilestoneTimeline(
        as_of,
        (
            TimelineItem("PEH-02", "Protocol", date(2012, 3, 31), Rag.RED, True, "Red: late"),
            TimelineItem("PEH-01", "Strategy", date(2012, 3, 31), Rag.BLUE, False, "Blue"),
            TimelineItem("BH2-A1", "Data sharing", date(2013, 3, 31), Rag.AMBER, False, "A"),
        ),
    )
    hits = renderer._timeline.draw(timeline, 7.0, 2.5, 100)
    sheet = renderer._timeline.sheet
    overdue = [patch for patch in sheet.axes.patches if isinstance(patch, Rectangle)]
    assert len(overdue) == 1 and overdue[0].get_hatch() == RAG_HATCH[Rag.RED]
    shown = texts(sheet)
    assert "183 days overdue" in shown
    assert "As at 30 Sep 2012" in shown
    assert "3 actions as at 30 Sep 2012; 1 overdue" in shown
    lines = sheet.lines()
    assert [y for _x, y in xy(lines["red discs"])] == [0.0]
    assert [y for _x, y in xy(lines["amber letters"])] == [2.0]
    assert any("PEH-02 Protocol\nDue 31 Mar 2012; 183 days overdue" in hit.text for hit in hits)


def test_rag_history_climbs_the_ladder_better_higher() -> None:
    renderer = Renderer()
    history = RagHistory(
        "PEH-02 Protocol",
        (("2011/12 Q4", Rag.AMBER), ("2012/13 Q1", Rag.RED), ("2012/13 Q2", Rag.GREEN)),
    )
    renderer._history.draw(history, 7.0, 2.4, 100)
    sheet = renderer._history.sheet
    assert xy(sheet.lines()["path"]) == [
        (0.0, LADDER.index(Rag.AMBER)),
        (1.0, LADDER.index(Rag.RED)),
        (2.0, LADDER.index(Rag.GREEN)),
    ]
    assert LADDER.index(Rag.GREEN) > LADDER.index(Rag.AMBER) > LADDER.index(Rag.RED)
    labels = [label.get_text() for label in sheet.axes.get_yticklabels()]
    assert labels == ["N Grey (no data)", "R Red", "A Amber", "G Green", "B Blue (complete)"]


# Pictures, files and the cache ---------------------------------------------------------------


def test_pictures_are_cached_by_content_and_size() -> None:
    renderer = Renderer()
    first = renderer.picture(obesity(), 640, 400, 100.0)
    assert (first.width, first.height, len(first.rgba)) == (640, 400, 640 * 400 * 4)
    assert renderer.picture(obesity(), 640, 400, 100.0) is first  # an equal spec, not the same
    assert renderer.picture(obesity(), 600, 400, 100.0) is not first
    assert renderer.picture(obesity(tolerance=5.0), 640, 400, 100.0) is not first


def test_charts_save_as_png_and_svg_through_a_temporary_file(tmp_path: Path) -> None:
    renderer = Renderer()
    png = renderer.save(obesity(), tmp_path / "obesity.png")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = renderer.save(obesity(), tmp_path / "obesity.svg")
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "</svg>" in text
    assert sorted(path.name for path in tmp_path.iterdir()) == ["obesity.png", "obesity.svg"]
    with pytest.raises(CyppError, match=r"obesity\.pdf: charts are saved as \.png or \.svg"):
        renderer.save(obesity(), tmp_path / "obesity.pdf")
    with pytest.raises(CyppError, match="Cannot save the chart"):
        renderer.save(obesity(), tmp_path / "missing" / "obesity.png")


def test_each_rag_stays_legible_in_grey_print() -> None:
    """A letter on its disc keeps a contrast of at least 3:1, and the fills that print as
    similar greys carry different hatching."""

    def luminance(colour: str) -> float:
        channels = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgba(colour)[:3]
        ]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    for rag in Rag:
        lighter, darker = sorted((luminance(RAG_HEX[rag]), luminance(RAG_TEXT_HEX[rag])))
        assert (darker + 0.05) / (lighter + 0.05) >= 3.0, rag
    assert len(set(RAG_HATCH.values())) == len(Rag)


# From the store ------------------------------------------------------------------------------


def test_the_indicator_detail_agrees_with_the_plan_wide_rags(demo_store: Store) -> None:
    """The panel judges one indicator on its own rows; it must say what the tables say."""
    for period in (PERIOD, "2012/13 Q1", "2011/12"):
        for row in queries.indicator_rows(demo_store, period):
            detail = chart_data.indicator_detail(demo_store, row.id, period)
            assert detail is not None
            assert (detail.rag, detail.reading, detail.update) == (row.rag, row.reading, row.update)
    assert chart_data.indicator_detail(demo_store, 10_000, PERIOD) is None


def test_the_indicator_detail_holds_its_table_story_and_history(demo_store: Store) -> None:
    row = next(r for r in queries.indicator_rows(demo_store, PERIOD) if r.code == "PEH-IND1")
    detail = chart_data.indicator_detail(demo_store, row.id, PERIOD)
    assert detail is not None
    assert detail.chart == chart_data.indicator_charts(demo_store, PERIOD, [row.id])[0]
    assert [value.period for value in detail.values][:2] == ["2012/13 Q2", "2012/13 Q1"]
    latest = detail.values[0]
    assert (latest.value, latest.target, latest.rag) == (168.0, 190.0, Rag.RED)
    assert latest.note == "Outreach contract gap July-August reduced testing"
    assert detail.story_behind_baseline == row.story_behind_baseline
    with demo_store.read() as session:
        history = chart_data.rag_history(
            session, ItemKind.INDICATOR, row.id, f"{row.code} {row.title}"
        )
    assert detail.history == history


def test_summary_and_timeline_come_from_rows_already_read(demo_store: Store) -> None:
    rows = queries.priority_rags(demo_store, PERIOD)
    summary = chart_data.summary_of(rows, PERIOD)
    assert summary == chart_data.rag_summary(demo_store, PERIOD)
    assert [row.code for row in summary.rows] == [row.code for row in rows]
    timeline = chart_data.milestone_timeline(demo_store, PERIOD)
    assert [item.due for item in timeline.items] == sorted(item.due for item in timeline.items)
    actions = {row.code: row for row in queries.action_rows(demo_store, PERIOD)}
    for item in timeline.items:
        action = actions[item.code]
        assert item.reason == action.rag.result.reason
        assert item.overdue == action.overdue(timeline.as_of)
        assert item.closed == (action.rag.rag is Rag.BLUE or "Dropped" in item.reason)
