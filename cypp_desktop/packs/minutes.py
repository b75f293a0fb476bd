"""Draft minutes of a meeting as PDF: who came, and per agenda item what was decided and
who is to do what by when; then the actions carried forward from earlier meetings.

The secretary edits the draft before the chair signs it, so it holds the record and no more:
the discussion is theirs to write. Type, colours and the embedded font are the board pack's
(pdf_style, fonts), so minutes and pack read as one set of papers. Written to a temporary
name in the target folder and renamed, as every pack file is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import select

from cypp_desktop.errors import CyppError
from cypp_desktop.files import replacing
from cypp_desktop.models import LogKind, Plan
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.packs import fonts
from cypp_desktop.packs.pdf_style import (
    GROUP_FILL,
    HEADER_FILL,
    INK,
    MUTED,
    RULE,
    Styles,
    esc,
    fit,
    make_styles,
)
from cypp_desktop.packs.pdf_text import CachedParagraph
from cypp_desktop.packs.progress import Progress
from cypp_desktop.store.action_log import carried_forward
from cypp_desktop.store.meeting_rows import AgendaRow, LogRow, MeetingDetail
from cypp_desktop.store.meetings import meeting_detail
from cypp_desktop.store.store import Store

MARGIN = 20 * mm
OVERDUE = "⚠ Overdue"  # a shape and a word, never colour alone
OVERDUE_HEX = "#B3261E"


@dataclass(frozen=True, slots=True)
class Minutes:
    """What the minutes record, read in one go: no ORM objects, so it can be built in a
    worker thread."""

    plan_title: str
    meeting: MeetingDetail
    carried: tuple[LogRow, ...]  # open actions set at earlier meetings

    @property
    def title(self) -> str:
        return f"Draft minutes: {self.meeting.title}"


def take_minutes(store: Store, meeting_id: int) -> Minutes:
    meeting = meeting_detail(store, meeting_id)
    if meeting is None:
        raise CyppError(f"Meeting {meeting_id} no longer exists; it may have been deleted.")
    with store.read() as session:
        plan_title = session.execute(select(Plan.title)).scalar_one()
    earlier = tuple(
        row for row in carried_forward(store, meeting_id) if row.meeting_id != meeting.id
    )
    return Minutes(plan_title, meeting, earlier)


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds each page until the end, so every footer can say "Page n of m"."""

    def __init__(self, *args: Any, minutes: Minutes, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._minutes = minutes
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furniture(number, total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _furniture(self, number: int, total: int) -> None:
        width, height = A4
        left, right = MARGIN, width - MARGIN
        half = (right - left) / 2 - 6
        self.saveState()
        self.setFont(fonts.BOLD, 7.5)
        self.setFillColor(INK)
        self.drawString(
            left, height - 12 * mm, fit(self._minutes.plan_title, fonts.BOLD, 7.5, half)
        )
        self.setFont(fonts.BOLD, 9)
        self.drawRightString(right, height - 12 * mm, "DRAFT: not yet agreed by the board")
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(left, height - 13.5 * mm, right, height - 13.5 * mm)
        self.line(left, 14 * mm, right, 14 * mm)
        self.setFont(fonts.REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawString(left, 10 * mm, fit(self._minutes.title, fonts.REGULAR, 7.5, half))
        self.setFillColor(INK)
        self.setFont(fonts.REGULAR, 8)
        self.drawRightString(right, 10 * mm, f"Page {number} of {total}")
        self.restoreState()


def _table(rows: list[list[Any]], widths: list[float], styles: Styles) -> Table:
    header = [CachedParagraph(f"<b>{text}</b>", styles.cell) for text in rows[0]]
    table = Table([header, *rows[1:]], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), GROUP_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, HEADER_FILL),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _actions_table(
    entries: list[LogRow], styles: Styles, width: float, *, carried: bool, today: date
) -> Table:
    headers = ["Action", "Owner", "Due"] + (["Set at"] if carried else [])
    widths = [0.55, 0.25, 0.2] if not carried else [0.38, 0.2, 0.18, 0.24]
    rows: list[list[Any]] = [headers]
    for entry in entries:
        due = uk_date(entry.due)
        if carried and entry.overdue(today):
            due = f"{due} ({OVERDUE})"
        row = [
            CachedParagraph(esc(entry.text), styles.cell),
            CachedParagraph(esc(entry.owner or "No owner"), styles.cell),
            CachedParagraph(esc(due), styles.cell),
        ]
        if carried:
            row.append(CachedParagraph(esc(entry.meeting), styles.cell))
        rows.append(row)
    return _table(rows, [share * width for share in widths], styles)


def _item_story(
    number: int, item: AgendaRow, entries: list[LogRow], styles: Styles, width: float
) -> list[Any]:
    presenter = f"Presented by {item.presenter}" if item.presenter else "No presenter named"
    story: list[Any] = [
        CachedParagraph(f"{number}. {esc(item.title)}", styles.h3),
        CachedParagraph(
            esc(
                f"{presenter} · {item.minutes} minutes · {item.link_text}"
                + (f": {item.target_title}" if item.target_title else "")
            ),
            styles.muted,
        ),
    ]
    if item.paper:
        story.append(CachedParagraph(f"<b>Paper:</b> {esc(item.paper)}", styles.small_after))
    story += _record_story(entries, styles, width)
    return story


def _record_story(entries: list[LogRow], styles: Styles, width: float) -> list[Any]:
    decisions = [entry for entry in entries if entry.kind is LogKind.DECISION]
    actions = [entry for entry in entries if entry.kind is LogKind.ACTION]
    if not entries:
        return [CachedParagraph("No decision or action recorded.", styles.small_after)]
    story: list[Any] = [CachedParagraph("Decisions", styles.h4)]
    if decisions:
        story += [
            CachedParagraph(esc(entry.text), styles.bullet, bulletText="•") for entry in decisions
        ]
    else:
        story.append(CachedParagraph("No decision recorded.", styles.muted))
    story.append(CachedParagraph("Actions", styles.h4))
    if actions:
        story.append(_actions_table(actions, styles, width, carried=False, today=date.max))
    else:
        story.append(CachedParagraph("No action recorded.", styles.muted))
    return story


def _story(minutes: Minutes, styles: Styles, width: float, progress: Progress) -> list[Any]:
    meeting = minutes.meeting
    period = f" · reporting period {meeting.period}" if meeting.period else ""
    story: list[Any] = [
        CachedParagraph("Draft minutes", styles.h1),
        CachedParagraph(esc(meeting.title), styles.h2),
        CachedParagraph(
            esc(
                f"{meeting.starts_at:%H:%M} to {meeting.ends_at:%H:%M}, "
                f"{meeting.location or 'no location given'}{period}"
            ),
            styles.body,
        ),
        CachedParagraph("Present", styles.h4),
        CachedParagraph(
            esc(", ".join(p.name for p in meeting.attendees) or "None recorded."), styles.body
        ),
        CachedParagraph("Apologies", styles.h4),
        CachedParagraph(esc(", ".join(p.name for p in meeting.apologies) or "None."), styles.body),
    ]
    by_item: dict[int | None, list[LogRow]] = {}
    for entry in meeting.log:
        by_item.setdefault(entry.agenda_item_id, []).append(entry)
    known = {item.id for item in meeting.agenda}
    total = len(meeting.agenda)
    for number, item in enumerate(meeting.agenda, start=1):
        progress(number - 1, total, f"Agenda item {number} of {total}")
        story.append(
            KeepTogether(_item_story(number, item, by_item.get(item.id, []), styles, width))
        )
    others = [entry for entry in meeting.log if entry.agenda_item_id not in known]
    if others:
        story.append(CachedParagraph("Other decisions and actions", styles.h3))
        story += _record_story(others, styles, width)
    story.append(Spacer(1, 6))
    story.append(CachedParagraph("Actions carried forward from earlier meetings", styles.h3))
    if minutes.carried:
        day = meeting.starts_at.date()
        overdue = [entry for entry in minutes.carried if entry.overdue(day)]
        if overdue:
            story.append(
                CachedParagraph(
                    f'<font color="{OVERDUE_HEX}">'
                    f"<b>{OVERDUE}</b></font>: {len(overdue)} of {len(minutes.carried)} were "
                    f"past their due date on {uk_date(day)}.",
                    styles.body,
                )
            )
        story.append(_actions_table(list(minutes.carried), styles, width, carried=True, today=day))
    else:
        story.append(CachedParagraph("None open from earlier meetings.", styles.muted))
    return story


def build_minutes(minutes: Minutes, path: Path, progress: Progress) -> int:
    """Write the draft minutes to ``path``; returns the number of pages."""
    styles = make_styles()
    with replacing(path) as temporary:
        document = SimpleDocTemplate(
            str(temporary),
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
            title=minutes.title,
            author="CYPP Desktop",
            initialFontName=fonts.REGULAR,
        )
        story = _story(minutes, styles, document.width, progress)
        progress(len(minutes.meeting.agenda), len(minutes.meeting.agenda), "Saving the PDF")
        document.build(
            story,
            canvasmaker=lambda *args, **kwargs: _NumberedCanvas(*args, minutes=minutes, **kwargs),
        )
    return int(document.page)
