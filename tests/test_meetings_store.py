"""Meetings, agendas and the action log (store/meetings.py, agenda.py, action_log.py),
audited, conflict-checked, and "changes since the last meeting" (store/meeting_changes.py)
from the status history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from cypp_desktop.errors import CyppError
from cypp_desktop.models import (
    AgendaLink,
    AuditEntry,
    ItemKind,
    LogKind,
    LogStatus,
    Owner,
    Rag,
)
from cypp_desktop.models.periods import parse_period
from cypp_desktop.models.rag_rules import Direction
from cypp_desktop.store import Store, queries
from cypp_desktop.store.action_log import (
    LogChange,
    LogFields,
    carried_forward,
    delete_log_entry,
    record,
    update_log_entry,
)
from cypp_desktop.store.agenda import (
    AgendaFields,
    add_agenda_item,
    agenda_targets,
    remove_agenda_item,
    reorder_agenda,
    update_agenda_item,
)
from cypp_desktop.store.changes import Change
from cypp_desktop.store.edits import ConflictError, Edit, apply_edits
from cypp_desktop.store.meeting_changes import changes_since_last_meeting
from cypp_desktop.store.meeting_work import MeetingError
from cypp_desktop.store.meetings import (
    MeetingFields,
    boards,
    create_meeting,
    default_meeting_id,
    delete_meeting,
    meeting_detail,
    meeting_rows,
    set_boards,
    update_meeting,
)

WHO = "Test officer"
SOURCE = "meeting"


def audit(store: Store, kind: str, item_id: int) -> list[tuple[str, str, str, str]]:
    with store.read() as session:
        return [
            (entry.field, entry.old_value, entry.new_value, entry.who)
            for entry in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.item_kind == kind, AuditEntry.item_id == item_id)
                .order_by(AuditEntry.id)
            )
        ]


def meeting_id(store: Store, board: str, day: date) -> int:
    return next(
        row.id for row in meeting_rows(store) if row.board == board and row.starts_at.date() == day
    )


def listen(store: Store) -> list[Change]:
    heard: list[Change] = []
    store.changes.subscribe(heard.append)
    return heard


FIELDS = MeetingFields(
    board="Policy & Performance Board",
    starts_at=datetime(2012, 12, 10, 18, 30, 45),
    location=" Council Chamber, Runcorn Town Hall ",
    period="2012/13 q2",
    attendees=("Julie Webster", "Cllr A. Typed", "julie webster"),
    apologies=("Mark Grady",),
)


def test_a_meeting_is_created_edited_and_deleted_with_its_audit_trail(demo_plan: Store) -> None:
    heard = listen(demo_plan)
    new_id = create_meeting(demo_plan, FIELDS, who=WHO, source=SOURCE)
    detail = meeting_detail(demo_plan, new_id)
    assert detail is not None
    assert detail.starts_at == datetime(2012, 12, 10, 18, 30)
    assert detail.location == "Council Chamber, Runcorn Town Hall"
    assert detail.period == "2012/13 Q2"
    assert [p.name for p in detail.attendees] == ["Julie Webster", "Cllr A. Typed"]
    with demo_plan.read() as session:
        julie = session.scalars(select(Owner.id).where(Owner.name == "Julie Webster")).one()
    assert detail.attendees[0].owner_id == julie  # an owner, linked by name
    assert detail.attendees[1].owner_id is None  # a typed name
    assert [p.name for p in detail.apologies] == ["Mark Grady"]
    trail = audit(demo_plan, "meeting", new_id)
    assert trail[0][:3] == ("(added)", "", "Policy & Performance Board, 10 December 2012")
    assert ("attendees", "", "Julie Webster; Cllr A. Typed", WHO) in trail
    assert heard[-1].touches("meeting") and ("meeting", new_id) in heard[-1].items

    moved = MeetingFields(
        board="Executive Group",
        starts_at=datetime(2012, 12, 11, 10, 0),
        location="Committee Room 2",
        period="2012/13 Q2",
        attendees=("Cllr A. Typed",),
        apologies=("Mark Grady", "Julie Webster"),
    )
    update_meeting(
        demo_plan, new_id, moved, expected_version=detail.version, who=WHO, source=SOURCE
    )
    after = meeting_detail(demo_plan, new_id)
    assert after is not None and after.version > detail.version
    assert (after.board, after.location) == ("Executive Group", "Committee Room 2")
    assert [p.name for p in after.apologies] == ["Mark Grady", "Julie Webster"]
    fields = [row[0] for row in audit(demo_plan, "meeting", new_id)]
    assert {"board", "starts_at", "location", "attendees", "apologies"} <= set(fields)
    assert "period" not in fields  # unchanged fields leave no entry

    with pytest.raises(ConflictError, match="changed by someone else"):
        update_meeting(
            demo_plan, new_id, FIELDS, expected_version=detail.version, who=WHO, source=SOURCE
        )
    delete_meeting(demo_plan, new_id, expected_version=after.version, who=WHO, source=SOURCE)
    assert meeting_detail(demo_plan, new_id) is None
    assert audit(demo_plan, "meeting", new_id)[-1][0] == "(deleted)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"board": "  "}, "board is blank"),
        ({"period": "Autumn"}, "not a period such as 2012/13 Q2"),
        ({"apologies": ("Cllr A. Typed",)}, "both as attending and as sending apologies"),
        ({"location": "x" * 201}, "at most 200 fit"),
    ],
)
def test_a_bad_meeting_is_refused_with_a_clear_message(
    memory_store: Store, change: dict[str, object], message: str
) -> None:
    fields = replace(FIELDS, **change)  # type: ignore[arg-type]
    with pytest.raises(MeetingError, match=message):
        create_meeting(memory_store, fields, who=WHO, source=SOURCE)
    assert meeting_rows(memory_store) == []


def test_the_agenda_is_added_to_edited_reordered_and_trimmed(demo_plan: Store) -> None:
    new_id = create_meeting(demo_plan, FIELDS, who=WHO, source=SOURCE)
    priorities, objectives = agenda_targets(demo_plan)

    def version() -> int:
        detail = meeting_detail(demo_plan, new_id)
        assert detail is not None
        return detail.version

    ids = [
        add_agenda_item(
            demo_plan, new_id, fields, expected_version=version(), who=WHO, source=SOURCE
        )
        for fields in (
            AgendaFields("Welcome and apologies", "Chair", 5),
            AgendaFields("Action log", "Mark Grady", 10, AgendaLink.ACTION_LOG),
            AgendaFields("Be Healthy", "Julie Webster", 20, AgendaLink.PRIORITY, priorities[0].id),
        )
    ]
    add_agenda_item(
        demo_plan,
        new_id,
        AgendaFields("Exceptions", "Mark Grady", 15, AgendaLink.EXCEPTIONS),
        expected_version=version(),
        who=WHO,
        source=SOURCE,
        position=1,
    )
    detail = meeting_detail(demo_plan, new_id)
    assert detail is not None
    assert [item.title for item in detail.agenda] == [
        "Welcome and apologies",
        "Exceptions",
        "Action log",
        "Be Healthy",
    ]
    assert [item.position for item in detail.agenda] == [0, 1, 2, 3]
    assert [f"{item.starts:%H:%M}" for item in detail.agenda] == [
        "18:30",
        "18:35",
        "18:50",
        "19:00",
    ]
    assert detail.agenda[3].link_text == f"Priority {priorities[0].code}"
    assert detail.minutes == 50 and f"{detail.ends_at:%H:%M}" == "19:20"

    order = [detail.agenda[i].id for i in (3, 0, 2, 1)]
    with pytest.raises(ConflictError):  # shown before the last item was added
        reorder_agenda(
            demo_plan, new_id, order[:3], expected_version=version(), who=WHO, source=SOURCE
        )
    reorder_agenda(demo_plan, new_id, order, expected_version=version(), who=WHO, source=SOURCE)
    reordered = meeting_detail(demo_plan, new_id)
    assert reordered is not None
    assert [item.id for item in reordered.agenda] == order
    assert ("position", "4", "1", WHO) in audit(demo_plan, "agenda_item", order[0])
    with pytest.raises(ConflictError):  # a stale page cannot undo the move unawares
        reorder_agenda(
            demo_plan, new_id, ids, expected_version=detail.version, who=WHO, source=SOURCE
        )

    update_agenda_item(
        demo_plan,
        ids[2],
        AgendaFields(
            "Healthy lives", "Julie Webster", 25, AgendaLink.OBJECTIVE, None, objectives[0].id
        ),
        expected_version=version(),
        who=WHO,
        source=SOURCE,
    )
    edited = meeting_detail(demo_plan, new_id)
    assert edited is not None
    item = next(i for i in edited.agenda if i.id == ids[2])
    assert (item.title, item.minutes, item.link, item.priority_id, item.objective_id) == (
        "Healthy lives",
        25,
        AgendaLink.OBJECTIVE,
        None,
        objectives[0].id,
    )
    assert {"title", "minutes", "link", "priority_id", "objective_id"} <= {
        row[0] for row in audit(demo_plan, "agenda_item", ids[2])
    }
    with pytest.raises(MeetingError, match="needs the priority chosen"):
        update_agenda_item(
            demo_plan,
            ids[2],
            AgendaFields("Healthy lives", link=AgendaLink.PRIORITY),
            expected_version=version(),
            who=WHO,
            source=SOURCE,
        )
    with pytest.raises(MeetingError, match="0 to 600"):
        add_agenda_item(
            demo_plan,
            new_id,
            AgendaFields("Long", minutes=601),
            expected_version=version(),
            who=WHO,
            source=SOURCE,
        )
    remove_agenda_item(demo_plan, order[0], expected_version=version(), who=WHO, source=SOURCE)
    trimmed = meeting_detail(demo_plan, new_id)
    assert trimmed is not None
    assert [item.position for item in trimmed.agenda] == [0, 1, 2]
    assert order[0] not in {item.id for item in trimmed.agenda}


def test_decisions_and_actions_join_the_log_owned_dated_and_open(demo_plan: Store) -> None:
    new_id = create_meeting(demo_plan, FIELDS, who=WHO, source=SOURCE)
    detail = meeting_detail(demo_plan, new_id)
    assert detail is not None
    item = add_agenda_item(
        demo_plan,
        new_id,
        AgendaFields("Action log"),
        expected_version=detail.version,
        who=WHO,
        source=SOURCE,
    )
    decision = record(
        demo_plan,
        new_id,
        LogFields(LogKind.DECISION, "Agreed.", agenda_item_id=item),
        who=WHO,
        source="presenter",
    )
    action = record(
        demo_plan,
        new_id,
        LogFields(
            LogKind.ACTION, "Report back on MEND uptake.", "julie webster", date(2013, 1, 31), item
        ),
        who=WHO,
        source="presenter",
    )
    log = {row.id: row for row in meeting_detail(demo_plan, new_id).log}  # type: ignore[union-attr]
    assert log[decision].kind is LogKind.DECISION and log[decision].owner == ""
    assert (log[decision].status, log[decision].closed_on) == (LogStatus.DONE, date(2012, 12, 10))
    assert (log[action].owner, log[action].due, log[action].status) == (
        "Julie Webster",
        date(2013, 1, 31),
        LogStatus.OPEN,
    )
    assert log[action].agenda_title == "Action log"
    assert audit(demo_plan, "action_log_entry", action)[0][0] == "(added)"
    with demo_plan.read() as session:
        sources = session.scalars(
            select(AuditEntry.source).where(
                AuditEntry.item_kind == "action_log_entry", AuditEntry.item_id == action
            )
        ).all()
    assert set(sources) == {"presenter"}
    assert action in {row.id for row in carried_forward(demo_plan, new_id)}

    for fields, message in (
        (LogFields(LogKind.ACTION, "No owner", "", date(2013, 1, 31)), "needs an owner"),
        (LogFields(LogKind.ACTION, "No date", "Julie Webster"), "needs a due date"),
        (
            LogFields(LogKind.ACTION, "Late", "Julie Webster", date(2012, 1, 1)),
            "before the meeting",
        ),
        (LogFields(LogKind.DECISION, "   "), "blank"),
    ):
        with pytest.raises(MeetingError, match=message):
            record(demo_plan, new_id, fields, who=WHO, source=SOURCE)

    new_owner = record(
        demo_plan,
        new_id,
        LogFields(LogKind.ACTION, "Draft the letter.", "Newly Named Officer", date(2013, 2, 1)),
        who=WHO,
        source=SOURCE,
    )
    with demo_plan.read() as session:
        owner = session.scalars(select(Owner).where(Owner.name == "Newly Named Officer")).one()
    assert ("(added)", "", "Newly Named Officer", WHO) in audit(demo_plan, "owner", owner.id)
    assert new_owner


def test_closing_reopening_and_conflicts_on_log_entries(demo_plan: Store) -> None:
    open_entry = next(row for row in carried_forward(demo_plan, 3))
    update_log_entry(
        demo_plan,
        open_entry.id,
        LogChange(status=LogStatus.DONE),
        expected_version=open_entry.version,
        who=WHO,
        source=SOURCE,
        today=date(2012, 12, 1),
    )
    closed = next(
        row
        for row in meeting_detail(demo_plan, open_entry.meeting_id).log
        if row.id == open_entry.id
    )  # type: ignore[union-attr]
    assert (closed.status, closed.closed_on) == (LogStatus.DONE, date(2012, 12, 1))
    assert closed.version == open_entry.version + 1
    assert ("status", "open", "done", WHO) in audit(demo_plan, "action_log_entry", open_entry.id)
    with pytest.raises(ConflictError, match="changed by someone else"):
        update_log_entry(
            demo_plan,
            open_entry.id,
            LogChange(text="Stale edit"),
            expected_version=open_entry.version,
            who=WHO,
            source=SOURCE,
        )
    update_log_entry(
        demo_plan,
        open_entry.id,
        LogChange(status=LogStatus.OPEN, owner="Paul Boyce", due=date(2013, 3, 1)),
        expected_version=closed.version,
        who=WHO,
        source=SOURCE,
    )
    reopened = next(
        row
        for row in meeting_detail(demo_plan, open_entry.meeting_id).log
        if row.id == open_entry.id
    )  # type: ignore[union-attr]
    assert (reopened.status, reopened.closed_on, reopened.owner, reopened.due) == (
        LogStatus.OPEN,
        None,
        "Paul Boyce",
        date(2013, 3, 1),
    )
    delete_log_entry(
        demo_plan, open_entry.id, expected_version=reopened.version, who=WHO, source=SOURCE
    )
    assert open_entry.id not in {row.id for row in carried_forward(demo_plan, 3)}
    assert audit(demo_plan, "action_log_entry", open_entry.id)[-1][0] == "(deleted)"


def test_the_boards_list_is_edited_and_meetings_keep_their_board(demo_plan: Store) -> None:
    assert boards(demo_plan)[:3] == [
        "Children's Trust Board",
        "Executive Group",
        "Policy & Performance Board",
    ]
    set_boards(
        demo_plan,
        ["Policy & Performance Board", "Children's Trust Board", "Health and Wellbeing Board"],
        who=WHO,
        source=SOURCE,
    )
    assert boards(demo_plan) == [
        "Policy & Performance Board",
        "Children's Trust Board",
        "Health and Wellbeing Board",
    ]
    assert {row.board for row in meeting_rows(demo_plan)} >= {"Children's Trust Executive Group"}
    with pytest.raises(MeetingError, match="at least one board"):
        set_boards(demo_plan, ["  "], who=WHO, source=SOURCE)


def test_the_meeting_to_present_is_the_next_one_else_the_latest(demo_plan: Store) -> None:
    rows = meeting_rows(demo_plan)
    assert default_meeting_id(demo_plan, date(2012, 10, 1)) == meeting_id(
        demo_plan, "Children's Trust Executive Group", date(2012, 10, 11)
    )
    assert default_meeting_id(demo_plan, date(2012, 10, 11)) == rows[1].id
    assert default_meeting_id(demo_plan, date(2020, 1, 1)) == rows[-1].id


# Changes since the last meeting ---------------------------------------------------------------


def test_changes_count_from_the_same_boards_last_meeting_else_any_boards(demo_plan: Store) -> None:
    first = meeting_id(demo_plan, "Children's Trust Board", date(2012, 7, 19))
    executive = meeting_id(demo_plan, "Children's Trust Executive Group", date(2012, 10, 11))
    latest = meeting_id(demo_plan, "Children's Trust Board", date(2012, 11, 29))

    board = changes_since_last_meeting(demo_plan, latest)
    assert board.previous_id == first  # the Board's own last meeting, not the Executive's
    assert "this board's last meeting" in board.basis
    executive_changes = changes_since_last_meeting(demo_plan, executive)
    assert executive_changes.previous_id == first
    assert "the last meeting of any board" in executive_changes.basis
    opening = changes_since_last_meeting(demo_plan, first)
    assert opening.previous_id is None and "no earlier meeting" in opening.basis

    # Every RAG change is a status update recorded between the two meetings.
    assert board.rag_changes
    for change in board.rag_changes:
        assert board.since < change.recorded_at <= board.until
        assert change.before != change.after
    worse = [c for c in board.rag_changes if c.direction is Direction.WORSENING]
    assert worse and board.rag_changes[: len(worse)] == tuple(worse)  # the worse first
    # The Board last met on Q1: the new values are for periods ending after Q1 and by Q2's end
    # (Q2 itself, and the academic year 2011/12, which ended in August).
    assert {value.period for value in board.new_values} == {"2012/13 Q2", "AY 2011/12"}
    for value in board.new_values:
        assert date(2012, 6, 30) < parse_period(value.period).end <= date(2012, 9, 30)
    # Actions set at earlier meetings and closed since 19 July, none later than 29 November.
    assert board.closed
    for entry in board.closed:
        assert entry.status is not LogStatus.OPEN
        assert date(2012, 7, 19) <= entry.closed_on <= date(2012, 11, 29)  # type: ignore[operator]


def test_changes_see_a_new_rag_a_new_value_a_revised_value_and_a_closed_action(
    demo_plan: Store,
) -> None:
    # A Board meeting a month from now: its last meeting is the Board's of 29 November 2012.
    soon = datetime.now().replace(microsecond=0) + timedelta(days=30)
    fields = MeetingFields("Children's Trust Board", soon, period="2012/13 Q3")
    new_id = create_meeting(demo_plan, fields, who=WHO, source=SOURCE)
    before = changes_since_last_meeting(demo_plan, new_id)
    assert before.rag_changes == () and before.closed == ()

    action = next(
        row for row in queries.action_rows(demo_plan, "2012/13 Q2") if row.rag.rag is Rag.GREEN
    )
    indicator = next(
        row
        for row in queries.indicator_rows(demo_plan, "2012/13 Q2")
        if row.reading.period == "2012/13 Q2" and row.reading.value is not None
    )
    apply_edits(
        demo_plan,
        [
            Edit(ItemKind.ACTION, action.id, "rag", Rag.RED, period="2012/13 Q3", reason="Stalled"),
            Edit(ItemKind.INDICATOR, indicator.id, "value", 42.0, period="2012/13 Q3"),
            Edit(ItemKind.INDICATOR, indicator.id, "value", 41.0, period="2012/13 Q2"),
        ],
        who=WHO,
        source="grid",
    )
    entry = carried_forward(demo_plan, new_id)[0]
    update_log_entry(
        demo_plan,
        entry.id,
        LogChange(status=LogStatus.DONE),
        expected_version=entry.version,
        who=WHO,
        source=SOURCE,
    )

    after = changes_since_last_meeting(demo_plan, new_id)
    change = next(
        c for c in after.rag_changes if (c.kind, c.item_id) == (ItemKind.ACTION, action.id)
    )
    assert change.before in (Rag.GREEN, Rag.AMBER) and change.before_period == "2012/13 Q2"
    assert (change.after, change.after_period) == (Rag.RED, "2012/13 Q3")
    assert change.direction is Direction.WORSENING
    values = {(v.indicator_id, v.period): v for v in after.new_values}
    assert values[(indicator.id, "2012/13 Q3")].value == 42.0
    revised = values[(indicator.id, "2012/13 Q2")]
    assert revised.revised and (revised.replaced, revised.value) == (indicator.reading.value, 41.0)
    assert [row.id for row in after.closed] == [entry.id]


def test_changes_of_a_meeting_that_is_gone_say_so(memory_store: Store) -> None:
    with pytest.raises(CyppError, match="no longer exists"):
        changes_since_last_meeting(memory_store, 99)
