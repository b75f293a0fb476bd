"""Reporting periods: UK financial-year quarters, financial, academic and calendar years, months.

A period is stored as its canonical label (``2012/13 Q2``), which is what board papers print;
these pure functions turn labels into dates and back, so ordering and "the previous period"
never depend on string sorting.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    FINANCIAL_YEAR = "financial_year"
    ACADEMIC_YEAR = "academic_year"
    MONTH = "month"
    CALENDAR_YEAR = "calendar_year"


_MONTHS = [calendar.month_abbr[m] for m in range(1, 13)]
_FULL_MONTHS = [calendar.month_name[m] for m in range(1, 13)]


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date

    @property
    def label(self) -> str:
        return format_period(self)

    @property
    def slug(self) -> str:
        """The label with no slash, for file names: ``2012-13 Q2``."""
        return self.label.replace("/", "-")

    @property
    def sort_key(self) -> tuple[date, date]:
        """Order by end date; of two periods ending together the longer comes first."""
        return (self.end, self.start)

    def previous(self) -> Period:
        return shift(self, -1)

    def next(self) -> Period:
        return shift(self, 1)

    def __str__(self) -> str:
        return self.label


def _year_pair(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def quarter(fy_start_year: int, number: int) -> Period:
    """Quarter ``number`` (1-4) of the financial year that starts in April ``fy_start_year``."""
    if not 1 <= number <= 4:
        raise ValueError(f"quarter must be 1-4, not {number}")
    first_month = 4 + 3 * (number - 1)
    year = fy_start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    start = date(year, month, 1)
    end_month = month + 2
    end = date(year, end_month, calendar.monthrange(year, end_month)[1])
    return Period(PeriodKind.QUARTER, start, end)


def financial_year(start_year: int) -> Period:
    return Period(PeriodKind.FINANCIAL_YEAR, date(start_year, 4, 1), date(start_year + 1, 3, 31))


def academic_year(start_year: int) -> Period:
    return Period(PeriodKind.ACADEMIC_YEAR, date(start_year, 9, 1), date(start_year + 1, 8, 31))


def month(year: int, number: int) -> Period:
    return Period(
        PeriodKind.MONTH,
        date(year, number, 1),
        date(year, number, calendar.monthrange(year, number)[1]),
    )


def calendar_year(year: int) -> Period:
    return Period(PeriodKind.CALENDAR_YEAR, date(year, 1, 1), date(year, 12, 31))


def quarter_containing(day: date) -> Period:
    fy = day.year if day.month >= 4 else day.year - 1
    return quarter(fy, (day.month - 4) % 12 // 3 + 1)


def financial_year_containing(day: date) -> Period:
    return financial_year(day.year if day.month >= 4 else day.year - 1)


def format_period(period: Period) -> str:
    start = period.start
    match period.kind:
        case PeriodKind.QUARTER:
            fy = financial_year_containing(start).start.year
            return f"{_year_pair(fy)} Q{(start.month - 4) % 12 // 3 + 1}"
        case PeriodKind.FINANCIAL_YEAR:
            return _year_pair(start.year)
        case PeriodKind.ACADEMIC_YEAR:
            return f"AY {_year_pair(start.year)}"
        case PeriodKind.MONTH:
            return f"{_MONTHS[start.month - 1]} {start.year}"
        case PeriodKind.CALENDAR_YEAR:
            return str(start.year)
    raise AssertionError(period.kind)  # pragma: no cover - the match is exhaustive


def shift(period: Period, steps: int) -> Period:
    """The period ``steps`` periods of the same kind away (negative for earlier)."""
    start = period.start
    match period.kind:
        case PeriodKind.QUARTER:
            index = financial_year_containing(start).start.year * 4 + (start.month - 4) % 12 // 3
            index += steps
            return quarter(index // 4, index % 4 + 1)
        case PeriodKind.FINANCIAL_YEAR:
            return financial_year(start.year + steps)
        case PeriodKind.ACADEMIC_YEAR:
            return academic_year(start.year + steps)
        case PeriodKind.MONTH:
            index = start.year * 12 + start.month - 1 + steps
            return month(index // 12, index % 12 + 1)
        case PeriodKind.CALENDAR_YEAR:
            return calendar_year(start.year + steps)
    raise AssertionError(period.kind)  # pragma: no cover - the match is exhaustive


_YEARS = r"(?P<y1>\d{4})\s*[/-]\s*(?P<y2>\d{2}|\d{4})"
_PATTERNS: list[tuple[PeriodKind, re.Pattern[str]]] = [
    (PeriodKind.QUARTER, re.compile(rf"^{_YEARS}\s*Q(?P<q>[1-4])$", re.I)),
    (PeriodKind.QUARTER, re.compile(rf"^Q(?P<q>[1-4])\s*{_YEARS}$", re.I)),
    (PeriodKind.ACADEMIC_YEAR, re.compile(rf"^(?:AY|academic\s+year)\s*{_YEARS}$", re.I)),
    (PeriodKind.FINANCIAL_YEAR, re.compile(rf"^(?:FY\s*)?{_YEARS}$", re.I)),
    (PeriodKind.MONTH, re.compile(r"^(?P<mon>[A-Za-z]+)\s+(?P<year>\d{4})$")),
    (PeriodKind.MONTH, re.compile(r"^(?P<year>\d{4})-(?P<num>\d{1,2})$")),
    (PeriodKind.CALENDAR_YEAR, re.compile(r"^(?P<year>\d{4})$")),
]

EXPECTED_FORMS = "2012/13 Q2, 2012/13, AY 2012/13, Sep 2012 or 2012"


def _second_year(y1: int, y2_text: str) -> int:
    y2 = int(y2_text)
    return y2 if len(y2_text) == 4 else (y1 // 100) * 100 + y2 + (100 if y2 < y1 % 100 else 0)


def _month_number(name: str) -> int | None:
    for index, (short, full) in enumerate(zip(_MONTHS, _FULL_MONTHS, strict=True), start=1):
        if name.lower() in (short.lower(), full.lower(), full.lower()[:4]):
            return index
    return None


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """Read a period label, tolerating the variants people type (``2012-13 q2``, ``Q2 2012/2013``).

    Raises ValueError naming the accepted forms when the text is not a period. Remembered:
    a board pack reads the same dozen labels some 15,000 times, and a Period is frozen.
    """
    cleaned = " ".join(text.split())
    for kind, pattern in _PATTERNS:
        found = pattern.match(cleaned)
        if not found:
            continue
        parts = found.groupdict()
        if "y1" in parts:
            y1 = int(parts["y1"])
            if _second_year(y1, parts["y2"]) != y1 + 1:
                continue  # "2012-09" is September 2012, not a financial year
            if kind is PeriodKind.QUARTER:
                return quarter(y1, int(parts["q"]))
            if kind is PeriodKind.ACADEMIC_YEAR:
                return academic_year(y1)
            return financial_year(y1)
        year = int(parts["year"])
        if kind is PeriodKind.CALENDAR_YEAR:
            return calendar_year(year)
        number = int(parts["num"]) if parts.get("num") else _month_number(parts["mon"])
        if number is not None and 1 <= number <= 12:
            return month(year, number)
    raise ValueError(f"{text!r} is not a reporting period (expected {EXPECTED_FORMS})")


def canonical_label(text: str) -> str:
    return parse_period(text).label


def sort_labels(labels: list[str] | set[str]) -> list[str]:
    """Labels oldest first, by the dates they stand for."""
    return sorted(labels, key=lambda label: parse_period(label).sort_key)
