"""The read of a long grid's remaining rows, in a worker thread.

At most one read is current: a newer one supersedes it, and a superseded read's rows are
never used. Every read still running, current or not, is stopped and waited for before its
plan closes, so none is left reading a closed store.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from cypp_desktop.errors import CyppError
from cypp_desktop.views.worker import BackgroundTask, Cancelled, Progress, run_in_background


class BackgroundRead:
    def __init__(self, parent: QWidget, title: str):
        self._parent = parent
        self._title = title
        self._current: BackgroundTask[Any] | None = None
        self._running: set[BackgroundTask[Any]] = set()

    @property
    def busy(self) -> bool:
        """Whether a current read has yet to deliver."""
        return self._current is not None

    def start(
        self,
        read: Callable[[Callable[[int], None]], Any],
        on_read: Callable[[Any], None],
        on_trouble: Callable[[CyppError], None],
    ) -> None:
        """Run ``read`` (given a callback to call between batches, where it stops once
        cancelled); ``on_read`` gets its result on the GUI thread unless a later read or a
        stop superseded it. Expected trouble goes to ``on_trouble``; a bug to the hook."""
        self.stop()

        def work(progress: Progress) -> Any:
            return read(lambda done: progress(done, 0, ""))

        def succeeded(result: Any) -> None:
            if task is self._current:
                self._current = None
                on_read(result)

        def failed(error: BaseException) -> None:
            if task is not self._current:
                return
            self._current = None
            if isinstance(error, Cancelled):
                return
            if isinstance(error, CyppError):
                on_trouble(error)
            else:
                sys.excepthook(type(error), error, error.__traceback__)

        task = run_in_background(
            self._parent,
            work,
            title=self._title,
            on_success=succeeded,
            on_failure=failed,
            show_dialog=False,
        )
        self._current = task
        self._running.add(task)
        task.finished.connect(lambda: self._ended(task))

    def _ended(self, task: BackgroundTask[Any]) -> None:
        self._running.discard(task)
        task.deleteLater()

    def stop(self) -> None:
        """Supersede the current read; it stops at its next batch."""
        task, self._current = self._current, None
        if task is not None:
            task.cancel()

    def stop_and_wait(self) -> None:
        """Stop every read still running and return once they have (before the plan they
        read closes, or before a write that their read lock would hold up)."""
        self._current = None
        for task in list(self._running):
            task.cancel_and_wait()
