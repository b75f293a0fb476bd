"""Meetings of the boards that oversee the plan: agenda, attendance, decisions and actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from cypp_desktop.models.base import Base, enum_column
from cypp_desktop.models.enums import AgendaLink, AttendanceKind, LogKind, LogStatus
from cypp_desktop.models.periods import canonical_label
from cypp_desktop.models.plan import Owner


class Board(Base):
    """A board or group that meets about the plan; the list users pick a meeting's board from."""

    __tablename__ = "board"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    board: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    location: Mapped[str] = mapped_column(String(200), default="")
    period: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)

    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.id"
    )
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    log: Mapped[list[ActionLogEntry]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="ActionLogEntry.id"
    )
    cover_report: Mapped[CoverReport | None] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", uselist=False
    )

    @validates("period")
    def _canonical(self, _key: str, value: str | None) -> str | None:
        return None if value is None else canonical_label(value)

    __mapper_args__ = {"version_id_col": version}


class Attendance(Base):
    """Someone present or sending apologies: an owner from the plan, or a typed name."""

    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AttendanceKind] = mapped_column(enum_column(AttendanceKind, "attendance_kind"))

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    owner: Mapped[Owner | None] = relationship()


class AgendaItem(Base):
    __tablename__ = "agenda_item"
    __table_args__ = (
        CheckConstraint("minutes >= 0", name="minutes_not_negative"),
        CheckConstraint(
            "(link <> 'priority' OR priority_id IS NOT NULL)"
            " AND (link <> 'objective' OR objective_id IS NOT NULL)",
            name="link_target_set",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str] = mapped_column(String(200), default="")
    minutes: Mapped[int] = mapped_column(Integer, default=10)
    link: Mapped[AgendaLink] = mapped_column(
        enum_column(AgendaLink, "agenda_link"), default=AgendaLink.PAPER
    )
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("priority.id", ondelete="SET NULL"))
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("objective.id", ondelete="SET NULL")
    )
    paper: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")


class ActionLogEntry(Base):
    """A decision the board took or an action it set, carried forward until it is closed."""

    __tablename__ = "action_log_entry"
    __table_args__ = (
        CheckConstraint("kind <> 'action' OR due IS NOT NULL", name="action_has_due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    kind: Mapped[LogKind] = mapped_column(enum_column(LogKind, "log_kind"))
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id", ondelete="SET NULL"))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[LogStatus] = mapped_column(
        enum_column(LogStatus, "log_status"), default=LogStatus.OPEN
    )
    closed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    meeting: Mapped[Meeting] = relationship(back_populates="log")
    owner: Mapped[Owner | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class CoverReport(Base):
    """The council board-report cover of a meeting's pack (the shape of a Policy & Performance
    Board report): one per meeting, every field editable, defaults drawn from the plan."""

    __tablename__ = "cover_report"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    report_to: Mapped[str] = mapped_column(String(300), default="")
    reporting_officer: Mapped[str] = mapped_column(String(200), default="")
    portfolio: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    wards: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    supporting_information: Mapped[str] = mapped_column(Text, default="")
    policy_implications: Mapped[str] = mapped_column(Text, default="")
    financial_implications: Mapped[str] = mapped_column(Text, default="")
    priority_implications: Mapped[str] = mapped_column(Text, default="")
    risk_analysis: Mapped[str] = mapped_column(Text, default="")
    equality_diversity: Mapped[str] = mapped_column(Text, default="")
    background_papers: Mapped[str] = mapped_column(Text, default="")
    protective_marking: Mapped[str] = mapped_column(String(60), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    meeting: Mapped[Meeting] = relationship(back_populates="cover_report")

    __mapper_args__ = {"version_id_col": version}
