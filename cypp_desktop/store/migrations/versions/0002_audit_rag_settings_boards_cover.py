"""Audit trail, RAG rule settings and overrides, revised due dates, boards, cover reports.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The boards of DESIGN.md; users may add their own.
DEFAULT_BOARDS = ("Children's Trust Board", "Executive Group", "Policy & Performance Board")


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("item_kind", sa.String(length=40), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.String(length=40), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entry_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_item", ["item_kind", "item_id"], unique=False)

    board = op.create_table(
        "board",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board")),
        sa.UniqueConstraint("name", name=op.f("uq_board_name")),
    )
    op.bulk_insert(
        board,
        [{"name": name, "position": position} for position, name in enumerate(DEFAULT_BOARDS)],
    )
    op.create_table(
        "cover_report",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("report_to", sa.String(length=300), nullable=False),
        sa.Column("reporting_officer", sa.String(length=200), nullable=False),
        sa.Column("portfolio", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("wards", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("supporting_information", sa.Text(), nullable=False),
        sa.Column("policy_implications", sa.Text(), nullable=False),
        sa.Column("financial_implications", sa.Text(), nullable=False),
        sa.Column("priority_implications", sa.Text(), nullable=False),
        sa.Column("risk_analysis", sa.Text(), nullable=False),
        sa.Column("equality_diversity", sa.Text(), nullable=False),
        sa.Column("background_papers", sa.Text(), nullable=False),
        sa.Column("protective_marking", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_cover_report_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_cover_report")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revised_due", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            "start_before_revised_due",
            "start IS NULL OR revised_due IS NULL OR start <= revised_due",
        )

    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tolerance", sa.Float(), nullable=True))
        batch_op.create_check_constraint(
            "tolerance_not_negative", "tolerance IS NULL OR tolerance >= 0"
        )

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("default_tolerance", sa.Float(), server_default="10", nullable=False)
        )
        batch_op.add_column(
            sa.Column("action_lag_margin", sa.Float(), server_default="15", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "rollup_rule",
                sa.Enum(
                    "worst",
                    "majority",
                    name="rollup_rule",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                server_default="worst",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_check_constraint("tolerance_not_negative", "default_tolerance >= 0")
        batch_op.create_check_constraint("lag_margin_range", "action_lag_margin BETWEEN 0 AND 100")

    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("override_reason", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "computed_rag",
                sa.Enum(
                    "red",
                    "amber",
                    "green",
                    "blue",
                    "grey",
                    name="computed_rag",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.drop_column("computed_rag")
        batch_op.drop_column("override_reason")

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_constraint("ck_plan_lag_margin_range", type_="check")
        batch_op.drop_constraint("ck_plan_tolerance_not_negative", type_="check")
        batch_op.drop_column("version")
        batch_op.drop_column("rollup_rule")
        batch_op.drop_column("action_lag_margin")
        batch_op.drop_column("default_tolerance")

    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_constraint("ck_indicator_tolerance_not_negative", type_="check")
        batch_op.drop_column("tolerance")

    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_constraint("ck_action_start_before_revised_due", type_="check")
        batch_op.drop_column("revised_due")

    op.drop_table("cover_report")
    op.drop_table("board")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_item")
        batch_op.drop_index("ix_audit_entry_at")

    op.drop_table("audit_entry")
