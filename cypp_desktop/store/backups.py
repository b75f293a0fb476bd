"""Copies of plan files: snapshots before risky work, restoring one, and Save a Copy.

Snapshots are taken with SQLite's online backup API, which copies a consistent state even
while another connection is writing, into the platform data folder (paths.backups_dir), one
folder per plan file. They are taken before any migration, before any import, before any
bulk change, and once a day when the plan is opened; the newest ``keep`` are kept. Every copy
is written under a temporary name, flushed and renamed, so a copy on disk is always whole.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cypp_desktop import paths
from cypp_desktop.files import sync_to_disk, temporary_name

DEFAULT_KEEP = 20
STALE_TEMPORARY_S = 3600
DAILY = "daily on open"
_STAMP = "%Y-%m-%d %H%M%S"
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{6})(?: \d+)? (.*)\.cypp$")


@dataclass(frozen=True, slots=True)
class Snapshot:
    path: Path
    taken_at: datetime
    reason: str


def copy_plan(source: Path, destination: Path) -> Path:
    temporary = temporary_name(destination)
    try:
        with (
            _closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as src,
            _closing(sqlite3.connect(temporary)) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        sync_to_disk(temporary)
        temporary.replace(destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return destination


def folder_for(plan_file: Path) -> Path:
    """Where a plan's snapshots live: its name, and a hash of where it is, so two plans
    with the same name in different folders keep separate histories."""
    where = hashlib.sha256(str(plan_file.resolve()).encode()).hexdigest()[:8]
    return paths.backups_dir() / f"{_slug(plan_file.stem)} {where}"


def snapshot(plan_file: Path, *, reason: str, keep: int = DEFAULT_KEEP) -> Path:
    """A dated copy of ``plan_file`` named after the reason; older ones beyond ``keep`` go."""
    folder = folder_for(plan_file)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime(_STAMP)
    target = folder / f"{stamp} {_slug(reason)}.cypp"
    number = 1
    while target.exists():  # two in the same second
        number += 1
        target = folder / f"{stamp} {number} {_slug(reason)}.cypp"
    copy_plan(plan_file, target)
    prune(plan_file, keep)
    return target


def snapshots(plan_file: Path) -> list[Snapshot]:
    """The plan's snapshots, newest first."""
    found = []
    folder = folder_for(plan_file)
    for path in folder.glob("*.cypp") if folder.is_dir() else []:
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match.group(1), _STAMP)
            found.append(Snapshot(path, taken, match.group(2)))
    return sorted(found, key=lambda s: (s.taken_at, s.path.name), reverse=True)


def prune(plan_file: Path, keep: int) -> None:
    """Keep the newest ``keep`` snapshots; also sweep away half copies that a process killed
    mid-copy left under a temporary name (an hour old, so never a copy still being made)."""
    for old in snapshots(plan_file)[max(keep, 1) :]:
        old.path.unlink(missing_ok=True)
    stale = datetime.now().timestamp() - STALE_TEMPORARY_S
    for leftover in folder_for(plan_file).glob(".*.tmp"):
        if leftover.stat().st_mtime < stale:
            leftover.unlink(missing_ok=True)


def daily(plan_file: Path, *, keep: int = DEFAULT_KEEP, today: date | None = None) -> Path | None:
    """The day's first opening of a plan takes a snapshot; later openings do not."""
    day = today or date.today()
    if any(s.reason == DAILY and s.taken_at.date() == day for s in snapshots(plan_file)):
        return None
    return snapshot(plan_file, reason=DAILY, keep=keep)


def restore(plan_file: Path, chosen: Snapshot, *, keep: int = DEFAULT_KEEP) -> Path:
    """Put ``chosen`` back as the plan, after keeping a snapshot of the plan as it is now.

    The plan must be closed. Returns the safety snapshot, from which this can be undone.
    """
    safety = snapshot(
        plan_file, reason=f"before restoring {chosen.taken_at:%d %b %Y %H.%M}", keep=keep + 1
    )
    copy_plan(chosen.path, plan_file)
    return safety


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", " ", text).strip()[:80] or "plan"


class _closing:
    """sqlite3 connections are context managers for transactions, not for closing."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *_exc: object) -> None:
        self.connection.close()
