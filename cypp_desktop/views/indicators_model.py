"""The plan's indicators, one row each, with the value their RAG was judged on."""

from __future__ import annotations

from typing import Any

from cypp_desktop.models.formatting import with_unit
from cypp_desktop.models.periods import parse_period
from cypp_desktop.store.queries import IndicatorRow
from cypp_desktop.views.table_model import RIGHT, Column, SnapshotTableModel


class IndicatorTableModel(SnapshotTableModel[IndicatorRow]):
    COL_CODE, COL_TITLE, COL_PRIORITY, COL_POLARITY, COL_BASELINE = range(5)
    COL_PERIOD, COL_VALUE, COL_TARGET, COL_RAG, COL_DIRECTION = range(5, 10)

    columns = (
        Column[IndicatorRow]("Code", lambda r: r.code),
        Column[IndicatorRow](
            "Indicator", lambda r: r.title, tooltip=lambda r: r.title, max_chars=55
        ),
        Column[IndicatorRow]("Priority", lambda r: r.priority_code),
        Column[IndicatorRow]("Better", lambda r: r.polarity),
        Column[IndicatorRow](
            "Baseline",
            lambda r: (
                f"{with_unit(r.baseline_value, r.unit)} ({r.baseline_period})"
                if r.baseline_value is not None
                else ""
            ),
            sort_key=lambda r: r.baseline_value,
            align=RIGHT,
        ),
        Column[IndicatorRow](
            "Period",
            lambda r: r.reading.period,
            sort_key=lambda r: (
                parse_period(r.reading.period).sort_key if r.reading.period else None
            ),
        ),
        Column[IndicatorRow](
            "Value",
            lambda r: with_unit(r.reading.value, r.unit),
            sort_key=lambda r: r.reading.value,
            align=RIGHT,
        ),
        Column[IndicatorRow](
            "Target",
            lambda r: with_unit(r.reading.target, r.unit),
            sort_key=lambda r: r.reading.target,
            align=RIGHT,
        ),
        Column[IndicatorRow](
            "RAG",
            lambda r: r.rag.rag.letter,
            sort_key=lambda r: r.rag.rag.severity,
            rag=lambda r: r.rag.rag,
            tooltip=lambda r: r.rag.result.reason,
        ),
        Column[IndicatorRow](
            "Since last",
            lambda r: f"{r.reading.since_previous.arrow} {r.reading.since_previous.label}",
            sort_key=lambda r: r.reading.since_previous.label,
            max_chars=16,
        ),
    )

    def __init__(self, parent: Any = None):
        super().__init__(lambda row: row.id, parent)
