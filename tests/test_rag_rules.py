"""The RAG rules, table by table: boundaries, polarities, missing data, roll-up, overrides."""

from datetime import date, datetime

import pytest

from cypp_desktop.models import (
    Action,
    ActionStatus,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    ItemKind,
    Objective,
    Plan,
    Polarity,
    Priority,
    Rag,
    RollupRule,
    StatusUpdate,
)
from cypp_desktop.models.rag_rules import (
    Direction,
    action_rag,
    indicator_rag,
    rag_direction,
    rollup_rag,
    value_direction,
)
from cypp_desktop.store import Store
from cypp_desktop.store.rag import evaluate

LOWER, HIGHER = Polarity.LOWER, Polarity.HIGHER


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "unit", "rag"),
    [
        # lower is better, target 20, 10% tolerance: Amber up to 22.0, Red beyond
        (19.0, 20.0, LOWER, 10, "%", Rag.GREEN),
        (20.0, 20.0, LOWER, 10, "%", Rag.GREEN),  # exactly on target
        (20.1, 20.0, LOWER, 10, "%", Rag.AMBER),
        (22.0, 20.0, LOWER, 10, "%", Rag.AMBER),  # exactly on the tolerance boundary
        (22.01, 20.0, LOWER, 10, "%", Rag.RED),
        # higher is better, target 90, 5% tolerance: Amber down to 85.5
        (91.0, 90.0, HIGHER, 5, "%", Rag.GREEN),
        (90.0, 90.0, HIGHER, 5, "%", Rag.GREEN),
        (85.5, 90.0, HIGHER, 5, "%", Rag.AMBER),  # on the boundary
        (85.49, 90.0, HIGHER, 5, "%", Rag.RED),
        # boundary arithmetic that floats get wrong (0.1 + 0.2 style)
        (0.33, 0.3, LOWER, 10, "per 1,000", Rag.AMBER),
        # rates per 1,000 and counts use the same relative tolerance
        (19.8, 18.0, LOWER, 10, "per 1,000", Rag.AMBER),
        (19.9, 18.0, LOWER, 10, "per 1,000", Rag.RED),
        (330, 349, LOWER, 10, "number", Rag.GREEN),
        # zero tolerance: anything worse than target is Red
        (20.1, 20.0, LOWER, 0, "%", Rag.RED),
        # a target of zero with no baseline: any value above it is Red
        (0, 0, LOWER, 10, "number", Rag.GREEN),
        (1, 0, LOWER, 10, "number", Rag.RED),
    ],
)
def test_indicator_rag(
    value: float, target: float, polarity: Polarity, tolerance: float, unit: str, rag: Rag
) -> None:
    result = indicator_rag(
        value=value,
        target=target,
        polarity=polarity,
        tolerance=tolerance,
        unit=unit,
        period="2012/13 Q2",
    )
    assert result.rag is rag
    assert result.reason.startswith(rag.label)


def test_the_reason_reads_as_the_board_expects() -> None:
    result = indicator_rag(
        value=21.1, target=20.0, polarity=LOWER, tolerance=10, unit="%", period="2012/13 Q2"
    )
    assert result.reason == (
        "Amber: 21.1% against a target of 20.0% (lower is better); 1.1 points off, "
        "within the 10% tolerance"
    )
    rate = indicator_rag(
        value=20.3, target=18, polarity=LOWER, tolerance=10, unit="per 1,000", period="2011/12"
    )
    assert rate.reason == (
        "Red: 20.3 per 1,000 against a target of 18.0 per 1,000 (lower is better); "
        "2.3 per 1,000 off, beyond the 10% tolerance"
    )


def test_a_zero_target_takes_its_band_from_the_baseline() -> None:
    within = indicator_rag(
        value=2, target=0, polarity=LOWER, tolerance=10, unit="number", period="2012", baseline=30
    )
    beyond = indicator_rag(
        value=4, target=0, polarity=LOWER, tolerance=10, unit="number", period="2012", baseline=30
    )
    assert (within.rag, beyond.rag) == (Rag.AMBER, Rag.RED)
    assert "of the baseline, as the target is zero" in within.reason


