"""The welcome screen: the first thing a new user sees, over the demo plan it has opened.

It offers the four ways in (the demo, a new plan, a plan file, a recent plan) and the user
guide, each a single key away. It is not modal: the demo plan behind it can be looked at
and used straight away, and Escape puts it away. Layout only: what each choice does is
connected by whoever shows it (app.offer_welcome).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.views.style import app_icon

PathRole = Qt.ItemDataRole.UserRole
INTRO = (
    "CYPP Desktop keeps a Children and Young People's Plan up to date between board "
    "meetings: returns out to leads and back, RAG status, the board pack and the meeting "
    "itself. The demo plan is open behind this window for you to try anything in."
)


class WelcomeDialog(QDialog):
    demo_chosen = Signal()
    new_chosen = Signal()
    open_chosen = Signal()
    recent_chosen = Signal(Path)
    guide_chosen = Signal()

    def __init__(self, recent: list[Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setWindowTitle("Welcome to CYPP Desktop")
        self.setAccessibleName("Welcome to CYPP Desktop")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(QSize(64, 64), self.devicePixelRatioF()))
        icon.setAccessibleName("CYPP Desktop")
        title = QLabel("Welcome to CYPP Desktop")
        title.setObjectName("welcomeTitle")
        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addWidget(title, 1)
        intro = QLabel(INTRO)
        intro.setObjectName("welcomeIntro")
        intro.setWordWrap(True)

        self.demo_button = self._choice(
            "Open the &demo plan",
            "A worked example built from real Children's Trust plans: priorities, actions, "
            "indicators, meetings. It is your own copy, so change anything.",
            self.demo_chosen,
        )
        self.new_button = self._choice(
            "&New plan…",
            "Start an empty plan of your own and save it as a .cypp file.",
            self.new_chosen,
        )
        self.open_button = self._choice(
            "&Open…",
            "Open a plan file: one you saved before, or one a colleague sent you.",
            self.open_chosen,
        )
        self.guide_button = self._choice(
            "Read the &user guide",
            "A meeting cycle from start to finish, what RAG means here, and the files "
            "the app reads and writes. Press F1 for it at any time.",
            self.guide_chosen,
        )

        recent_label = QLabel("&Recent plans")
        recent_label.setObjectName("welcomeRecentLabel")
        self.recent = QListWidget()
        self.recent.setObjectName("welcomeRecent")
        self.recent.setAccessibleName("Recent plans")
        self.recent.ensurePolished()  # rows laid out with the style sheet's padding
        recent_label.setBuddy(self.recent)
        for path in recent:
            item = QListWidgetItem(f"{path.name}  —  {path.parent}")
            item.setData(PathRole, path)
            item.setToolTip(str(path))
            self.recent.addItem(item)
        if not recent:
            self.recent.addItem("No recent plans yet.")
            self.recent.setEnabled(False)
        else:
            self.recent.setCurrentRow(0)
        self.recent.setMaximumHeight(self.recent.sizeHintForRow(0) * 5 + 8)
        self.recent.itemActivated.connect(self._recent_activated)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(intro)
        for button in (self.demo_button, self.new_button, self.open_button, self.guide_button):
            layout.addWidget(button)
        layout.addWidget(recent_label)
        layout.addWidget(self.recent)
        layout.addWidget(buttons)
        self.demo_button.setDefault(True)
        self.demo_button.setFocus()
        self.resize(560, self.sizeHint().height())

    def _choice(self, text: str, description: str, chosen: SignalInstance) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(description)
        button.setAutoDefault(False)
        # Close first, so whatever comes next (a file dialog) is not stacked behind this.
        button.clicked.connect(self.accept)
        button.clicked.connect(chosen)
        return button

    def present(self) -> None:
        """Show it with the keyboard in it, so Enter, Escape and its letters work at once."""
        self.show()
        self.activateWindow()

    def _recent_activated(self, item: QListWidgetItem) -> None:
        path = item.data(PathRole)
        if isinstance(path, Path):
            self.accept()
            self.recent_chosen.emit(path)


class _ShowAfter(QObject):
    """Shows the welcome screen once its window has first been shown, above it and centred
    on it, rather than before the window has a place on the screen."""

    def __init__(self, dialog: WelcomeDialog, window: QWidget):
        super().__init__(dialog)
        self.dialog = dialog
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.dialog.present)
        return False


def show_when_window_shows(dialog: WelcomeDialog, window: QWidget) -> None:
    if window.isVisible():
        dialog.present()
    else:
        window.installEventFilter(_ShowAfter(dialog, window))
