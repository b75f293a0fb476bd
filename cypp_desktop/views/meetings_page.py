"""The Meetings page: each meeting's attendance, agenda, decisions and actions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from cypp_desktop.models.formatting import uk_date
from cypp_desktop.store import queries
from cypp_desktop.store.queries import MeetingSnapshot
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.details import DetailsPane


class MeetingsPage(QWidget):
    title = "Meetings"
    watches = frozenset({"meeting", "owner"})

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName("Meetings")
        self.details = DetailsPane(name="Meeting details")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._meetings: list[MeetingSnapshot] = []
        self.list.currentRowChanged.connect(self._show)

    def load(self, context: PlanContext) -> None:
        self._meetings = queries.meetings(context.store)
        self.list.clear()
        for meeting in self._meetings:
            item = QListWidgetItem(f"{meeting.starts_at:%d %b %Y}  {meeting.board}")
            item.setToolTip(meeting.title)
            self.list.addItem(item)
        if self._meetings:
            self.list.setCurrentRow(len(self._meetings) - 1)
        else:
            self.details.setHtml("<p>No meetings in this plan yet.</p>")

    def selected_meeting_id(self) -> int | None:
        row = self.list.currentRow()
        return self._meetings[row].id if 0 <= row < len(self._meetings) else None

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self._meetings):
            self.details.clear()
            return
        meeting = self._meetings[row]
        parts = [
            f"<h3>{escape(meeting.title)}</h3>",
            f"<p>{meeting.starts_at:%H:%M}, {escape(meeting.location)}"
            f"{' · reporting period ' + escape(meeting.period) if meeting.period else ''}</p>",
            f"<p><b>Attendees:</b> {escape(', '.join(meeting.attendees) or 'none recorded')}<br>"
            f"<b>Apologies:</b> {escape(', '.join(meeting.apologies) or 'none')}</p>",
            "<h4>Agenda</h4><ol>",
        ]
        for item in meeting.agenda:
            who = f" — {escape(item.presenter)}" if item.presenter else ""
            parts.append(f"<li>{escape(item.title)}{who} ({item.minutes} min)</li>")
        parts.append("</ol><h4>Decisions and actions</h4>")
        if meeting.log:
            parts.append(
                "<table cellpadding='3' border='1' cellspacing='0'><tr><th>Kind</th><th>Text</th>"
                "<th>Owner</th><th>Due</th><th>Status</th></tr>"
            )
            for entry in meeting.log:
                parts.append(
                    f"<tr><td>{entry.kind.value.capitalize()}</td><td>{escape(entry.text)}</td>"
                    f"<td>{escape(entry.owner)}</td><td>{uk_date(entry.due)}</td>"
                    f"<td>{entry.status.value.capitalize()}</td></tr>"
                )
            parts.append("</table>")
        else:
            parts.append("<p>None recorded.</p>")
        self.details.setHtml("".join(parts))
