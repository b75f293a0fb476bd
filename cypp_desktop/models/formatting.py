"""How values and dates read in the UK board papers the plan is reported in.

Pure functions, shared by the screens, the packs and the returns, so a value reads the same
on screen, on paper and in Excel.
"""

from __future__ import annotations

from datetime import date

PERCENT_UNITS = {"%"}


def uk_date(day: date | None) -> str:
    """``31 Mar 2012``: unambiguous for every reader, unlike 03/31 or 31/03."""
    return "" if day is None else f"{day.day} {day:%b %Y}"


def number(value: float | None, decimals: int | None = None) -> str:
    """Thousands separated; whole numbers without a decimal point; otherwise one decimal."""
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return f"{value:,.{decimals}f}"


def with_unit(value: float | None, unit: str, decimals: int | None = None) -> str:
    """``17.4%``, ``23.1 per 1,000``, ``349``."""
    if value is None:
        return ""
    shown = number(value, decimals)
    if unit in PERCENT_UNITS:
        return f"{shown}%"
    if unit in ("", "number"):
        return shown
    return f"{shown} {unit}"


def decimals_for(*values: float | None) -> int:
    """One decimal place for all when any needs it, so 21.1% sits beside 20.0%, not 20%."""
    return 1 if any(v is not None and not float(v).is_integer() for v in values) else 0
