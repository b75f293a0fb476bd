"""View > Reporting Period: look at another period in this window, by menu or Ctrl+[ / Ctrl+].

Which period a window shows is the window's own affair: looking back at last quarter, or
ahead at the next, changes nothing in the plan and nothing for anyone else. The period the
plan reports on (what packs, returns and the command line use unless told otherwise) is a
plan setting, changed in File > Plan Settings… and audited. The status bar says when the
two differ. Layout only: the plan controller acts on ``chosen``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from cypp_desktop.models.periods import sort_labels

PREVIOUS_KEY = QKeySequence("Ctrl+[")
NEXT_KEY = QKeySequence("Ctrl+]")


def period_status(viewing: str, reports_on: str) -> str:
    """The status bar's words: the period shown, and the plan's own when they differ."""
    if viewing == reports_on:
        return f"Period: {viewing}"
    return f"Period: {viewing} (plan reports on {reports_on})"


class PeriodMenu(QObject):
    """The Reporting Period submenu: earlier and later periods, and the periods on offer,
    newest first, the one shown ticked."""

    chosen = Signal(str)

    def __init__(self, owner: QWidget):
        super().__init__(owner)
        self.menu = QMenu("Reporting P&eriod", owner)
        self.previous_action = self._command("&Earlier Period", PREVIOUS_KEY, owner)
        self.next_action = self._command("&Later Period", NEXT_KEY, owner)
        self.plan_action = self._command("Back to the &Plan's Period", None, owner)
        self.menu.addSeparator()
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self._periods: list[str] = []  # newest first
        self._viewing = ""
        self._reports_on = ""
        self.previous_action.triggered.connect(lambda: self._step(+1))
        self.next_action.triggered.connect(lambda: self._step(-1))
        self.plan_action.triggered.connect(lambda: self.chosen.emit(self._reports_on))

    def _command(self, text: str, key: QKeySequence | None, owner: QWidget) -> QAction:
        action = QAction(text, owner)
        if key is not None:
            action.setShortcut(key)
        self.menu.addAction(action)
        return action

    @property
    def periods(self) -> list[str]:
        return list(self._periods)

    def show_periods(self, periods: list[str], *, viewing: str, reports_on: str) -> None:
        """Offer ``periods`` (newest first), ticking ``viewing`` and naming the plan's own."""
        self._periods = sort_labels({*periods, viewing})[::-1]
        self._viewing = viewing
        self._reports_on = reports_on
        for action in self._group.actions():
            self._group.removeAction(action)
            self.menu.removeAction(action)
            action.deleteLater()
        for number, label in enumerate(self._periods, start=1):
            text = f"&{number} {label}" if number < 10 else label
            if label == reports_on:
                text += "  (the plan reports on this)"
            action = QAction(text, self._group)
            action.setCheckable(True)
            action.setChecked(label == viewing)
            action.setData(label)
            action.triggered.connect(lambda _checked=False, p=label: self.chosen.emit(p))
            self.menu.addAction(action)
        at = self._periods.index(viewing)
        self.previous_action.setEnabled(at + 1 < len(self._periods))
        self.next_action.setEnabled(at > 0)
        self.plan_action.setText(f"Back to the &Plan's Period ({reports_on})")
        self.plan_action.setEnabled(viewing != reports_on)

    def _step(self, offset: int) -> None:
        """Newest first, so an earlier period is further down the list."""
        if self._viewing not in self._periods:
            return
        at = self._periods.index(self._viewing) + offset
        if 0 <= at < len(self._periods):
            self.chosen.emit(self._periods[at])
