"""Undo and redo of meeting changes in the store (store/row_images.py, store/meeting_undo.py):
every kind of change kept as it is made, undone and redone exactly (the rows, their ids and
the JSON dump), audited as "undo" and "redo", and refused when someone else has changed
the same thing since."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from cypp_desktop.models import (
    ActionLogNote,
    AgendaLink,
    AuditEntry,
    ItemKind,
    LogKind,
    LogStatus,
    Owner,
)
from cypp_desktop.packs.cover_report import TEXT_FIELDS, load_cover, save_cover
from cypp_desktop.store import Store
from cypp_desktop.store.action_log import (
    LogChange,
    LogFields,
    delete_log_entry,
    record,
    update_log_entry,
)
from cypp_desktop.store.agenda import (
    AgendaFields,
    add_agenda_item,
    remove_agenda_item,
    reorder_agenda,
    update_agenda_item,
)
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.edits import ConflictError, Edit, apply_edits
from cypp_desktop.store.meeting_undo import apply_change, cover_image, cover_saved
from cypp_desktop.store.meeting_work import Keep
from cypp_desktop.store.meetings import (
    MeetingFields,
    boards,
    create_meeting,
    delete_meeting,
    meeting_detail,
    meeting_rows,
    set_boards,
    update_meeting,
)
from cypp_desktop.store.row_images import TABLES, RowChange, table

WHO = "Officer"
SOURCE = "meeting"
JULY = date(2012, 7, 19)  # the Children's Trust Board: seven items, eight log entries
NOTE = "Recovery plan drafted; to the Board in January."


def meeting_on(store: Store, day: date) -> int:
    return next(row.id for row in meeting_rows(store) if row.starts_at.date() == day)


def version(store: Store, meeting_id: int) -> int:
    detail = meeting_detail(store, meeting_id)
    assert detail is not None
    return detail.version


def entry_version(store: Store, entry_id: int) -> int:
    detail = meeting_detail(store, meeting_on(store, JULY))
    assert detail is not None
    return next(entry.version for entry in detail.log if entry.id == entry_id)


def plan_state(store: Store) -> tuple[dict[str, Any], dict[str, dict[int, dict[str, Any]]]]:
    """The JSON dump, and every row a meeting change can write, by id, versions aside."""
    rows: dict[str, dict[int, dict[str, Any]]] = {}
    with store.read() as session:
        for name in TABLES:
            found = table(name)
            key = next(iter(found.primary_key.columns)).name
            rows[name] = {
                row[key]: {k: v for k, v in row.items() if k != "version"}
                for row in session.execute(select(found)).mappings()
            }
    return dump_plan(store), rows


@pytest.fixture
def july(demo_plan: Store) -> int:
    """The July Board, with a progress note on an action (as a return adds one) and a
    stored cover report: everything a meeting can hold."""
    meeting = meeting_on(demo_plan, JULY)
    with demo_plan.session() as session:
        session.add(
            ActionLogNote(
                entry_id=5,
                period="2012/13 Q2",
                text=NOTE,
                author="Jane Middleton",
                recorded_at=datetime(2012, 10, 2, 9, 30),
                source="return: Jane Middleton 2012-13 Q2.xlsx (Jane Middleton)",
            )
        )
    cover = load_cover(demo_plan, meeting, "2012/13 Q1")
    save_cover(demo_plan, meeting, replace(cover, subject="Quarter one"), who=WHO)
    return meeting


# Every kind of change --------------------------------------------------------------------


def new_meeting(store: Store, _meeting: int, keep: Keep) -> None:
    create_meeting(
        store,
        MeetingFields(
            "Executive Group",
            datetime(2013, 1, 10, 10, 0),
            "Committee Room 1",
            "2012/13 Q3",
            attendees=("Julie Webster", "A. Visitor"),
        ),
        who=WHO,
        source=SOURCE,
        keep=keep,
    )


def edit_meeting(store: Store, meeting: int, keep: Keep) -> None:
    detail = meeting_detail(store, meeting)
    assert detail is not None
    update_meeting(
        store,
        meeting,
        MeetingFields(
            "Policy & Performance Board",
            datetime(2012, 7, 20, 18, 0),
            "Civic Suite",
            "2012/13 Q1",
            attendees=tuple(p.name for p in detail.apologies),
            apologies=tuple(p.name for p in detail.attendees[:2]),
        ),
        expected_version=detail.version,
        who=WHO,
        source=SOURCE,
        keep=keep,
    )


def remove_meeting(store: Store, meeting: int, keep: Keep) -> None:
    delete_meeting(
        store, meeting, expected_version=version(store, meeting), who=WHO, source=SOURCE, keep=keep
    )


def add_item(store: Store, meeting: int, keep: Keep) -> None:
    add_agenda_item(
        store,
        meeting,
        AgendaFields("Any other business", "Chair", 5, AgendaLink.PAPER, paper="Notes"),
        expected_version=version(store, meeting),
        who=WHO,
        source=SOURCE,
        position=1,
        keep=keep,
    )


def edit_item(store: Store, meeting: int, keep: Keep) -> None:
    update_agenda_item(
        store,
        4,
        AgendaFields("Early help: the new offer", "Paul Boyce", 25, AgendaLink.EXCEPTIONS),
        expected_version=version(store, meeting),
        who=WHO,
        source=SOURCE,
        keep=keep,
    )


def remove_item(store: Store, meeting: int, keep: Keep) -> None:
    """Item 6 has three entries recorded against it: they are unlinked, then linked again."""
    remove_agenda_item(
        store, 6, expected_version=version(store, meeting), who=WHO, source=SOURCE, keep=keep
    )


def reorder(store: Store, meeting: int, keep: Keep) -> None:
    reorder_agenda(
        store,
        meeting,
        [7, 1, 2, 3, 4, 5, 6],
        expected_version=version(store, meeting),
        who=WHO,
        source=SOURCE,
        keep=keep,
    )


def record_action(store: Store, meeting: int, keep: Keep) -> None:
    """Owned by someone new to the plan: undo takes the new owner away again."""
    record(
        store,
        meeting,
        LogFields(
            LogKind.ACTION,
            "Map the breastfeeding peer supporters",
            "Nia Newcomer",
            date(2012, 9, 30),
            5,
        ),
        who=WHO,
        source="presenter",
        keep=keep,
    )


def record_decision(store: Store, meeting: int, keep: Keep) -> None:
    record(
        store,
        meeting,
        LogFields(LogKind.DECISION, "Annual Review approved", agenda_item_id=7),
        who=WHO,
        source=SOURCE,
        keep=keep,
    )


def edit_entry(store: Store, _meeting: int, keep: Keep) -> None:
    update_log_entry(
        store,
        5,
        LogChange(
            text="Publish the placement sufficiency plan",
            owner="Olu Other",
            due=date(2012, 12, 31),
            clear_item=True,
        ),
        expected_version=entry_version(store, 5),
        who=WHO,
        source=SOURCE,
        keep=keep,
    )


def close_action(store: Store, _meeting: int, keep: Keep) -> None:
    update_log_entry(
        store,
        7,
        LogChange(status=LogStatus.DONE),
        expected_version=entry_version(store, 7),
        who=WHO,
        source=SOURCE,
        today=date(2012, 11, 20),
        keep=keep,
    )


def reopen_action(store: Store, _meeting: int, keep: Keep) -> None:
    update_log_entry(
        store,
        8,
        LogChange(status=LogStatus.OPEN),
        expected_version=entry_version(store, 8),
        who=WHO,
        source=SOURCE,
        keep=keep,
    )


def delete_entry(store: Store, _meeting: int, keep: Keep) -> None:
    """Entry 5 carries a progress note: it goes with the entry and comes back with it."""
    delete_log_entry(
        store, 5, expected_version=entry_version(store, 5), who=WHO, source=SOURCE, keep=keep
    )


def edit_boards(store: Store, _meeting: int, keep: Keep) -> None:
    listed = boards(store)
    set_boards(
        store,
        ["Health and Wellbeing Board", *reversed(listed[1:])],
        who=WHO,
        source=SOURCE,
        keep=keep,
    )


def edit_cover(store: Store, meeting: int, keep: Keep) -> None:
    cover = load_cover(store, meeting, "2012/13 Q1")
    before = cover_image(store, meeting)
    saved = save_cover(
        store, meeting, replace(cover, subject="Quarter one progress", wards="Halton Lea"), who=WHO
    )
    assert saved.version is not None
    cover_saved(
        before,
        meeting,
        {name: getattr(saved, name) for name in TEXT_FIELDS},
        version_read=cover.version,
        version_saved=saved.version,
        keep=keep,
    )


CHANGES: dict[str, Callable[[Store, int, Keep], None]] = {
    "new meeting": new_meeting,
    "edit the meeting": edit_meeting,
    "delete the meeting": remove_meeting,
    "add an agenda item": add_item,
    "edit an agenda item": edit_item,
    "remove an agenda item": remove_item,
    "move an agenda item": reorder,
    "record an action": record_action,
    "record a decision": record_decision,
    "edit an action": edit_entry,
    "mark an action done": close_action,
    "reopen an action": reopen_action,
    "delete an action": delete_entry,
    "edit the boards": edit_boards,
    "edit the cover report": edit_cover,
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_each_change_is_undone_and_redone_exactly(demo_plan: Store, july: int, name: str) -> None:
    before = plan_state(demo_plan)
    kept: list[RowChange] = []
    CHANGES[name](demo_plan, july, kept.append)
    (change,) = kept
    after = plan_state(demo_plan)
    assert after != before
    for _round in range(2):  # and again: each undo and redo leaves it ready for the next
        apply_change(demo_plan, change.reversed(), who=WHO, source="undo")
        assert plan_state(demo_plan) == before
        apply_change(demo_plan, change, who=WHO, source="redo")
        assert plan_state(demo_plan) == after
    with demo_plan.read() as session:
        sources = set(session.scalars(select(AuditEntry.source)))
    assert {"undo", "redo"} <= sources


def test_deleting_a_meeting_keeps_every_row_and_undo_puts_them_back_with_their_ids(
    demo_plan: Store, july: int
) -> None:
    kept: list[RowChange] = []
    remove_meeting(demo_plan, july, kept.append)
    (change,) = kept
    taken = {(d.table, d.key) for d in change.rows if d.after is None}
    assert {name for name, _key in taken} == {
        "meeting",
        "cover_report",
        "attendance",
        "agenda_item",
        "action_log_entry",
        "action_log_note",
    }
    assert meeting_detail(demo_plan, july) is None
    apply_change(demo_plan, change.reversed(), who=WHO, source="undo")
    detail = meeting_detail(demo_plan, july)
    assert detail is not None
    assert [e.id for e in detail.log] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [e.agenda_item_id for e in detail.log] == [4, 6, 7, 4, 6, 6, 5, 7]
    (notes,) = [m["actions"] for m in dump_plan(demo_plan)["meetings"] if m["id"] == july]
    assert [note["text"] for entry in notes for note in entry["notes"]] == [NOTE]
    assert load_cover(demo_plan, july, "2012/13 Q1").subject == "Quarter one"
    with demo_plan.read() as session:
        trail = session.execute(
            select(AuditEntry.item_kind, AuditEntry.field, AuditEntry.new_value)
            .where(AuditEntry.source == "undo")
            .order_by(AuditEntry.id)
        ).all()
    assert ("meeting", "(restored)", "Children's Trust Board, 19 July 2012") in trail
    assert ("action_log_entry", "progress note (restored)", f"2012/13 Q2: {NOTE}") in trail
    assert any(field == "attendees" for _kind, field, _new in trail)


def test_undo_moves_the_version_on_so_a_stale_page_is_told(demo_plan: Store, july: int) -> None:
    shown = version(demo_plan, july)
    kept: list[RowChange] = []
    reorder(demo_plan, july, kept.append)
    apply_change(demo_plan, kept[0].reversed(), who=WHO, source="undo")
    with pytest.raises(ConflictError, match="changed by someone else"):
        reorder_agenda(
            demo_plan, july, [2, 1, 3, 4, 5, 6, 7], expected_version=shown, who=WHO, source=SOURCE
        )


# Someone else's change is never overwritten ----------------------------------------------------


def test_undo_is_refused_when_someone_else_changed_the_same_field(
    demo_plan: Store, july: int
) -> None:
    kept: list[RowChange] = []
    edit_item(demo_plan, july, kept.append)
    update_agenda_item(  # a colleague retitles the same item
        demo_plan,
        4,
        AgendaFields("Early help (colleague's title)", "Paul Boyce", 25, AgendaLink.EXCEPTIONS),
        expected_version=version(demo_plan, july),
        who="Colleague",
        source=SOURCE,
    )
    theirs = plan_state(demo_plan)
    with pytest.raises(ConflictError, match='agenda item "Early help: the new offer" has been'):
        apply_change(demo_plan, kept[0].reversed(), who=WHO, source="undo")
    assert plan_state(demo_plan) == theirs


def test_undo_keeps_someone_elses_change_to_another_field(demo_plan: Store, july: int) -> None:
    kept: list[RowChange] = []
    close_action(demo_plan, july, kept.append)
    update_log_entry(  # a colleague moves the due date of the action just closed
        demo_plan,
        7,
        LogChange(due=date(2013, 3, 31)),
        expected_version=entry_version(demo_plan, 7),
        who="Colleague",
        source=SOURCE,
    )
    apply_change(demo_plan, kept[0].reversed(), who=WHO, source="undo")
    entry = next(e for e in meeting_detail(demo_plan, july).log if e.id == 7)  # type: ignore[union-attr]
    assert (entry.status, entry.closed_on, entry.due) == (LogStatus.OPEN, None, date(2013, 3, 31))


def test_an_item_someone_has_since_used_is_not_taken_away(demo_plan: Store, july: int) -> None:
    kept: list[RowChange] = []
    add_item(demo_plan, july, kept.append)
    item = next(d.key for d in kept[0].rows if d.table == "agenda_item" and d.before is None)
    record(  # a colleague records a decision against the new item
        demo_plan,
        july,
        LogFields(LogKind.DECISION, "Noted", agenda_item_id=item),
        who="Colleague",
        source=SOURCE,
    )
    theirs = plan_state(demo_plan)
    with pytest.raises(ConflictError, match="cannot be taken away"):
        apply_change(demo_plan, kept[0].reversed(), who=WHO, source="undo")
    assert plan_state(demo_plan) == theirs


def test_a_new_owner_someone_has_since_given_work_stays(demo_plan: Store, july: int) -> None:
    kept: list[RowChange] = []
    record_action(demo_plan, july, kept.append)
    with demo_plan.read() as session:
        newcomer = session.scalars(select(Owner.id).where(Owner.name == "Nia Newcomer")).one()
    apply_edits(
        demo_plan, [Edit(ItemKind.ACTION, 1, "owner_id", newcomer)], who="Colleague", source="grid"
    )
    apply_change(demo_plan, kept[0].reversed(), who=WHO, source="undo")
    with demo_plan.read() as session:
        assert session.get(Owner, newcomer) is not None  # owns a plan action now: kept
    assert all(e.owner != "Nia Newcomer" for e in meeting_detail(demo_plan, july).log)  # type: ignore[union-attr]
    apply_change(demo_plan, kept[0], who=WHO, source="redo")
    restored = next(e for e in meeting_detail(demo_plan, july).log if e.owner_id == newcomer)  # type: ignore[union-attr]
    assert restored.text == "Map the breastfeeding peer supporters"


def test_a_deleted_meeting_is_not_put_back_over_someone_elses_change(
    demo_plan: Store, july: int
) -> None:
    kept: list[RowChange] = []
    edit_meeting(demo_plan, july, kept.append)
    remove_meeting(demo_plan, july, lambda _change: None)  # a colleague deletes it
    with pytest.raises(ConflictError, match="Policy & Performance Board, 20 July 2012 meeting has"):
        apply_change(demo_plan, kept[0].reversed(), who=WHO, source="undo")
    assert meeting_detail(demo_plan, july) is None
