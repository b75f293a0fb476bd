"""Alembic environment: always run from `cypp_desktop.store.schema`, on a connection it hands us."""

from __future__ import annotations

from alembic import context

from cypp_desktop.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
