"""The actions and milestones grid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cypp_desktop.models import Action, ActionStatus, ItemKind, Priority
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.models.periods import parse_period
from cypp_desktop.models.rag_rules import RagResult
from cypp_desktop.store.edits import Edit, EditError
from cypp_desktop.store.grid_rows import (
    ActionGrid,
    ActionGridRow,
    ActionJudge,
    Names,
    action_grid,
    action_grid_start,
    action_rows,
    commentary,
)
from cypp_desktop.store.queries import latest_update
from cypp_desktop.views.grids.columns import RIGHT, Editor, GridColumn
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
from cypp_desktop.views.grids.definition import FilterSpec, GridDefinition, ReadInTwoSteps


class ActionsGrid(GridDefinition[ActionGridRow], ReadInTwoSteps[ActionGridRow]):
    name = "actions"
    kind = ItemKind.ACTION
    can_add = True
    can_delete = True

    def __init__(self) -> None:
        super().__init__()
        self.commentary: dict[int, str] = {}
        self.judge: ActionJudge | None = None
        self._rags: dict[tuple[int, int], RagResult] = {}
        self.as_of: date | None = None

    # Loading -------------------------------------------------------------------------------

    def load(self, session: Session, period: str) -> list[ActionGridRow]:
        self._judge_for(session, period)
        return self.adopt(action_grid(session, period))

    def load_start(self, session: Session, period: str, limit: int) -> list[ActionGridRow]:
        self._judge_for(session, period)
        return self.adopt(action_grid_start(session, period, limit))

    def read_all(self, session: Session, period: str, between: Callable[[int], None]) -> ActionGrid:
        return action_grid(session, period, between=between)

    def adopt(self, read: ActionGrid) -> list[ActionGridRow]:
        self.names = read.names
        self.commentary = read.commentary
        return read.rows

    def _judge_for(self, session: Session, period: str) -> None:
        self.judge = ActionJudge(session, period)
        self.as_of = parse_period(period).end
        self._rags.clear()

    def reload(self, session: Session, period: str, ids: Sequence[int]) -> list[ActionGridRow]:
        self.commentary.update(commentary(session, "action_id", period, ids))
        self.judge = ActionJudge(session, period)
        self._rags = {key: rag for key, rag in self._rags.items() if key[0] not in set(ids)}
        return action_rows(session, ids)

    def rag(self, row: ActionGridRow) -> RagResult:
        key = (row.id, row.version)
        result = self._rags.get(key)
        if result is None:
            assert self.judge is not None
            result = self._rags[key] = self.judge(row)
        return result

    # Columns ---------------------------------------------------------------------------------

    def columns(self, period: str) -> list[GridColumn[ActionGridRow]]:
        names = self._names  # read at call time: names refresh when owners are added
        return [
            GridColumn("Code", lambda r: r.code or "", field="code", max_chars=10),
            GridColumn("Action", lambda r: r.title, field="title", required=True,
                       tooltip=lambda r: r.title, max_chars=50),
            GridColumn("Priority", lambda r: name_of(names().priorities, r.priority_id),
                       max_chars=8),
            GridColumn("Objective", lambda r: name_of(names().objectives, r.objective_id),
                       field="objective_id", editor=Editor.CHOICE,
                       choices=self._objective_codes, max_chars=10),
            GridColumn("Owner", lambda r: name_of(names().owners, r.owner_id),
                       field="owner_id", editor=Editor.OWNER, max_chars=22),
            GridColumn("Organisation", lambda r: name_of(names().organisations, r.organisation_id),
                       field="organisation_id", editor=Editor.ORGANISATION, max_chars=22),
            GridColumn("Start", lambda r: uk_date(r.start), sort_key=lambda r: r.start_iso,
                       field="start", editor=Editor.DATE, max_chars=13),
            GridColumn("Due", lambda r: uk_date(r.due), sort_key=lambda r: r.due_iso,
                       field="due", editor=Editor.DATE, max_chars=13),
            GridColumn("Revised due", lambda r: uk_date(r.revised_due),
                       sort_key=lambda r: r.revised_due_iso, field="revised_due",
                       editor=Editor.DATE, max_chars=13),
            GridColumn("Status", lambda r: r.status.label, field="status",
                       editor=Editor.STATUS, max_chars=11),
            GridColumn("% complete", lambda r: f"{r.percent_complete}%",
                       sort_key=lambda r: r.percent_complete,
                       edit_text=lambda r: str(r.percent_complete),
                       field="percent_complete", editor=Editor.PERCENT, align=RIGHT,
                       required=True, max_chars=9),
            rag_column(period, self.rag),
            commentary_column(period, lambda r: self.commentary.get(r.id, "")),
        ]  # fmt: skip

    def _names(self) -> Names:
        return self.names

    def _objective_codes(self, row: ActionGridRow) -> list[str]:
        return sorted(
            code
            for objective_id, code in self.names.objectives.items()
            if self.names.objective_priority.get(objective_id) == row.priority_id
        )

    def edit_for(self, row: ActionGridRow, column: GridColumn[ActionGridRow], value: Any) -> Edit:
        if column.field == "code":
            value = value or None
        elif column.field == "objective_id":
            value = next(
                (i for i, code in self.names.objectives.items() if value and code == value), None
            )
        return super().edit_for(row, column, value)

    # Filters ---------------------------------------------------------------------------------

    def filters(self) -> list[FilterSpec[ActionGridRow]]:
        return [
            priority_filter(self._names, lambda r: r.priority_id),
            owner_filter(self._names, lambda r: r.owner_id),
            organisation_filter(self._names, lambda r: r.organisation_id),
            rag_filter(self.rag),
            overdue_filter(self._overdue),
        ]

    def _overdue(self, row: ActionGridRow) -> bool:
        due = row.effective_due_iso
        return (
            due is not None
            and self.as_of is not None
            and due < self.as_of.isoformat()
            and row.status_value not in (ActionStatus.COMPLETE.value, ActionStatus.DROPPED.value)
        )

    # Details ---------------------------------------------------------------------------------

    detail_fields: ClassVar[list[tuple[str, str]]] = [
        ("key_success_indicators", "Key success indicators"),
        ("evidence", "Evidence"),
        ("due_note", "About the due date"),
    ]

    def details(
        self, session: Session, row: ActionGridRow, period: str
    ) -> tuple[str, dict[str, str]]:
        action = session.get_one(Action, row.id)
        owner = ", ".join(
            filter(None, [name_of(self.names.owners, row.owner_id),
                          name_of(self.names.organisations, row.organisation_id)])
        )  # fmt: skip
        facts = (
            f"{owner or 'No owner'} · due {uk_date(row.effective_due) or 'not set'} · "
            f"{row.status.label}, {row.percent_complete}% complete"
        )
        summary = summary_html(
            f"{row.code or ''} {row.title}".strip(),
            facts,
            self.rag(row),
            latest_update(session, ItemKind.ACTION, row.id, period),
            period,
        )
        return summary, {field: getattr(action, field) or "" for field, _ in self.detail_fields}

    # Rows ----------------------------------------------------------------------------------

    def new_item(self, session: Session, near: ActionGridRow | None) -> dict[str, Any]:
        priority_id = (
            near.priority_id
            if near
            else session.scalar(
                select(Priority.id).order_by(Priority.position, Priority.id).limit(1)
            )
        )
        if priority_id is None:
            raise EditError("Add a priority to the plan before adding actions.")
        position = session.scalar(
            select(func.max(Action.position)).where(Action.priority_id == priority_id)
        )
        return {
            "priority_id": priority_id,
            "objective_id": near.objective_id if near else None,
            "title": "New action",
            "position": (position or 0) + 1,
        }
