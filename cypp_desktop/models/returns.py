"""Excel returns: which were issued to whom, which came back, and notes on action-log entries.

A return is identified by the uid written into its hidden data sheet. The issue record keeps
the checksum of what the lead may not change, so an altered return can be told from a real
one; the import records let the same file be recognised when it is imported again, and hold
what each import applied, so a corrected second version is compared with what the first put
in the plan rather than with the return as issued.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from cypp_desktop.models.base import Base
from cypp_desktop.models.periods import canonical_label


class ReturnIssue(Base):
    """One return workbook as it was made for one owner and period."""

    __tablename__ = "return_issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    plan_uid: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id", ondelete="SET NULL"))
    owner_name: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(20))
    template_version: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    checksum: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    issued_by: Mapped[str] = mapped_column(String(200), default="")

    @validates("period")
    def _canonical(self, _key: str, value: str) -> str:
        return canonical_label(value)


class ReturnImport(Base):
    """A filled return as it was imported: the file, its content hash, and what it applied."""

    __tablename__ = "return_import"
    __table_args__ = (Index("ix_return_import_return_uid", "return_uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not a foreign key: a return made from a copy of the plan has no issue record here.
    return_uid: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(200))
    # JSON: {"applied": n, "fields": {"action:12:status": "<value digest>", ...}}
    applied: Mapped[str] = mapped_column(Text, default="")


class ActionLogNote(Base):
    """A progress note on an action the board set, as its owner reported it for a period."""

    __tablename__ = "action_log_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("action_log_entry.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(300), default="")

    @validates("period")
    def _canonical(self, _key: str, value: str) -> str:
        return canonical_label(value)
