"""The PDF pack's document machinery: pages, furniture, outline and contents in one pass.

"Page n of m" and a contents page with page numbers both need to know where everything
landed, which platypus normally learns by laying the whole document out twice. A pack of a
few hundred charts and a thousand actions cannot afford that, so this canvas keeps each
finished page in memory and only writes the pages out at the end, when the page count and
every heading's page are known: then it adds the furniture (header, footer, protective
marking, "Page n of m"), the outline entries and the contents page's numbers and links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
)

from cypp_desktop.packs import fonts
from cypp_desktop.packs.pdf_style import INK, MUTED, RULE, fit
from cypp_desktop.packs.pdf_text import CachedParagraph
from cypp_desktop.packs.progress import Progress

# Page streams stay binary (zlib only): ASCII85 would make them a quarter larger and, in
# reportlab's pure-Python code path, costs a tenth of a large pack's build time.
rl_config.useA85 = 0

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
PORTRAIT_MARGINS = (18 * mm, 18 * mm, 24 * mm, 20 * mm)  # left, right, top, bottom
LANDSCAPE_MARGINS = (14 * mm, 14 * mm, 24 * mm, 20 * mm)


@dataclass(frozen=True, slots=True)
class Furniture:
    """What every page carries: the plan and the occasion in the header, the marking at top
    and bottom, and the page count in the footer."""

    plan: str
    occasion: str
    marking: str


@dataclass(slots=True)
class _Mark:
    page: int  # zero-based
    key: str
    title: str
    level: int
    top: float


@dataclass(slots=True)
class _Slot:
    """Where the contents page prints one entry's page number."""

    page: int
    key: str
    left: float
    right: float
    baseline: float
    title_end: float


@dataclass
class Ledger:
    """What the pages recorded while being laid out, replayed when they are written."""

    marks: list[_Mark] = field(default_factory=list)
    slots: list[_Slot] = field(default_factory=list)

    def page_of(self, key: str) -> int | None:
        for mark in self.marks:
            if mark.key == key:
                return mark.page
        return None