@pytest.mark.parametrize(
    ("value", "target", "words"),
    [
        (None, 20.0, "Grey: no value received for 2012/13 Q2 (target 20%)"),
        (21.0, None, "Grey: 21% in 2012/13 Q2 but no target is set"),
        (None, None, "Grey: no value or target for 2012/13 Q2"),
    ],
)
def test_missing_data_is_grey_and_says_what_is_missing(
    value: float | None, target: float | None, words: str
) -> None:
    result = indicator_rag(
        value=value, target=target, polarity=LOWER, tolerance=10, unit="%", period="2012/13 Q2"
    )
    assert (result.rag, result.reason) == (Rag.GREY, words)


AS_OF = date(2012, 9, 30)


@pytest.mark.parametrize(
    ("status", "percent", "start", "due", "rag", "words"),
    [
        (
            ActionStatus.COMPLETE,
            100,
            date(2011, 4, 1),
            date(2012, 3, 31),
            Rag.BLUE,
            "Blue: complete",
        ),
        (ActionStatus.DROPPED, 10, date(2011, 4, 1), date(2012, 3, 31), Rag.GREY, "Dropped"),
        (
            ActionStatus.IN_PROGRESS,
            90,
            date(2011, 4, 1),
            date(2012, 3, 31),
            Rag.RED,
            "183 days overdue",
        ),
        (
            ActionStatus.IN_PROGRESS,
            60,
            date(2011, 4, 1),
            date(2012, 9, 29),
            Rag.RED,
            "1 day overdue",
        ),
        (ActionStatus.IN_PROGRESS, 60, date(2011, 4, 1), AS_OF, Rag.AMBER, "100% of the time gone"),
        # 2011-10-01 to 2013-03-31: 365 of 547 days gone at 30 Sep 2012 = 67%
        (ActionStatus.IN_PROGRESS, 52, date(2011, 10, 1), date(2013, 3, 31), Rag.GREEN, "on track"),
        (
            ActionStatus.IN_PROGRESS,
            51,
            date(2011, 10, 1),
            date(2013, 3, 31),
            Rag.AMBER,
            "16 points behind",
        ),
        (
            ActionStatus.NOT_STARTED,
            0,
            date(2012, 10, 1),
            date(2013, 3, 31),
            Rag.GREY,
            "not yet due to start",
        ),
        (ActionStatus.IN_PROGRESS, 10, None, None, Rag.GREY, "no due date"),
        (ActionStatus.IN_PROGRESS, 10, None, date(2013, 3, 31), Rag.GREEN, "no start date"),
    ],
)
def test_action_rag(
    status: ActionStatus, percent: int, start: date | None, due: date | None, rag: Rag, words: str
) -> None:
    result = action_rag(
        status=status, percent_complete=percent, start=start, due=due, as_of=AS_OF, lag_margin=15
    )
    assert result.rag is rag
    assert words in result.reason


R, A, G, B, N = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.GREY


@pytest.mark.parametrize(
    ("children", "rule", "rag"),
    [
        ([G, G, A], RollupRule.WORST, A),
        ([G, R, B], RollupRule.WORST, R),
        ([G, B], RollupRule.WORST, G),
        ([B, B, N], RollupRule.WORST, B),
        ([N, N], RollupRule.WORST, N),
        ([], RollupRule.WORST, N),
        ([G, G, A], RollupRule.MAJORITY, G),
        ([G, B, A, A], RollupRule.MAJORITY, A),  # a tie goes to the worse
        ([R, A, G], RollupRule.MAJORITY, R),
        ([G, B, R], RollupRule.MAJORITY, G),  # Blue counts as on track with Green
    ],
)
def test_rollup(children: list[Rag], rule: RollupRule, rag: Rag) -> None:
    result = rollup_rag(children, rule, what="objective")
    assert result.rag is rag


