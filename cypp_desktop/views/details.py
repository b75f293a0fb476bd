"""Read-only details panes: the long text of the selected item, as simple HTML."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from cypp_desktop.models import Rag
from cypp_desktop.store.queries import Update
from cypp_desktop.store.rag import ItemRag
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


def rag_chip(rag: Rag) -> str:
    """HTML for a RAG's coloured box with its letter, for text that names the RAG anyway."""
    colour = RAG_COLOURS[rag].name()
    text = "black" if rag is Rag.AMBER else "white"
    return (
        f'<span style="background:{colour}; color:{text}; font-weight:bold">'
        f"&nbsp;{rag.letter}&nbsp;</span>"
    )


def rag_badge(rag: Rag) -> str:
    """HTML for a RAG: coloured box with the letter, then the name, so no meaning is colour-only."""
    return f"{rag_chip(rag)} {rag.label}"


def direction_text(rag: ItemRag) -> str:
    """``▲ improving (Amber last period)``: the arrow always has its words beside it."""
    direction = rag.direction
    before = f" ({rag.previous.label} last period)" if rag.previous is not None else ""
    return f"{direction.arrow} {direction.label}{before}"


def rag_sections(rag: ItemRag, update: Update, period: str) -> list[tuple[str, str]]:
    """The RAG, why, how it moved, and the newest commentary: the same on every page."""
    if update.reported and update.recorded_at is not None:
        by = f"{update.author or 'unknown'}, {update.recorded_at:%d %b %Y}"
        commentary = f"{update.commentary}\n({by})" if update.commentary else f"({by})"
    else:
        commentary = f"No update for {period}."
    return [
        (f"RAG for {period}", rag.result.reason),
        ("Since last period", direction_text(rag)),
        ("Commentary", commentary),
    ]
