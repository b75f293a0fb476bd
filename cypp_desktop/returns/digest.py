"""Short, stable digests of cell values: what the return holds about what it was issued with.

The hidden data sheet keeps a digest of every cell as it was written, not the value itself:
the sheet stays small whatever the commentary's length, and a value typed back differently
but meaning the same (" 75 ", 75.0, "75%") gives the same digest once it has been read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum


def canonical(value: object) -> str:
    """One spelling per meaning: dates as ISO dates, whole floats without ".0", text tidied."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.10g}"
    if isinstance(value, int):
        return str(value)
    return tidy_text(str(value))


def tidy_text(text: str) -> str:
    """Text as a lead's spreadsheet may give it back: line ends unified, ends trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def digest(value: object) -> str:
    return hashlib.blake2b(canonical(value).encode("utf-8"), digest_size=6).hexdigest()


def checksum(parts: Iterable[str]) -> str:
    """The checksum of the locked part: every locked cell's digest, in sheet order."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("ascii", "replace"))
        hasher.update(b"\n")
    return hasher.hexdigest()
