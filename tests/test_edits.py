"""The single write path: validated, audited, all-or-nothing, conflict-aware, announced."""

from datetime import date

import pytest
from sqlalchemy import delete, func, select

from cypp_desktop.models import (
    Action,
    ActionStatus,
    AuditEntry,
    Indicator,
    IndicatorValue,
    ItemKind,
    Objective,
    Owner,
    Priority,
    Rag,
    StatusUpdate,
)
from cypp_desktop.store import Store
from cypp_desktop.store.audit_log import audit_rows
from cypp_desktop.store.changes import Change
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.edits import (
    ConflictError,
    Edit,
    EditError,
    NewOwner,
    apply_edits,
    delete_items,
    restore_items,
)
from cypp_desktop.store.rag import evaluate

PERIOD = "2012/13 Q2"


def action(store: Store, code: str) -> Action:
    with store.read() as session:
        return session.execute(select(Action).where(Action.code == code)).scalar_one()


def audit_count(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_an_edit_is_applied_audited_and_announced(demo_plan: Store) -> None:
    heard: list[Change] = []
    demo_plan.changes.subscribe(heard.append)
    fnp = action(demo_plan, "PEH-PA1")
    apply_edits(
        demo_plan,
        [Edit(ItemKind.ACTION, fnp.id, "percent_complete", 91, expected_version=fnp.version)],
        who="Julie Webster",
        source="grid",
    )
    assert action(demo_plan, "PEH-PA1").percent_complete == 91
    with demo_plan.read() as session:
        entry = session.execute(select(AuditEntry)).scalar_one()
    assert (entry.who, entry.item_kind, entry.item_code, entry.field) == (
        "Julie Webster",
        "action",
        "PEH-PA1",
        "percent_complete",
    )
    assert (entry.old_value, entry.new_value, entry.source) == (
        str(fnp.percent_complete),
        "91",
        "grid",
    )
    assert heard == [Change(frozenset({"action"}), frozenset({("action", fnp.id)}), "grid")]


def test_a_batch_with_one_bad_edit_changes_nothing(demo_plan: Store) -> None:
    before = dump_plan(demo_plan)
    fnp = action(demo_plan, "PEH-PA1")
    other = action(demo_plan, "PEH-01")
    with pytest.raises(EditError, match="% complete must be a whole number from 0 to 100"):
        apply_edits(
            demo_plan,
            [
                Edit(ItemKind.ACTION, other.id, "title", "Renamed"),
                Edit(ItemKind.ACTION, fnp.id, "percent_complete", 101),
            ],
            who="x",
            source="grid",
        )
    assert dump_plan(demo_plan) == before
    assert audit_count(demo_plan) == 0


def test_a_duplicate_code_is_refused_clearly(demo_plan: Store) -> None:
    fnp = action(demo_plan, "PEH-PA1")
    with pytest.raises(EditError) as refused:
        apply_edits(
            demo_plan, [Edit(ItemKind.ACTION, fnp.id, "code", "PEH-01")], who="x", source="grid"
        )
    assert str(refused.value) == (
        "Nothing was changed; the plan's rules refuse:\n"
        'PEH-PA1, Code: "PEH-01" is already used by action PEH-01; codes must be unique in '
        "the plan."
    )


def test_a_block_breaking_the_plans_rules_names_every_bad_cell(demo_plan: Store) -> None:
    """As a pasted block: two codes taken (one by another row of the same block) and a start
    after its due date; nothing is written, and each cell is named."""
    first, second, third = (action(demo_plan, code) for code in ("PEH-PA1", "PEH-PA2", "PEH-PA3"))
    before = dump_plan(demo_plan)
    edits = [
        Edit(ItemKind.ACTION, first.id, "code", "PEH-01"),
        Edit(ItemKind.ACTION, second.id, "code", "NEW-1"),
        Edit(ItemKind.ACTION, third.id, "code", "NEW-1"),
        Edit(ItemKind.ACTION, third.id, "start", date(2030, 1, 1)),
        Edit(ItemKind.ACTION, second.id, "title", "Fine on its own"),
    ]
    with pytest.raises(EditError) as refused:
        apply_edits(demo_plan, edits, who="x", source="grid")
    assert third.revised_due is None  # so its start is checked against its due date alone
    assert str(refused.value).splitlines() == [
        "Nothing was changed; the plan's rules refuse:",
        'PEH-PA1, Code: "PEH-01" is already used by action PEH-01; codes must be unique in '
        "the plan.",
        'PEH-PA2, Code: "NEW-1" is already used by action PEH-PA3; codes must be unique in '
        "the plan.",
        'PEH-PA3, Code: "NEW-1" is already used by action PEH-PA2; codes must be unique in '
        "the plan.",
        "PEH-PA3, Start: the start date, 01/01/2030, is after the due date, 31/03/2012.",
    ]
    assert dump_plan(demo_plan) == before


def test_a_stale_version_is_a_conflict_not_a_lost_update(demo_plan: Store) -> None:
    fnp = action(demo_plan, "PEH-PA1")
    apply_edits(
        demo_plan,
        [Edit(ItemKind.ACTION, fnp.id, "evidence", "Mine", expected_version=fnp.version)],
        who="Officer A",
        source="grid",
    )
    with pytest.raises(ConflictError, match="Action PEH-PA1 was changed by someone else"):
        apply_edits(
            demo_plan,
            [Edit(ItemKind.ACTION, fnp.id, "evidence", "Theirs", expected_version=fnp.version)],
            who="Officer B",
            source="grid",
        )
    assert action(demo_plan, "PEH-PA1").evidence == "Mine"


def test_indicator_values_and_targets_per_period(demo_plan: Store) -> None:
    with demo_plan.read() as session:
        obesity = session.execute(
            select(Indicator).where(Indicator.code == "BH1.1-OB")
        ).scalar_one()
    edits = [
        Edit(ItemKind.INDICATOR, obesity.id, "value", 16.9, period="2012-13 q2"),
        Edit(ItemKind.INDICATOR, obesity.id, "target", 17.2, period="2012/13 Q2"),
    ]
    apply_edits(demo_plan, edits, who="x", source="grid")
    with demo_plan.read() as session:
        value = session.execute(
            select(IndicatorValue).where(
                IndicatorValue.indicator_id == obesity.id, IndicatorValue.period == PERIOD
            )
        ).scalar_one()
        rag = evaluate(session, PERIOD).get(ItemKind.INDICATOR, obesity.id)
    assert value.value == 16.9
    assert rag.rag is Rag.GREEN
    apply_edits(
        demo_plan,
        [Edit(ItemKind.INDICATOR, obesity.id, "value", None, period=PERIOD)],
        who="x",
        source="grid",
    )
    with demo_plan.read() as session:
        assert session.get(IndicatorValue, value.id) is None


def test_commentary_keeps_history(demo_plan: Store) -> None:
    fnp = action(demo_plan, "PEH-PA1")
    for text in ("First draft", "Second thoughts"):
        apply_edits(
            demo_plan,
            [Edit(ItemKind.ACTION, fnp.id, "commentary", text, period=PERIOD)],
            who="Julie Webster",
            source="grid",
        )
    with demo_plan.read() as session:
        texts = session.scalars(
            select(StatusUpdate.commentary)
            .where(StatusUpdate.action_id == fnp.id, StatusUpdate.period == PERIOD)
            .order_by(StatusUpdate.id)
        ).all()
    assert texts[-2:] == ["First draft", "Second thoughts"]


def test_a_rag_override_needs_a_reason_and_keeps_the_computed_rag(demo_plan: Store) -> None:
    fnp = action(demo_plan, "PEH-PA1")
    with demo_plan.read() as session:
        computed = evaluate(session, PERIOD).get(ItemKind.ACTION, fnp.id).rag
    assert computed is not Rag.AMBER
    with pytest.raises(
        EditError, match=f"say why the RAG is set by hand; the rules give {computed.label}"
    ):
        apply_edits(
            demo_plan,
            [Edit(ItemKind.ACTION, fnp.id, "rag", Rag.AMBER, period=PERIOD)],
            who="x",
            source="grid",
        )
    apply_edits(
        demo_plan,
        [
            Edit(
                ItemKind.ACTION,
                fnp.id,
                "rag",
                Rag.AMBER,
                period=PERIOD,
                reason="Recovery plan agreed",
            )
        ],
        who="Julie Webster",
        source="grid",
    )
    with demo_plan.read() as session:
        result = evaluate(session, PERIOD).get(ItemKind.ACTION, fnp.id).result
    assert (result.rag, result.overridden, result.computed) == (Rag.AMBER, True, computed)
    assert "Recovery plan agreed" in result.reason
    apply_edits(
        demo_plan,
        [Edit(ItemKind.ACTION, fnp.id, "rag", None, period=PERIOD)],
        who="x",
        source="grid",
    )
    with demo_plan.read() as session:
        assert evaluate(session, PERIOD).get(ItemKind.ACTION, fnp.id).rag is computed


def test_delete_then_restore_puts_back_every_row(demo_plan: Store) -> None:
    before = dump_plan(demo_plan)
    fnp = action(demo_plan, "PEH-PA1")
    deleted = delete_items(demo_plan, ItemKind.ACTION, [fnp.id], who="x", source="grid")
    with demo_plan.read() as session:
        assert session.get(Action, fnp.id) is None
        assert session.scalar(select(func.count()).where(StatusUpdate.action_id == fnp.id)) == 0
    restore_items(demo_plan, deleted, who="x", source="undo")
    assert dump_plan(demo_plan) == before
    assert audit_count(demo_plan) == 2  # (deleted), (restored)


def test_a_new_owner_is_added_with_the_edit_that_names_them_and_not_without_it(
    demo_plan: Store,
) -> None:
    fnp, second = action(demo_plan, "PEH-PA1"), action(demo_plan, "PEH-PA2")
    before = dump_plan(demo_plan)
    refused = [
        Edit(ItemKind.ACTION, fnp.id, "owner_id", NewOwner("Priya Shah", "Runcorn Youth Forum")),
        Edit(ItemKind.ACTION, second.id, "code", "PEH-01"),  # taken: the whole edit is refused
    ]
    with pytest.raises(EditError):
        apply_edits(demo_plan, refused, who="x", source="grid")
    assert dump_plan(demo_plan) == before  # nobody added

    applied = apply_edits(demo_plan, refused[:1], who="x", source="grid")
    with demo_plan.read() as session:
        owner = session.get_one(Owner, applied[0].new)
        assert owner.name == "Priya Shah"
        assert owner.organisation is not None and owner.organisation.name == "Runcorn Youth Forum"
        assert session.get_one(Action, fnp.id).owner_id == owner.id
    added = {(row.item_kind, row.field, row.new_value) for row in audit_rows(demo_plan)}
    assert {
        ("owner", "(added)", "Priya Shah"),
        ("organisation", "(added)", "Runcorn Youth Forum"),
    } <= added
    again = apply_edits(
        demo_plan,
        [Edit(ItemKind.ACTION, second.id, "owner_id", NewOwner("Priya Shah"))],
        who="x",
        source="grid",
    )
    assert again[0].new == owner.id  # found, not added twice


def test_status_change_updates_the_computed_rag(demo_plan: Store) -> None:
    fnp = action(demo_plan, "PEH-PA1")
    apply_edits(
        demo_plan,
        [
            Edit(ItemKind.ACTION, fnp.id, "status", ActionStatus.COMPLETE),
            Edit(ItemKind.ACTION, fnp.id, "percent_complete", 100),
        ],
        who="x",
        source="grid",
    )
    with demo_plan.read() as session:
        assert evaluate(session, PERIOD).get(ItemKind.ACTION, fnp.id).rag is Rag.BLUE
    assert action(demo_plan, "PEH-PA1").due == date(2012, 3, 31)


def test_reversing_what_was_applied_undoes_it_exactly(demo_plan: Store) -> None:
    fnp = action(demo_plan, "PEH-PA1")
    before = dump_plan(demo_plan)
    applied = apply_edits(
        demo_plan,
        [
            Edit(
                ItemKind.ACTION, fnp.id, "rag", Rag.RED, period=PERIOD, reason="Provider withdrew"
            ),
            Edit(ItemKind.ACTION, fnp.id, "title", "Establish an FNP"),
        ],
        who="x",
        source="grid",
    )
    apply_edits(
        demo_plan,
        [Edit(ItemKind.ACTION, fnp.id, "rag", Rag.AMBER, period=PERIOD, reason="Recovering")],
        who="x",
        source="grid",
    )
    second = apply_edits(
        demo_plan,
        [Edit(ItemKind.ACTION, fnp.id, "rag", Rag.GREEN, period=PERIOD, reason="Recovered")],
        who="x",
        source="grid",
    )
    apply_edits(demo_plan, [a.reverse() for a in second], who="x", source="undo")
    with demo_plan.read() as session:
        result = evaluate(session, PERIOD).get(ItemKind.ACTION, fnp.id).result
    assert (result.rag, "Recovering" in result.reason) == (Rag.AMBER, True)
    apply_edits(
        demo_plan,
        [Edit(ItemKind.ACTION, fnp.id, "rag", None, period=PERIOD)],
        who="x",
        source="grid",
    )
    apply_edits(
        demo_plan, [a.reverse() for a in reversed(applied)][::-1][1:], who="x", source="undo"
    )
    after = dump_plan(demo_plan)
    assert after["actions"] == before["actions"]


def test_the_dump_gives_each_recorded_rag_its_reason(demo_plan: Store) -> None:
    fnp = action(demo_plan, "PEH-PA1")
    apply_edits(
        demo_plan,
        [Edit(ItemKind.ACTION, fnp.id, "rag", Rag.RED, period=PERIOD, reason="Provider withdrew")],
        who="Mark Grady",
        source="grid",
    )
    history = dump_plan(demo_plan)["status_history"]
    latest = [h for h in history if h["item_code"] == "PEH-PA1"][-1]
    assert latest["rag_reason"].startswith("Red: set by hand by Mark Grady on ")
    assert latest["rag_reason"].endswith(": Provider withdrew; the rules gave Green")
    assert all(h["rag_reason"] for h in history)
    recorded = next(h for h in history if not h["override_reason"])
    assert f"as recorded by {recorded['author']} on " in recorded["rag_reason"]


def test_a_pasted_row_naming_a_new_lead_is_not_taken_for_someone_elses_change(
    demo_plan: Store,
) -> None:
    """Several cells of one row, each carrying the version the grid read, one of them naming
    an owner the plan does not have: adding the owner must not look like a concurrent edit."""
    fnp = action(demo_plan, "PEH-PA1")
    seen = fnp.version
    edits = [
        Edit(ItemKind.ACTION, fnp.id, "title", "Family nurse partnership", expected_version=seen),
        Edit(ItemKind.ACTION, fnp.id, "owner_id", NewOwner("Zed Ahmed"), expected_version=seen),
        Edit(ItemKind.ACTION, fnp.id, "due", date(2013, 3, 31), expected_version=seen),
        Edit(ItemKind.ACTION, fnp.id, "commentary", "New lead", period="2012/13 Q2",
             expected_version=seen),
    ]  # fmt: skip
    apply_edits(demo_plan, edits, who="x", source="grid")
    after = action(demo_plan, "PEH-PA1")
    assert (after.title, after.due) == ("Family nurse partnership", date(2013, 3, 31))
    with demo_plan.read() as session:
        assert session.get_one(Owner, after.owner_id).name == "Zed Ahmed"
    # Someone else's change is still caught: the row has moved on since that version.
    with pytest.raises(ConflictError):
        apply_edits(
            demo_plan,
            [Edit(ItemKind.ACTION, fnp.id, "title", "Stale", expected_version=fnp.version)],
            who="y",
            source="grid",
        )


def test_a_new_owner_typed_in_another_case_is_the_owner_the_plan_has(demo_plan: Store) -> None:
    fnp = action(demo_plan, "PEH-PA1")
    [applied] = apply_edits(
        demo_plan,
        [Edit(ItemKind.ACTION, fnp.id, "owner_id", NewOwner("julie webster"))],
        who="x",
        source="grid",
    )
    with demo_plan.read() as session:
        assert session.get_one(Owner, applied.new).name == "Julie Webster"


def test_a_priority_is_deleted_only_with_nothing_under_it_checked_in_the_same_transaction(
    demo_plan: Store,
) -> None:
    """The grid asks first, but the store decides: an objective added after the grid looked
    still stops the delete, so the cascade never takes it."""
    with demo_plan.session() as session:
        empty = Priority(code="NEW", title="A new priority")
        session.add(empty)
        session.flush()
        empty_id = empty.id
        held_id = session.execute(select(Priority.id).where(Priority.code == "EA")).scalar_one()
    with pytest.raises(EditError, match=r"EA has \d+ objectives"):
        delete_items(demo_plan, ItemKind.PRIORITY, [held_id], who="x", source="grid")
    with demo_plan.session() as session:  # a colleague adds an objective under the new one
        session.add(Objective(code="NEW1", title="Late arrival", priority_id=empty_id))
    before = dump_plan(demo_plan)
    with pytest.raises(EditError, match=r"NEW has 1 objective\."):
        delete_items(demo_plan, ItemKind.PRIORITY, [empty_id], who="x", source="grid")
    assert dump_plan(demo_plan) == before
    with demo_plan.session() as session:
        session.execute(delete(Objective).where(Objective.code == "NEW1"))
    emptied = dump_plan(demo_plan)
    deleted = delete_items(demo_plan, ItemKind.PRIORITY, [empty_id], who="x", source="grid")
    assert "NEW" not in {priority["code"] for priority in dump_plan(demo_plan)["priorities"]}
    restore_items(demo_plan, deleted, who="x", source="undo")
    assert dump_plan(demo_plan) == emptied
