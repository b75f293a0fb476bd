"""The priorities grid: the plan's top-level themes, where a new plan starts.

Every objective, action and indicator hangs under a priority, so a plan made with File > New
needs this grid before any other can add a row. A priority is deleted only when nothing sits
under it or refers to it: the database would take its objectives, actions and indicators with
it, and undo could not bring them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cypp_desktop.models import (
    Action,
    Indicator,
    ItemKind,
    Objective,
    Priority,
)
from cypp_desktop.models.rag_rules import RagResult
from cypp_desktop.store.delete_rules import counts_under, listed, plural, why_priorities_stay
from cypp_desktop.store.grid_rows import Names, commentary
from cypp_desktop.store.queries import latest_update
from cypp_desktop.store.rag import evaluate
from cypp_desktop.views.grids.columns import RIGHT, Editor, GridColumn
from cypp_desktop.views.grids.common import (
    commentary_column,
    name_of,
    organisation_filter,
    owner_filter,
    rag_column,
    rag_filter,
    summary_html,
)
from cypp_desktop.views.grids.definition import FilterSpec, GridDefinition


class PriorityGridRow(NamedTuple):
    id: int
    version: int
    code: str
    title: str
    lead_id: int | None
    objectives: int
    actions: int
    indicators: int
    commentary: str
    rag: RagResult


class PrioritiesGrid(GridDefinition[PriorityGridRow]):
    name = "priorities"
    kind = ItemKind.PRIORITY
    can_add = True
    can_delete = True

    detail_fields: ClassVar[list[tuple[str, str]]] = [("description", "Description")]

    def load(self, session: Session, period: str) -> list[PriorityGridRow]:
        self.refresh_names(session)
        rags = evaluate(session, period)
        said = commentary(session, "priority_id", period)
        objectives = counts_under(session, Objective.priority_id)
        actions = counts_under(session, Action.priority_id)
        indicators = counts_under(session, Indicator.priority_id)
        rows = session.execute(
            select(
                Priority.id, Priority.version, Priority.code, Priority.title, Priority.lead_id
            ).order_by(Priority.position, Priority.id)
        ).all()
        return [
            PriorityGridRow(
                row.id,
                row.version,
                row.code,
                row.title,
                row.lead_id,
                objectives.get(row.id, 0),
                actions.get(row.id, 0),
                indicators.get(row.id, 0),
                said.get(row.id, ""),
                rags.get(ItemKind.PRIORITY, row.id).result,
            )
            for row in rows
        ]

    def reload(self, session: Session, period: str, ids: Sequence[int]) -> list[PriorityGridRow]:
        # A priority's RAG rolls up the whole plan beneath it, and priorities are few.
        return self.load(session, period)

    def _names(self) -> Names:
        return self.names

    def _organisation_id(self, row: PriorityGridRow) -> int | None:
        return self.names.owner_organisation.get(row.lead_id) if row.lead_id else None

    def columns(self, period: str) -> list[GridColumn[PriorityGridRow]]:
        names = self._names  # read at call time: names refresh when owners are added
        return [
            GridColumn("Code", lambda r: r.code, field="code", required=True, max_chars=8),
            GridColumn("Priority", lambda r: r.title, field="title", required=True,
                       tooltip=lambda r: r.title, max_chars=45),
            GridColumn("Lead", lambda r: name_of(names().owners, r.lead_id),
                       field="lead_id", editor=Editor.OWNER, max_chars=22),
            GridColumn("Organisation",
                       lambda r: name_of(names().organisations, self._organisation_id(r)),
                       max_chars=22),
            GridColumn("Objectives", lambda r: str(r.objectives), sort_key=lambda r: r.objectives,
                       align=RIGHT, max_chars=9),
            GridColumn("Actions", lambda r: str(r.actions), sort_key=lambda r: r.actions,
                       align=RIGHT, max_chars=7),
            GridColumn("Indicators", lambda r: str(r.indicators), sort_key=lambda r: r.indicators,
                       align=RIGHT, max_chars=9),
            rag_column(period, lambda r: r.rag),
            commentary_column(period, lambda r: r.commentary),
        ]  # fmt: skip

    def filters(self) -> list[FilterSpec[PriorityGridRow]]:
        return [
            owner_filter(self._names, lambda r: r.lead_id),
            organisation_filter(self._names, self._organisation_id),
            rag_filter(lambda r: r.rag),
        ]

    def details(
        self, session: Session, row: PriorityGridRow, period: str
    ) -> tuple[str, dict[str, str]]:
        priority = session.get_one(Priority, row.id)
        lead = ", ".join(
            filter(
                None,
                [
                    name_of(self.names.owners, row.lead_id),
                    name_of(self.names.organisations, self._organisation_id(row)),
                ],
            )
        )
        under = listed(
            [
                plural(row.objectives, "objective"),
                plural(row.actions, "action"),
                plural(row.indicators, "indicator"),
            ]
        )
        summary = summary_html(
            f"{row.code} {row.title}",
            f"{lead or 'No lead'} · {under}",
            row.rag,
            latest_update(session, ItemKind.PRIORITY, row.id, period),
            period,
        )
        return summary, {"description": priority.description or ""}

    def new_item(self, session: Session, near: PriorityGridRow | None) -> dict[str, Any]:
        taken = set(session.scalars(select(Priority.code)))
        number = len(taken) + 1
        while f"P{number}" in taken:
            number += 1
        last = session.scalar(select(func.max(Priority.position)))
        return {"code": f"P{number}", "title": "New priority", "position": (last or 0) + 1}

    def why_not_delete(self, session: Session, ids: Sequence[int]) -> str | None:
        return why_priorities_stay(session, ids)
