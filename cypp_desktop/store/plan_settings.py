"""The plan's own settings: its name and words, the period it reports on, and its RAG rules.

They change rarely but weigh a lot: the reporting period decides what the dashboard, the
grids, the packs and the returns judge by default, and the RAG rules decide every RAG in
the plan. So they change only through ``update_plan_settings``: validated, one transaction,
an audit entry per field changed, refused when someone else changed them since they were
read, and announced so that every page judges again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.orm import Session

from cypp_desktop.errors import ConflictError, EditError
from cypp_desktop.models import Plan, RollupRule
from cypp_desktop.models.periods import EXPECTED_FORMS, PeriodKind, parse_period, sort_labels
from cypp_desktop.models.rag_rules import RagSettings
from cypp_desktop.store.changes import ANY, Change
from cypp_desktop.store.edits import _Writer
from cypp_desktop.store.queries import current_period, periods_with_data
from cypp_desktop.store.store import Store

SOURCE = "plan settings"

# The settings every RAG depends on: changing one re-judges every page.
JUDGING = frozenset({"current_period", "default_tolerance", "action_lag_margin", "rollup_rule"})

# How each setting is named to people, in messages and on the command line's help.
LABELS = {
    "title": "Title",
    "partnership": "Partnership",
    "period_covered": "Period covered",
    "vision": "Vision",
    "notes": "Notes",
    "current_period": "Reporting period",
    "default_tolerance": "Indicator tolerance",
    "action_lag_margin": "Action lag margin",
    "rollup_rule": "Roll-up rule",
}
EXPECTED_PERCENT = "a percentage from 0 to 100, such as 10 or 12.5"
EXPECTED_ROLLUP = "worst (worst of) or majority"


class PlanSettingsError(EditError):
    """A setting the plan cannot take; ``field`` says which, so a dialog can point at it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """The plan's editable fields as read at ``version`` (hand it back as expected_version).

    ``current_period`` None means no period is set: the plan reports on its latest quarter
    with data (store/queries.py ``current_period``).
    """

    title: str
    partnership: str
    period_covered: str
    vision: str
    notes: str
    current_period: str | None
    default_tolerance: float
    action_lag_margin: float
    rollup_rule: RollupRule
    version: int = 0

    @property
    def rag_settings(self) -> RagSettings:
        return RagSettings(self.default_tolerance, self.action_lag_margin, self.rollup_rule)

    def changed_from(self, other: PlanSettings) -> list[str]:
        """The names of the settings that differ from ``other``'s, in order."""
        return [name for name in NAMES if getattr(self, name) != getattr(other, name)]


NAMES = tuple(f.name for f in fields(PlanSettings) if f.name != "version")


def _read(session: Session) -> PlanSettings:
    plan = session.execute(select(Plan)).scalar_one()
    return PlanSettings(**{name: getattr(plan, name) for name in NAMES}, version=plan.version)


def plan_settings(store: Store) -> PlanSettings:
    with store.read() as session:
        return _read(session)


def reporting_periods(store: Store) -> tuple[str, list[str]]:
    """The period the plan reports on, and the periods worth offering for it, newest first:
    the quarters with data, the quarter after the latest of them (its returns not yet in),
    and the plan's own period, whatever its kind."""
    with store.read() as session:
        reports_on = current_period(session)
        labels = periods_with_data(session)
    offered = {label for label in labels if parse_period(label).kind is PeriodKind.QUARTER}
    offered.add(reports_on)
    quarters = [parse_period(label) for label in offered]
    quarters = [period for period in quarters if period.kind is PeriodKind.QUARTER]
    if quarters:
        offered.add(max(quarters, key=lambda period: period.sort_key).next().label)
    return reports_on, sort_labels(offered)[::-1]


# Reading typed text -------------------------------------------------------------------------


