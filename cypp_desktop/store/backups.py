"""Copies of plan files: backups before risky work, and Save a Copy.

Both use SQLite's online backup API, which copies a consistent state even while another
connection is writing, and both write to a temporary name and rename, so a copy on disk is
always whole.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

from cypp_desktop import paths
from cypp_desktop.files import sync_to_disk, temporary_name


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


def snapshot(plan_file: Path, *, reason: str) -> Path:
    """A dated copy of ``plan_file`` in the backups folder, named after the reason."""
    folder = paths.backups_dir() / _slug(plan_file.stem)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d %H%M%S")
    return copy_plan(plan_file, folder / f"{stamp} {_slug(reason)}.cypp")


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
