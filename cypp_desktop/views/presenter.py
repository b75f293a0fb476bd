"""Presenter mode: the chair walks the board through the agenda on a projector.

One agenda item per page, in type sized from the window's height so it reads from the back
of a room on a 1280x720 projector as on a 1920x1080 screen. Keys a presentation clicker
sends move between items (Right/Down/PageDown, Left/Up/PageUp, Home/End); S shows the
agenda beside the page; D or A opens a small panel that records a decision or an action
against the item on screen, straight into the action log; Esc leaves. A clock and the time
left for the item (from its allocation, counted from when the page was first shown) sit
in the header and footer.

What the pages show is read once, in the background, when presenter mode starts
(``build_presentation``: plain data, no Qt); only the action log is read again after an
action is recorded, so the new action appears on the action-log page at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.charts.picture import Picture
from cypp_desktop.charts.sizes import Spec, rows_height
from cypp_desktop.charts.spec import RAG_ORDER, IndicatorChart, RagSummary, RagSummaryRow
from cypp_desktop.charts.style import SUMMARY_ROW
from cypp_desktop.errors import CyppError
from cypp_desktop.models import AgendaLink, LogKind, Rag
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.models.parsing import FieldError, parse_date
from cypp_desktop.models.rag_rules import Direction
from cypp_desktop.store import chart_data, queries
from cypp_desktop.store.meetings import (
    SOURCE_PRESENTER,
    AgendaRow,
    LogFields,
    LogRow,
    MeetingDetail,
    carried_forward,
    default_meeting_id,
    meeting_detail,
    owner_names,
    record,
)
from cypp_desktop.store.queries import ActionRow, IndicatorRow, PriorityNode
from cypp_desktop.store.rag import ItemRag
from cypp_desktop.store.store import Store
from cypp_desktop.views.chart_view import chart_thread
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.rag_style import RAG_COLOURS
from cypp_desktop.views.worker import Progress, run_in_background

KEY_CHARTS = 2  # indicator charts on a priority's page: more would be too small to read
INK = QColor("#1A1A1A")
MUTED = QColor("#4A4A4A")
OVER = QColor("#B3261E")
PAPER = QColor("#FFFFFF")
CHIP_TEXT = {rag: QColor("black" if rag is Rag.AMBER else "white") for rag in Rag}
OVERDUE_FLAG = "⚠ Overdue"
KEYS_HINT = "→ next   ← back   S agenda   D decision   A action   Esc leave"
MISSING = "The {what} this item presented is no longer in the plan; edit the agenda item."


# What the pages show: plain data, read in the background ---------------------------------------


@dataclass(frozen=True, slots=True)
class SlideRow:
    """One line of a page's list: an exception or an action, with what it needs said."""

    rag: Rag | None
    lead: str  # the code, or the due date
    title: str
    note: str  # second line: direction and reason, or owner and meeting
    flag: str = ""  # "⚠ Overdue": a shape and a word, never colour alone


@dataclass(frozen=True, slots=True)
class Slide:
    """One agenda item's page. Which fields are filled depends on what the item presents."""

    item: AgendaRow
    heading: str  # what the item presents: "Priority BH: Be Healthy"
    rag: ItemRag | None = None  # the priority's or objective's own RAG
    counts: tuple[tuple[Rag, int], ...] = ()  # its actions' and indicators' RAGs
    overdue: int = 0
    rows_title: str = ""
    rows: tuple[SlideRow, ...] = ()
    empty: str = ""  # said when there are no rows
    charts: tuple[Spec, ...] = ()
    text: str = ""  # a paper's text


@dataclass(frozen=True, slots=True)
class Presentation:
    meeting: MeetingDetail
    period: str
    slides: tuple[Slide, ...]
    owners: tuple[str, ...]


def _severity(rag: ItemRag) -> tuple[int, int]:
    return (-rag.rag.severity, 0 if rag.direction is Direction.WORSENING else 1)


def _exceptional(rag: ItemRag) -> bool:
    return rag.rag is Rag.RED or rag.direction is Direction.WORSENING


def _exception_row(code: str, title: str, rag: ItemRag) -> SlideRow:
    direction = rag.direction
    before = f" (was {rag.previous.label})" if rag.previous is not None else ""
    return SlideRow(
        rag.rag,
        code,
        title,
        f"{direction.arrow} {direction.label}{before} · {rag.result.reason}",
    )


def _ranked(
    actions: Sequence[ActionRow], indicators: Sequence[IndicatorRow], *, everything: bool
) -> tuple[SlideRow, ...]:
    """Actions and indicators, the worst first; only the exceptions unless ``everything``."""
    rows: list[ActionRow | IndicatorRow] = [*actions, *indicators]
    found = [(row.rag, row.code, row.title) for row in rows if everything or _exceptional(row.rag)]
    found.sort(key=lambda item: _severity(item[0]))
    return tuple(_exception_row(code, title, rag) for rag, code, title in found)


def _exceptions(
    actions: Sequence[ActionRow], indicators: Sequence[IndicatorRow]
) -> tuple[SlideRow, ...]:
    """Red or worsened, the worst first: what the board should talk about."""
    return _ranked(actions, indicators, everything=False)


