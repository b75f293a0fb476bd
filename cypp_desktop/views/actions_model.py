"""The actions and milestones of the plan, one row each."""

from __future__ import annotations

from typing import Any

from cypp_desktop.models.formatting import uk_date
from cypp_desktop.store.queries import ActionRow
from cypp_desktop.views.table_model import RIGHT, Column, SnapshotTableModel


def _due_tooltip(row: ActionRow) -> str:
    if row.revised_due:
        return f"Originally due {uk_date(row.due)}. {row.due_note}".strip()
    return row.due_note


class ActionTableModel(SnapshotTableModel[ActionRow]):
    COL_CODE, COL_TITLE, COL_PRIORITY, COL_OWNER, COL_ORGANISATION = range(5)
    COL_DUE, COL_STATUS, COL_PERCENT, COL_RAG, COL_DIRECTION, COL_COMMENTARY = range(5, 11)

    columns = (
        Column[ActionRow]("Code", lambda r: r.code),
        Column[ActionRow]("Action", lambda r: r.title, tooltip=lambda r: r.title, max_chars=55),
        Column[ActionRow]("Priority", lambda r: r.priority_code),
        Column[ActionRow]("Owner", lambda r: r.owner, max_chars=22),
        Column[ActionRow]("Organisation", lambda r: r.organisation, max_chars=22),
        Column[ActionRow](
            "Due",
            lambda r: uk_date(r.effective_due) + (" (revised)" if r.revised_due else ""),
            sort_key=lambda r: r.effective_due,
            tooltip=_due_tooltip,
        ),
        Column[ActionRow]("Status", lambda r: r.status.label, sort_key=lambda r: r.status.label),
        Column[ActionRow](
            "% complete",
            lambda r: f"{r.percent_complete}%",
            sort_key=lambda r: r.percent_complete,
            align=RIGHT,
        ),
        Column[ActionRow](
            "RAG",
            lambda r: r.rag.rag.letter,
            sort_key=lambda r: r.rag.rag.severity,
            rag=lambda r: r.rag.rag,
            tooltip=lambda r: r.rag.result.reason,
        ),
        Column[ActionRow](
            "Since last",
            lambda r: f"{r.rag.direction.arrow} {r.rag.direction.label}",
            sort_key=lambda r: r.rag.direction.label,
            max_chars=16,
        ),
        Column[ActionRow](
            "Commentary",
            lambda r: r.update.commentary,
            tooltip=lambda r: r.update.commentary,
        ),
    )

    def __init__(self, parent: Any = None):
        super().__init__(lambda row: row.id, parent)
