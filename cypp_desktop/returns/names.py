"""Return file names: built from owners' names, which are sometimes posts ("YOT
Policy/Performance Manager") and always typed by someone, so cleaned by files.safe_part."""

from __future__ import annotations

from cypp_desktop.files import safe_part
from cypp_desktop.models.periods import parse_period


def return_file_name(period: str, owner: str) -> str:
    """``Return 2012-13 Q2 - Julie Webster.xlsx``."""
    return f"Return {safe_part(parse_period(period).slug)} - {safe_part(owner)}.xlsx"
