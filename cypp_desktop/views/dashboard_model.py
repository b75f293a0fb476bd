"""The dashboard's table: each priority's RAG and the RAGs of everything under it."""

from __future__ import annotations

from typing import Any

from cypp_desktop.models import Rag
from cypp_desktop.store.queries import PriorityRag
from cypp_desktop.views.table_model import RIGHT, Column, SnapshotTableModel


def _count_column(rag: Rag) -> Column[PriorityRag]:
    return Column[PriorityRag](
        f"{rag.letter} {rag.label}",
        lambda r: str(r.counts[rag]),
        sort_key=lambda r: r.counts[rag],
        align=RIGHT,
    )


class PriorityRagModel(SnapshotTableModel[PriorityRag]):
    COL_CODE, COL_TITLE, COL_RAG = range(3)
    COL_RED, COL_AMBER, COL_GREEN, COL_BLUE, COL_GREY, COL_OVERDUE = range(3, 9)

    columns = (
        Column[PriorityRag]("Code", lambda r: r.code),
        Column[PriorityRag]("Priority", lambda r: r.title, tooltip=lambda r: r.title),
        Column[PriorityRag](
            "RAG",
            lambda r: r.rag.rag.letter,
            sort_key=lambda r: r.rag.rag.severity,
            rag=lambda r: r.rag.rag,
            tooltip=lambda r: r.rag.result.reason,
        ),
        *(_count_column(rag) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.GREY)),
        Column[PriorityRag](
            "Overdue", lambda r: str(r.overdue), sort_key=lambda r: r.overdue, align=RIGHT
        ),
    )

    def __init__(self, parent: Any = None):
        super().__init__(lambda row: row.id, parent)
