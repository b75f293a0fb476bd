"""A widget that shows one chart specification, drawn by matplotlib off the UI thread.

Matplotlib takes about half a second to load, so nothing here imports it: the chart thread
imports cypp_desktop.charts.render when it draws its first chart, and that first chart is
drawn a moment after it is first shown, so the window's first frame never waits for it.
The widget shows the returned pixels as an image; pointing at a point or bar shows what it
is and why it has its RAG; right-click saves the chart as PNG or SVG.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPointF,
    QRectF,
    QStandardPaths,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QHelpEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QFileDialog, QToolTip, QWidget

from cypp_desktop.charts.picture import Picture
from cypp_desktop.charts.sizes import Spec, rows_height
from cypp_desktop.charts.spec import IndicatorChart, MilestoneTimeline, RagHistory, RagSummary
from cypp_desktop.errors import CyppError
from cypp_desktop.models.formatting import with_unit
from cypp_desktop.views.error_dialog import show_problem

if TYPE_CHECKING:
    from cypp_desktop.charts.render import Renderer

FIRST_CHART_DELAY_MS = (
    250  # after a chart is first shown: the window paints before matplotlib loads
)
# Charts are laid out in points, like print; on screen they are drawn a little larger than
# life, as a page is read zoomed in, so 7-point tick labels stay comfortable to read.
SCREEN_ZOOM = 1.25
RESIZE_SETTLE_MS = 60  # a resize redraws once it stops, not at every step
DRAWING_TEXT = "Drawing chart…"

Key = tuple[Spec, int, int, float]


class _Relay(QObject):
    """Carries finished pictures from the chart thread to the views, on the UI thread."""

    drawn = Signal(object, object, object)  # view id, key, Picture or the exception raised


class _ChartThread:
    """One thread draws every chart in turn: the renderer's figures are reused, not shared."""

    def __init__(self) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay()
        self.warm = False  # a chart has been drawn: matplotlib is loaded
        application = QCoreApplication.instance()
        if application is not None:  # a chart being drawn finishes before the application ends
            application.aboutToQuit.connect(self.pool.waitForDone)

    def draw(self, view_id: int, key: Key) -> None:
        def work() -> None:
            try:
                picture: Picture | BaseException = renderer().picture(*key)
            except Exception as error:  # handed to the UI thread, which raises it there
                picture = error
            try:
                self.relay.drawn.emit(view_id, key, picture)
            except RuntimeError:  # the relay is gone: Python is shutting down, no view waits
                return

        self.pool.start(work)


_thread: _ChartThread | None = None


def chart_thread() -> _ChartThread:
    global _thread
    if _thread is None:
        _thread = _ChartThread()
    return _thread


def renderer() -> Renderer:
    """The shared renderer; importing it loads matplotlib, so only when a chart is drawn."""
    from cypp_desktop.charts.render import shared

    return shared()


def file_stem(spec: Spec) -> str:
    """A file name for the chart that says what it is: ``BH1.1-OB``, ``rag-summary-2012-13-Q2``."""
    if isinstance(spec, IndicatorChart):
        name = spec.code or "indicator"
    elif isinstance(spec, RagSummary):
        name = f"rag-summary-{spec.period}"
    elif isinstance(spec, MilestoneTimeline):
        name = f"milestones-{spec.as_of.isoformat()}"
    else:
        name = f"rag-over-time-{spec.title.split(' ', 1)[0]}"
    return re.sub(r"[^A-Za-z0-9.]+", "-", name).strip("-") or "chart"


