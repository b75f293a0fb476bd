"""Writing files that nothing can leave half-written, with names nobody's typing can misuse.

Every file the application writes (packs, returns, backups, copies, exports) is built under
a hidden temporary name in its target folder, flushed to disk, and only then renamed over
the target: a reader, or the user after a crash or a kill, finds either the old file or the
whole new one. File names made from people's and meetings' names are cleaned so that a
slash, a colon or ".." never chooses the folder, and Windows' reserved names are avoided.
"""

from __future__ import annotations

import os
import re
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cypp_desktop.errors import CyppError

_RESERVED_CHARACTERS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_DEVICES = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}  # fmt: skip
MAX_STEM = 120


class FileWriteError(CyppError):
    """A file cannot be written where it was asked for."""


def temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def sync_to_disk(path: Path) -> None:
    """Flush a file, then the folder holding its name, so a rename survives a power cut."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
    if os.name == "posix":
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; it replaces ``path`` once the block succeeds."""
    folder = path.parent
    if not folder.is_dir():
        raise FileWriteError(f"{folder} does not exist; choose a folder that does.")
    if path.is_dir():
        raise FileWriteError(f"{path} is a folder; give a file name.")
    temporary = temporary_name(path)
    try:
        with temporary.open("xb"):
            pass
    except OSError as error:
        raise FileWriteError(
            f"Cannot write to {folder}: {error.strerror or error}; "
            "choose a folder you can write to."
        ) from error
    try:
        yield temporary
        sync_to_disk(temporary)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise FileWriteError(
            f"Cannot write {path}: {error.strerror or error} (is it open in another program?)."
        ) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def safe_part(text: str) -> str:
    """``text`` fit for a file name: reserved characters become "-", spaces collapse, dots
    trim, and a Windows device name is prefixed."""
    cleaned = unicodedata.normalize("NFC", text)
    cleaned = _RESERVED_CHARACTERS.sub("-", cleaned)
    cleaned = " ".join(cleaned.split()).strip(" .")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    if cleaned.split(".")[0].upper() in _WINDOWS_DEVICES:
        cleaned = f"_{cleaned}"
    return cleaned[:MAX_STEM].rstrip(" .") or "unnamed"