def test_rollup_reason_counts_what_it_weighed() -> None:
    result = rollup_rag([G, G, A, N], RollupRule.WORST, what="objective")
    assert result.reason == "Amber: worst of 3 items (1 amber, 2 green)"


@pytest.mark.parametrize(
    ("current", "earlier", "polarity", "direction"),
    [
        (17.0, 17.4, LOWER, Direction.IMPROVING),
        (18.0, 17.4, LOWER, Direction.WORSENING),
        (50.0, 42.5, HIGHER, Direction.IMPROVING),
        (40.0, 42.5, HIGHER, Direction.WORSENING),
        (17.4, 17.4, LOWER, Direction.SAME),
        (17.4, None, LOWER, Direction.UNKNOWN),
    ],
)
def test_value_direction(
    current: float, earlier: float | None, polarity: Polarity, direction: Direction
) -> None:
    assert value_direction(current, earlier, polarity) is direction


@pytest.mark.parametrize(
    ("current", "earlier", "direction"),
    [
        (A, G, Direction.WORSENING),
        (G, R, Direction.IMPROVING),
        (B, G, Direction.SAME),
        (R, N, Direction.UNKNOWN),
    ],
)
def test_rag_direction(current: Rag, earlier: Rag, direction: Direction) -> None:
    assert rag_direction(current, earlier) is direction
    assert direction.arrow and direction.label  # never an arrow without words


@pytest.fixture
def small_plan(empty_plan: Store) -> Store:
    """One priority, one objective, one action and one indicator whose target changes."""
    with empty_plan.session() as session:
        session.get_one(Plan, 1).current_period = "2012/13 Q2"
        priority = Priority(code="BH", title="Be healthy")
        objective = Objective(code="BH1.1", title="Halt obesity", priority=priority)
        session.add_all([priority, objective])
        session.flush()
        indicator = Indicator(
            code="OB",
            title="Obese under-11s",
            priority=priority,
            objective=objective,
            polarity=LOWER,
            unit="%",
            baseline_value=17.4,
            baseline_period="2005/06",
        )
        indicator.targets = [
            IndicatorTarget(period="2012/13 Q1", value=18.0),
            IndicatorTarget(period="2012/13 Q2", value=17.0),  # the target steps down
        ]
        indicator.values = [
            IndicatorValue(period="2012/13 Q1", value=18.0),
            IndicatorValue(period="2012/13 Q2", value=18.0),
        ]
        session.add(indicator)
        session.add(
            Action(
                code="A1",
                title="Roll out HENRY",
                priority=priority,
                objective=objective,
                status=ActionStatus.IN_PROGRESS,
                percent_complete=80,
                start=date(2012, 4, 1),
                due=date(2013, 3, 31),
            )
        )
    return empty_plan


def _ids(store: Store) -> dict[str, int]:
    with store.read() as session:
        return {
            "indicator": session.query(Indicator).one().id,
            "action": session.query(Action).one().id,
            "objective": session.query(Objective).one().id,
            "priority": session.query(Priority).one().id,
        }


def test_targets_that_change_between_periods(small_plan: Store) -> None:
    ids = _ids(small_plan)
    with small_plan.read() as session:
        q1 = evaluate(session, "2012/13 Q1").get(ItemKind.INDICATOR, ids["indicator"])
        q2 = evaluate(session, "2012/13 Q2").get(ItemKind.INDICATOR, ids["indicator"])
    assert q1.rag is Rag.GREEN  # 18.0 against 18.0
    assert q2.rag is Rag.AMBER  # the same 18.0 against the lower 17.0
    assert q2.previous is Rag.GREEN
    assert q2.direction is Direction.WORSENING