def _counts(rags: Sequence[ItemRag]) -> tuple[tuple[Rag, int], ...]:
    listed = [rag.rag for rag in rags]
    return tuple((rag, listed.count(rag)) for rag in RAG_ORDER)


def _key_indicators(rows: Sequence[IndicatorRow]) -> list[int]:
    """The indicators worth a chart: exceptions first, then those with a value to show."""
    ranked = sorted(
        rows,
        key=lambda row: (
            not _exceptional(row.rag),
            row.reading.value is None,
            _severity(row.rag),
        ),
    )
    return [row.id for row in ranked[:KEY_CHARTS]]


def _log_rows(entries: Sequence[LogRow], as_of: datetime) -> tuple[SlideRow, ...]:
    """Open actions, the overdue first: each with its owner, due date and where it was set."""
    day = as_of.date()
    ordered = sorted(entries, key=lambda e: (not e.overdue(day), e.due or day, e.raised))
    return tuple(
        SlideRow(
            None,
            f"Due {uk_date(entry.due)}" if entry.due else "No due date",
            entry.text,
            f"{entry.owner or 'No owner'} · set at the {entry.meeting}",
            OVERDUE_FLAG if entry.overdue(day) else "",
        )
        for entry in ordered
    )


def action_log_slide(
    item: AgendaRow, heading: str, entries: Sequence[LogRow], at: datetime
) -> Slide:
    rows = _log_rows(entries, at)
    overdue = sum(1 for row in rows if row.flag)
    return Slide(
        item,
        heading,
        overdue=overdue,
        rows_title=f"Open actions: {len(rows)}, of which {overdue} overdue",
        rows=rows,
        empty="No open actions: everything the boards asked for is done.",
    )


class _Plan:
    """The plan as the meeting's period sees it, read only if an agenda item needs it."""

    def __init__(self, store: Store, period: str):
        with store.read() as session:  # one session, one evaluation of every RAG
            now = queries.PeriodView(session, period)
            self.tree: list[PriorityNode] = queries.plan_tree_in(session, now)
            self.indicators: list[IndicatorRow] = queries.indicator_rows_in(session, now)

    def priority(self, priority_id: int | None) -> PriorityNode | None:
        return next((node for node in self.tree if node.id == priority_id), None)

    def actions_of(self, node: PriorityNode) -> list[ActionRow]:
        return [row for objective in node.objectives for row in objective.actions] + list(
            node.other_actions
        )


def _plan_slide(item: AgendaRow, plan: _Plan, charts: dict[int, IndicatorChart]) -> Slide:
    """A priority's or an objective's page: its RAG summary, exceptions and key charts."""
    if item.link is AgendaLink.PRIORITY:
        node = plan.priority(item.priority_id)
        if node is None:
            return Slide(item, "Priority", text=MISSING.format(what="priority"))
        actions = plan.actions_of(node)
        indicators = [row for row in plan.indicators if row.priority_code == node.code]
        heading, rag = f"Priority {node.code}: {node.title}", node.rag
    else:
        found = [
            (node, objective)
            for node in plan.tree
            for objective in node.objectives
            if objective.id == item.objective_id
        ]
        if not found:
            return Slide(item, "Objective", text=MISSING.format(what="objective"))
        _node, objective = found[0]
        actions = list(objective.actions)
        indicators = [row for row in plan.indicators if row.objective_code == objective.code]
        heading, rag = f"Objective {objective.code}: {objective.title}", objective.rag
    rags = [row.rag for row in actions] + [row.rag for row in indicators]
    if item.link is AgendaLink.PRIORITY:
        rows = _exceptions(actions, indicators)
        rows_title = f"Exceptions: {len(rows)} Red or worsened"
    else:  # an objective has few items: all of them, the worst first
        rows = _ranked(actions, indicators, everything=True)
        rows_title = f"Under this objective: {len(rows)}, the worst first"
    return Slide(
        item,
        heading,
        rag=rag,
        counts=_counts(rags),
        overdue=sum(row.overdue(item.starts.date()) for row in actions),
        rows_title=rows_title,
        rows=rows,
        empty="Nothing here is Red or worse than last period.",
        charts=tuple(charts[i] for i in _key_indicators(indicators) if i in charts),
    )


def _summary(plan: _Plan, period: str) -> RagSummary:
    rows = []
    for node in plan.tree:
        rags = [row.rag for row in plan.actions_of(node)]
        rags += [row.rag for row in plan.indicators if row.priority_code == node.code]
        rows.append(RagSummaryRow(node.code, node.title, _counts(rags)))
    return RagSummary(period, tuple(rows))


