"""Columns and filters that several grids share: RAG, commentary, priority, owner."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, TypeVar

from cypp_desktop.models import Rag
from cypp_desktop.models.rag_rules import RagResult
from cypp_desktop.store.grid_rows import Names
from cypp_desktop.store.queries import Update
from cypp_desktop.views.details import rag_chip
from cypp_desktop.views.grids.columns import Editor, GridColumn
from cypp_desktop.views.grids.definition import FilterSpec

Row = TypeVar("Row")

RAG_CHOICES = [(rag.value, f"{rag.letter} {rag.label}") for rag in Rag]


def rag_column(period: str, result: Callable[[Any], RagResult]) -> GridColumn[Any]:
    """The RAG as the rules (or an override) give it; typing R/A/G/B overrides, blank reverts."""
    return GridColumn(
        "RAG",
        lambda r: result(r).rag.letter,
        sort_key=lambda r: result(r).rag.severity,
        edit_text=lambda r: result(r).rag.letter if result(r).overridden else "",
        rag=lambda r: result(r).rag,
        tooltip=lambda r: result(r).reason,
        field="rag",
        editor=Editor.RAG,
        period=period,
        max_chars=6,
    )


def commentary_column(period: str, text: Callable[[Any], str]) -> GridColumn[Any]:
    return GridColumn(
        "Commentary",
        text,
        tooltip=text,
        field="commentary",
        editor=Editor.MULTILINE,
        period=period,
        max_chars=40,
    )


def _by_name(table: dict[int, str]) -> list[tuple[str, str]]:
    return sorted(((str(i), name) for i, name in table.items()), key=lambda choice: choice[1])


def priority_filter(
    names: Callable[[], Names], priority_id: Callable[[Any], int]
) -> FilterSpec[Any]:
    return FilterSpec(
        "priority",
        "Priority",
        lambda: sorted((str(i), code) for i, code in names().priorities.items()),
        lambda value: lambda r: str(priority_id(r)) == value,
    )


def owner_filter(
    names: Callable[[], Names], owner_id: Callable[[Any], int | None]
) -> FilterSpec[Any]:
    return FilterSpec(
        "owner",
        "Owner",
        lambda: _by_name(names().owners),
        lambda value: lambda r: str(owner_id(r)) == value,
    )


def organisation_filter(
    names: Callable[[], Names], organisation_id: Callable[[Any], int | None]
) -> FilterSpec[Any]:
    return FilterSpec(
        "organisation",
        "Organisation",
        lambda: _by_name(names().organisations),
        lambda value: lambda r: str(organisation_id(r)) == value,
    )


def rag_filter(result: Callable[[Any], RagResult]) -> FilterSpec[Any]:
    return FilterSpec(
        "rag",
        "RAG",
        lambda: RAG_CHOICES,
        lambda value: lambda r: result(r).rag.value == value,
        all_text="Any RAG",
    )


def overdue_filter(overdue: Callable[[Any], bool]) -> FilterSpec[Any]:
    return FilterSpec(
        "overdue",
        "Due",
        lambda: [("overdue", "Overdue")],
        lambda _value: overdue,
        all_text="Any due date",
    )


def name_of(table: dict[int, str], item_id: int | None) -> str:
    return table.get(item_id, "") if item_id is not None else ""


def summary_html(title: str, facts: str, rag: RagResult, update: Update, period: str) -> str:
    """The top of a details pane: what the item is, its RAG and why, the latest commentary."""
    if update.commentary and update.recorded_at is not None:
        said = (
            f"<p><b>Commentary</b> ({escape(update.author or 'unknown')}, "
            f"{update.recorded_at:%d %b %Y}): {escape(update.commentary)}</p>"
        )
    else:
        said = f"<p>No commentary for {escape(period)}.</p>"
    return (
        f"<h3>{escape(title)}</h3><p>{escape(facts)}</p>"
        f"<p>{rag_chip(rag.rag)} {escape(rag.reason)}</p>{said}"
    )