class ChartView(QWidget):
    """Shows one chart specification; redraws when it, the size or the screen changes."""

    drawn = Signal()  # a newly drawn picture is on screen

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        name: str = "Chart",
        empty_text: str = "",
        row_height: float | None = None,
    ):
        """``row_height`` (inches) for the charts that grow a row at a time (the RAG summary,
        the milestone timeline): the view then asks for the height that gives every row that
        much room, for a scroll area to scroll. Other charts fill the space they are given."""
        super().__init__(parent)
        self.row_height = row_height
        self.setAccessibleName(name)
        self.setMinimumSize(160, 120)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        # Focusable, so that the keyboard reaches its Save actions (the Menu key, Shift+F10).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.empty_text = empty_text
        self._spec: Spec | None = None
        self._picture: Picture | None = None
        self._image: QImage | None = None
        self._shown_key: Key | None = None
        self._busy = False
        self._waiting = False  # for the first chart's delay
        self._settle = QTimer(self, singleShot=True, interval=RESIZE_SETTLE_MS)
        self._settle.timeout.connect(self._request)
        chart_thread().relay.drawn.connect(self._drawn)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.save_png_action = QAction("Save Chart as &PNG…", self)
        self.save_svg_action = QAction("Save Chart as &SVG…", self)
        self.save_png_action.triggered.connect(lambda: self.save_as("png"))
        self.save_svg_action.triggered.connect(lambda: self.save_as("svg"))
        self.addActions([self.save_png_action, self.save_svg_action])
        self._enable_saving()

    # What to show --------------------------------------------------------------------------

    @property
    def spec(self) -> Spec | None:
        return self._spec

    @property
    def picture(self) -> Picture | None:
        """The picture on screen, when it shows the current specification."""
        return self._picture if self._shown_key and self._shown_key[0] == self._spec else None

    def set_spec(self, spec: Spec | None) -> None:
        if spec == self._spec:
            return
        self._spec = spec
        self.setAccessibleDescription(_describe(spec) if spec is not None else self.empty_text)
        if self.row_height is not None and isinstance(spec, RagSummary | MilestoneTimeline):
            inches = rows_height(spec, self.row_height)
            self.setMinimumHeight(round(inches * self.logicalDpiY() * SCREEN_ZOOM))
        self._enable_saving()
        self.update()
        self._request()

    def _enable_saving(self) -> None:
        for action in (self.save_png_action, self.save_svg_action):
            action.setEnabled(self._spec is not None)

    # Drawing -------------------------------------------------------------------------------

    def _wanted(self) -> Key | None:
        if self._spec is None or self.width() < 20 or self.height() < 20:
            return None
        ratio = self.devicePixelRatioF()
        dpi = self.logicalDpiX() * ratio * SCREEN_ZOOM
        return (self._spec, round(self.width() * ratio), round(self.height() * ratio), dpi)

    def _request(self) -> None:
        key = self._wanted()
        if key is None or key == self._shown_key or self._busy or not self.isVisible():
            return
        thread = chart_thread()
        if not thread.warm:
            if not self._waiting:
                self._waiting = True
                QTimer.singleShot(FIRST_CHART_DELAY_MS, self._first)
            return
        self._busy = True
        thread.draw(id(self), key)

    def _first(self) -> None:
        self._waiting = False
        chart_thread().warm = True
        self._request()

    def _drawn(self, view_id: int, key: Key, result: Picture | BaseException) -> None:
        if view_id != id(self):
            return
        self._busy = False
        if isinstance(result, BaseException):
            raise result
        if key == self._wanted():
            self._picture = result
            self._shown_key = key
            image = QImage(
                result.rgba,
                result.width,
                result.height,
                result.width * 4,
                QImage.Format.Format_RGBA8888,
            )
            image.setDevicePixelRatio(self.devicePixelRatioF())
            self._image = image
            self.update()
            self.drawn.emit()
        self._request()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self._image is not None and self._spec is not None:
            # The last picture, stretched while a resize settles or kept while the next
            # chart is drawn: better than a blank flash between two charts.
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(self.rect()), self._image)
        else:
            painter.setPen(self.palette().placeholderText().color())
            text = DRAWING_TEXT if self._spec is not None else self.empty_text
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.rect(), flags, text)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()  # the focus frame

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._request()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._settle.start()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, position: QPointF) -> str | None:
        """What the chart says about the point under ``position`` (widget coordinates)."""
        picture = self.picture
        if picture is None or self.width() == 0 or self.height() == 0:
            return None
        return picture.hit(
            position.x() * picture.width / self.width(),
            position.y() * picture.height / self.height(),
        )

    # Saving --------------------------------------------------------------------------------

    def save_as(self, kind: str) -> Path | None:
        """Ask where, then write the chart there as PNG or SVG; None when cancelled."""
        if self._spec is None:
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / f"{file_stem(self._spec)}.{kind}")
        label = kind.upper()
        chosen, _filter = QFileDialog.getSaveFileName(
            self, f"Save Chart as {label}", suggested, f"{label} images (*.{kind})"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        try:
            return renderer().save(self._spec, path)
        except CyppError as error:
            show_problem(self, "Cannot save chart", error)
            return None


def _describe(spec: Spec) -> str:
    """A sentence for screen readers: what the chart shows, without the picture."""
    if isinstance(spec, IndicatorChart):
        if not spec.actuals:
            return f"Chart of {spec.code} {spec.title}: no values yet."
        last = spec.actuals[-1]
        return (
            f"Chart of {spec.code} {spec.title}, {len(spec.actuals)} values; latest "
            f"{last.period}: {with_unit(last.value, spec.unit)}, {last.rag.label}."
        )
    if isinstance(spec, RagSummary):
        return f"RAG summary for {spec.period}, {len(spec.rows)} priorities."
    if isinstance(spec, MilestoneTimeline):
        overdue = sum(item.overdue for item in spec.items)
        return f"Milestone timeline: {len(spec.items)} actions, {overdue} overdue."
    assert isinstance(spec, RagHistory)
    steps = ", ".join(f"{period} {rag.label}" for period, rag in spec.points)
    return f"RAG over time for {spec.title}: {steps or 'no updates'}."
