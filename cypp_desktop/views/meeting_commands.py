"""Meeting changes on the main window's undo stack (Edit > Undo, Ctrl+Z; Redo, Ctrl+Y or
Ctrl+Shift+Z), beside the grids' edits: one history, whichever page a change was made on.

Each change the Meetings page, presenter mode or the cover report editor makes is written
first (the store said yes), then pushed with what it did row by row, so its first redo does
nothing. Undo and redo write the rows back through store/meeting_undo.py, audited as "undo"
or "redo". If someone else has changed the same thing since, nothing is written: the
message says so and offers Reload, and the step leaves the history (it can no longer be
undone exactly), as a grid's step does.

One ``MeetingHistory`` serves a stack, whoever pushes onto it: a command can outlive the
window it was made in (presenter mode closes; its captures can still be undone), so the
command holds the history, which lives as long as the stack, and windows that show meetings
listen to it to show what an undo or redo wrote.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cypp_desktop.errors import CyppError
from cypp_desktop.models.audit import SOURCE_REDO, SOURCE_UNDO
from cypp_desktop.store.edits import ConflictError
from cypp_desktop.store.meeting_undo import apply_change
from cypp_desktop.store.meeting_work import Keep
from cypp_desktop.store.row_images import RowChange
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.grids.controller import ask_to_reload


class MeetingCommand(QUndoCommand):
    def __init__(self, history: MeetingHistory, context: PlanContext, text: str, change: RowChange):
        super().__init__(text)
        self.history = history
        self.context = context
        self.change = change
        self._done = True  # pushed after it was written

    def undo(self) -> None:
        if not self.history.replay(self, self.change.reversed(), SOURCE_UNDO):
            self.setObsolete(True)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        if not self.history.replay(self, self.change, SOURCE_REDO):
            self.setObsolete(True)


class MeetingHistory(QObject):
    """Pushes meeting changes onto an undo stack, and undoes and redoes them. The stack
    belongs to a window (the main window, or a page or presenter shown on its own), over
    which the history says what went wrong when no other window is active."""

    replayed = Signal(object, str)  # the RowChange an undo or redo wrote, and "Undo …"
    reload_wanted = Signal()  # an undo or redo met someone else's change; show the latest

    def __init__(self, stack: QUndoStack):
        super().__init__(stack)
        owner = stack.parent()
        if not isinstance(owner, QWidget):
            raise TypeError("A meeting history needs an undo stack that belongs to a window.")
        self.stack = stack
        self.owner = owner

    @classmethod
    def of(cls, stack: QUndoStack) -> MeetingHistory:
        """The stack's history, made the first time it is asked for."""
        found = stack.findChild(cls)
        return found if isinstance(found, cls) else cls(stack)

    def keeper(self, context: PlanContext, text: str) -> Keep:
        """What a store change is given to ``keep``: it pushes the change, as "``text``"."""
        return lambda change: self.stack.push(MeetingCommand(self, context, text, change))

    def replay(self, command: MeetingCommand, change: RowChange, source: str) -> bool:
        what = f"{'Undo' if source == SOURCE_UNDO else 'Redo'} {command.text()}"
        context = command.context
        window = QApplication.activeWindow() or self.owner
        try:
            apply_change(context.store, change, who=context.user, source=source)
        except ConflictError as error:
            if ask_to_reload(window, f"{what}: {error}"):
                self.reload_wanted.emit()
            return False
        except CyppError as error:
            QMessageBox.warning(window, what, str(error))
            return False
        self.replayed.emit(change, what)
        return True
