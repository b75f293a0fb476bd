"""A drawn chart as the screen receives it: pixels, and the places with something to say.

Plain data with no matplotlib in it, so the views can hold and show pictures without
loading matplotlib until the first chart is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    """Somewhere on a picture that has something to say when pointed at (a tooltip)."""

    left: float  # pixels from the picture's left edge
    top: float  # pixels from the picture's top edge
    right: float
    bottom: float
    text: str

    def contains(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom


@dataclass(frozen=True, slots=True)
class Picture:
    """A drawn chart: RGBA pixels, top row first, and the places with tooltips."""

    width: int
    height: int
    dpi: float
    rgba: bytes
    hits: tuple[Hit, ...]

    def hit(self, x: float, y: float) -> str | None:
        """The text of the smallest place under (x, y), or None."""
        under = [hit for hit in self.hits if hit.contains(x, y)]
        if not under:
            return None
        return min(under, key=lambda hit: (hit.right - hit.left) * (hit.bottom - hit.top)).text
