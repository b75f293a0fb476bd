"""Writing a pack file so that a failure, a cancel or a kill never leaves half a file.

The builder writes to a hidden temporary name in the target folder, and only a complete file
is renamed over the target: a reader either sees the old file or the whole new one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cypp_desktop.errors import CyppError


class PackFileError(CyppError):
    """The pack cannot be written where it was asked for."""


def temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; rename it to ``path`` once the block succeeds."""
    folder = path.parent
    if not folder.is_dir():
        raise PackFileError(f"{folder} does not exist; choose a folder that does.")
    if path.is_dir():
        raise PackFileError(f"{path} is a folder; give a file name for the pack.")
    temporary = temporary_name(path)
    try:
        with temporary.open("xb"):
            pass
    except OSError as error:
        raise PackFileError(
            f"Cannot write to {folder}: {error.strerror or error}; "
            "choose a folder you can write to."
        ) from error
    try:
        yield temporary
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise PackFileError(
            f"Cannot write {path}: {error.strerror or error} (is it open in another program?)."
        ) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
