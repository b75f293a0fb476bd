"""What the Meetings page says about a meeting, as HTML: its details, and the changes since
the last meeting.

They are built apart from the page so that the page only lays out, and so that what they
say can be read and checked as text. Every RAG in them is a chip with its letter and its
name, and every direction of travel an arrow with its words, as on paper.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from cypp_desktop.models import LogKind
from cypp_desktop.models.formatting import number
from cypp_desktop.models.rag_rules import Direction
from cypp_desktop.store.meeting_changes import MeetingChanges
from cypp_desktop.store.meeting_rows import MeetingDetail
from cypp_desktop.views.details import rag_chip
from cypp_desktop.views.meeting_models import status_text

SHOWN_ROWS = 250  # of each kind of change: a page to read, not a plan's every row


def _more(total: int) -> str:
    if total <= SHOWN_ROWS:
        return ""
    return f"<p>… and {total - SHOWN_ROWS:,} more, not shown here.</p>"


def changes_html(changes: MeetingChanges) -> str:
    """The changes as HTML: every RAG with its letter, every direction with its words."""
    parts = [
        f"<h3>Changes since the last meeting</h3><p>For the {escape(changes.meeting)}: "
        f"{escape(changes.basis)}.</p>"
    ]
    moves = Counter(change.direction for change in changes.rag_changes)
    firsts = sum(1 for change in changes.rag_changes if change.before is None)
    parts.append(
        f"<h4>RAG changes ({len(changes.rag_changes)})</h4><p>"
        f"{moves[Direction.WORSENING]} {Direction.WORSENING.arrow} worse, "
        f"{moves[Direction.IMPROVING]} {Direction.IMPROVING.arrow} better, "
        f"{firsts} reported for the first time; the worse first.</p>"
    )
    if changes.rag_changes:
        parts.append(
            "<table cellpadding='3' cellspacing='0' border='1'><tr><th>Item</th><th>Was</th>"
            "<th>Now</th><th>Direction</th><th>Commentary</th></tr>"
        )
        for change in changes.rag_changes[:SHOWN_ROWS]:
            was = (
                f"{rag_chip(change.before)} {change.before.label} ({escape(change.before_period)})"
                if change.before is not None
                else "no update yet"
            )
            parts.append(
                f"<tr><td>{escape(change.kind.value.capitalize())} <b>{escape(change.code)}</b> "
                f"{escape(change.title)}</td><td>{was}</td>"
                f"<td>{rag_chip(change.after)} {change.after.label} "
                f"({escape(change.after_period)})</td>"
                f"<td>{change.direction.arrow} {change.direction.label}</td>"
                f"<td>{escape(change.commentary)}</td></tr>"
            )
        parts.append("</table>" + _more(len(changes.rag_changes)))
    else:
        parts.append("<p>No RAG has changed.</p>")
    parts.append(f"<h4>New values ({len(changes.new_values)})</h4>")
    if changes.new_values:
        parts.append(
            "<table cellpadding='3' cellspacing='0' border='1'><tr><th>Indicator</th>"
            "<th>Period</th><th>Value</th><th>Period before</th><th>Direction</th></tr>"
        )
        for value in changes.new_values[:SHOWN_ROWS]:
            shown = number(value.value) if value.value is not None else "(removed)"
            if value.revised:
                shown += f" (was {number(value.replaced)})"
            parts.append(
                f"<tr><td><b>{escape(value.code)}</b> {escape(value.title)}</td>"
                f"<td>{escape(value.period)}</td><td>{escape(shown)} {escape(value.unit)}</td>"
                f"<td>{number(value.earlier)}</td>"
                f"<td>{value.direction.arrow} {value.direction.label}</td></tr>"
            )
        parts.append("</table>" + _more(len(changes.new_values)))
    else:
        parts.append("<p>No new values.</p>")
    parts.append(f"<h4>Actions closed ({len(changes.closed)})</h4>")
    if changes.closed:
        parts.append(
            "<table cellpadding='3' cellspacing='0' border='1'><tr><th>Action</th>"
            "<th>Owner</th><th>Status</th><th>Set at</th></tr>"
        )
        for entry in changes.closed[:SHOWN_ROWS]:
            parts.append(
                f"<tr><td>{escape(entry.text)}</td><td>{escape(entry.owner)}</td>"
                f"<td>{escape(status_text(entry))}</td><td>{escape(entry.meeting)}</td></tr>"
            )
        parts.append("</table>" + _more(len(changes.closed)))
    else:
        parts.append("<p>No actions closed.</p>")
    return "".join(parts)


def meeting_html(detail: MeetingDetail) -> str:
    period = f" · reporting period {escape(detail.period)}" if detail.period else ""
    attendees = ", ".join(p.name for p in detail.attendees) or "none recorded"
    apologies = ", ".join(p.name for p in detail.apologies) or "none"
    items = len(detail.agenda)
    decisions = sum(1 for e in detail.log if e.kind is LogKind.DECISION)
    actions = len(detail.log) - decisions
    return (
        f"<h3>{escape(detail.title)}</h3>"
        f"<p>{detail.starts_at:%H:%M} to {detail.ends_at:%H:%M}, "
        f"{escape(detail.location) or 'no location given'}{period}</p>"
        f"<p><b>Attendees:</b> {escape(attendees)}<br><b>Apologies:</b> {escape(apologies)}</p>"
        f"<p><b>Agenda:</b> {items} item{'s' if items != 1 else ''}, {detail.minutes} minutes"
        f" · <b>Recorded:</b> {decisions} decision{'s' if decisions != 1 else ''}, "
        f"{actions} action{'s' if actions != 1 else ''}</p>"
    )
