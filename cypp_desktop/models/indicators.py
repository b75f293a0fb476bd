"""Indicators: what is measured, its baseline, comparators, targets and values per period."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
)
from sqlalchemy import UniqueConstraint as Unique
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from cypp_desktop.models.base import Base, enum_column
from cypp_desktop.models.enums import Frequency, ObaType, Polarity
from cypp_desktop.models.periods import canonical_label

if TYPE_CHECKING:
    from cypp_desktop.models.plan import Objective, Priority


def _period(_self: object, _key: str, value: str | None) -> str | None:
    """Store every period under its canonical label so that lookups by label are exact."""
    return None if value is None else canonical_label(value)


class Indicator(Base):
    """A population indicator or performance measure."""

    __tablename__ = "indicator"
    __table_args__ = (
        CheckConstraint("tolerance IS NULL OR tolerance >= 0", name="tolerance_not_negative"),
        ForeignKeyConstraint(
            ["objective_id", "priority_id"],
            ["objective.id", "objective.priority_id"],
            name="fk_indicator_objective_same_priority",
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priority.id", ondelete="CASCADE"))
    objective_id: Mapped[int | None] = mapped_column()
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    unit: Mapped[str] = mapped_column(String(20), default="number")
    polarity: Mapped[Polarity] = mapped_column(enum_column(Polarity, "polarity"))
    frequency: Mapped[Frequency] = mapped_column(
        enum_column(Frequency, "frequency"), default=Frequency.QUARTERLY
    )
    oba_type: Mapped[ObaType] = mapped_column(
        enum_column(ObaType, "oba_type"), default=ObaType.HOW_WELL
    )
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_period: Mapped[str | None] = mapped_column(String(20))
    baseline_note: Mapped[str] = mapped_column(Text, default="")
    story_behind_baseline: Mapped[str] = mapped_column(Text, default="")
    # Overrides the plan's default tolerance (percent of target) when set.
    tolerance: Mapped[float | None] = mapped_column(Float)
    version: Mapped[int] = mapped_column(Integer, default=1)

    priority: Mapped[Priority] = relationship(back_populates="indicators", overlaps="indicators")
    objective: Mapped[Objective | None] = relationship(
        back_populates="indicators", overlaps="indicators,priority"
    )
    targets: Mapped[list[IndicatorTarget]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )
    comparators: Mapped[list[Comparator]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )

    _canonical_baseline = validates("baseline_period")(_period)

    __mapper_args__ = {"version_id_col": version}


class IndicatorTarget(Base):
    __tablename__ = "indicator_target"
    __table_args__ = (Unique("indicator_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)

    indicator: Mapped[Indicator] = relationship(back_populates="targets")

    _canonical = validates("period")(_period)


class IndicatorValue(Base):
    """The actual for one period. One per indicator and period: a correction replaces it."""

    __tablename__ = "indicator_value"
    __table_args__ = (Unique("indicator_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    indicator: Mapped[Indicator] = relationship(back_populates="values")

    _canonical = validates("period")(_period)

    __mapper_args__ = {"version_id_col": version}


class Comparator(Base):
    """A benchmark for the same measure elsewhere: England, North West, statistical neighbours."""

    __tablename__ = "comparator"
    __table_args__ = (Unique("indicator_id", "name", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)

    indicator: Mapped[Indicator] = relationship(back_populates="comparators")

    _canonical = validates("period")(_period)
