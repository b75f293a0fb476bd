"""The objectives grid: what each priority aims for, with its narrative in the details pane."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cypp_desktop.models import ItemKind, Objective, Priority, Rag
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.models.periods import parse_period
from cypp_desktop.store.edits import EditError
from cypp_desktop.store.grid_rows import Names, ObjectiveGridRow, objective_rows
from cypp_desktop.store.queries import NARRATIVE_FIELDS, latest_update
from cypp_desktop.views.grids.columns import Editor, GridColumn
from cypp_desktop.views.grids.common import (
    commentary_column,
    name_of,
    organisation_filter,
    overdue_filter,
    owner_filter,
    priority_filter,
    rag_column,
    rag_filter,
    summary_html,
)
from cypp_desktop.views.grids.definition import FilterSpec, GridDefinition


class ObjectivesGrid(GridDefinition[ObjectiveGridRow]):
    name = "objectives"
    kind = ItemKind.OBJECTIVE
    can_add = True

    detail_fields: ClassVar[list[tuple[str, str]]] = list(NARRATIVE_FIELDS.items())

    def __init__(self) -> None:
        super().__init__()
        self.as_of = ""

    def load(self, session: Session, period: str) -> list[ObjectiveGridRow]:
        self.refresh_names(session)
        self.as_of = parse_period(period).end.isoformat()
        return objective_rows(session, period)

    def reload(self, session: Session, period: str, ids: Sequence[int]) -> list[ObjectiveGridRow]:
        # Every objective's RAG may have moved (roll-ups share children), and they are few.
        return self.load(session, period)

    def _names(self) -> Names:
        return self.names

    def columns(self, period: str) -> list[GridColumn[ObjectiveGridRow]]:
        names = self._names
        return [
            GridColumn("Code", lambda r: r.code, field="code", required=True, max_chars=9),
            GridColumn("Objective", lambda r: r.title, field="title", required=True,
                       tooltip=lambda r: r.title, max_chars=55),
            GridColumn("Priority", lambda r: name_of(names().priorities, r.priority_id),
                       max_chars=8),
            GridColumn("Lead", lambda r: name_of(names().owners, r.lead_id),
                       field="lead_id", editor=Editor.OWNER, max_chars=22),
            GridColumn("Organisation", lambda r: name_of(names().organisations, r.organisation_id),
                       field="organisation_id", editor=Editor.ORGANISATION, max_chars=22),
            GridColumn("Due", lambda r: uk_date(r.due), sort_key=lambda r: r.due,
                       field="due", editor=Editor.DATE, max_chars=13),
            rag_column(period, lambda r: r.rag),
            commentary_column(period, lambda r: r.commentary),
        ]  # fmt: skip

    def filters(self) -> list[FilterSpec[ObjectiveGridRow]]:
        return [
            priority_filter(self._names, lambda r: r.priority_id),
            owner_filter(self._names, lambda r: r.lead_id),
            organisation_filter(self._names, lambda r: r.organisation_id),
            rag_filter(lambda r: r.rag),
            overdue_filter(
                lambda r: (
                    r.due is not None
                    and r.due.isoformat() < self.as_of
                    and r.rag.rag is not Rag.BLUE
                )
            ),
        ]

    def details(
        self, session: Session, row: ObjectiveGridRow, period: str
    ) -> tuple[str, dict[str, str]]:
        objective = session.get_one(Objective, row.id)
        lead = ", ".join(
            filter(
                None,
                [
                    name_of(self.names.owners, row.lead_id),
                    name_of(self.names.organisations, row.organisation_id),
                ],
            )
        )
        facts = f"{lead or 'No lead'} · due {uk_date(row.due) or 'not set'}"
        summary = summary_html(
            f"{row.code} {row.title}",
            facts,
            row.rag,
            latest_update(session, ItemKind.OBJECTIVE, row.id, period),
            period,
        )
        return summary, {field: getattr(objective, field) or "" for field in NARRATIVE_FIELDS}

    def new_item(self, session: Session, near: ObjectiveGridRow | None) -> dict[str, Any]:
        priority = (
            session.get_one(Priority, near.priority_id)
            if near
            else session.scalars(select(Priority).order_by(Priority.position)).first()
        )
        if priority is None:
            raise EditError("Add a priority to the plan before adding objectives.")
        taken = set(session.scalars(select(Objective.code)))
        number = 1 + (session.scalar(
            select(func.count()).where(Objective.priority_id == priority.id)
        ) or 0)  # fmt: skip
        while f"{priority.code}{number}" in taken:
            number += 1
        position = session.scalar(
            select(func.max(Objective.position)).where(Objective.priority_id == priority.id)
        )
        return {
            "priority_id": priority.id,
            "code": f"{priority.code}{number}",
            "title": "New objective",
            "position": (position or 0) + 1,
        }
