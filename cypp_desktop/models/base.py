"""The declarative base shared by every entity, and the column types the plan uses."""

from __future__ import annotations

from enum import Enum
from typing import Any

from sqlalchemy import Enum as SqlEnum
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter SQLite tables (batch mode) and give readable errors.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_column(enum: type[Enum], name: str) -> SqlEnum:
    """Store an enum as its value in a short VARCHAR guarded by a CHECK constraint.

    Not a native PostgreSQL enum: adding a member later is then a plain migration on both
    SQLite and PostgreSQL.
    """
    values: Any = lambda members: [member.value for member in members]  # noqa: E731
    return SqlEnum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=values,
        validate_strings=True,
    )
