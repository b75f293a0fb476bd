"""Excel returns: which were issued, which came back, and notes on action-log entries.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "return_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_uid", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("applied", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_import")),
    )
    with op.batch_alter_table("return_import", schema=None) as batch_op:
        batch_op.create_index("ix_return_import_return_uid", ["return_uid"], unique=False)

    op.create_table(
        "return_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("plan_uid", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["owner.id"],
            name=op.f("fk_return_issue_owner_id_owner"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_issue")),
        sa.UniqueConstraint("uid", name=op.f("uq_return_issue_uid")),
    )
    op.create_table(
        "action_log_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["action_log_entry.id"],
            name=op.f("fk_action_log_note_entry_id_action_log_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_log_note")),
    )
    with op.batch_alter_table("action_log_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_log_note_entry_id"), ["entry_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("action_log_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_log_note_entry_id"))
    op.drop_table("action_log_note")
    op.drop_table("return_issue")
    with op.batch_alter_table("return_import", schema=None) as batch_op:
        batch_op.drop_index("ix_return_import_return_uid")
    op.drop_table("return_import")
