"""File names built from people's names, safe on every system the files travel to.

Owners are sometimes posts ("YOT Policy/Performance Manager"), and names come from whoever
typed them: a slash, a colon or a ".." must never choose the folder a file is written to,
and Windows refuses names such as CON or a trailing dot.
"""

from __future__ import annotations

import re
import unicodedata

from cypp_desktop.models.periods import parse_period

_RESERVED_CHARACTERS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_DEVICES = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}  # fmt: skip
MAX_STEM = 120


def safe_part(text: str) -> str:
    """``text`` with reserved characters replaced by "-", spaces collapsed, dots trimmed."""
    cleaned = unicodedata.normalize("NFC", text)
    cleaned = _RESERVED_CHARACTERS.sub("-", cleaned)
    cleaned = " ".join(cleaned.split()).strip(" .")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    if cleaned.split(".")[0].upper() in _WINDOWS_DEVICES:
        cleaned = f"_{cleaned}"
    return cleaned[:MAX_STEM].rstrip(" .") or "unnamed"


def return_file_name(period: str, owner: str) -> str:
    """``Return 2012-13 Q2 - Julie Webster.xlsx``."""
    return f"Return {safe_part(parse_period(period).slug)} - {safe_part(owner)}.xlsx"
