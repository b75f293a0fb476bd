"""Status updates: the RAG and commentary of one item for one reporting period.

History is kept: a later update for the same item and period is a new row, and the newest
one is the item's status for that period.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from cypp_desktop.models.base import Base, enum_column
from cypp_desktop.models.enums import ItemKind, Rag
from cypp_desktop.models.periods import canonical_label

# One nullable foreign key per kind of item, exactly one of them set: the database then
# enforces that an update points at a real item, which a (kind, id) pair could not.
ITEM_COLUMNS = {
    ItemKind.PRIORITY: "priority_id",
    ItemKind.OBJECTIVE: "objective_id",
    ItemKind.ACTION: "action_id",
    ItemKind.INDICATOR: "indicator_id",
    ItemKind.PROMISE: "promise_id",
}
_EXACTLY_ONE_ITEM = (
    " + ".join(
        f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in ITEM_COLUMNS.values()
    )
    + " = 1"
)


class StatusUpdate(Base):
    __tablename__ = "status_update"
    __table_args__ = (
        CheckConstraint(_EXACTLY_ONE_ITEM, name="exactly_one_item"),
        Index("ix_status_update_period", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("priority.id", ondelete="CASCADE"), index=True
    )
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("objective.id", ondelete="CASCADE"), index=True
    )
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), index=True
    )
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    promise_id: Mapped[int | None] = mapped_column(
        ForeignKey("promise.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(20))
    rag: Mapped[Rag] = mapped_column(enum_column(Rag, "rag"))
    commentary: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(200), default="")
    # A manual override: the RAG above replaces the computed one, for this reason. The computed
    # RAG at the time is kept beside it, so the pack can show both.
    override_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    computed_rag: Mapped[Rag | None] = mapped_column(enum_column(Rag, "computed_rag"))

    @property
    def is_override(self) -> bool:
        return bool(self.override_reason)

    @validates("period")
    def _canonical(self, _key: str, value: str) -> str:
        return canonical_label(value)

    @property
    def item(self) -> tuple[ItemKind, int]:
        for kind, column in ITEM_COLUMNS.items():
            item_id = getattr(self, column)
            if item_id is not None:
                return kind, item_id
        raise ValueError(f"status update {self.id} points at no item")

    def set_item(self, kind: ItemKind, item_id: int) -> None:
        for other, column in ITEM_COLUMNS.items():
            setattr(self, column, item_id if other is kind else None)
