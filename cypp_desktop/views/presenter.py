"""Presenter mode: the chair walks the board through the agenda on a projector.

One agenda item per page, in type sized from the window's height so it reads from the back
of a room on a 1280x720 projector as on a 1920x1080 screen. Keys a presentation clicker
sends move between items (Right/Down/PageDown, Left/Up/PageUp, Home/End); S shows the
agenda beside the page; D or A opens a small panel that records a decision or an action
against the item on screen, straight into the action log; Esc leaves. A clock and the time
left for the item (from its allocation, counted from when the page was first shown) sit
in the header and footer.

This module is the window and how it starts (F5, ``present``). What the pages show is read
once, in the background, before the window opens (store/presentation.py); each page is a
SlideView (views/presenter_slides.py) and live capture a CapturePanel
(views/presenter_capture.py). Only the action log is read again, after an action is
recorded (or a recording undone), so the new action appears on the action-log page at once.

A recorded decision or action goes on the undo stack presenter mode is given (the main
window's): Ctrl+Z takes it back there and then, and Edit > Undo after the meeting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QScreen,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.errors import CyppError
from cypp_desktop.models import AgendaLink, LogKind
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.store.action_log import LogFields, carried_forward, record
from cypp_desktop.store.meeting_rows import LogRow
from cypp_desktop.store.meeting_work import SOURCE_PRESENTER
from cypp_desktop.store.meetings import default_meeting_id, meeting_detail
from cypp_desktop.store.presentation import Presentation, action_log_slide, build_presentation
from cypp_desktop.store.row_images import RowChange
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.meeting_commands import MeetingCommand, MeetingHistory
from cypp_desktop.views.presenter_capture import CapturePanel
from cypp_desktop.views.presenter_chart import BigChart
from cypp_desktop.views.presenter_slides import SlideView
from cypp_desktop.views.presenter_style import INK, OVER, PAPER, Sizes, font, shrinks
from cypp_desktop.views.worker import run_in_background

__all__ = [
    # BigChart and build_presentation live in views/presenter_chart.py and
    # store/presentation.py; docs/screenshots.py imports them from here.
    "BigChart",
    "PresenterWindow",
    "build_presentation",
    "open_presenter",
    "present",
    "projector",
    "show_full_screen",
]

# What a capture writes: an entry (and an owner new to the plan); Ctrl+Z here takes back
# only such changes.
LOG_TABLES = frozenset({"action_log_entry", "action_log_note", "owner"})
KEYS_HINT = "→ next   ← back   S agenda   D decision   A action   Ctrl+Z undo   Esc leave"


# The window -----------------------------------------------------------------------------------


Clock = Callable[[], datetime]


class PresenterWindow(QWidget):
    """Full screen, one agenda item at a time, driven from the keyboard or a clicker.
    Captures go on ``undo_stack`` (the main window's); without one, on a history of the
    window's own."""

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
        undo_stack: QUndoStack | None = None,
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
        self.history = MeetingHistory.of(undo_stack if undo_stack is not None else QUndoStack(self))
        self.history.replayed.connect(self._undone)
        self.history.reload_wanted.connect(self._refresh_log)
        # This window is full screen on its own: the main window's Edit menu does not reach
        # it, so it has its own Undo and Redo on the same stack, for this meeting's changes.
        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda: self.step(back=True))
        self.redo_action = QAction("&Redo", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.triggered.connect(lambda: self.step(back=False))
        self.addActions([self.undo_action, self.redo_action])

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
        self._message_timer.timeout.connect(self._end_message)
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
                keep=self.history.keeper(
                    self.context,
                    "record an action" if fields.kind is LogKind.ACTION else "record a decision",
                ),
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
        self.flash(f"{what} recorded{extra}. Ctrl+Z takes it back.")
        self.recorded.emit(entry_id)

    def step(self, *, back: bool) -> None:
        """Ctrl+Z (or Ctrl+Y): undo (or redo) the next step of the history when it is a
        change to this meeting's decisions and actions, which the page shows as they become.
        The history is shared with the main window: the chair taking back a capture must not
        take back an officer's edit of a grid or of the agenda from before the meeting."""
        stack = self.history.stack
        command = stack.command(stack.index() - 1 if back else stack.index())
        if not (
            isinstance(command, MeetingCommand)
            and self.presentation.meeting.id in command.change.meetings
            and command.change.tables <= LOG_TABLES
        ):
            self.flash(f"Nothing recorded in this meeting to {'undo' if back else 'redo'}.")
        elif back:
            stack.undo()
        else:
            stack.redo()

    def _undone(self, change: RowChange, what: str) -> None:
        """An undo or redo wrote a meeting change; one to this meeting shows at once."""
        if self.presentation.meeting.id in change.meetings:
            self._refresh_log()
            self.flash(f"{what}: done.")

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
        """Say ``text`` in the footer for a few seconds; the keys' hint gives way meanwhile,
        so a whole line ("Action recorded for …, due …") is read rather than cut off."""
        self.hint.hide()
        self.message.setText(text)
        self._message_timer.start()

    def _end_message(self) -> None:
        self.message.clear()
        self.hint.show()

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


def present(
    parent: QWidget,
    context: PlanContext,
    meeting_id: int | None,
    *,
    undo_stack: QUndoStack | None = None,
) -> None:
    """F5: walk a meeting's agenda full screen; the meeting chosen, else the next one on or
    after today, else the latest. Captures go on ``undo_stack`` (the main window's)."""
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
        show_full_screen(
            PresenterWindow(presentation, context, parent, undo_stack=undo_stack), parent
        )

    run_in_background(
        parent,
        lambda progress: build_presentation(context.store, chosen, context.period, progress),
        title="Preparing the meeting",
        on_success=show,
    )
