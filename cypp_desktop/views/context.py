"""What every page needs to show a plan: the store, and the period being reported on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from cypp_desktop.store import Store

# Everything a RAG depends on: a page showing RAGs is out of date when any of these changes.
RAG_INPUTS = frozenset({"priority", "objective", "action", "indicator", "status", "plan", "owner"})


@dataclass(frozen=True)
class PlanContext:
    store: Store
    period: str
    today: date
    user: str  # who changes are recorded as: the configured name, else the OS user


@runtime_checkable
class Page(Protocol):
    """A page of the main window: it reads what it shows when asked, not before, and says
    which kinds of change (see store/changes.py) make what it shows out of date."""

    watches: frozenset[str]

    def load(self, context: PlanContext) -> None: ...