def build_presentation(
    store: Store, meeting_id: int, fallback_period: str, progress: Progress
) -> Presentation:
    """Everything presenter mode shows for a meeting, read in one go (in a worker thread)."""
    progress(0, 4, "Reading the meeting")
    meeting = meeting_detail(store, meeting_id)
    if meeting is None:
        raise CyppError(f"Meeting {meeting_id} no longer exists; it may have been deleted.")
    period = meeting.period or fallback_period
    links = {item.link for item in meeting.agenda}
    plan: _Plan | None = None
    charts: dict[int, IndicatorChart] = {}
    if links & {AgendaLink.PRIORITY, AgendaLink.OBJECTIVE, AgendaLink.EXCEPTIONS}:
        progress(1, 4, f"Working out every RAG for {period}")
        plan = _Plan(store, period)
        wanted: list[int] = []
        for item in meeting.agenda:
            node = plan.priority(item.priority_id) if item.link is AgendaLink.PRIORITY else None
            if node is not None:
                wanted += _key_indicators(
                    [row for row in plan.indicators if row.priority_code == node.code]
                )
            elif item.link is AgendaLink.OBJECTIVE:
                wanted += _key_indicators(
                    [row for row in plan.indicators if row.objective_code == item.target_code]
                )
        progress(2, 4, "Reading the key indicators")
        codes = {row.id: row.code for row in plan.indicators}
        by_code = {
            chart.code: chart
            for chart in chart_data.indicator_charts(store, period, sorted(set(wanted)))
        }
        charts = {i: by_code[codes[i]] for i in set(wanted) if codes.get(i) in by_code}
    progress(3, 4, "Reading the action log")
    log = carried_forward(store, meeting_id)
    slides = []
    for item in meeting.agenda:
        heading = item.link_text
        if item.link in (AgendaLink.PRIORITY, AgendaLink.OBJECTIVE) and plan is not None:
            slides.append(_plan_slide(item, plan, charts))
        elif item.link is AgendaLink.EXCEPTIONS and plan is not None:
            all_actions = [row for node in plan.tree for row in plan.actions_of(node)]
            rows = _exceptions(all_actions, plan.indicators)
            slides.append(
                Slide(
                    item,
                    f"Exceptions, {period}",
                    rows_title=f"Red, or worse than last period: {len(rows)}",
                    rows=rows,
                    empty="No exceptions: nothing is Red or worse than last period.",
                    charts=(_summary(plan, period),),
                )
            )
        elif item.link is AgendaLink.ACTION_LOG:
            slides.append(action_log_slide(item, "Action log", log, meeting.starts_at))
        else:
            slides.append(Slide(item, heading, text=item.paper))
    progress(4, 4, "Ready")
    return Presentation(meeting, period, tuple(slides), tuple(owner_names(store)))


# Type sized from the window ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sizes:
    """Pixel sizes of the page's type, in proportion to the window's height: a page reads
    the same from the back of the room whatever the projector's resolution."""

    title: int
    heading: int
    body: int
    small: int
    margin: int
    charts: int  # indicator charts a page has room for at a readable size

    @classmethod
    def for_height(cls, height: int) -> Sizes:
        scale = max(height, 360) / 1080
        return cls(
            title=round(56 * scale),
            heading=round(40 * scale),
            body=round(34 * scale),
            small=round(27 * scale),
            margin=round(36 * scale),
            charts=KEY_CHARTS if height >= 900 else 1,
        )


def font(pixels: int, *, bold: bool = False) -> QFont:
    chosen = QFont()
    chosen.setPixelSize(max(pixels, 9))
    chosen.setBold(bold)
    return chosen


