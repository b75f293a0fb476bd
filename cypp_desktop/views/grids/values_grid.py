"""Indicator values: one row per indicator, one column per period, each actual with its
target beside it (tinted), so a quarter's figures can be typed or pasted as a block."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from cypp_desktop.models import ItemKind
from cypp_desktop.models.formatting import number
from cypp_desktop.models.periods import parse_period, sort_labels
from cypp_desktop.store.grid_rows import Names, ValueGridRow, value_rows
from cypp_desktop.views.grids.columns import RIGHT, Editor, GridColumn
from cypp_desktop.views.grids.common import priority_filter
from cypp_desktop.views.grids.definition import FilterSpec, GridDefinition


class ValuesGrid(GridDefinition[ValueGridRow]):
    name = "values"
    kind = ItemKind.INDICATOR

    def __init__(self) -> None:
        super().__init__()
        self.periods: list[str] = []
        self.row_header = lambda row: row.code

    def load(self, session: Session, period: str) -> list[ValueGridRow]:
        self.refresh_names(session)
        with_data, rows = value_rows(session)
        current = parse_period(period)
        # The period being reported on and the next are always there, ready to be filled in.
        self.periods = sort_labels(set(with_data) | {current.label, current.next().label})
        return rows

    def reload(self, session: Session, period: str, ids: Sequence[int]) -> list[ValueGridRow]:
        wanted = set(ids)
        return [row for row in value_rows(session)[1] if row.id in wanted]

    def version(self, row: ValueGridRow) -> int | None:
        return None  # values and targets carry their own history; no row-level version

    def _names(self) -> Names:
        return self.names

    def columns(self, period: str) -> list[GridColumn[ValueGridRow]]:
        columns: list[GridColumn[ValueGridRow]] = [
            GridColumn("Indicator", lambda r: r.title, tooltip=lambda r: r.title, max_chars=40),
            GridColumn("Unit", lambda r: r.unit, max_chars=9),
        ]
        for label in self.periods:
            columns.append(_series_column(label, f"{label}\nactual", "value", lambda r: r.values))
            columns.append(
                _series_column(
                    label, f"{label}\ntarget", "target", lambda r: r.targets, shaded=True
                )
            )
        return columns

    def column_to_show(self, columns: list[GridColumn[ValueGridRow]], period: str) -> int | None:
        """Open on the period being reported on: the recent past is what is being filled in."""
        earlier = parse_period(period).previous().label
        for position, column in enumerate(columns):
            if column.period == earlier:
                return position
        return None

    def filters(self) -> list[FilterSpec[ValueGridRow]]:
        return [priority_filter(self._names, self._priority_id)]

    def _priority_id(self, row: ValueGridRow) -> int:
        for priority_id, code in self.names.priorities.items():
            if code == row.priority:
                return priority_id
        return -1


def _series_column(
    period: str,
    header: str,
    field: str,
    series: Callable[[ValueGridRow], dict[str, float]],
    *,
    shaded: bool = False,
) -> GridColumn[ValueGridRow]:
    return GridColumn(
        header,
        lambda r: _shown(series(r).get(period), r.unit),
        sort_key=lambda r: series(r).get(period),
        edit_text=lambda r: _plain(series(r).get(period)),
        field=field,
        editor=Editor.NUMBER,
        period=period,
        unit=lambda r: r.unit,
        align=RIGHT,
        max_chars=11,
        shaded=shaded,
        tooltip=lambda r: f"{r.code} {field} for {period}",
    )


def _shown(value: float | None, unit: str) -> str:
    """The unit has its own column; a percentage keeps its sign so it reads as one."""
    text = number(value)
    return f"{text}%" if text and unit == "%" else text


def _plain(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
