"""The indicator panel's values table: each period's value against its target, and its RAG."""

from __future__ import annotations

from typing import Any

from cypp_desktop.models.formatting import decimals_for, with_unit
from cypp_desktop.models.periods import parse_period
from cypp_desktop.store.chart_data import ValueRow
from cypp_desktop.views.table_model import RIGHT, Column, SnapshotTableModel


def _period_id(row: ValueRow) -> int:
    """Unique per period: periods of different lengths can start on the same day."""
    period = parse_period(row.period)
    return period.start.toordinal() * 1_000_000 + period.end.toordinal()


class IndicatorValuesModel(SnapshotTableModel[ValueRow]):
    COL_PERIOD, COL_VALUE, COL_TARGET, COL_RAG, COL_NOTE = range(5)

    def __init__(self, parent: Any = None):
        super().__init__(_period_id, parent)
        self.unit = ""
        self.decimals = 0
        self.columns = (
            Column[ValueRow](
                "Period", lambda r: r.period, sort_key=lambda r: parse_period(r.period).sort_key
            ),
            Column[ValueRow](
                "Value",
                lambda r: (
                    with_unit(r.value, self.unit, self.decimals) if r.value is not None else "–"
                ),
                sort_key=lambda r: r.value,
                align=RIGHT,
            ),
            Column[ValueRow](
                "Target",
                lambda r: (
                    with_unit(r.target, self.unit, self.decimals) if r.target is not None else "–"
                ),
                sort_key=lambda r: r.target,
                align=RIGHT,
            ),
            Column[ValueRow](
                "RAG",
                lambda r: r.rag.letter,
                sort_key=lambda r: r.rag.severity,
                rag=lambda r: r.rag,
                tooltip=lambda r: r.reason,
            ),
            Column[ValueRow]("Note", lambda r: r.note, tooltip=lambda r: r.note, max_chars=60),
        )

    def _shown(self, value: float | None) -> str:
        return "–" if value is None else with_unit(value, self.unit, self.decimals)

    def set_values(self, rows: tuple[ValueRow, ...], unit: str) -> None:
        """Every value and target with the same decimals, so the column lines up."""
        self.unit = unit
        self.decimals = decimals_for(*(r.value for r in rows), *(r.target for r in rows))
        self.set_rows(rows)