def wrapped(text: str, chosen: QFont, width: float, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` pixels; the last elided if need be."""
    metrics = QFontMetricsF(chosen)
    result: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and metrics.horizontalAdvance(trial) > width:
            result.append(line)
            line = word
        else:
            line = trial
    if line:
        result.append(line)
    if len(result) > lines:
        rest = " ".join(result[lines - 1 :])
        result = [*result[: lines - 1], rest + " …"]
    elide = Qt.TextElideMode.ElideRight
    return [metrics.elidedText(part, elide, width) for part in result]


def draw_chip(painter: QPainter, x: float, y: float, height: float, rag: Rag) -> float:
    """A RAG chip (its colour, its letter) with its top left at (x, y); returns its width."""
    chip = QRectF(x, y, height * 1.25, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(RAG_COLOURS[rag])
    painter.drawRoundedRect(chip, height * 0.25, height * 0.25)
    painter.setPen(CHIP_TEXT[rag])
    painter.setFont(font(round(height * 0.68), bold=True))
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, rag.letter)
    painter.restore()
    return chip.width()


def shrinks(label: QLabel) -> None:
    """Let a one-line label be narrower than its text, so it never sets the window's width."""
    label.setMinimumWidth(1)


class _Painted(QWidget):
    """A widget that paints its content at the window's type sizes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sizes = Sizes.for_height(720)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_sizes(self, sizes: Sizes) -> None:
        self.sizes = sizes
        self.updateGeometry()
        self.update()


class TitleView(_Painted):
    """The item's title in the largest type, in up to two lines."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_text(self, text: str) -> None:
        self.text = text
        self.setAccessibleName(text)
        self._fit()

    def set_sizes(self, sizes: Sizes) -> None:
        super().set_sizes(sizes)
        self._fit()

    def _fit(self) -> None:
        """One line or two, as the title needs at this width."""
        chosen = font(self.sizes.title, bold=True)
        lines = len(wrapped(self.text, chosen, max(self.width(), 100), 2)) or 1
        self.setFixedHeight(round(QFontMetricsF(chosen).lineSpacing() * lines))
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        chosen = font(self.sizes.title, bold=True)
        painter.setFont(chosen)
        painter.setPen(INK)
        metrics = QFontMetricsF(chosen)
        for number, line in enumerate(wrapped(self.text, chosen, self.width(), 2)):
            painter.drawText(
                QRectF(0, number * metrics.lineSpacing(), self.width(), metrics.lineSpacing()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                line,
            )


class SummaryView(_Painted):
    """The RAG summary of a priority or objective: its own RAG and why, then how many of its
    actions and indicators are at each RAG, each count beside its chip and letter."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rag: ItemRag | None = None
        self.counts: tuple[tuple[Rag, int], ...] = ()
        self.overdue = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_summary(
        self, rag: ItemRag | None, counts: tuple[tuple[Rag, int], ...], overdue: int
    ) -> None:
        self.rag, self.counts, self.overdue = rag, counts, overdue
        if rag is not None:
            words = ", ".join(f"{count} {r.label}" for r, count in counts if count)
            self.setAccessibleDescription(
                f"{rag.rag.letter} ({rag.rag.label}), {rag.direction.label}. {rag.result.reason}. "
                f"Under it: {words or 'nothing'}; {overdue} overdue."
            )
        self.update()

    def set_sizes(self, sizes: Sizes) -> None:
        super().set_sizes(sizes)
        body = QFontMetricsF(font(sizes.body, bold=True)).lineSpacing()
        small = QFontMetricsF(font(sizes.small)).lineSpacing()
        self.setFixedHeight(round(body * 1.9 + small * 2 + sizes.margin * 0.6))

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.rag is None:
            return
        painter = QPainter(self)
        sizes = self.sizes
        body = font(sizes.body, bold=True)
        small = font(sizes.small)
        line = QFontMetricsF(body).lineSpacing()
        small_line = QFontMetricsF(small).lineSpacing()
        x = draw_chip(painter, 0, 0, line, self.rag.rag) + sizes.body * 0.4
        painter.setFont(body)
        painter.setPen(INK)
        direction = self.rag.direction
        painter.drawText(
            QRectF(x, 0, self.width() - x, line),
            int(Qt.AlignmentFlag.AlignVCenter),
            f"{self.rag.rag.label}   {direction.arrow} {direction.label}",
        )
        painter.setFont(small)
        painter.setPen(MUTED)
        y = line + sizes.margin * 0.1
        for text in wrapped(self.rag.result.reason, small, self.width(), 2):
            painter.drawText(QRectF(0, y, self.width(), small_line), 0, text)
            y += small_line
        y += sizes.margin * 0.3
        x = 0.0
        chip = line * 0.9
        count_font = font(sizes.body, bold=True)
        metrics = QFontMetricsF(count_font)
        for rag, count in self.counts:
            x += draw_chip(painter, x, y, chip, rag) + sizes.body * 0.2
            painter.setFont(count_font)
            painter.setPen(INK if count else MUTED)
            text = str(count)
            painter.drawText(QRectF(x, y, metrics.horizontalAdvance(text) + 2, chip), 0, text)
            x += metrics.horizontalAdvance(text) + sizes.body * 0.8
        if self.overdue:
            painter.setPen(OVER)
            painter.drawText(
                QRectF(x, y, max(self.width() - x, 0), chip),
                int(Qt.AlignmentFlag.AlignVCenter),
                f"{OVERDUE_FLAG}: {self.overdue}",
            )


class RowsView(_Painted):
    """A list under its heading, as many rows as fit, then how many more there are."""

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        self.compact = compact  # one line a row, in small type: the "recorded here" strip
        self.heading = ""
        self.rows: tuple[SlideRow, ...] = ()
        self.empty = ""
        self.shown = 0  # how many rows fitted when last painted

    def set_rows(self, heading: str, rows: tuple[SlideRow, ...], empty: str) -> None:
        self.heading, self.rows, self.empty = heading, rows, empty
        lines = [heading] + [
            f"{row.flag + ': ' if row.flag else ''}"
            f"{row.rag.letter + ' (' + row.rag.label + ') ' if row.rag else ''}"
            f"{row.lead} {row.title}. {row.note}"
            for row in rows
        ]
        self.setAccessibleName(heading)
        self.setAccessibleDescription("\n".join(lines) if rows else empty)
        self.update()

    def _row_height(self) -> float:
        if self.compact:
            return QFontMetricsF(font(self.sizes.small)).lineSpacing()
        return (
            QFontMetricsF(font(self.sizes.body)).lineSpacing()
            + QFontMetricsF(font(self.sizes.small)).lineSpacing()
            + self.sizes.margin * 0.35
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        sizes = self.sizes
        width = float(self.width())
        heading_font = font(sizes.small if self.compact else sizes.heading, bold=True)
        heading_line = QFontMetricsF(heading_font).lineSpacing()
        painter.setFont(heading_font)
        painter.setPen(INK)
        heading = wrapped(self.heading, heading_font, width, 1)
        painter.drawText(QRectF(0, 0, width, heading_line), 0, heading[0] if heading else "")
        y = heading_line + sizes.margin * 0.2
        if not self.rows:
            painter.setFont(font(sizes.small if self.compact else sizes.body))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(0, y, width, self.height() - y),
                int(Qt.TextFlag.TextWordWrap),
                self.empty,
            )
            self.shown = 0
            return
        row_height = self._row_height()
        more_line = QFontMetricsF(font(sizes.small)).lineSpacing()
        room = int((self.height() - y) // row_height)
        fits = (
            len(self.rows)
            if room >= len(self.rows)
            else max(int((self.height() - y - more_line) // row_height), 0)
        )
        for row in self.rows[:fits]:
            self._paint_row(painter, row, y, width)
            y += row_height
        self.shown = fits
        if fits < len(self.rows):
            painter.setFont(font(sizes.small, bold=True))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(0, y, width, more_line),
                0,
                f"… and {len(self.rows) - fits} more (see the board pack)",
            )

    def _paint_row(self, painter: QPainter, row: SlideRow, y: float, width: float) -> None:
        sizes = self.sizes
        main = font(sizes.small if self.compact else sizes.body)
        bold = font(sizes.small if self.compact else sizes.body, bold=True)
        small = font(sizes.small)
        line = QFontMetricsF(main).lineSpacing()
        x = 0.0
        if row.rag is not None:
            x += draw_chip(painter, 0, y + line * 0.08, line * 0.84, row.rag) + sizes.body * 0.35
        if row.flag:
            painter.setFont(bold)
            painter.setPen(OVER)
            text = row.flag
            painter.drawText(QRectF(x, y, width - x, line), 0, text)
            x += QFontMetricsF(bold).horizontalAdvance(text) + sizes.body * 0.5
        painter.setFont(bold)
        painter.setPen(INK)
        lead = row.lead
        painter.drawText(QRectF(x, y, width - x, line), 0, lead)
        x += QFontMetricsF(bold).horizontalAdvance(lead) + sizes.body * 0.5
        painter.setFont(main)
        title = wrapped(row.title, main, max(width - x, 10), 1)
        painter.drawText(QRectF(x, y, width - x, line), 0, title[0] if title else "")
        if self.compact:
            return
        painter.setFont(small)
        painter.setPen(MUTED)
        note = wrapped(row.note, small, width - sizes.body * 1.6, 1)
        painter.drawText(
            QRectF(sizes.body * 1.6, y + line, width, QFontMetricsF(small).lineSpacing()),
            0,
            note[0] if note else "",
        )


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


# One page ---------------------------------------------------------------------------------------


class SlideView(QWidget):
    """One agenda item's page: title, what it presents, and its summary, list, charts or
    paper; at the foot, what has been recorded against it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.title = TitleView()
        self.subtitle = QLabel()
        shrinks(self.subtitle)
        self.summary = SummaryView()
        self.rows = RowsView()
        self.charts = [BigChart() for _ in range(KEY_CHARTS)]
        self.no_charts = QLabel("No indicators to chart here.")
        self.no_charts.setWordWrap(True)
        self.no_charts.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paper = QLabel()
        self.paper.setWordWrap(True)
        self.paper.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.paper.setTextFormat(Qt.TextFormat.PlainText)
        self.recorded = RowsView(compact=True)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.summary)
        left.addWidget(self.rows, 1)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        for chart in self.charts:
            right.addWidget(chart, 1)
        right.addWidget(self.no_charts, 1)
        self.body = QHBoxLayout()
        self.body.addLayout(left, 11)
        self.body.addLayout(right, 9)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.title)
        self.column.addWidget(self.subtitle)
        self.column.addLayout(self.body, 1)
        self.column.addWidget(self.paper, 1)
        self.column.addWidget(self.recorded)
        self.slide: Slide | None = None
        self._shown: tuple[int, int, tuple[LogRow, ...]] = (0, 0, ())
        self.sizes = Sizes.for_height(720)
        for widget in (self.subtitle, self.no_charts, self.paper):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_sizes(self, sizes: Sizes) -> None:
        self.sizes = sizes
        for widget in (self.title, self.summary, self.rows, self.recorded):
            widget.set_sizes(sizes)
        self.subtitle.setFont(font(sizes.small))
        self.no_charts.setFont(font(sizes.small))
        self.paper.setFont(font(sizes.body))
        self.column.setSpacing(round(sizes.margin * 0.4))
        self.body.setSpacing(sizes.margin)
        self._size_recorded()
        if self.slide is not None:
            self.show_slide(self.slide, *self._shown)

    def show_slide(self, slide: Slide, number: int, total: int, recorded: Sequence[LogRow]) -> None:
        self.slide = slide
        self._shown = (number, total, tuple(recorded))
        item = slide.item
        self.title.set_text(f"{number}. {item.title}")
        who = f"Presented by {item.presenter}" if item.presenter else "No presenter named"
        self.subtitle.setText(f"{slide.heading}   ·   {who}   ·   {item.minutes} min")
        planned = slide.rag is not None
        listed = bool(slide.rows_title)
        self.summary.setVisible(planned)
        self.summary.set_summary(slide.rag, slide.counts, slide.overdue)
        self.rows.setVisible(listed)
        self.rows.set_rows(slide.rows_title, slide.rows, slide.empty)
        room = self.sizes.charts
        for position, chart in enumerate(self.charts):
            spec = slide.charts[position] if position < min(len(slide.charts), room) else None
            chart.set_spec(spec)
            chart.setVisible(spec is not None)
        self.no_charts.setVisible(planned and not slide.charts)
        self.paper.setVisible(not listed)
        self.paper.setText(slide.text or "No paper for this item.")
        self.body.setStretch(1, 9 if planned or slide.charts else 0)
        self.set_recorded(recorded)

    def set_recorded(self, recorded: Sequence[LogRow]) -> None:
        rows = tuple(
            SlideRow(
                None,
                "Decision:" if entry.kind is LogKind.DECISION else "Action:",
                entry.text
                + (
                    f" ({entry.owner}, due {uk_date(entry.due)})"
                    if entry.kind is LogKind.ACTION
                    else ""
                ),
                "",
            )
            for entry in recorded
        )
        self.recorded.set_rows(f"Recorded at this item: {len(rows)}" if rows else "", rows, "")
        self.recorded.setVisible(bool(rows))
        self._size_recorded()

    def _size_recorded(self) -> None:
        line = QFontMetricsF(font(self.sizes.small)).lineSpacing()
        shown = min(len(self.recorded.rows), 3)
        self.recorded.setFixedHeight(
            round(line * (shown + 1.2) + (line if len(self.recorded.rows) > 3 else 0))
        )


# Recording a decision or an action ---------------------------------------------------------------


class CapturePanel(QFrame):
    """The small panel that records, against the item on screen, a decision or an action
    (text, owner, due date typed the UK way). Enter records; Esc puts it away."""

    submitted = Signal(object)  # LogFields
    cancelled = Signal()

    def __init__(self, owners: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("capturePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.decision = QRadioButton("&Decision")
        self.action = QRadioButton("&Action")
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.decision)
        self.kinds.addButton(self.action)
        self.against = QLabel()
        self.text = QLineEdit()
        self.text.setAccessibleName("What was decided or asked for")
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Owner")
        self.owner.setPlaceholderText("who will do it")
        completer = QCompleter(list(owners), self.owner)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner.setCompleter(completer)
        self._owners = {name.casefold() for name in owners}
        self.owner_note = QLabel()
        self.due = QLineEdit()
        self.due.setAccessibleName("Due date")
        self.due.setPlaceholderText("e.g. 31/01/2013")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {OVER.name()}")
        self.record_button = QPushButton("Record (Enter)")
        self.record_button.clicked.connect(self.submit)
        cancel = QPushButton("Cancel (Esc)")
        cancel.clicked.connect(self.cancelled.emit)
        for field in (self.text, self.owner, self.due):
            field.returnPressed.connect(self.submit)
        self.owner.textChanged.connect(self._owner_typed)
        self.action.toggled.connect(self._kind_changed)
        kinds = QHBoxLayout()
        kinds.addWidget(self.decision)
        kinds.addWidget(self.action)
        kinds.addSpacing(24)
        kinds.addWidget(self.against, 1)
        grid = QGridLayout()
        self.text_label = QLabel("&Text")
        self.text_label.setBuddy(self.text)
        self.owner_label = QLabel("&Owner")
        self.owner_label.setBuddy(self.owner)
        self.due_label = QLabel("D&ue")
        self.due_label.setBuddy(self.due)
        grid.addWidget(self.text_label, 0, 0)
        grid.addWidget(self.text, 0, 1, 1, 4)
        grid.addWidget(self.owner_label, 1, 0)
        grid.addWidget(self.owner, 1, 1)
        grid.addWidget(self.owner_note, 1, 2)
        grid.addWidget(self.due_label, 1, 3)
        grid.addWidget(self.due, 1, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(4, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem, 1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(kinds)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        self._item: AgendaRow | None = None
        self.hide()

    def set_sizes(self, sizes: Sizes) -> None:
        self.setFont(font(sizes.small))
        for child in self.findChildren(QWidget):
            child.setFont(font(sizes.small))

    def open(self, kind: LogKind, item: AgendaRow, number: int) -> None:
        self._item = item
        (self.action if kind is LogKind.ACTION else self.decision).setChecked(True)
        self._kind_changed()
        self.against.setText(f"against item {number}: {item.title}")
        self.text.clear()
        self.owner.clear()
        self.due.clear()
        self.problem.clear()
        self.show()
        self.text.setFocus()

    def _kind_changed(self) -> None:
        wanted = self.action.isChecked()
        for widget in (self.owner_label, self.owner, self.owner_note, self.due_label, self.due):
            widget.setEnabled(wanted)

    def _owner_typed(self, name: str) -> None:
        known = not name.strip() or name.strip().casefold() in self._owners
        self.owner_note.setText("" if known else "new owner: added to the plan")

    def fields(self) -> LogFields:
        """What was typed, checked as far as the panel can; raises CyppError otherwise."""
        kind = LogKind.ACTION if self.action.isChecked() else LogKind.DECISION
        due = None
        if kind is LogKind.ACTION:
            try:
                due = parse_date(self.due.text()).value
            except FieldError as error:
                raise CyppError(f"Due date: {error}.") from error
        return LogFields(
            kind=kind,
            text=self.text.text(),
            owner=self.owner.text() if kind is LogKind.ACTION else "",
            due=due,
            agenda_item_id=self._item.id if self._item is not None else None,
        )

    def submit(self) -> None:
        try:
            fields = self.fields()
        except CyppError as error:
            self.show_problem(str(error))
            return
        self.submitted.emit(fields)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


# The window -----------------------------------------------------------------------------------


Clock = Callable[[], datetime]


class PresenterWindow(QWidget):
    """Full screen, one agenda item at a time, driven from the keyboard or a clicker."""

    NEXT = frozenset({Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space})
    BACK = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace})

    page_changed = Signal(int)
    recorded = Signal(int)  # the new action-log entry's id

    def __init__(
        self,
        presentation: Presentation,
        context: PlanContext,
        parent: QWidget | None = None,
        *,
        clock: Clock = datetime.now,
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("presenterWindow")
        self.presentation = presentation
        self.context = context
        self.clock = clock
        meeting = presentation.meeting
        self.setWindowTitle(f"Presenting: {meeting.title}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), PAPER)
        palette.setColor(self.foregroundRole(), INK)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.slides = list(presentation.slides)
        self.log = list(meeting.log)
        self.current = 0
        self.first_shown: dict[int, datetime] = {}

        self.meeting_label = QLabel(f"{meeting.title}   ·   {presentation.period}")
        self.position_label = QLabel()
        self.clock_label = QLabel()
        self.clock_label.setAccessibleName("Clock")
        header = QHBoxLayout()
        header.addWidget(self.meeting_label, 1)
        header.addWidget(self.position_label)
        header.addSpacing(24)
        header.addWidget(self.clock_label)

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Agenda")
        self.sidebar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sidebar.setWordWrap(True)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for number, slide in enumerate(self.slides, start=1):
            item = slide.item
            self.sidebar.addItem(
                f"{number}. {item.title}  ({item.starts:%H:%M}, {item.minutes} min)"
            )
        self.sidebar.itemClicked.connect(lambda it: self.go(self.sidebar.row(it)))
        self.sidebar.hide()
        self.page = SlideView()
        body = QHBoxLayout()
        body.addWidget(self.sidebar, 3)
        body.addWidget(self.page, 10)

        self.capture = CapturePanel(presentation.owners)
        self.capture.submitted.connect(self._record)
        self.capture.cancelled.connect(self._close_capture)

        self.remaining_label = QLabel()
        self.remaining_label.setAccessibleName("Time left for this item")
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(KEYS_HINT)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        footer = QHBoxLayout()
        footer.addWidget(self.remaining_label)
        footer.addWidget(self.message, 1)
        footer.addWidget(self.hint)

        self.rule_top = QFrame()
        self.rule_top.setFrameShape(QFrame.Shape.HLine)
        self.rule_bottom = QFrame()
        self.rule_bottom.setFrameShape(QFrame.Shape.HLine)
        self.outer = QVBoxLayout(self)
        self.outer.addLayout(header)
        self.outer.addWidget(self.rule_top)
        self.outer.addLayout(body, 1)
        self.outer.addWidget(self.capture)
        self.outer.addWidget(self.rule_bottom)
        self.outer.addLayout(footer)
        for label in (
            self.meeting_label,
            self.position_label,
            self.clock_label,
            self.remaining_label,
            self.message,
            self.hint,
        ):
            label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for label in (self.meeting_label, self.message, self.hint):
            shrinks(label)  # a long line is cut at the edge rather than widening the window

        self._ticker = QTimer(self, interval=1000)
        self._ticker.timeout.connect(self.tick)
        self._message_timer = QTimer(self, singleShot=True, interval=6000)
        self._message_timer.timeout.connect(self.message.clear)
        self._apply_sizes()
        if self.slides:
            self.go(0)
        else:
            self.page.title.set_text("This meeting has no agenda items yet.")
        self._ticker.start()

    # Moving between items ------------------------------------------------------------------

    def go(self, index: int) -> None:
        if not self.slides:
            return
        self.current = max(0, min(index, len(self.slides) - 1))
        slide = self.slides[self.current]
        self.first_shown.setdefault(slide.item.id, self.clock())
        self.page.show_slide(slide, self.current + 1, len(self.slides), self._recorded_here())
        self.sidebar.setCurrentRow(self.current)
        self.position_label.setText(f"Item {self.current + 1} of {len(self.slides)}")
        self.tick()
        self.page_changed.emit(self.current)

    def _recorded_here(self) -> list[LogRow]:
        if not self.slides:
            return []
        item_id = self.slides[self.current].item.id
        return [entry for entry in self.log if entry.agenda_item_id == item_id]

    def toggle_sidebar(self) -> None:
        self.sidebar.setVisible(not self.sidebar.isVisible())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.capture.isVisible():
            super().keyPressEvent(event)
            return
        if key in self.NEXT:
            self.go(self.current + 1)
        elif key in self.BACK:
            self.go(self.current - 1)
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(len(self.slides) - 1)
        elif key == Qt.Key.Key_S:
            self.toggle_sidebar()
        elif key in (Qt.Key.Key_D, Qt.Key.Key_A):
            self.open_capture(LogKind.DECISION if key == Qt.Key.Key_D else LogKind.ACTION)
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # The clock and the time left ----------------------------------------------------------------

    def tick(self) -> None:
        now = self.clock()
        self.clock_label.setText(f"{now:%H:%M}")
        if not self.slides:
            return
        item = self.slides[self.current].item
        started = self.first_shown.get(item.id, now)
        left = item.minutes * 60 - int((now - started).total_seconds())
        if left >= 0:
            self.remaining_label.setText(f"{left // 60}:{left % 60:02d} left of {item.minutes} min")
            self.remaining_label.setStyleSheet(f"color: {INK.name()}")
        else:
            over = -left
            self.remaining_label.setText(
                f"⚠ {over // 60}:{over % 60:02d} over the {item.minutes} min"
            )
            self.remaining_label.setStyleSheet(f"color: {OVER.name()}; font-weight: bold")

    # Live capture ---------------------------------------------------------------------------------

    def open_capture(self, kind: LogKind) -> None:
        if not self.slides:
            return
        self.capture.open(kind, self.slides[self.current].item, self.current + 1)

    def _close_capture(self) -> None:
        self.capture.hide()
        self.setFocus()

    def _record(self, fields: LogFields) -> None:
        meeting = self.presentation.meeting
        try:
            entry_id = record(
                self.context.store,
                meeting.id,
                fields,
                who=self.context.user,
                source=SOURCE_PRESENTER,
            )
        except CyppError as error:
            self.capture.show_problem(str(error))
            return
        self._close_capture()
        self._refresh_log()
        what = "Decision" if fields.kind is LogKind.DECISION else "Action"
        extra = (
            f" for {fields.owner.strip()}, due {uk_date(fields.due)}"
            if fields.kind is LogKind.ACTION
            else ""
        )
        self.flash(f"{what} recorded{extra}.")
        self.recorded.emit(entry_id)

    def _refresh_log(self) -> None:
        """The meeting's log and the action-log pages, read again with the new entry."""
        meeting = self.presentation.meeting
        detail = meeting_detail(self.context.store, meeting.id)
        if detail is not None:
            self.log = list(detail.log)
        open_actions = carried_forward(self.context.store, meeting.id)
        self.slides = [
            action_log_slide(slide.item, slide.heading, open_actions, meeting.starts_at)
            if slide.item.link is AgendaLink.ACTION_LOG
            else slide
            for slide in self.slides
        ]
        self.presentation = replace(self.presentation, slides=tuple(self.slides))
        self.page.show_slide(
            self.slides[self.current], self.current + 1, len(self.slides), self._recorded_here()
        )

    def flash(self, text: str) -> None:
        self.message.setText(text)
        self._message_timer.start()

    # Size -----------------------------------------------------------------------------------------

    def _apply_sizes(self) -> None:
        sizes = Sizes.for_height(self.height())
        for label in (self.meeting_label, self.position_label, self.remaining_label, self.hint):
            label.setFont(font(sizes.small))
        self.message.setFont(font(sizes.small, bold=True))
        self.clock_label.setFont(font(sizes.heading, bold=True))
        self.sidebar.setFont(font(sizes.small))
        self.page.set_sizes(sizes)
        self.capture.set_sizes(sizes)
        margin = sizes.margin
        self.outer.setContentsMargins(margin, round(margin * 0.5), margin, round(margin * 0.5))
        self.outer.setSpacing(round(margin * 0.35))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_sizes()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._ticker.stop()
        super().closeEvent(event)


# Starting presenter mode ------------------------------------------------------------------------


def projector(screens: Sequence[QScreen], own: QScreen) -> QScreen:
    """The screen to present on: another screen than the officer's when there is one."""
    return next((screen for screen in screens if screen.name() != own.name()), own)


def show_full_screen(window: QWidget, parent: QWidget) -> None:
    """Full screen on a second screen when there is one (the projector), else on this one."""
    target = projector(QGuiApplication.screens(), parent.screen())
    window.setScreen(target)
    window.setGeometry(target.geometry())
    window.showFullScreen()
    window.activateWindow()
    window.setFocus()


def open_presenter(parent: QWidget) -> PresenterWindow | None:
    """The presenter window already open over ``parent``, if any."""
    for child in parent.findChildren(PresenterWindow):
        if child.isVisible():
            return child
    return None


def present(parent: QWidget, context: PlanContext, meeting_id: int | None) -> None:
    """F5: walk a meeting's agenda full screen; the meeting chosen, else the next one on or
    after today, else the latest."""
    already = open_presenter(parent)
    if already is not None:
        already.raise_()
        already.activateWindow()
        return
    chosen = (
        meeting_id if meeting_id is not None else default_meeting_id(context.store, context.today)
    )
    if chosen is None:
        QMessageBox.information(
            parent,
            "Present meeting",
            "This plan has no meetings yet. Add one on the Meetings page, then press F5.",
        )
        return

    def show(presentation: Presentation) -> None:
        show_full_screen(PresenterWindow(presentation, context, parent), parent)

    run_in_background(
        parent,
        lambda progress: build_presentation(context.store, chosen, context.period, progress),
        title="Preparing the meeting",
        on_success=show,
    )
