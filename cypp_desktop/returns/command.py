"""``cypp-desktop returns make`` and ``returns import``: see docs/returns.md.

Exit 0 when every file was made or imported, 1 when any file was rejected (its errors on
stderr, one per line, or in the JSON report), 2 for wrong usage (argparse's).
"""

from __future__ import annotations

import argparse
import json
import sys

from cypp_desktop.errors import InputError
from cypp_desktop.models.periods import parse_period
from cypp_desktop.returns.diff import REJECTED
from cypp_desktop.returns.importer import import_files
from cypp_desktop.returns.make import make_returns
from cypp_desktop.returns.report import as_json, lines
from cypp_desktop.store import Store
from cypp_desktop.store.edits import default_user

EXIT_OK, EXIT_REJECTED = 0, 1


def _period(text: str) -> str:
    try:
        return parse_period(text).label
    except ValueError as error:
        raise InputError(str(error)) from None


def run_make(options: argparse.Namespace) -> int:
    period = _period(options.period)
    with Store.open(options.plan) as store:
        made = make_returns(store, period, options.out, owners=options.owner, who=default_user())
    for item in made:
        print(f"{item.path}  ({item.rows} rows for {item.owner})")
    print(f"{len(made)} returns for {period} written to {options.out}")
    return EXIT_OK


def run_import(options: argparse.Namespace) -> int:
    with Store.open(options.plan) as store:
        reports = import_files(store, options.files, who=default_user(), dry_run=options.dry_run)
    rejected = any(report.status == REJECTED for report in reports)
    if options.json:
        json.dump(
            {
                "ok": not rejected,
                "dry_run": bool(options.dry_run),
                "files": [as_json(report) for report in reports],
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
    else:
        for report in reports:
            for stream, line in lines(report):
                print(line, file=sys.stderr if stream == "err" else sys.stdout)
    return EXIT_REJECTED if rejected else EXIT_OK
