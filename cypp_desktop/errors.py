"""Expected trouble, as opposed to bugs.

A ``CyppError`` is something a user can act on (a bad file, a locked plan, a newer schema).
Its message is one plain sentence naming the file, sheet, cell or field and what was
expected; the CLI prints it on one line and the GUI shows it in a message box. Anything else
that escapes is a bug and reaches the exception dialog (in the GUI) or a saved report (on the
command line).
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime


class CyppError(Exception):
    """Expected trouble whose message is fit to show the user as it is."""


class PlanFileError(CyppError):
    """The plan file cannot be used: missing, not a plan, newer, locked or read-only."""


class NotAPlanError(PlanFileError):
    pass


class NewerPlanError(PlanFileError):
    pass


class PlanLockedError(PlanFileError):
    pass


class ReadOnlyPlanError(PlanFileError):
    pass


class InputError(CyppError):
    """Input the user supplied (a period, a date, a command option) is not what was expected."""


class EditError(CyppError):
    """An edit the plan cannot take; the message names the item and field."""


class ConflictError(EditError):
    """Someone else changed the item since the caller read it."""


def bug_report(error: BaseException) -> str:
    """What the developers need to see of an unexpected error: version, time, traceback."""
    from cypp_desktop import __version__

    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return (
        f"CYPP Desktop {__version__}, Python {sys.version.split()[0]}, "
        f"{datetime.now():%Y-%m-%d %H:%M:%S}\n\n" + "".join(lines)
    )


def bug_report_name() -> str:
    """The file name a bug report is offered or saved under: sortable, one per second."""
    return f"cypp-desktop-report-{datetime.now():%Y%m%d-%H%M%S}.txt"
