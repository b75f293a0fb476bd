"""The closed vocabularies of a plan.

Values are stored as their lower-case names so that a plan file read with any SQLite tool
is self-explanatory, and so that a renamed Python member never silently changes stored data.
"""

from __future__ import annotations

from enum import StrEnum


class Rag(StrEnum):
    """Red, Amber, Green, plus Blue (complete) and Grey (no data / not yet due).

    Every RAG is shown with its letter as well as its colour, so colour-blind readers and
    black-and-white print lose nothing.
    """

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"
    GREY = "grey"

    @property
    def letter(self) -> str:
        return _RAG_LETTERS[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def severity(self) -> int:
        """Higher is worse; Grey ranks below Green so that "no data" never hides a Red."""
        return _RAG_SEVERITY[self]

    @classmethod
    def from_letter(cls, letter: str) -> Rag:
        for rag, known in _RAG_LETTERS.items():
            if known == letter.strip().upper():
                return rag
        raise ValueError(f"{letter!r} is not a RAG letter (expected R, A, G, B or N)")


_RAG_LETTERS = {
    Rag.RED: "R",
    Rag.AMBER: "A",
    Rag.GREEN: "G",
    Rag.BLUE: "B",
    Rag.GREY: "N",
}
_RAG_SEVERITY = {Rag.BLUE: 0, Rag.GREY: 1, Rag.GREEN: 2, Rag.AMBER: 3, Rag.RED: 4}


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Polarity(StrEnum):
    """Which direction of an indicator is good news."""

    HIGHER = "higher"
    LOWER = "lower"

    @property
    def label(self) -> str:
        return f"{self.value} is better"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    ACADEMIC = "academic"


class ObaType(StrEnum):
    """Outcomes Based Accountability: a measure's question, or a population indicator."""

    HOW_MUCH = "how_much"
    HOW_WELL = "how_well"
    BETTER_OFF = "better_off"
    POPULATION = "population"

    @property
    def label(self) -> str:
        return _OBA_LABELS[self]


_OBA_LABELS = {
    ObaType.HOW_MUCH: "How much did we do?",
    ObaType.HOW_WELL: "How well did we do it?",
    ObaType.BETTER_OFF: "Is anyone better off?",
    ObaType.POPULATION: "Population indicator",
}


class Sector(StrEnum):
    COUNCIL = "council"
    NHS = "nhs"
    POLICE = "police"
    SCHOOLS = "schools"
    VOLUNTARY = "voluntary"
    OTHER = "other"


class LogKind(StrEnum):
    """An action-log entry records either a decision the board took or an action it set."""

    DECISION = "decision"
    ACTION = "action"


class LogStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class AttendanceKind(StrEnum):
    ATTENDEE = "attendee"
    APOLOGY = "apology"


class AgendaLink(StrEnum):
    """What an agenda item presents; the presenter shows a different page for each."""

    PRIORITY = "priority"
    OBJECTIVE = "objective"
    EXCEPTIONS = "exceptions"
    ACTION_LOG = "action_log"
    PAPER = "paper"


class ItemKind(StrEnum):
    """The kinds of plan item that carry a RAG and status history."""

    PRIORITY = "priority"
    OBJECTIVE = "objective"
    ACTION = "action"
    INDICATOR = "indicator"
    PROMISE = "promise"


class RollupRule(StrEnum):
    """How an objective's or priority's RAG follows from the RAGs of what sits under it."""

    WORST = "worst"
    MAJORITY = "majority"

    @property
    def label(self) -> str:
        return "worst of" if self is RollupRule.WORST else "majority of"
