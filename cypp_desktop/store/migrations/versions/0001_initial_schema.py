"""Initial schema: plan, structure, indicators, status history and meetings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossary_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_term")),
        sa.UniqueConstraint("term", name=op.f("uq_glossary_term_term")),
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=40), nullable=True),
        sa.Column(
            "sector",
            sa.Enum(
                "council",
                "nhs",
                "police",
                "schools",
                "voluntary",
                "other",
                name="sector",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("partnership", sa.String(length=200), nullable=False),
        sa.Column("period_covered", sa.String(length=40), nullable=False),
        sa.Column("vision", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("current_period", sa.String(length=20), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_plan_single_plan")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("uid", name=op.f("uq_plan_uid")),
    )
    op.create_table(
        "owner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_owner_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_owner")),
        sa.UniqueConstraint("name", name=op.f("uq_owner_name")),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "attendee",
                "apology",
                name="attendance_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_attendance_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["owner.id"],
            name=op.f("fk_attendance_owner_id_owner"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
    )
    op.create_table(
        "priority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["owner.id"], name=op.f("fk_priority_lead_id_owner"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority")),
        sa.UniqueConstraint("code", name=op.f("uq_priority_code")),
    )
    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("why_it_matters", sa.Text(), nullable=False),
        sa.Column("story_behind_baseline", sa.Text(), nullable=False),
        sa.Column("what_works", sa.Text(), nullable=False),
        sa.Column("what_we_will_do", sa.Text(), nullable=False),
        sa.Column("partners", sa.Text(), nullable=False),
        sa.Column("resources", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["owner.id"], name=op.f("fk_objective_lead_id_owner"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_objective_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priority.id"],
            name=op.f("fk_objective_priority_id_priority"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
        sa.UniqueConstraint("code", name=op.f("uq_objective_code")),
        sa.UniqueConstraint("id", "priority_id", name="uq_objective_id_priority"),
    )
    op.create_table(
        "promise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("set_out_to_do", sa.Text(), nullable=False),
        sa.Column("achieved", sa.Text(), nullable=False),
        sa.Column("plan_period", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priority.id"],
            name=op.f("fk_promise_priority_id_priority"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promise")),
        sa.UniqueConstraint("code", name=op.f("uq_promise_code")),
    )
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("due_note", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_started",
                "in_progress",
                "complete",
                "dropped",
                name="action_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("percent_complete", sa.Integer(), nullable=False),
        sa.Column("key_success_indicators", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "percent_complete BETWEEN 0 AND 100", name=op.f("ck_action_percent_complete_range")
        ),
        sa.CheckConstraint(
            "start IS NULL OR due IS NULL OR start <= due", name=op.f("ck_action_start_before_due")
        ),
        sa.ForeignKeyConstraint(
            ["objective_id", "priority_id"],
            ["objective.id", "objective.priority_id"],
            name="fk_action_objective_same_priority",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_action_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owner.id"], name=op.f("fk_action_owner_id_owner"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priority.id"],
            name=op.f("fk_action_priority_id_priority"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
        sa.UniqueConstraint("code", name=op.f("uq_action_code")),
    )
    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("presenter", sa.String(length=200), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column(
            "link",
            sa.Enum(
                "priority",
                "objective",
                "exceptions",
                "action_log",
                "paper",
                name="agenda_link",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("priority_id", sa.Integer(), nullable=True),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("paper", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(link <> 'priority' OR priority_id IS NOT NULL) AND (link <> 'objective' OR objective_id IS NOT NULL)",
            name=op.f("ck_agenda_item_link_target_set"),
        ),
        sa.CheckConstraint("minutes >= 0", name=op.f("ck_agenda_item_minutes_not_negative")),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_agenda_item_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_agenda_item_objective_id_objective"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priority.id"],
            name=op.f("fk_agenda_item_priority_id_priority"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column(
            "polarity",
            sa.Enum(
                "higher",
                "lower",
                name="polarity",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "frequency",
            sa.Enum(
                "monthly",
                "quarterly",
                "annual",
                "academic",
                name="frequency",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "oba_type",
            sa.Enum(
                "how_much",
                "how_well",
                "better_off",
                "population",
                name="oba_type",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("baseline_period", sa.String(length=20), nullable=True),
        sa.Column("baseline_note", sa.Text(), nullable=False),
        sa.Column("story_behind_baseline", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id", "priority_id"],
            ["objective.id", "objective.priority_id"],
            name="fk_indicator_objective_same_priority",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priority.id"],
            name=op.f("fk_indicator_priority_id_priority"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("code", name=op.f("uq_indicator_code")),
    )
    op.create_table(
        "action_log_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "decision",
                "action",
                name="log_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "done",
                "dropped",
                name="log_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind <> 'action' OR due IS NOT NULL",
            name=op.f("ck_action_log_entry_action_has_due_date"),
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_action_log_entry_agenda_item_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_action_log_entry_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["owner.id"],
            name=op.f("fk_action_log_entry_owner_id_owner"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_log_entry")),
    )
    op.create_table(
        "comparator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_comparator_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparator")),
        sa.UniqueConstraint(
            "indicator_id", "name", "period", name=op.f("uq_comparator_indicator_id_name_period")
        ),
    )
    op.create_table(
        "indicator_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_target_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_target")),
        sa.UniqueConstraint(
            "indicator_id", "period", name=op.f("uq_indicator_target_indicator_id_period")
        ),
    )
    op.create_table(
        "indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_value_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
        sa.UniqueConstraint(
            "indicator_id", "period", name=op.f("uq_indicator_value_indicator_id_period")
        ),
    )
    op.create_table(
        "status_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("priority_id", sa.Integer(), nullable=True),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("promise_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column(
            "rag",
            sa.Enum(
                "red",
                "amber",
                "green",
                "blue",
                "grey",
                name="rag",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("commentary", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN priority_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN objective_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN action_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN indicator_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN promise_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_status_update_exactly_one_item"),
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_status_update_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_status_update_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objective.id"],
            name=op.f("fk_status_update_objective_id_objective"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priority.id"],
            name=op.f("fk_status_update_priority_id_priority"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["promise_id"],
            ["promise.id"],
            name=op.f("fk_status_update_promise_id_promise"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_update")),
    )
    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_update_action_id"), ["action_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_status_update_indicator_id"), ["indicator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_status_update_objective_id"), ["objective_id"], unique=False
        )
        batch_op.create_index("ix_status_update_period", ["period"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_status_update_priority_id"), ["priority_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_status_update_promise_id"), ["promise_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_update_promise_id"))
        batch_op.drop_index(batch_op.f("ix_status_update_priority_id"))
        batch_op.drop_index("ix_status_update_period")
        batch_op.drop_index(batch_op.f("ix_status_update_objective_id"))
        batch_op.drop_index(batch_op.f("ix_status_update_indicator_id"))
        batch_op.drop_index(batch_op.f("ix_status_update_action_id"))

    op.drop_table("status_update")
    op.drop_table("indicator_value")
    op.drop_table("indicator_target")
    op.drop_table("comparator")
    op.drop_table("action_log_entry")
    op.drop_table("indicator")
    op.drop_table("agenda_item")
    op.drop_table("action")
    op.drop_table("promise")
    op.drop_table("objective")
    op.drop_table("priority")
    op.drop_table("attendance")
    op.drop_table("owner")
    op.drop_table("plan")
    op.drop_table("organisation")
    op.drop_table("meeting")
    op.drop_table("glossary_term")
