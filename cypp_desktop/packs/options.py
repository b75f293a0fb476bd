"""What a pack holds and what its files are called: shared by the CLI, the GUI and the builders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cypp_desktop.files import safe_part


class Section(StrEnum):
    """The parts of a pack, in the order they are printed."""

    COVER = "cover"
    CONTENTS = "contents"
    SUMMARY = "summary"
    EXCEPTIONS = "exceptions"
    PRIORITIES = "priorities"
    ACTION_LOG = "action_log"
    GLOSSARY = "glossary"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Section.COVER: "Cover report",
    Section.CONTENTS: "Contents",
    Section.SUMMARY: "RAG summary",
    Section.EXCEPTIONS: "Exceptions",
    Section.PRIORITIES: "Priorities",
    Section.ACTION_LOG: "Action log",
    Section.GLOSSARY: "Glossary",
}
ALL_SECTIONS = frozenset(Section)


@dataclass(frozen=True, slots=True)
class PackOptions:
    """``charts`` is off only to measure what the charts cost (benchmarks/packs.py)."""

    sections: frozenset[Section] = ALL_SECTIONS
    charts: bool = True

    def has(self, section: Section) -> bool:
        return section in self.sections


def default_stem(period: str, meeting_board: str | None, meeting_day: date | None) -> str:
    """``Board pack 2012-13 Q2``, or ``Board pack Children's Trust Board 2012-11-29`` for a
    meeting: names that sort by date and are valid on Windows, macOS and Linux."""
    if meeting_board and meeting_day:
        name = f"Board pack {meeting_board} {meeting_day.isoformat()}"
    else:
        name = f"Board pack {period.replace('/', '-')}"
    return safe_part(name)
