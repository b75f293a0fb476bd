"""The command line: GUI launch and the headless commands (see docs/cli.md).

Exit status: 0 success, 1 input rejected (one clear line on stderr), 2 wrong usage. Headless
commands never import Qt, so they run on servers and in CI without a display.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cypp_desktop import __version__, plan_settings_command
from cypp_desktop.errors import CyppError

PROG = "cypp-desktop"
EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool its reader closed

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser, commands = _command_parser()
    if args and args[0] in commands:
        options = parser.parse_args(args)
        handler: Handler = options.handler
    else:
        options = _gui_parser().parse_args(args)
        handler = _launch_gui
    try:
        return handler(options)
    except CyppError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``dump --json | head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:
        if handler is _launch_gui:
            raise  # the window's own exception dialog has had its chance; this is start-up
        print(f"{PROG}: {_saved_bug_report(error)}", file=sys.stderr)
        return EXIT_REJECTED


def _saved_bug_report(error: Exception) -> str:
    """A bug in a headless command: one line for the user, the traceback in a report file
    for the developers (as the GUI's exception dialog offers)."""
    from cypp_desktop import paths
    from cypp_desktop.errors import bug_report, bug_report_name

    summary = f"unexpected error ({type(error).__name__}: {error}); this is a bug"
    try:
        report = paths.logs_dir() / bug_report_name()
        report.write_text(bug_report(error), encoding="utf-8")
    except OSError:
        return f"{summary}."
    return f"{summary}: a report for the developers was saved to {report}"


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Open the plan in the desktop application. "
        "Headless commands: demo, copy, info, dump, settings, pack, returns "
        "(run 'cypp-desktop COMMAND --help').",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "plan", nargs="?", type=Path, help="plan file to open (default: the last one, or the demo)"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="open a plan held on a database server instead, "
        "e.g. postgresql+psycopg://officer@trust-server/cypp_plan",
    )
    return parser


def _command_parser() -> tuple[argparse.ArgumentParser, set[str]]:
    parser = argparse.ArgumentParser(prog=PROG)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="write the demo plan to a new file")
    demo.add_argument("plan", help="a new plan file (or the URL of an empty database)")
    demo.add_argument("--force", action="store_true", help="replace the file if it exists")
    demo.set_defaults(handler=_demo)

    copy = sub.add_parser(
        "copy", help="copy a whole plan between a plan file and a database server, either way"
    )
    copy.add_argument("source", help="plan file (or a database URL)")
    copy.add_argument("target", help="a new plan file, or the URL of an empty database")
    copy.add_argument("--force", action="store_true", help="replace the target file if it exists")
    copy.set_defaults(handler=_copy)

    info = sub.add_parser("info", help="counts, periods and current period of a plan")
    info.add_argument("plan", help="plan file (or a database URL)")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(handler=_info)

    dump = sub.add_parser("dump", help="the whole plan as JSON (format: docs/dump-format.md)")
    dump.add_argument("plan", help="plan file (or a database URL)")
    dump.add_argument("--json", action="store_true", required=True, help="print JSON")
    dump.set_defaults(handler=_dump)

    pack = sub.add_parser("pack", help="build the board pack for a period or meeting")
    pack.add_argument("plan", help="plan file (or a database URL)")
    pack.add_argument("--period", required=True, help='reporting period, e.g. "2012/13 Q2"')
    pack.add_argument("--meeting", type=int, help="meeting id (see dump --json)")
    pack.add_argument("--pdf", type=Path, help="write the PDF pack here")
    pack.add_argument("--xlsx", type=Path, help="write the Excel pack here")
    pack.add_argument("--marking", default="", help="protective marking, e.g. OFFICIAL")
    pack.set_defaults(handler=_pack)

    returns = sub.add_parser("returns", help="make Excel returns, or import filled ones")
    returns_sub = returns.add_subparsers(dest="returns_command", required=True)
    make = returns_sub.add_parser("make", help="one return workbook per owner")
    make.add_argument("plan", help="plan file (or a database URL)")
    make.add_argument("--period", required=True, help='reporting period, e.g. "2012/13 Q2"')
    make.add_argument("--out", type=Path, required=True, help="folder to write the returns to")
    make.add_argument("--owner", action="append", help="only this owner (repeatable)")
    make.set_defaults(handler=_returns_make)
    take = returns_sub.add_parser("import", help="validate and apply filled returns")
    take.add_argument("plan", help="plan file (or a database URL)")
    take.add_argument("files", nargs="+", type=Path, help="return workbooks, or folders of them")
    take.add_argument("--dry-run", action="store_true", help="check and report; change nothing")
    take.add_argument("--json", action="store_true", help="print the report as JSON")
    take.set_defaults(handler=_returns_import)

    plan_settings_command.add_parser(sub)

    return parser, set(sub.choices)


def _open(location: str) -> Any:
    from cypp_desktop.store import Store

    return Store.open(location)


def _demo(options: argparse.Namespace) -> int:
    from cypp_desktop.store.demo import write_demo
    from cypp_desktop.store.engine import shown_url

    if "://" in options.plan:
        write_demo(options.plan)
        print(f"Demo plan written to {shown_url(options.plan)}")
        return EXIT_OK
    path = Path(options.plan)
    if path.exists() and not options.force:
        raise CyppError(f"{path} already exists; use --force to replace it.")
    write_demo(path, overwrite=options.force)
    print(f"Demo plan written to {path}")
    return EXIT_OK


def _copy(options: argparse.Namespace) -> int:
    from cypp_desktop.store.engine import shown_url

    target: str = options.target
    with _open(options.source) as store:
        if "://" in target:
            store.copy_to_server(target)
            target = shown_url(target)
        else:
            path = Path(target)
            if path.exists() and not options.force:
                raise CyppError(f"{path} already exists; use --force to replace it.")
            store.save_copy(path)
    print(f"Plan copied to {target}")
    return EXIT_OK


def _info(options: argparse.Namespace) -> int:
    from cypp_desktop.store.queries import plan_summary

    with _open(options.plan) as store:
        summary = plan_summary(store)
    if options.json:
        print(
            json.dumps(
                {
                    "title": summary.title,
                    "partnership": summary.partnership,
                    **summary.counts,
                    "periods": summary.periods,
                    "current_period": summary.current_period,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(summary.title)
        for name, count in summary.counts.items():
            print(f"  {name:<14} {count}")
        print(f"  {'periods':<14} {', '.join(summary.periods) or 'none'}")
        print(f"  {'current period':<14} {summary.current_period}")
    return EXIT_OK


def _dump(options: argparse.Namespace) -> int:
    from cypp_desktop.store.dump import dump_plan

    with _open(options.plan) as store:
        data = dump_plan(store)
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK


def _pack(options: argparse.Namespace) -> int:
    from cypp_desktop.packs.command import run

    return run(options)


def _returns_make(options: argparse.Namespace) -> int:
    from cypp_desktop.returns.command import run_make

    return run_make(options)


def _returns_import(options: argparse.Namespace) -> int:
    from cypp_desktop.returns.command import run_import

    return run_import(options)


def _launch_gui(options: argparse.Namespace) -> int:
    from cypp_desktop.app import run

    if options.plan is not None and options.db:
        raise CyppError("Give a plan file or --db, not both.")
    return run(options.plan, db=options.db)
