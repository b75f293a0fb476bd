"""Importing returns: files and folders in, one report per file out.

``check_files`` reads, validates and compares each file with the plan and writes nothing,
for the GUI's preview (in a worker) and for ``--dry-run``; ``import_files`` checks and
applies, as the CLI does. A file with any error is rejected whole and the others still go
in: each file is written under its own savepoint, so a conflict undoes only that file. All
the files of one import commit in one transaction, so a crash or a cancel part-way leaves
the plan as it was before the import, never with some of the files in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from cypp_desktop.returns.apply import Written, write_report
from cypp_desktop.returns.diff import (
    CHECKED,
    NOTHING,
    READY,
    REJECTED,
    FileReport,
    check_return,
    units_of,
)
from cypp_desktop.store.edits import EditError
from cypp_desktop.store.store import Store

Progress = Callable[[int, int, str], None]
RETURN_SUFFIXES = (".xlsx", ".xlsm")


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[FileReport]]:
    """The files to import: folders give every .xlsx/.xlsm in them (not hidden ones);
    a path that does not exist is a rejected report of its own."""
    files: list[Path] = []
    problems: list[FileReport] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                child
                for child in path.iterdir()
                if child.suffix.lower() in RETURN_SUFFIXES
                and not child.name.startswith((".", "~$"))
                and child.is_file()
            )
        elif path.exists():
            files.append(path)
        else:
            problems.append(FileReport(path, errors=[f"{path}: no such file or folder."]))
    return files, problems


def check_files(
    store: Store, paths: Iterable[Path], progress: Progress | None = None
) -> list[FileReport]:
    files, reports = expand(paths)
    units = units_of(store)
    for number, path in enumerate(files):
        if progress is not None:
            progress(number, len(files), f"Checking {path.name}")
        reports.append(check_return(store, path, units))
    if progress is not None:
        progress(len(files), len(files), "Checked")
    return reports


def apply_checked(
    store: Store, reports: list[FileReport], *, who: str, progress: Progress | None = None
) -> None:
    """Apply the checked reports that are ready, in one transaction; a file whose changes
    conflict with the plan as it now is (someone changed it meanwhile) is rejected whole."""
    ready = [report for report in reports if report.status in (READY, NOTHING)]
    written: list[tuple[FileReport, Written]] = []
    with store.session() as session:
        for number, report in enumerate(ready):
            if progress is not None:
                progress(number, len(ready), f"Applying {report.name}")
            try:
                with session.begin_nested():
                    written.append((report, write_report(session, report, who=who)))
            except (EditError, IntegrityError) as error:
                reason = error.orig if isinstance(error, IntegrityError) else error
                report.errors.append(
                    f"{report.name}: {reason} Nothing from this return was applied."
                )
                report.status = REJECTED
    for report, result in written:
        report.status, report.applied = result.status, result.applied
        for change in result.changes:
            store.changes.publish(change)


def apply_all(
    store: Store, reports: list[FileReport], *, who: str, progress: Progress | None = None
) -> None:
    """Apply every checked file that is ready, after one backup snapshot of the plan."""
    if any(report.status == READY for report in reports):
        ready = sum(report.status in (READY, NOTHING) for report in reports)
        store.snapshot(f"before importing {ready} return{'s' if ready != 1 else ''}")
    apply_checked(store, reports, who=who, progress=progress)


def import_files(
    store: Store,
    paths: Iterable[Path],
    *,
    who: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> list[FileReport]:
    reports = check_files(store, paths, progress)
    if dry_run:
        for report in reports:
            if report.status in (READY, NOTHING):
                report.status = CHECKED
    else:
        apply_all(store, reports, who=who)
    return reports
