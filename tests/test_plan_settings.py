"""The plan's settings: read, validated, written in one audited transaction, conflict-checked,
announced; and the ``settings`` command. Store tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cypp_desktop import cli as cli_module
from cypp_desktop.models import AuditEntry, ItemKind, Plan, Rag, RollupRule
from cypp_desktop.store import Store
from cypp_desktop.store.changes import ANY, Change
from cypp_desktop.store.edits import ConflictError
from cypp_desktop.store.plan_settings import (
    SOURCE,
    PlanSettings,
    PlanSettingsError,
    parse_setting,
    plan_settings,
    reporting_periods,
    update_plan_settings,
    with_text,
)
from cypp_desktop.store.queries import current_period, plan_summary, priority_rags
from cypp_desktop.store.rag import evaluate

Q2, Q3 = "2012/13 Q2", "2012/13 Q3"


def audit(store: Store) -> list[tuple[str, str, str, str, str, str]]:
    with store.read() as session:
        return [
            (e.who, e.item_kind, e.field, e.old_value, e.new_value, e.source)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def audit_count(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def save(store: Store, **changes: Any) -> PlanSettings:
    before = plan_settings(store)
    return update_plan_settings(
        store, replace(before, **changes), expected_version=before.version, who="Ann Officer"
    )


def wfd(store: Store, period: str = Q2) -> Rag:
    """Workforce development in the demo: 1 Red, 3 Green, 3 Blue under it in 2012/13 Q2."""
    return next(row for row in priority_rags(store, period) if row.code == "WFD").rag.rag


# Reading ----------------------------------------------------------------------------------


def test_the_demo_plan_settings_are_read_as_stored(demo_plan: Store) -> None:
    settings = plan_settings(demo_plan)
    assert settings.title == "Demonstration Children and Young People's Plan 2011-14"
    assert settings.partnership == "Demonstration Children's Trust"
    assert settings.period_covered == "2011-14"
    assert settings.vision.startswith("We want children and young people")
    assert (settings.current_period, settings.default_tolerance) == (Q2, 10.0)
    assert (settings.action_lag_margin, settings.rollup_rule) == (15.0, RollupRule.WORST)
    assert settings.version == demo_plan.plan().version
    assert settings.rag_settings.rollup is RollupRule.WORST


def test_the_periods_offered_are_quarters_with_data_and_the_next_newest_first(
    demo_plan: Store,
) -> None:
    reports_on, offered = reporting_periods(demo_plan)
    assert reports_on == Q2
    assert offered[:4] == [Q3, Q2, "2012/13 Q1", "2011/12 Q4"]
    assert offered[-1] == "2009/10 Q4"
    assert "2011/12" not in offered and "AY 2011/12" not in offered


def test_a_new_plan_reports_on_this_quarter_and_offers_the_next(empty_plan: Store) -> None:
    settings = plan_settings(empty_plan)
    assert settings.current_period is None
    reports_on, offered = reporting_periods(empty_plan)
    with empty_plan.read() as session:
        assert reports_on == current_period(session)
    assert offered[1] == reports_on
    assert len(offered) == 2


# Writing ----------------------------------------------------------------------------------


def test_settings_are_saved_audited_field_by_field_and_announced(demo_plan: Store) -> None:
    heard: list[Change] = []
    demo_plan.changes.subscribe(heard.append)
    before = plan_settings(demo_plan)
    saved = update_plan_settings(
        demo_plan,
        replace(before, title="  Halton CYPP 2011-14 ", current_period="2012-13 q3"),
        expected_version=before.version,
        who="Ann Officer",
        source=SOURCE,
    )
    assert (saved.title, saved.current_period) == ("Halton CYPP 2011-14", Q3)
    assert saved.version == before.version + 1
    assert plan_settings(demo_plan) == saved
    assert audit(demo_plan) == [
        ("Ann Officer", "plan", "title", before.title, "Halton CYPP 2011-14", SOURCE),
        ("Ann Officer", "plan", "current_period", Q2, Q3, SOURCE),
    ]
    assert heard == [Change(frozenset({"plan", ANY}), frozenset({("plan", 1)}), SOURCE)]
    with demo_plan.read() as session:
        assert current_period(session) == Q3
    assert plan_summary(demo_plan).current_period == Q3


def test_a_change_of_words_alone_is_announced_as_the_plan_only(demo_plan: Store) -> None:
    heard: list[Change] = []
    demo_plan.changes.subscribe(heard.append)
    save(demo_plan, vision="Every child safe, healthy and happy.\nAnd helped early.")
    assert heard == [Change(frozenset({"plan"}), frozenset({("plan", 1)}), SOURCE)]
    assert not heard[0].touches("action")
    assert plan_settings(demo_plan).vision.endswith("\nAnd helped early.")


def test_the_rules_change_every_rag(demo_plan: Store) -> None:
    assert wfd(demo_plan) is Rag.RED
    save(demo_plan, rollup_rule=RollupRule.MAJORITY)
    assert wfd(demo_plan) is Rag.GREEN
    with demo_plan.read() as session:
        reason = evaluate(session, Q2).get(ItemKind.PRIORITY, 5).result.reason
    assert reason.startswith("Green: majority of 7 items")

    with demo_plan.read() as session:
        before = evaluate(session, Q2)
    save(demo_plan, default_tolerance=0.0, action_lag_margin=0.0)
    with demo_plan.read() as session:
        after = evaluate(session, Q2)
        plan = session.scalars(select(Plan)).one()
    assert (plan.default_tolerance, plan.action_lag_margin) == (0, 0)
    was_amber = [key for key, item in before.items.items() if item.rag is Rag.AMBER]
    assert was_amber
    turned = [key for key in was_amber if after.items[key].rag is not Rag.AMBER]
    assert turned, "a zero tolerance and margin leaves nothing Amber by the rules' own say"
    reasons = [after.items[key].result.reason for key in turned]
    assert any("0% tolerance" in reason or "0-point margin" in reason for reason in reasons)


def test_no_change_writes_nothing(demo_plan: Store) -> None:
    heard: list[Change] = []
    demo_plan.changes.subscribe(heard.append)
    before = plan_settings(demo_plan)
    assert save(demo_plan, title=f" {before.title} ") == before
    assert audit_count(demo_plan) == 0
    assert heard == []
    assert plan_settings(demo_plan).version == before.version


def test_a_stale_version_is_refused_and_nothing_is_written(demo_plan: Store) -> None:
    mine = plan_settings(demo_plan)
    save(demo_plan, partnership="Halton Children's Trust")  # a colleague, meanwhile
    count = audit_count(demo_plan)
    with pytest.raises(ConflictError, match="changed by someone else"):
        update_plan_settings(
            demo_plan,
            replace(mine, rollup_rule=RollupRule.MAJORITY),
            expected_version=mine.version,
            who="Ann Officer",
        )
    now = plan_settings(demo_plan)
    assert (now.partnership, now.rollup_rule) == ("Halton Children's Trust", RollupRule.WORST)
    assert audit_count(demo_plan) == count


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "Title: the plan needs a title; it must not be blank."),
        ({"title": "x" * 201}, "title", "Title: 201 characters is too long; at most 200."),
        ({"period_covered": "y" * 41}, "period_covered", "Period covered: 41 characters"),
        ({"current_period": "2012/13 Q5"}, "current_period", 'Reporting period: "2012/13 Q5"'),
        ({"default_tolerance": 150.0}, "default_tolerance", "Indicator tolerance: 150 is not"),
        ({"default_tolerance": -1.0}, "default_tolerance", "Indicator tolerance: -1 is not a"),
        ({"default_tolerance": float("nan")}, "default_tolerance", "Indicator tolerance: nan is"),
        ({"action_lag_margin": 101.0}, "action_lag_margin", "Action lag margin: 101 is not"),
        ({"rollup_rule": "average"}, "rollup_rule", 'Roll-up rule: "average" is not'),
    ],
)
def test_bad_values_are_refused_by_name_and_nothing_is_written(
    demo_plan: Store, changes: dict[str, Any], field: str, message: str
) -> None:
    before = plan_settings(demo_plan)
    with pytest.raises(PlanSettingsError) as refused:
        update_plan_settings(
            demo_plan,
            replace(before, **{"notes": "Changed too", **changes}),
            expected_version=before.version,
            who="Ann Officer",
        )
    assert refused.value.field == field
    assert str(refused.value).startswith(message)
    assert plan_settings(demo_plan) == before
    assert audit_count(demo_plan) == 0


def test_long_words_fit_where_the_plan_has_room(empty_plan: Store) -> None:
    notes = "A note.\n" * 2000
    saved = save(empty_plan, title="t" * 200, notes=notes)
    assert (len(saved.title), saved.notes) == (200, notes.strip())


def test_clearing_the_period_goes_back_to_the_latest_quarter_with_data(demo_plan: Store) -> None:
    save(demo_plan, current_period=Q3)
    save(demo_plan, current_period=None)
    assert plan_settings(demo_plan).current_period is None
    with demo_plan.read() as session:
        assert current_period(session) == Q2  # the demo's latest quarter with data


# Reading typed text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("current_period", " 2012-13 q3 ", Q3),
        ("current_period", "Q1 2013/2014", "2013/14 Q1"),
        ("current_period", "", None),
        ("default_tolerance", "12.5%", 12.5),
        ("action_lag_margin", " 20 ", 20.0),
        ("rollup_rule", "Majority", RollupRule.MAJORITY),
        ("rollup_rule", "worst-of", RollupRule.WORST),
        ("rollup_rule", "worst of", RollupRule.WORST),
        ("title", "  A plan ", "A plan"),
    ],
)
def test_typed_settings_are_read(name: str, text: str, value: object) -> None:
    assert parse_setting(name, text) == value


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("default_tolerance", "ten", 'Indicator tolerance: "ten" is not a percentage'),
        ("current_period", "next quarter", 'Reporting period: "next quarter" is not'),
        ("rollup_rule", "mean", 'Roll-up rule: "mean" is not a roll-up rule'),
        ("colour", "red", "There is no plan setting 'colour'"),
    ],
)
def test_typed_settings_that_cannot_be_read_say_what_was_expected(
    name: str, text: str, message: str
) -> None:
    with pytest.raises(PlanSettingsError, match=message):
        parse_setting(name, text)


def test_with_text_applies_several(demo_plan: Store) -> None:
    settings = with_text(plan_settings(demo_plan), {"rollup_rule": "majority", "title": "T"})
    assert (settings.rollup_rule, settings.title) == (RollupRule.MAJORITY, "T")


# The command line -------------------------------------------------------------------------


@pytest.fixture
def cli() -> Callable[..., tuple[int, str, str]]:
    """The real cli.main, run in this process: (exit status, stdout, stderr)."""
    return lambda capsys, *args: _run(capsys, *args)


def _run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    try:
        code = cli_module.main([str(a) for a in args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_the_settings(
    cli: Callable[..., tuple[int, str, str]], demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = cli(capsys, "settings", demo_file)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "title              Demonstration Children and Young People's Plan 2011-14"
    assert "current_period     2012/13 Q2" in lines
    assert "rollup_rule        worst" in lines
    assert "default_tolerance  10" in lines
    assert lines[-1] == "reports on         2012/13 Q2"

    code, out, _err = cli(capsys, "settings", demo_file, "--json")
    data = json.loads(out)
    assert code == 0
    assert data["current_period"] == Q2
    assert (data["default_tolerance"], data["rollup_rule"], data["reports_on"]) == (
        10.0,
        "worst",
        Q2,
    )
    assert set(data) >= {"title", "partnership", "period_covered", "vision", "notes", "version"}


def test_cli_sets_the_period_and_info_follows(
    cli: Callable[..., tuple[int, str, str]], demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = cli(
        capsys,
        "settings",
        demo_file,
        "--set",
        "current_period=2012/13 Q3",
        "--set",
        "rollup_rule=majority",
    )
    assert code == 0
    assert out.splitlines() == [
        "current_period: 2012/13 Q2 -> 2012/13 Q3",
        "rollup_rule: worst -> majority",
        "Settings saved.",
    ]
    code, out, _err = cli(capsys, "info", demo_file, "--json")
    assert json.loads(out)["current_period"] == Q3
    with Store.open(demo_file) as store:
        assert [entry[2] for entry in audit(store)] == ["current_period", "rollup_rule"]
        assert {entry[5] for entry in audit(store)} == {SOURCE}
        assert wfd(store) is Rag.GREEN


def test_cli_refuses_a_bad_value_in_one_line_and_changes_nothing(
    cli: Callable[..., tuple[int, str, str]], demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(
        capsys,
        "settings",
        demo_file,
        "--set",
        "title=Renamed",
        "--set",
        "default_tolerance=150",
    )
    assert code == 1
    assert out == ""
    assert err == (
        "cypp-desktop: Indicator tolerance: 150 is not a percentage from 0 to 100, "
        "such as 10 or 12.5.\n"
    )
    with Store.open(demo_file) as store:
        assert plan_settings(store).title.startswith("Demonstration")
        assert audit_count(store) == 0


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        ("current_period=2012/13 Q9", 'Reporting period: "2012/13 Q9" is not a reporting period'),
        ("colour=red", "There is no plan setting 'colour'"),
        ("title=", "Title: the plan needs a title"),
    ],
)
def test_cli_bad_settings_exit_1(
    cli: Callable[..., tuple[int, str, str]],
    demo_file: Path,
    capsys: pytest.CaptureFixture[str],
    assignment: str,
    expected: str,
) -> None:
    code, _out, err = cli(capsys, "settings", demo_file, "--set", assignment)
    assert code == 1
    assert err.startswith(f"cypp-desktop: {expected}")
    assert err.count("\n") == 1


def test_cli_wrong_usage_exits_2(
    cli: Callable[..., tuple[int, str, str]], demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = cli(capsys, "settings", demo_file, "--set", "majority")
    assert code == 2
    assert "is not NAME=VALUE" in err
