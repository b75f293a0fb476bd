"""Charts as pictures for the screen and as PNG or SVG files, drawn with matplotlib.

One Renderer keeps one reusable figure per kind of chart and remembers its recent pictures
by content: the same specification at the same size is drawn once. Importing this module
imports matplotlib (about half a second), so the views import it only when a chart is first
shown. A lock makes one Renderer safe to share between the chart thread and the UI thread.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from pathlib import Path

from cypp_desktop.charts.history_figure import HistoryFigure
from cypp_desktop.charts.indicator_figure import IndicatorFigure
from cypp_desktop.charts.picture import Hit, Picture
from cypp_desktop.charts.sheet import Sheet
from cypp_desktop.charts.sizes import Spec, print_size
from cypp_desktop.charts.spec import IndicatorChart, MilestoneTimeline, RagSummary
from cypp_desktop.charts.style import EXPORT_DPI
from cypp_desktop.charts.summary_figure import SummaryFigure
from cypp_desktop.charts.timeline_figure import TimelineFigure
from cypp_desktop.errors import CyppError

FORMATS = ("png", "svg")
CACHE_SIZE = 48


class Renderer:
    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[Spec, int, int, float], Picture] = OrderedDict()
        self._cache_size = cache_size
        self._indicator = IndicatorFigure()
        self._summary = SummaryFigure()
        self._timeline = TimelineFigure()
        self._history = HistoryFigure()

    def picture(self, spec: Spec, width: int, height: int, dpi: float) -> Picture:
        """``spec`` drawn ``width`` by ``height`` pixels at ``dpi`` (text sizes are points)."""
        key = (spec, width, height, dpi)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            sheet, hits = self._draw(spec, width / dpi, height / dpi, dpi)
            picture = sheet.picture(hits)
            self._cache[key] = picture
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return picture

    def encode(
        self,
        spec: Spec,
        kind: str,
        *,
        size: tuple[float, float] | None = None,
        dpi: float = EXPORT_DPI,
    ) -> bytes:
        """``spec`` as the bytes of a PNG or SVG file, at its print size unless told."""
        if kind not in FORMATS:
            raise ValueError(f"charts are saved as PNG or SVG, not {kind!r}")
        width, height = size or print_size(spec)
        with self._lock:
            sheet, _hits = self._draw(spec, width, height, dpi)
            return sheet.encode(kind)

    def save(self, spec: Spec, path: Path, *, size: tuple[float, float] | None = None) -> Path:
        """Write ``spec`` to ``path`` (PNG or SVG, by its suffix), through a temporary file
        in the same folder renamed into place, so a failure leaves no half-written chart."""
        kind = path.suffix.lower().lstrip(".")
        if kind not in FORMATS:
            raise CyppError(f"{path.name}: charts are saved as .png or .svg files.")
        data = self.encode(spec, kind, size=size)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            with temporary.open("xb") as out:  # new, with the permissions any file gets
                out.write(data)
            temporary.replace(path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise CyppError(f"Cannot save the chart to {path}: {error.strerror}.") from error
        return path

    def _draw(self, spec: Spec, width: float, height: float, dpi: float) -> tuple[Sheet, list[Hit]]:
        if isinstance(spec, IndicatorChart):
            return self._indicator.sheet, self._indicator.draw(spec, width, height, dpi)
        if isinstance(spec, RagSummary):
            return self._summary.sheet, self._summary.draw(spec, width, height, dpi)
        if isinstance(spec, MilestoneTimeline):
            return self._timeline.sheet, self._timeline.draw(spec, width, height, dpi)
        return self._history.sheet, self._history.draw(spec, width, height, dpi)


_shared: Renderer | None = None
_shared_lock = threading.Lock()


def shared() -> Renderer:
    """The renderer the application's chart views share, made on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Renderer()
        return _shared
