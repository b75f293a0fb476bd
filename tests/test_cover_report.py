"""Cover reports: defaults from the plan, saving audited and announced, conflicts refused."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from cypp_desktop.models import AuditEntry, Plan
from cypp_desktop.packs.cover_report import SOURCE, default_cover, load_cover, save_cover
from cypp_desktop.packs.snapshot import take_snapshot
from cypp_desktop.store import Store
from cypp_desktop.store.changes import Change
from cypp_desktop.store.edits import ConflictError, EditError
from cypp_desktop.store.queries import meetings

PERIOD = "2012/13 Q2"


@pytest.fixture
def meeting_id(demo_store: Store) -> int:
    return next(m.id for m in meetings(demo_store) if m.period == PERIOD)


def test_defaults_come_from_the_plan_and_the_meeting(demo_store: Store, meeting_id: int) -> None:
    cover = load_cover(demo_store, meeting_id, PERIOD)
    plan = demo_store.plan()
    meeting = next(m for m in meetings(demo_store) if m.id == meeting_id)
    assert not cover.stored
    assert cover.report_to == meeting.board
    assert plan.title in cover.subject and PERIOD in cover.subject
    assert plan.title in cover.purpose
    for code in ("PEH", "BH", "AEW"):
        assert f"- {code}:" in cover.priority_implications
    assert cover.protective_marking == ""


def test_saving_stores_audits_and_announces(demo_store: Store, meeting_id: int) -> None:
    heard: list[Change] = []
    demo_store.changes.subscribe(heard.append)
    cover = load_cover(demo_store, meeting_id, PERIOD)
    edited = replace(cover, subject="Quarter two performance", protective_marking="OFFICIAL")
    saved = save_cover(demo_store, meeting_id, edited, who="Mark Grady")
    assert saved.stored
    again = load_cover(demo_store, meeting_id, PERIOD)
    assert (again.subject, again.protective_marking) == ("Quarter two performance", "OFFICIAL")
    assert again.purpose == cover.purpose  # defaults were saved with it
    assert heard and heard[-1].kinds == frozenset({"meeting"})
    assert ("meeting", meeting_id) in heard[-1].items and heard[-1].source == SOURCE
    with demo_store.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.source == SOURCE, AuditEntry.item_id == meeting_id)
        ).all()
    subject = next(e for e in entries if e.field == "cover report subject")
    assert (subject.who, subject.old_value, subject.new_value) == (
        "Mark Grady",
        "",
        "Quarter two performance",
    )

    count = len(entries)
    save_cover(demo_store, meeting_id, replace(again, wards="Halton Lea"), who="Mark Grady")
    with demo_store.read() as session:
        later = session.scalars(select(AuditEntry).where(AuditEntry.source == SOURCE)).all()
    assert len(later) == count + 1  # only the field that changed
    assert later[-1].old_value == again.wards and later[-1].new_value == "Halton Lea"


def test_a_stale_cover_is_refused(demo_store: Store, meeting_id: int) -> None:
    mine = load_cover(demo_store, meeting_id, PERIOD)
    theirs = load_cover(demo_store, meeting_id, PERIOD)
    save_cover(demo_store, meeting_id, replace(theirs, subject="Theirs"), who="them")
    with pytest.raises(ConflictError, match="changed by someone else"):
        save_cover(demo_store, meeting_id, replace(mine, subject="Mine"), who="me")
    assert load_cover(demo_store, meeting_id, PERIOD).subject == "Theirs"


def test_an_unknown_meeting_is_refused(demo_store: Store) -> None:
    with pytest.raises(EditError, match="Meeting 999"):
        save_cover(demo_store, 999, load_cover(demo_store, 1, PERIOD), who="me")


def test_reset_gives_the_defaults_whatever_is_stored(demo_store: Store, meeting_id: int) -> None:
    cover = load_cover(demo_store, meeting_id, PERIOD)
    save_cover(demo_store, meeting_id, replace(cover, subject="Changed"), who="me")
    assert default_cover(demo_store, meeting_id, PERIOD).subject == cover.subject


def test_the_pack_uses_the_stored_cover_and_its_marking(demo_store: Store, meeting_id: int) -> None:
    cover = load_cover(demo_store, meeting_id, PERIOD)
    save_cover(
        demo_store,
        meeting_id,
        replace(
            cover, recommendation="That the Board notes the report.", protective_marking="OFFICIAL"
        ),
        who="me",
    )
    snapshot = take_snapshot(demo_store, PERIOD, meeting_id=meeting_id)
    assert snapshot.cover.recommendation == "That the Board notes the report."
    assert snapshot.marking == "OFFICIAL"
    assert take_snapshot(demo_store, PERIOD, meeting_id=meeting_id, marking="").marking == ""
    with demo_store.read() as session:
        title = session.scalars(select(Plan.title)).one()
    assert take_snapshot(demo_store, PERIOD).cover.subject.startswith(title)
