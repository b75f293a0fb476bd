"""The plan's indicators, one row each, with their latest value against target."""

from __future__ import annotations

from typing import Any

from cypp_desktop.models.formatting import with_unit
from cypp_desktop.store.queries import IndicatorRow
from cypp_desktop.views.table_model import RIGHT, Column, SnapshotTableModel


class IndicatorTableModel(SnapshotTableModel[IndicatorRow]):
    COL_CODE, COL_TITLE, COL_PRIORITY, COL_POLARITY, COL_BASELINE = range(5)
    COL_PERIOD, COL_VALUE, COL_TARGET, COL_RAG = range(5, 9)

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
        Column[IndicatorRow]("Latest period", lambda r: r.latest_period),
        Column[IndicatorRow](
            "Latest value",
            lambda r: with_unit(r.latest_value, r.unit),
            sort_key=lambda r: r.latest_value,
            align=RIGHT,
        ),
        Column[IndicatorRow](
            "Target",
            lambda r: with_unit(r.target, r.unit),
            sort_key=lambda r: r.target,
            align=RIGHT,
        ),
        Column[IndicatorRow](
            "RAG",
            lambda r: r.status_update.rag.letter,
            sort_key=lambda r: r.status_update.rag.severity,
            rag=lambda r: r.status_update.rag,
        ),
    )

    def __init__(self, parent: Any = None):
        super().__init__(lambda row: row.id, parent)