def test_rollup_to_objective_and_priority_follows_the_plan_rule(small_plan: Store) -> None:
    ids = _ids(small_plan)
    with small_plan.read() as session:
        rags = evaluate(session, "2012/13 Q2")
    # action Green (80% done, 50% of time gone), indicator Amber: worst-of gives Amber
    assert rags.get(ItemKind.ACTION, ids["action"]).rag is Rag.GREEN
    assert rags.get(ItemKind.OBJECTIVE, ids["objective"]).rag is Rag.AMBER
    assert rags.get(ItemKind.PRIORITY, ids["priority"]).rag is Rag.AMBER
    with small_plan.session() as session:
        session.get_one(Plan, 1).rollup_rule = RollupRule.MAJORITY
        session.get_one(Indicator, ids["indicator"]).tolerance = 0  # the indicator's own
    with small_plan.read() as session:
        rags = evaluate(session, "2012/13 Q2")
    assert rags.get(ItemKind.INDICATOR, ids["indicator"]).rag is Rag.RED
    # one Green, one Red: a tie under majority goes to the worse
    assert rags.get(ItemKind.OBJECTIVE, ids["objective"]).rag is Rag.RED


def test_an_override_shows_with_the_computed_rag_beside_it(small_plan: Store) -> None:
    ids = _ids(small_plan)
    with small_plan.session() as session:
        update = StatusUpdate(
            period="2012/13 Q2",
            rag=Rag.RED,
            recorded_at=datetime(2012, 10, 5, 9, 30),
            author="Julie Webster",
            override_reason="Provider has given notice",
            computed_rag=Rag.GREEN,
        )
        update.set_item(ItemKind.ACTION, ids["action"])
        session.add(update)
    with small_plan.read() as session:
        result = evaluate(session, "2012/13 Q2").get(ItemKind.ACTION, ids["action"]).result
    assert result.rag is Rag.RED
    assert result.overridden
    assert result.computed is Rag.GREEN
    assert result.text == "Red (overridden; computed Green)"
    assert result.reason.startswith(
        "Red, overridden by Julie Webster on 5 Oct 2012: Provider has given notice (computed Green:"
    )


def test_an_annual_indicator_is_judged_on_its_latest_year(small_plan: Store) -> None:
    with small_plan.session() as session:
        indicator = session.query(Indicator).one()
        indicator.targets = [IndicatorTarget(period="2011/12", value=17.0)]
        indicator.values = [IndicatorValue(period="2011/12", value=16.5)]
    indicator_id = _ids(small_plan)["indicator"]
    with small_plan.read() as session:
        judged = evaluate(session, "2012/13 Q2")
        reading = judged.readings[indicator_id]
        result = judged.get(ItemKind.INDICATOR, indicator_id).result
        this_quarter = evaluate(session, "2011/12").get(ItemKind.INDICATOR, indicator_id).result
    assert reading.period == "2011/12"
    assert reading.since_baseline is Direction.IMPROVING  # 16.5 against a baseline of 17.4
    # The reason says the figure is last year's, so nobody takes it for this quarter's.
    assert result.reason.startswith("Green: 16.5")
    assert result.reason.endswith("(the latest figure: 2011/12)")
    assert "latest figure" not in this_quarter.reason  # judged on its own period


def test_a_value_due_but_not_received_is_grey(small_plan: Store) -> None:
    with small_plan.session() as session:
        session.query(IndicatorValue).filter_by(period="2012/13 Q2").delete()
    ids = _ids(small_plan)
    with small_plan.read() as session:
        result = evaluate(session, "2012/13 Q2").get(ItemKind.INDICATOR, ids["indicator"]).result
    assert result.rag is Rag.GREY
    assert result.reason == "Grey: no value received for 2012/13 Q2 (target 17%)"


def test_one_item_is_judged_as_the_whole_plan_judges_it(demo_plan: Store) -> None:
    from cypp_desktop.store.rag import item_rag

    with demo_plan.read() as session:
        everything = evaluate(session, "2012/13 Q2")
        for (kind, item_id), rag in everything.items.items():
            if kind in (ItemKind.ACTION, ItemKind.INDICATOR) and not rag.result.overridden:
                assert item_rag(session, kind, item_id, "2012/13 Q2") == rag.result
