"""The database itself refuses inconsistent plans, whatever code writes to it."""

from collections.abc import Callable
from datetime import date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cypp_desktop.models import (
    Action,
    ActionLogEntry,
    AgendaItem,
    AgendaLink,
    Indicator,
    IndicatorValue,
    ItemKind,
    LogKind,
    Meeting,
    Objective,
    Polarity,
    Priority,
    Rag,
    StatusUpdate,
)
from cypp_desktop.store import Store


@pytest.fixture
def seeded(empty_plan: Store) -> Store:
    with empty_plan.session() as session:
        bh = Priority(code="BH", title="Be healthy")
        ss = Priority(code="SS", title="Stay safe")
        objective = Objective(code="BH1.1", title="Halt the rise in obesity", priority=bh)
        session.add_all([bh, ss, objective])
        session.flush()
        session.add(
            Indicator(code="OB", title="Obese under-11s", priority=bh, polarity=Polarity.LOWER)
        )
        session.add(Action(code="A1", title="Run HENRY", priority=bh, objective=objective))
    return empty_plan


def _ids(session: Session) -> dict[str, int]:
    return {
        "bh": session.execute(text("SELECT id FROM priority WHERE code='BH'")).scalar_one(),
        "ss": session.execute(text("SELECT id FROM priority WHERE code='SS'")).scalar_one(),
        "objective": session.execute(text("SELECT id FROM objective")).scalar_one(),
        "indicator": session.execute(text("SELECT id FROM indicator")).scalar_one(),
        "action": session.execute(text("SELECT id FROM action")).scalar_one(),
    }


def _meeting(session: Session) -> Meeting:
    meeting = Meeting(board="Children's Trust Board", starts_at=datetime(2012, 7, 19, 14))
    session.add(meeting)
    session.flush()
    return meeting


VIOLATIONS: dict[str, Callable[[Session, dict[str, int]], None]] = {
    "percent complete above 100": lambda s, ids: s.execute(
        text("UPDATE action SET percent_complete = 101")
    ),
    "percent complete below 0": lambda s, ids: s.execute(
        text("UPDATE action SET percent_complete = -1")
    ),
    "duplicate priority code": lambda s, ids: s.add(Priority(code="BH", title="Again")),
    "duplicate objective code": lambda s, ids: s.add(
        Objective(code="BH1.1", title="Again", priority_id=ids["bh"])
    ),
    "duplicate indicator code": lambda s, ids: s.add(
        Indicator(code="OB", title="Again", priority_id=ids["bh"], polarity=Polarity.LOWER)
    ),
    "duplicate action code": lambda s, ids: s.add(
        Action(code="A1", title="Again", priority_id=ids["bh"])
    ),
    "two values for one indicator and period": lambda s, ids: s.add_all(
        [
            IndicatorValue(indicator_id=ids["indicator"], period="2012/13 Q1", value=1),
            IndicatorValue(indicator_id=ids["indicator"], period="2012/13 Q1", value=2),
        ]
    ),
    "value for a missing indicator": lambda s, ids: s.add(
        IndicatorValue(indicator_id=999, period="2012/13 Q1", value=1)
    ),
    "action under a missing priority": lambda s, ids: s.add(Action(title="x", priority_id=999)),
    "action under another priority's objective": lambda s, ids: s.add(
        Action(title="x", priority_id=ids["ss"], objective_id=ids["objective"])
    ),
    "indicator under another priority's objective": lambda s, ids: s.add(
        Indicator(
            code="X",
            title="x",
            priority_id=ids["ss"],
            objective_id=ids["objective"],
            polarity=Polarity.HIGHER,
        )
    ),
    "start after due": lambda s, ids: s.execute(
        text("UPDATE action SET start = '2012-04-01', due = '2012-03-31'")
    ),
    "status update for no item": lambda s, ids: s.add(
        StatusUpdate(period="2012/13 Q1", rag=Rag.RED, recorded_at=datetime(2012, 7, 1))
    ),
    "status update for two items": lambda s, ids: s.add(
        StatusUpdate(
            period="2012/13 Q1",
            rag=Rag.RED,
            recorded_at=datetime(2012, 7, 1),
            action_id=ids["action"],
            priority_id=ids["bh"],
        )
    ),
    "status update for a missing action": lambda s, ids: s.add(
        StatusUpdate(
            period="2012/13 Q1", rag=Rag.RED, recorded_at=datetime(2012, 7, 1), action_id=999
        )
    ),
    "unknown RAG stored by SQL": lambda s, ids: s.execute(
        text(
            "INSERT INTO status_update (action_id, period, rag, commentary, author, "
            "recorded_at, source) VALUES (:a, '2012/13 Q1', 'purple', '', '', "
            "'2012-07-01 00:00:00', '')"
        ),
        {"a": ids["action"]},
    ),
    "unknown action status stored by SQL": lambda s, ids: s.execute(
        text("UPDATE action SET status = 'finished'")
    ),
    "logged action without a due date": lambda s, ids: s.add(
        ActionLogEntry(meeting=_meeting(s), kind=LogKind.ACTION, text="Report back")
    ),
    "agenda item linked to no priority": lambda s, ids: s.add(
        AgendaItem(meeting=_meeting(s), title="Be healthy", link=AgendaLink.PRIORITY)
    ),
    "second plan row": lambda s, ids: s.execute(
        text(
            "INSERT INTO plan (id, uid, title, partnership, period_covered, vision, notes) "
            "VALUES (2, 'x', 'x', '', '', '', '')"
        )
    ),
}


@pytest.mark.parametrize("case", VIOLATIONS)
def test_database_refuses(seeded: Store, case: str) -> None:
    with pytest.raises(IntegrityError), seeded.session() as session:
        VIOLATIONS[case](session, _ids(session))
        session.flush()


def test_a_valid_status_update_and_deletion_cascade(seeded: Store) -> None:
    with seeded.session() as session:
        ids = _ids(session)
        update = StatusUpdate(period="2012-13 q1", rag=Rag.AMBER, recorded_at=datetime(2012, 7, 1))
        update.set_item(ItemKind.ACTION, ids["action"])
        session.add(update)
        session.flush()
        assert update.period == "2012/13 Q1"  # stored under its canonical label
        assert update.item == (ItemKind.ACTION, ids["action"])
    with seeded.session() as session:
        session.delete(session.get_one(Priority, _ids(session)["bh"]))
    with seeded.read() as session:
        remaining = {
            table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("objective", "action", "indicator", "status_update")
        }
    assert remaining == {"objective": 0, "action": 0, "indicator": 0, "status_update": 0}


def test_a_bad_period_is_refused_before_it_reaches_the_database() -> None:
    with pytest.raises(ValueError, match="not a reporting period"):
        IndicatorValue(period="Quarter two", value=1)


def test_due_dates_round_trip_as_dates(seeded: Store) -> None:
    with seeded.session() as session:
        action = session.get_one(Action, _ids(session)["action"])
        action.due = date(2012, 3, 31)
    with seeded.read() as session:
        assert session.get_one(Action, _ids(session)["action"]).due == date(2012, 3, 31)
