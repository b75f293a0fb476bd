"""The rows a meeting is read into: what the Meetings page, presenter mode and the draft
minutes show, frozen so they can cross threads and outlive their session.

They sit apart from the functions that read and write meetings because every one of those
modules (meetings, agenda, action log, changes since the last meeting) hands them out, and
the views and packs that receive them need no database code to use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cypp_desktop.models import AgendaLink, LogKind, LogStatus

LINKS_WITH_TARGET = {AgendaLink.PRIORITY: "priority", AgendaLink.OBJECTIVE: "objective"}


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    board: str
    starts_at: datetime
    location: str
    period: str
    agenda_items: int

    @property
    def title(self) -> str:
        return meeting_title(self.board, self.starts_at)


@dataclass(frozen=True, slots=True)
class Person:
    """Someone at a meeting or sending apologies; ``owner_id`` when they are an owner."""

    name: str
    owner_id: int | None = None


@dataclass(frozen=True, slots=True)
class AgendaRow:
    id: int
    position: int
    title: str
    presenter: str
    minutes: int
    link: AgendaLink
    priority_id: int | None
    objective_id: int | None
    target_code: str  # the linked priority's or objective's code
    target_title: str
    paper: str
    starts: datetime  # when the item is planned to start, from the items before it

    @property
    def link_text(self) -> str:
        """What the item presents, in words: "Priority BH", "Exceptions", "Paper"."""
        if self.link in LINKS_WITH_TARGET:
            return f"{self.link.value.capitalize()} {self.target_code}".strip()
        return LINK_LABELS[self.link]


LINK_LABELS = {
    AgendaLink.PRIORITY: "Priority",
    AgendaLink.OBJECTIVE: "Objective",
    AgendaLink.EXCEPTIONS: "Exceptions",
    AgendaLink.ACTION_LOG: "Action log",
    AgendaLink.PAPER: "Paper",
}


@dataclass(frozen=True, slots=True)
class LogRow:
    """A decision or an action in the action log, with the meeting that recorded it."""

    id: int
    meeting_id: int
    meeting: str  # "Children's Trust Board, 19 Jul 2012"
    raised: date
    kind: LogKind
    text: str
    owner_id: int | None
    owner: str
    due: date | None
    status: LogStatus
    closed_on: date | None
    agenda_item_id: int | None
    agenda_title: str
    version: int

    def overdue(self, as_of: date) -> bool:
        return (
            self.kind is LogKind.ACTION
            and self.status is LogStatus.OPEN
            and self.due is not None
            and self.due < as_of
        )


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    id: int
    board: str
    starts_at: datetime
    location: str
    period: str
    version: int
    attendees: tuple[Person, ...]
    apologies: tuple[Person, ...]
    agenda: tuple[AgendaRow, ...]
    log: tuple[LogRow, ...]

    @property
    def title(self) -> str:
        return meeting_title(self.board, self.starts_at)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


def meeting_title(board: str, starts_at: datetime) -> str:
    return f"{board}, {starts_at.day} {starts_at:%B %Y}"
