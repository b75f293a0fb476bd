"""The audit trail: who changed which field of which item, when, from what to what, and how.

Entries name their item by kind, id and code rather than by foreign key, so the trail
outlives the items it describes: a deleted action's history is still there.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cypp_desktop.models.base import Base

# Sources an entry can come from (a return's is "return: <file name> (<owner>)").
SOURCE_GRID = "grid"
SOURCE_UNDO = "undo"
SOURCE_REDO = "redo"
SOURCE_RESTORE = "restore"
SOURCE_DEMO = "demo"
RETURN_SOURCE_PREFIX = "return: "


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_item", "item_kind", "item_id"),
        Index("ix_audit_entry_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(200))
    item_kind: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int] = mapped_column(Integer)
    item_code: Mapped[str] = mapped_column(String(40), default="")
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300))
