"""Reading what people type: dates, percentages, numbers, RAGs and statuses.

Shared by the grids and by the Excel returns, so a value means the same wherever it is
entered. Each parser returns the value and, when it had to interpret the input (a date
serial, 0.75 for 75%), a warning saying how; bad input raises FieldError saying what was
expected, in words fit for a message box or a return's error list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from cypp_desktop.models.enums import ActionStatus, Rag
from cypp_desktop.models.formatting import PERCENT_UNITS

T = TypeVar("T")


class FieldError(ValueError):
    """A value that cannot be accepted; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    value: T
    warning: str = ""


EXPECTED_DATE = "a date such as 31/03/2012 or 31 Mar 2012"
EXPECTED_PERCENT = "a whole number from 0 to 100, such as 75 or 75%"
EXPECTED_RAG = "Red, Amber, Green or Blue (or R, A, G, B)"
EXPECTED_STATUS = "Not started, In progress, Complete or Dropped"

_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, allowing for its 1900 leap-year bug
_DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d %b %y",
    "%d %B %y",
    "%Y-%m-%d",
)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: object) -> Parsed[date | None]:
    """UK dates as typed (31/03/2012, 31 Mar 2012, 31 March 2012), ISO dates, Excel serials."""
    if _blank(value):
        return Parsed(None)
    if isinstance(value, datetime):
        return Parsed(value.date())
    if isinstance(value, date):
        return Parsed(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # Excel's range of serial dates
            day = _EXCEL_EPOCH + timedelta(days=int(value))
            return Parsed(day, f"read the Excel date number {value:g} as {day:%d/%m/%Y}")
        raise FieldError(f"{value:g} is not {EXPECTED_DATE}")
    text = " ".join(str(value).replace(",", " ").split())
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\bSept\b", "Sep", text, flags=re.IGNORECASE)
    for pattern in _DATE_FORMATS:
        try:
            return Parsed(datetime.strptime(text, pattern).date())
        except ValueError:
            continue
    raise FieldError(f'"{value}" is not {EXPECTED_DATE}')


def parse_percent(value: object) -> Parsed[int]:
    """75, "75", "75%" are 75; a fraction such as 0.75 (Excel's percent cells) is 75 too."""
    if _blank(value):
        raise FieldError(f"blank is not {EXPECTED_PERCENT}")
    warning = ""
    if isinstance(value, bool):
        raise FieldError(f'"{value}" is not {EXPECTED_PERCENT}')
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        had_sign = text.endswith("%")
        try:
            number = float(text.rstrip("%").strip())
        except ValueError:
            raise FieldError(f'"{value}" is not {EXPECTED_PERCENT}') from None
        if had_sign:
            return _whole_percent(number, value)
    if 0 < number < 1:
        warning = f"read {number:g} as {round(number * 100)}%"
        number *= 100
    return Parsed(_whole_percent(number, value).value, warning)


def _whole_percent(number: float, original: object) -> Parsed[int]:
    if not 0 <= number <= 100:
        raise FieldError(f'"{original}" is not {EXPECTED_PERCENT}')
    if abs(number - round(number)) > 1e-9:
        return Parsed(round(number), f"rounded {number:g}% to {round(number)}%")
    return Parsed(round(number))


def parse_number(value: object, unit: str = "number") -> Parsed[float | None]:
    """A measured value: "1,234", "17.4", and "17.4%" where the indicator's unit is %."""
    if _blank(value):
        return Parsed(None)
    if isinstance(value, bool):
        raise FieldError(f'"{value}" is not a number')
    if isinstance(value, int | float):
        return Parsed(float(value))
    text = str(value).strip().replace(",", "")
    if text.endswith("%"):
        if unit not in PERCENT_UNITS:
            raise FieldError(f'"{value}" is a percentage, but this measure is in {unit}')
        text = text[:-1].strip()
    try:
        return Parsed(float(text))
    except ValueError:
        raise FieldError(f'"{value}" is not a number') from None


_RAG_WORDS = {
    "r": Rag.RED, "red": Rag.RED,
    "a": Rag.AMBER, "amber": Rag.AMBER,
    "g": Rag.GREEN, "green": Rag.GREEN,
    "b": Rag.BLUE, "blue": Rag.BLUE, "complete": Rag.BLUE,
}  # fmt: skip


def parse_rag(value: object) -> Parsed[Rag]:
    """R, A, G, B or the words, in any case and with stray spaces ("Green ", "AMBER")."""
    key = " ".join(str(value or "").split()).lower()
    if key not in _RAG_WORDS:
        raise FieldError(f'"{value}" is not a RAG (expected {EXPECTED_RAG})')
    rag = _RAG_WORDS[key]
    typed = str(value)
    return Parsed(rag, "" if typed in (rag.label, rag.letter) else f'read "{typed}" as {rag.label}')


_STATUS_WORDS = {
    "not started": ActionStatus.NOT_STARTED,
    "not_started": ActionStatus.NOT_STARTED,
    "in progress": ActionStatus.IN_PROGRESS,
    "in_progress": ActionStatus.IN_PROGRESS,
    "started": ActionStatus.IN_PROGRESS,
    "complete": ActionStatus.COMPLETE,
    "completed": ActionStatus.COMPLETE,
    "done": ActionStatus.COMPLETE,
    "dropped": ActionStatus.DROPPED,
}


def parse_status(value: object) -> Parsed[ActionStatus]:
    key = " ".join(str(value or "").split()).lower()
    if key not in _STATUS_WORDS:
        raise FieldError(f'"{value}" is not a status (expected {EXPECTED_STATUS})')
    status = _STATUS_WORDS[key]
    typed = str(value)
    return Parsed(status, "" if typed == status.label else f'read "{typed}" as {status.label}')
