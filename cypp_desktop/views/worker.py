"""Long work off the GUI thread, with progress, Cancel, and results back on the GUI thread.

The work is a plain function that takes a ``progress(done, total, message)`` callback, as the
core's exporters and importers do; calling it raises Cancelled once the user has pressed
Cancel, so the core stops at its next step and leaves nothing half-written. Expected trouble
(a CyppError) is shown as a message; anything else goes to the exception hook.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from cypp_desktop.errors import CyppError

T = TypeVar("T")
Progress = Callable[[int, int, str], None]


class Cancelled(CyppError):
    """The user pressed Cancel; the work stopped and left nothing behind."""


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, cancel: threading.Event):
        super().__init__()
        self._work = work
        self._signals = signals
        self._cancel = cancel
        self.ended = threading.Event()

    def _progress(self, done: int, total: int, message: str) -> None:
        if self._cancel.is_set():
            raise Cancelled("Cancelled; nothing was written.")
        self._signals.progressed.emit(done, total, message)

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as error:  # handed to the GUI thread, which decides
            self._signals.failed.emit(error)
        else:
            self._signals.succeeded.emit(result)
        finally:
            self.ended.set()


class BackgroundTask(QObject, Generic[T]):
    """One piece of work in the thread pool, with a progress dialog while it runs."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        work: Callable[[Progress], T],
        *,
        title: str,
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        show_dialog: bool = True,
    ):
        super().__init__(parent)
        self._parent = parent
        self._title = title
        self._on_success = on_success
        self._on_failure = on_failure
        self.cancel_event = threading.Event()
        self.signals = _Signals()
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.canceled.connect(self.cancel)
        self.signals.progressed.connect(self._progressed)
        self.signals.succeeded.connect(self._succeeded)
        self.signals.failed.connect(self._failed)
        self._runnable = _Runnable(work, self.signals, self.cancel_event)
        self._runnable.setAutoDelete(False)

    def start(self) -> BackgroundTask[T]:
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def cancel(self) -> None:
        self.cancel_event.set()

    def cancel_and_wait(self, timeout: float = 10.0) -> bool:
        """Cancel, and return once the work has stopped (before the plan it reads is closed);
        work still queued is taken off the queue and never starts. Its outcome reaches the
        GUI thread as usual. False when it had not stopped within ``timeout`` seconds (a
        server that stopped answering): the caller goes on rather than hang the window."""
        self.cancel()
        if QThreadPool.globalInstance().tryTake(self._runnable):
            self._runnable.ended.set()
            self.signals.failed.emit(Cancelled("Cancelled before it started; nothing was written."))
            return True
        return self._runnable.ended.wait(timeout)

    def _progressed(self, done: int, total: int, message: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)
            if message:
                self.dialog.setLabelText(message)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()

    def _succeeded(self, result: T) -> None:
        self._close_dialog()
        self._on_success(result)
        self.finished.emit()

    def _failed(self, error: BaseException) -> None:
        self._close_dialog()
        try:
            if self._on_failure is not None:
                self._on_failure(error)
            elif isinstance(error, Cancelled):
                pass
            elif isinstance(error, CyppError):
                QMessageBox.warning(self._parent, self._title, str(error))
            else:
                sys.excepthook(type(error), error, error.__traceback__)
        finally:
            self.finished.emit()


def run_in_background(
    parent: QWidget,
    work: Callable[[Progress], T],
    *,
    title: str,
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
    show_dialog: bool = True,
) -> BackgroundTask[T]:
    """Start ``work`` in the thread pool; ``on_success`` runs on the GUI thread with its result."""
    return BackgroundTask(
        parent,
        work,
        title=title,
        on_success=on_success,
        on_failure=on_failure,
        show_dialog=show_dialog,
    ).start()
