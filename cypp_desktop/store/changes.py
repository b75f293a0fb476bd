"""Announcements of what changed, so each view can decide whether to refresh.

The store knows nothing of Qt: it calls plain callbacks after each committed unit of work.
views/store_events.py turns these into a Qt signal delivered on the main thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

ANY = "*"


@dataclass(frozen=True, slots=True)
class Change:
    """Which kinds of thing changed ("action", "indicator", "status", ...), which items, and how."""

    kinds: frozenset[str]
    items: frozenset[tuple[str, int]] = frozenset()
    source: str = ""

    def touches(self, *kinds: str) -> bool:
        return ANY in self.kinds or bool(self.kinds.intersection(kinds))


EVERYTHING = Change(frozenset({ANY}), source="reload")

Listener = Callable[[Change], None]


class ChangeBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` after each change; returns the function that stops it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, change: Change) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(change)