class PackCanvas(Canvas):  # type: ignore[misc]
    """Holds pages until the end, then writes each with its furniture, outline and numbers."""

    def __init__(
        self,
        *args: Any,
        ledger: Ledger,
        furniture: Furniture,
        progress: Progress,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self._ledger = ledger
        self._furniture = furniture
        self._progress = progress
        self._held: list[dict[str, Any]] = []

    @property
    def page_index(self) -> int:
        return len(self._held)

    def record_mark(self, key: str, title: str, level: int, top: float) -> None:
        self._ledger.marks.append(_Mark(self.page_index, key, title, level, top))

    def record_slot(self, key: str, left: float, right: float, baseline: float, end: float) -> None:
        self._ledger.slots.append(_Slot(self.page_index, key, left, right, baseline, end))

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        marks: dict[int, list[_Mark]] = {}
        for mark in self._ledger.marks:
            marks.setdefault(mark.page, []).append(mark)
        slots: dict[int, list[_Slot]] = {}
        for slot in self._ledger.slots:
            slots.setdefault(slot.page, []).append(slot)
        for index, state in enumerate(self._held):
            self._progress(index, total, f"Writing page {index + 1} of {total}")
            self.__dict__.update(state)
            for mark in marks.get(index, []):
                self.bookmarkHorizontalAbsolute(mark.key, mark.top)
                self.addOutlineEntry(mark.title, mark.key, level=mark.level, closed=mark.level > 0)
            for slot in slots.get(index, []):
                self._fill_slot(slot)
            self._draw_furniture(index + 1, total)
            Canvas.showPage(self)
        self._progress(total, total, "Saving the PDF")
        Canvas.save(self)

    def _fill_slot(self, slot: _Slot) -> None:
        page = self._ledger.page_of(slot.key)
        if page is None:
            return
        number = str(page + 1)
        size = 9.5
        width = stringWidth(number, fonts.REGULAR, size)
        self.setFont(fonts.REGULAR, size)
        self.setFillColor(INK)
        self.drawRightString(slot.right, slot.baseline, number)
        dots_from, dots_to = slot.title_end + 4, slot.right - width - 4
        if dots_to > dots_from:
            self.setFillColor(RULE)
            dot = stringWidth(". ", fonts.REGULAR, size)
            count = int((dots_to - dots_from) / dot)
            self.drawRightString(dots_to, slot.baseline, ". " * count)
        self.linkAbsolute(
            "", slot.key, (slot.left, slot.baseline - 3, slot.right, slot.baseline + size)
        )

    def _draw_furniture(self, number: int, total: int) -> None:
        width, height = self._pagesize
        info = self._furniture
        left, right = 14 * mm, width - 14 * mm
        self.saveState()
        if info.marking:
            self.setFont(fonts.BOLD, 9)
            self.setFillColor(INK)
            self.drawCentredString(width / 2, height - 10 * mm, info.marking)
            self.drawCentredString(width / 2, 8 * mm, info.marking)
        half = (right - left) / 2 - 6
        self.setFont(fonts.BOLD, 7.5)
        self.setFillColor(INK)
        self.drawString(left, height - 16 * mm, fit(info.plan, fonts.BOLD, 7.5, half))
        self.setFont(fonts.REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawRightString(right, height - 16 * mm, fit(info.occasion, fonts.REGULAR, 7.5, half))
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(left, height - 17.5 * mm, right, height - 17.5 * mm)
        self.line(left, 15 * mm, right, 15 * mm)
        self.drawString(left, 11 * mm, fit("Board pack", fonts.REGULAR, 7.5, half))
        self.setFillColor(INK)
        self.setFont(fonts.REGULAR, 8)
        self.drawRightString(right, 11 * mm, f"Page {number} of {total}")
        self.restoreState()


class PackDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4 portrait pages, with landscape pages for wide tables; reports layout progress."""

    def __init__(self, filename: str, *, progress: Progress, first: str = PORTRAIT, **kwargs: Any):
        super().__init__(filename, pagesize=A4, initialFontName=fonts.REGULAR, **kwargs)
        self._progress = progress
        self._laid_out = 0
        self._flowables = 1
        templates = [_template(PORTRAIT, A4), _template(LANDSCAPE, landscape(A4))]
        if first == LANDSCAPE:
            templates.reverse()
        self.addPageTemplates(templates)

    def build_story(self, story: list[Any], canvasmaker: Callable[..., Canvas]) -> None:
        self._flowables = max(len(story), 1)
        self.build(story, canvasmaker=canvasmaker)

    def afterFlowable(self, flowable: Any) -> None:
        self._laid_out += 1
        if self._laid_out % 8 == 0:
            self._progress(
                min(self._laid_out, self._flowables), self._flowables, "Laying out the pages"
            )


def _template(name: str, size: tuple[float, float]) -> PageTemplate:
    left, right, top, bottom = PORTRAIT_MARGINS if name == PORTRAIT else LANDSCAPE_MARGINS
    width, height = size
    frame = Frame(
        left,
        bottom,
        width - left - right,
        height - top - bottom,
        id=f"{name}-body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    return PageTemplate(id=name, frames=[frame], pagesize=size)


def frame_width(orientation: str) -> float:
    size = A4 if orientation == PORTRAIT else landscape(A4)
    left, right, _top, _bottom = PORTRAIT_MARGINS if orientation == PORTRAIT else LANDSCAPE_MARGINS
    return float(size[0] - left - right)


def frame_height(orientation: str) -> float:
    size = A4 if orientation == PORTRAIT else landscape(A4)
    _left, _right, top, bottom = PORTRAIT_MARGINS if orientation == PORTRAIT else LANDSCAPE_MARGINS
    return float(size[1] - top - bottom)


class Heading(CachedParagraph):
    """A heading that puts itself in the PDF outline (and so in the contents) where it lands."""

    def __init__(self, text: str, style: Any, *, key: str, title: str, level: int):
        super().__init__(text, style)
        self.key = key
        self.title = title
        self.level = level

    def draw(self) -> None:
        super().draw()
        _x, top = self.canv.absolutePosition(0, self.height)
        self.canv.record_mark(self.key, self.title, self.level, top)


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    key: str
    title: str
    level: int


class Contents(Flowable):  # type: ignore[misc]
    """The contents page: each entry's title now, its page number once the pages are known."""

    LINE = 16.0
    SIZE = 9.5

    def __init__(self, entries: list[ContentsEntry]):
        super().__init__()
        self.entries = entries
        self.width = 0.0

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.LINE * len(self.entries)

    def split(self, available_width: float, available_height: float) -> list[Contents]:
        fits = int(available_height // self.LINE)
        if fits <= 0 or fits >= len(self.entries):
            return []
        return [Contents(self.entries[:fits]), Contents(self.entries[fits:])]

    def draw(self) -> None:
        canvas = self.canv
        for row, entry in enumerate(self.entries):
            baseline = self.LINE * (len(self.entries) - row - 1) + 4
            indent = 14.0 * entry.level
            font = fonts.BOLD if entry.level == 0 else fonts.REGULAR
            title = fit(entry.title, font, self.SIZE, self.width - indent - 60)
            canvas.setFont(font, self.SIZE)
            canvas.setFillColor(INK)
            canvas.drawString(indent, baseline, title)
            left, y = canvas.absolutePosition(indent, baseline)
            right, _ = canvas.absolutePosition(self.width, baseline)
            end = left + stringWidth(title, font, self.SIZE)
            canvas.record_slot(entry.key, left, right, y, end)
