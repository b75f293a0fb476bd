"""The dashboard's tables: each priority's RAG and the RAGs of everything under it; and the
exceptions, the items the board should look at."""

from __future__ import annotations

from typing import Any

from cypp_desktop.models import ItemKind, Rag
from cypp_desktop.store.queries import ExceptionRow, PriorityRag
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


def _change(row: ExceptionRow) -> str:
    """``▼ worsening (was Green)``: the arrow never without its words."""
    rag = row.rag
    before = f" (was {rag.previous.label})" if rag.previous is not None else ""
    return f"{rag.direction.arrow} {rag.direction.label}{before}"


def _exception_id(row: ExceptionRow) -> int:
    """Actions and indicators number their ids apart; the kind keeps the two apart here."""
    return row.id * len(ItemKind) + list(ItemKind).index(row.kind)


class ExceptionModel(SnapshotTableModel[ExceptionRow]):
    """Items the board should look at this period: Red now, or worse than last period."""

    COL_RAG, COL_CHANGE, COL_KIND, COL_CODE, COL_TITLE, COL_WHY, COL_OWNER, COL_COMMENTARY = range(
        8
    )

    columns = (
        Column[ExceptionRow](
            "RAG",
            lambda r: r.rag.rag.letter,
            sort_key=lambda r: r.rag.rag.severity,
            rag=lambda r: r.rag.rag,
            tooltip=lambda r: r.rag.result.reason,
        ),
        Column[ExceptionRow](
            "Since last period",
            _change,
            sort_key=lambda r: r.rag.direction.label,
            tooltip=lambda r: r.rag.result.reason,
        ),
        Column[ExceptionRow]("Type", lambda r: r.kind.value.capitalize()),
        Column[ExceptionRow]("Code", lambda r: r.code),
        Column[ExceptionRow]("Item", lambda r: r.title, tooltip=lambda r: r.title, max_chars=40),
        Column[ExceptionRow]("Why listed", lambda r: r.why, tooltip=lambda r: r.rag.result.reason),
        Column[ExceptionRow]("Owner", lambda r: r.owner),
        Column[ExceptionRow](
            "Commentary", lambda r: r.commentary, tooltip=lambda r: r.commentary, max_chars=60
        ),
    )

    def __init__(self, parent: Any = None):
        super().__init__(_exception_id, parent)