def parse_setting(name: str, text: str) -> Any:
    """The value ``text`` stands for as setting ``name``, as typed in a dialog or given on the
    command line (``--set rollup_rule=majority``). Raises PlanSettingsError saying what was
    expected."""
    if name not in NAMES:
        raise PlanSettingsError(
            name, f"There is no plan setting {name!r} (the settings are {', '.join(NAMES)})."
        )
    text = text.strip()
    if name == "current_period":
        return _period(text) if text else None
    if name in ("default_tolerance", "action_lag_margin"):
        try:
            return float(text.removesuffix("%").strip())
        except ValueError:
            raise _error(name, f'"{text}" is not {EXPECTED_PERCENT}.') from None
    if name == "rollup_rule":
        return _rollup(text)
    return text


def with_text(settings: PlanSettings, assignments: Mapping[str, str]) -> PlanSettings:
    """``settings`` with each named setting read from its text."""
    return replace(
        settings, **{name: parse_setting(name, text) for name, text in assignments.items()}
    )


def _error(name: str, what: str) -> PlanSettingsError:
    return PlanSettingsError(name, f"{LABELS[name]}: {what}")


def _period(text: str) -> str:
    try:
        return parse_period(text).label
    except ValueError:
        raise _error(
            "current_period", f'"{text}" is not a reporting period (expected {EXPECTED_FORMS}).'
        ) from None


def _rollup(text: str) -> RollupRule:
    words = " ".join(text.lower().replace("-", " ").replace("_", " ").split())
    for rule in RollupRule:
        if words in (rule.value, rule.label):
            return rule
    raise _error("rollup_rule", f'"{text}" is not a roll-up rule (expected {EXPECTED_ROLLUP}).')


# Checking ----------------------------------------------------------------------------------


def _limit(name: str) -> int | None:
    column_type = Plan.__table__.c[name].type
    return column_type.length if isinstance(column_type, String) else None


def checked(settings: PlanSettings) -> PlanSettings:
    """``settings`` tidied (text trimmed, the period in its canonical form) if the plan can
    take them; otherwise PlanSettingsError naming the first setting that cannot be taken."""
    tidied: dict[str, Any] = {}
    for name in ("title", "partnership", "period_covered", "vision", "notes"):
        value = getattr(settings, name)
        if not isinstance(value, str):
            raise _error(name, f"expected text, not {value!r}.")
        value = value.strip()
        limit = _limit(name)
        if limit is not None and len(value) > limit:
            raise _error(name, f"{len(value)} characters is too long; at most {limit}.")
        tidied[name] = value
    if not tidied["title"]:
        raise _error("title", "the plan needs a title; it must not be blank.")
    period = settings.current_period
    tidied["current_period"] = None if period is None or not period.strip() else _period(period)
    for name in ("default_tolerance", "action_lag_margin"):
        value = getattr(settings, name)
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if not numeric or not math.isfinite(value) or not 0 <= value <= 100:
            shown = f"{value:g}" if numeric else repr(value)
            raise _error(name, f"{shown} is not {EXPECTED_PERCENT}.")
        tidied[name] = float(value)
    if not isinstance(settings.rollup_rule, RollupRule):
        tidied["rollup_rule"] = _rollup(str(settings.rollup_rule))
    return replace(settings, **tidied)


# Writing ----------------------------------------------------------------------------------


def update_plan_settings(
    store: Store, settings: PlanSettings, *, expected_version: int, who: str, source: str = SOURCE
) -> PlanSettings:
    """Write ``settings``: all or nothing, one audit entry per setting changed, refused as a
    ConflictError when the plan is no longer at ``expected_version``. Returns the settings
    as saved, with the plan's new version."""
    wanted = checked(settings)
    with store.session() as session:
        plan = session.execute(select(Plan)).scalar_one()
        if plan.version != expected_version:
            raise ConflictError(
                "The plan's settings were changed by someone else after you opened them. "
                "Reload to see the latest, then make your change again."
            )
        before = _read(session)
        changed = wanted.changed_from(before)
        if not changed:
            return before
        writer = _Writer(session, who, source)
        for name in changed:
            setattr(plan, name, getattr(wanted, name))
            writer.audit("plan", plan.id, "", name, getattr(before, name), getattr(wanted, name))
        writer.write_pending()
        saved = _read(session)
    kinds = {"plan", ANY} if JUDGING.intersection(changed) else {"plan"}
    store.changes.publish(Change(frozenset(kinds), frozenset({("plan", 1)}), source))
    return saved
