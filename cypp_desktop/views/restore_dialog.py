"""File > Restore from Backup: the plan's snapshots, newest first, with when and why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.store.backups import Snapshot


class RestoreDialog(QDialog):
    """Lays out the choice; the plan controller restores what was chosen."""

    def __init__(self, snapshots: list[Snapshot], keep: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.snapshots = snapshots
        intro = QLabel(
            "Choose a backup to put back as the plan. The plan as it is now is kept as a "
            "backup first, so a restore can itself be undone."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups")
        for snapshot in snapshots:
            size = snapshot.path.stat().st_size / 1_048_576 if snapshot.path.exists() else 0
            item = QListWidgetItem(
                f"{snapshot.taken_at:%a %d %b %Y, %H:%M}  —  {snapshot.reason}  ({size:.1f} MB)"
            )
            item.setToolTip(str(snapshot.path))
            self.list.addItem(item)
        if not snapshots:
            self.list.addItem("No backups of this plan yet.")
            self.list.setEnabled(False)
        self.keep = QSpinBox()
        self.keep.setRange(1, 500)
        self.keep.setValue(keep)
        self.keep.setAccessibleName("Backups to keep")
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel("Keep the newest"))
        keep_row.addWidget(self.keep)
        keep_row.addWidget(QLabel("backups of each plan"))
        keep_row.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
        )
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText("Restore")
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(
            lambda row: self.restore_button.setEnabled(0 <= row < len(self.snapshots))
        )
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(keep_row)
        layout.addWidget(self.buttons)
        self.resize(620, 420)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> Snapshot | None:
        row = self.list.currentRow()
        return self.snapshots[row] if 0 <= row < len(self.snapshots) else None
