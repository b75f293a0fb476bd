"""What every page needs to show a plan: the store, and the period being reported on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from cypp_desktop.store import Store


@dataclass(frozen=True)
class PlanContext:
    store: Store
    period: str
    today: date


@runtime_checkable
class Page(Protocol):
    """A page of the main window: it reads what it shows when asked, not before."""

    def load(self, context: PlanContext) -> None: ...
