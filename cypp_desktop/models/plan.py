"""The plan and its structure: priorities, objectives, actions, owners, organisations, promises."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from cypp_desktop.models.base import Base, enum_column
from cypp_desktop.models.enums import ActionStatus, RollupRule, Sector
from cypp_desktop.models.periods import canonical_label

if TYPE_CHECKING:
    from cypp_desktop.models.indicators import Indicator


class Plan(Base):
    """One Children and Young People's Plan. A plan file holds exactly one row."""

    __tablename__ = "plan"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_plan"),
        CheckConstraint("default_tolerance >= 0", name="tolerance_not_negative"),
        CheckConstraint("action_lag_margin BETWEEN 0 AND 100", name="lag_margin_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    partnership: Mapped[str] = mapped_column(String(200), default="")
    period_covered: Mapped[str] = mapped_column(String(40), default="")
    vision: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    current_period: Mapped[str | None] = mapped_column(String(20))
    # RAG rules (see models/rag_rules.py): how far worse than target an indicator may be, as a
    # percentage of the target, before Amber turns Red; how many points of % complete an action
    # may lag the time elapsed before it turns Amber; how RAGs roll up.
    default_tolerance: Mapped[float] = mapped_column(Float, default=10.0, server_default="10")
    action_lag_margin: Mapped[float] = mapped_column(Float, default=15.0, server_default="15")
    rollup_rule: Mapped[RollupRule] = mapped_column(
        enum_column(RollupRule, "rollup_rule"), default=RollupRule.WORST, server_default="worst"
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    @validates("current_period")
    def _canonical_period(self, _key: str, value: str | None) -> str | None:
        return None if value is None else canonical_label(value)


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(40))
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, "sector"), default=Sector.OTHER)

    owners: Mapped[list[Owner]] = relationship(back_populates="organisation")


class Owner(Base):
    """A person (a lead officer), or a post such as "Head of Children & Families"."""

    __tablename__ = "owner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )

    organisation: Mapped[Organisation | None] = relationship(back_populates="owners")


class Priority(Base):
    __tablename__ = "priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    lead: Mapped[Owner | None] = relationship()
    objectives: Mapped[list[Objective]] = relationship(
        back_populates="priority", cascade="all, delete-orphan", order_by="Objective.position"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="priority",
        cascade="all, delete-orphan",
        order_by="Action.position",
        overlaps="actions",
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="priority",
        cascade="all, delete-orphan",
        order_by="Indicator.position",
        overlaps="indicators",
    )

    __mapper_args__ = {"version_id_col": version}


class Objective(Base):
    """What a priority aims for by a date, with the Outcomes Based Accountability narrative."""

    __tablename__ = "objective"
    __table_args__ = (UniqueConstraint("id", "priority_id", name="uq_objective_id_priority"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priority.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    why_it_matters: Mapped[str] = mapped_column(Text, default="")
    story_behind_baseline: Mapped[str] = mapped_column(Text, default="")
    what_works: Mapped[str] = mapped_column(Text, default="")
    what_we_will_do: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    priority: Mapped[Priority] = relationship(back_populates="objectives")
    lead: Mapped[Owner | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    actions: Mapped[list[Action]] = relationship(
        back_populates="objective", order_by="Action.position", overlaps="actions,priority"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="objective", order_by="Indicator.position", overlaps="indicators,priority"
    )

    __mapper_args__ = {"version_id_col": version}


class Action(Base):
    """A dated deliverable (action or milestone) under a priority, usually under an objective."""

    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_complete_range"),
        CheckConstraint("start IS NULL OR due IS NULL OR start <= due", name="start_before_due"),
        CheckConstraint(
            "start IS NULL OR revised_due IS NULL OR start <= revised_due",
            name="start_before_revised_due",
        ),
        # The objective, when there is one, must belong to the action's own priority.
        ForeignKeyConstraint(
            ["objective_id", "priority_id"],
            ["objective.id", "objective.priority_id"],
            name="fk_action_objective_same_priority",
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priority.id", ondelete="CASCADE"))
    objective_id: Mapped[int | None] = mapped_column()
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    start: Mapped[date | None] = mapped_column(Date)
    due: Mapped[date | None] = mapped_column(Date)
    # A later date agreed by the board: the original due date stays on record beside it.
    revised_due: Mapped[date | None] = mapped_column(Date)
    due_note: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.NOT_STARTED
    )
    percent_complete: Mapped[int] = mapped_column(Integer, default=0)
    key_success_indicators: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    priority: Mapped[Priority] = relationship(back_populates="actions", overlaps="actions")
    objective: Mapped[Objective | None] = relationship(
        back_populates="actions", overlaps="actions,priority"
    )
    owner: Mapped[Owner | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def effective_due(self) -> date | None:
        return self.revised_due or self.due


class Promise(Base):
    """A commitment in the plan's own words: what we set out to do, and what has been achieved."""

    __tablename__ = "promise"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    theme: Mapped[str] = mapped_column(String(200), default="")
    set_out_to_do: Mapped[str] = mapped_column(Text)
    achieved: Mapped[str] = mapped_column(Text, default="")
    plan_period: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("priority.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    priority: Mapped[Priority | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class GlossaryTerm(Base):
    __tablename__ = "glossary_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(100), unique=True)
    definition: Mapped[str] = mapped_column(Text)
