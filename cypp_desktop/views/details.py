"""Read-only details panes: the long text of the selected item, as simple HTML."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from cypp_desktop.models import Rag
from cypp_desktop.store.queries import Status
from cypp_desktop.views.rag_style import RAG_COLOURS


class DetailsPane(QTextBrowser):
    def __init__(self, parent: QWidget | None = None, *, name: str = "Details"):
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setOpenLinks(False)
        self.setPlaceholderText("Select a row to see its details.")

    def show_sections(
        self, title: str, sections: Iterable[tuple[str, str]], *, rag: Rag | None = None
    ) -> None:
        parts = [f"<h3>{escape(title)}</h3>"]
        if rag is not None:
            parts.append(f"<p>{rag_badge(rag)}</p>")
        for heading, text in sections:
            if text:
                body = escape(text).replace("\n", "<br>")
                parts.append(f"<p><b>{escape(heading)}</b><br>{body}</p>")
        self.setHtml("".join(parts))


def rag_badge(rag: Rag) -> str:
    """HTML for a RAG: coloured box with the letter, then the name, so no meaning is colour-only."""
    colour = RAG_COLOURS[rag].name()
    text = "black" if rag is Rag.AMBER else "white"
    return (
        f'<span style="background:{colour}; color:{text}; font-weight:bold">'
        f"&nbsp;{rag.letter}&nbsp;</span> {rag.label}"
    )


def status_text(status: Status, period: str) -> str:
    if not status.reported:
        return f"No update for {period}."
    when = status.recorded_at.strftime("%d %b %Y") if status.recorded_at else ""
    return f"{status.rag.label} for {period}, by {status.author or 'unknown'} on {when}."
