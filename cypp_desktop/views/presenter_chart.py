"""A chart drawn for a room rather than a desk, for presenter mode's pages.

The dashboard's charts are sized for a reader at arm's length; on a projector the same chart
at the same point sizes is unreadable from the back. This widget lays a chart out a few
inches wide whatever its size in pixels, so its type grows with the screen, and draws it on
the chart thread as the dashboard does, so changing page never waits for matplotlib.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from cypp_desktop.charts.picture import Picture
from cypp_desktop.charts.sizes import Spec, rows_height
from cypp_desktop.charts.spec import IndicatorChart, RagSummary
from cypp_desktop.charts.style import SUMMARY_ROW
from cypp_desktop.views.chart_view import chart_thread
from cypp_desktop.views.presenter_style import MUTED, PAPER


class BigChart(QWidget):
    """A chart drawn for a room rather than a desk: laid out at a few inches wide whatever its
    size in pixels, so its type grows with the screen. Drawn on the chart thread, as the
    ChartView's are, so the page never waits for matplotlib."""

    drawn = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(120, 90)
        self._spec: Spec | None = None
        self._image: QImage | None = None
        self._shown: tuple[Spec, int, int, float] | None = None
        self._busy = False
        self._settle = QTimer(self, singleShot=True, interval=60)
        self._settle.timeout.connect(self._request)
        chart_thread().relay.drawn.connect(self._drawn)

    @property
    def picture_shown(self) -> bool:
        """Whether the chart on screen is the current one, drawn at the current size."""
        return self._shown is not None and self._shown == self._wanted()

    def set_spec(self, spec: Spec | None) -> None:
        if spec == self._spec:
            return
        self._spec = spec
        self._image = None
        if isinstance(spec, IndicatorChart):
            self.setAccessibleName(f"Chart of {spec.code} {spec.title}")
        elif isinstance(spec, RagSummary):
            self.setAccessibleName(f"RAG summary for {spec.period}")
        self.update()
        self._request()

    def _wanted(self) -> tuple[Spec, int, int, float] | None:
        if self._spec is None or self.width() < 40 or self.height() < 40:
            return None
        ratio = self.devicePixelRatioF()
        if isinstance(self._spec, RagSummary):  # as tall as its rows need, as on paper
            inches = (5.0, rows_height(self._spec, SUMMARY_ROW))
        else:
            inches = (4.2, 2.4)
        dpi = min(self.width() / inches[0], self.height() / inches[1]) * ratio
        dpi = max(60.0, min(dpi, 320.0))
        return (self._spec, round(self.width() * ratio), round(self.height() * ratio), dpi)

    def _request(self) -> None:
        key = self._wanted()
        if key is None or key == self._shown or self._busy or not self.isVisible():
            return
        self._busy = True
        chart_thread().draw(id(self), key)

    def _drawn(self, view_id: int, key: tuple[Spec, int, int, float], result: object) -> None:
        if view_id != id(self):
            return
        self._busy = False
        if isinstance(result, BaseException):
            raise result
        assert isinstance(result, Picture)
        if key == self._wanted():
            self._shown = key
            image = QImage(
                result.rgba,
                result.width,
                result.height,
                result.width * 4,
                QImage.Format.Format_RGBA8888,
            )
            image.setDevicePixelRatio(self.devicePixelRatioF())
            self._image = image.copy()
            self.update()
            self.drawn.emit()
        self._request()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), PAPER)
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(self.rect()), self._image)
        elif self._spec is not None:
            painter.setPen(MUTED)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Drawing chart…")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._request()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._settle.start()
