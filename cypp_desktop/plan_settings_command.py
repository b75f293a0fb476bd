"""``cypp-desktop settings PLAN [--set NAME=VALUE ...] [--json]``: see docs/plan-settings.md.

Without --set it prints the plan's settings; with --set it changes them, all or none, as
the Plan Settings dialog does (validated, audited under the computer login, refused on a
concurrent change). Exit 0 on success, 1 when a value is refused (one line naming the
setting and what was expected), 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_OK = 0


def _assignment(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(
            f'{text!r} is not NAME=VALUE (e.g. current_period="2012/13 Q3")'
        )
    return name.strip(), value


def add_parser(sub: Any) -> None:
    """Add the ``settings`` command to the command line's subcommands."""
    command = sub.add_parser(
        "settings",
        help="show or change the plan's settings: title, reporting period, RAG rules",
        description="Show the plan's settings, or change them with --set. Settings: title, "
        "partnership, period_covered, vision, notes, current_period (blank: the latest "
        "quarter with data), default_tolerance and action_lag_margin (0 to 100), "
        "rollup_rule (worst or majority).",
    )
    command.add_argument("plan", help="plan file (or a database URL)")
    command.add_argument(
        "--set",
        dest="assignments",
        metavar="NAME=VALUE",
        action="append",
        type=_assignment,
        default=[],
        help='change a setting, e.g. --set current_period="2012/13 Q3" (repeatable)',
    )
    command.add_argument("--json", action="store_true", help="print the settings as JSON")
    command.set_defaults(handler=run)


def run(options: argparse.Namespace) -> int:
    from cypp_desktop.store import Store
    from cypp_desktop.store.edits import default_user
    from cypp_desktop.store.plan_settings import (
        NAMES,
        plan_settings,
        reporting_periods,
        update_plan_settings,
        with_text,
    )

    with Store.open(options.plan) as store:
        before = plan_settings(store)
        settings = before
        if options.assignments:
            wanted = with_text(before, dict(options.assignments))
            settings = update_plan_settings(
                store, wanted, expected_version=before.version, who=default_user()
            )
        reports_on, _offered = reporting_periods(store)
    if options.json:
        data: dict[str, Any] = {name: getattr(settings, name) for name in NAMES}
        data["reports_on"] = reports_on
        data["version"] = settings.version
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    changed = settings.changed_from(before)
    if options.assignments:
        for name in changed:
            print(f"{name}: {_shown(getattr(before, name))} -> {_shown(getattr(settings, name))}")
        print("Settings saved." if changed else "No setting changed.")
        return EXIT_OK
    for name in NAMES:
        print(f"{name:<18} {_shown(getattr(settings, name))}")
    print(f"{'reports on':<18} {reports_on}")
    return EXIT_OK


def _shown(value: Any) -> str:
    """One line per setting: a multi-line vision or note keeps its breaks as " / "."""
    if value is None:
        return "(not set: the latest quarter with data)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " / ".join(str(value).splitlines()) if str(value) else '""'
