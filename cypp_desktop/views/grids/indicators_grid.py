"""The indicators grid: each measure, its baseline and tolerance, and where it stands."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cypp_desktop.models import Frequency, Indicator, ItemKind, ObaType, Polarity, Priority
from cypp_desktop.models.formatting import with_unit
from cypp_desktop.models.periods import canonical_label, parse_period
from cypp_desktop.store.edits import Edit, EditError
from cypp_desktop.store.grid_rows import IndicatorGridRow, Names, indicator_rows
from cypp_desktop.store.queries import latest_update
from cypp_desktop.views.grids.columns import RIGHT, Editor, GridColumn
from cypp_desktop.views.grids.common import (
    commentary_column,
    name_of,
    priority_filter,
    rag_column,
    rag_filter,
    summary_html,
)
from cypp_desktop.views.grids.definition import FilterSpec, GridDefinition

UNITS = ["%", "per 1,000", "per 10,000", "per 100,000", "number", "days", "weeks"]
POLARITIES = {"higher": Polarity.HIGHER, "lower": Polarity.LOWER}
FREQUENCIES = {frequency.value: frequency for frequency in Frequency}
OBA_TYPES = {oba.label: oba for oba in ObaType}


class IndicatorsGrid(GridDefinition[IndicatorGridRow]):
    name = "indicators"
    kind = ItemKind.INDICATOR
    can_add = True
    can_delete = True

    detail_fields: ClassVar[list[tuple[str, str]]] = [
        ("story_behind_baseline", "Story behind the baseline"),
        ("baseline_note", "About the baseline"),
    ]

    def load(self, session: Session, period: str) -> list[IndicatorGridRow]:
        self.refresh_names(session)
        return indicator_rows(session, period)

    def _names(self) -> Names:
        return self.names

    def columns(self, period: str) -> list[GridColumn[IndicatorGridRow]]:
        names = self._names
        return [
            GridColumn("Code", lambda r: r.code, field="code", required=True, max_chars=12),
            GridColumn("Indicator", lambda r: r.title, field="title", required=True,
                       tooltip=lambda r: r.title, max_chars=45),
            GridColumn("Priority", lambda r: name_of(names().priorities, r.priority_id),
                       max_chars=8),
            GridColumn("Objective", lambda r: name_of(names().objectives, r.objective_id),
                       field="objective_id", editor=Editor.CHOICE,
                       choices=self._objective_codes, max_chars=10),
            GridColumn("Unit", lambda r: r.unit, field="unit", editor=Editor.CHOICE,
                       choices=lambda _r: UNITS, max_chars=10),
            GridColumn("Better", lambda r: r.polarity.value, field="polarity",
                       editor=Editor.CHOICE, choices=lambda _r: list(POLARITIES), max_chars=7),
            GridColumn("Frequency", lambda r: r.frequency.value, field="frequency",
                       editor=Editor.CHOICE, choices=lambda _r: list(FREQUENCIES), max_chars=10),
            GridColumn("OBA question", lambda r: r.oba_type.label, field="oba_type",
                       editor=Editor.CHOICE, choices=lambda _r: list(OBA_TYPES), max_chars=20),
            GridColumn("Baseline", lambda r: with_unit(r.baseline_value, r.unit),
                       sort_key=lambda r: r.baseline_value,
                       edit_text=lambda r: _plain(r.baseline_value), field="baseline_value",
                       editor=Editor.NUMBER, unit=lambda r: r.unit, align=RIGHT, max_chars=15),
            GridColumn("Baseline period", lambda r: r.baseline_period,
                       sort_key=lambda r: parse_period(r.baseline_period).sort_key
                       if r.baseline_period else None,
                       field="baseline_period", max_chars=11),
            GridColumn("Tolerance %", lambda r: "" if r.tolerance is None else f"{r.tolerance:g}",
                       sort_key=lambda r: r.tolerance, field="tolerance", editor=Editor.NUMBER,
                       align=RIGHT, max_chars=9),
            GridColumn("Period", lambda r: r.reading_period,
                       sort_key=lambda r: parse_period(r.reading_period).sort_key
                       if r.reading_period else None, max_chars=11),
            GridColumn("Value", lambda r: with_unit(r.value, r.unit), sort_key=lambda r: r.value,
                       align=RIGHT, max_chars=11),
            GridColumn("Target", lambda r: with_unit(r.target, r.unit),
                       sort_key=lambda r: r.target, align=RIGHT, max_chars=11),
            rag_column(period, lambda r: r.rag),
            commentary_column(period, lambda r: r.commentary),
        ]  # fmt: skip

    def _objective_codes(self, row: IndicatorGridRow) -> list[str]:
        return sorted(
            code
            for objective_id, code in self.names.objectives.items()
            if self.names.objective_priority.get(objective_id) == row.priority_id
        )

    def edit_for(
        self, row: IndicatorGridRow, column: GridColumn[IndicatorGridRow], value: Any
    ) -> Edit:
        match column.field:
            case "objective_id":
                value = next((i for i, c in self.names.objectives.items() if c == value), None)
            case "polarity":
                value = POLARITIES[value]
            case "frequency":
                value = FREQUENCIES[value]
            case "oba_type":
                value = OBA_TYPES[value]
            case "baseline_period":
                try:
                    value = canonical_label(value) if value else None
                except ValueError as error:
                    raise EditError(f"{row.code}, Baseline period: {error}") from None
            case "tolerance" if value is not None and value < 0:
                raise EditError(f"{row.code}, Tolerance %: cannot be negative")
        return super().edit_for(row, column, value)

    def filters(self) -> list[FilterSpec[IndicatorGridRow]]:
        return [priority_filter(self._names, lambda r: r.priority_id), rag_filter(lambda r: r.rag)]

    def details(
        self, session: Session, row: IndicatorGridRow, period: str
    ) -> tuple[str, dict[str, str]]:
        indicator = session.get_one(Indicator, row.id)
        facts = f"{row.unit}, {row.polarity.label}, {row.frequency.value}; {row.oba_type.label}"
        summary = summary_html(
            f"{row.code} {row.title}",
            facts,
            row.rag,
            latest_update(session, ItemKind.INDICATOR, row.id, period),
            period,
        )
        return summary, {field: getattr(indicator, field) or "" for field, _ in self.detail_fields}

    def new_item(self, session: Session, near: IndicatorGridRow | None) -> dict[str, Any]:
        priority = (
            session.get_one(Priority, near.priority_id)
            if near
            else session.scalars(select(Priority).order_by(Priority.position)).first()
        )
        if priority is None:
            raise EditError("Add a priority to the plan before adding indicators.")
        taken = set(session.scalars(select(Indicator.code)))
        number = 1
        while f"{priority.code}-NEW{number}" in taken:
            number += 1
        position = session.scalar(
            select(func.max(Indicator.position)).where(Indicator.priority_id == priority.id)
        )
        return {
            "priority_id": priority.id,
            "objective_id": near.objective_id if near else None,
            "code": f"{priority.code}-NEW{number}",
            "title": "New indicator",
            "polarity": Polarity.HIGHER,
            "unit": "number",
            "position": (position or 0) + 1,
        }


def _plain(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
