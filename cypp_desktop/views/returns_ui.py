"""Returns > Make Returns… and Import Returns…: the dialogs, and the steps between them.

Making: a dialog for the period, the owners (all ticked) and the folder, then the workbooks
are written in a background task with progress and Cancel. Importing: the files (chosen,
or dropped on the window) are checked and compared with the plan in a background task; the
preview lists every change old -> new with a tick box each (conflicts unticked: the plan's
value is kept unless the user ticks the return's), and every problem, warning, ignored
locked cell, added and missing row; then the ticked changes are applied, one transaction
per file, and what was applied is shown. The work itself is cypp_desktop/returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.models.periods import parse_period
from cypp_desktop.returns.content import owners_with_items
from cypp_desktop.returns.diff import (
    ALREADY,
    NOTHING,
    READY,
    REJECTED,
    FieldChange,
    FileReport,
    RowChange,
)
from cypp_desktop.returns.importer import apply_all, check_files
from cypp_desktop.returns.make import MadeReturn
from cypp_desktop.returns.make import make_returns as write_returns
from cypp_desktop.returns.report import summary
from cypp_desktop.store.queries import periods_with_data
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.worker import Progress, run_in_background

Index = QModelIndex | QPersistentModelIndex
FILE_FILTER = "Returns (*.xlsx *.xlsm);;All files (*)"


def _notify(parent: QWidget, title: str, text: str, details: str = "") -> QMessageBox:
    """A message that does not block: the window stays usable, and tests can read it."""
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("returnsMessage")
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


# Making --------------------------------------------------------------------------------


class MakeReturnsDialog(QDialog):
    """Period, owners and folder for Make Returns; lays out only."""

    def __init__(
        self, parent: QWidget, periods: list[str], period: str, owners: list[tuple[str, int]]
    ):
        super().__init__(parent)
        self.setWindowTitle("Make Returns")
        self.period = QComboBox()
        self.period.setEditable(True)
        self.period.addItems(periods)
        self.period.setCurrentText(period)
        self.owners = QListWidget()
        self.owners.setAccessibleName("Owners")
        for name, count in owners:
            item = QListWidgetItem(f"{name} ({count})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.owners.addItem(item)
        self.select_all = QPushButton("Select &all")
        self.select_none = QPushButton("Select &none")
        self.select_all.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        self.select_none.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        self.folder = QLineEdit(str(Path.home()))
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        picks = QHBoxLayout()
        picks.addWidget(self.select_all)
        picks.addWidget(self.select_none)
        picks.addStretch(1)
        form = QFormLayout()
        form.addRow("&Period:", self.period)
        owners_label = QLabel("&Owners:")
        owners_label.setBuddy(self.owners)
        form.addRow(owners_label, self.owners)
        form.addRow("", picks)
        folder_label = QLabel("&Folder:")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Make Returns")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 520)

    def _tick_all(self, state: Qt.CheckState) -> None:
        for row in range(self.owners.count()):
            self.owners.item(row).setCheckState(state)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Folder for the returns", self.folder.text()
        )
        if folder:
            self.folder.setText(folder)

    def chosen_owners(self) -> list[str]:
        return [
            str(self.owners.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.owners.count())
            if self.owners.item(row).checkState() == Qt.CheckState.Checked
        ]


def _make(parent: QWidget, context: PlanContext, dialog: MakeReturnsDialog) -> None:
    try:
        period = parse_period(dialog.period.currentText()).label
    except ValueError as error:
        QMessageBox.warning(parent, "Make Returns", str(error))
        return
    owners = dialog.chosen_owners()
    if not owners:
        QMessageBox.warning(parent, "Make Returns", "Tick at least one owner.")
        return
    folder = Path(dialog.folder.text()).expanduser()

    def work(progress: Progress) -> list[MadeReturn]:
        return write_returns(
            context.store, period, folder, owners=owners, who=context.user, progress=progress
        )

    def done(made: list[MadeReturn]) -> None:
        _notify(
            parent,
            "Make Returns",
            f"{len(made)} returns for {period} written to {folder}.",
            "\n".join(f"{item.path.name} ({item.rows} rows)" for item in made),
        )

    run_in_background(parent, work, title="Making returns", on_success=done)


def make_returns(parent: QWidget, context: PlanContext) -> None:
    with context.store.read() as session:
        periods = periods_with_data(session)
    quarters = [label for label in periods if parse_period(label).kind == "quarter"]
    if context.period not in quarters:
        quarters.append(context.period)
    dialog = MakeReturnsDialog(
        parent, quarters[::-1], context.period, owners_with_items(context.store)
    )
    dialog.setObjectName("makeReturnsDialog")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _make(parent, context, dialog))
    dialog.open()


# Importing -----------------------------------------------------------------------------


class PreviewModel(QAbstractTableModel):
    """One row per change a return would make, with a tick box: ticked ones are applied."""

    HEADERS = ("Apply", "File", "Cell", "Item", "Field", "Plan now", "Return", "Note")
    COL_APPLY, COL_FILE, COL_CELL, COL_ITEM, COL_FIELD, COL_OLD, COL_NEW, COL_NOTE = range(8)

    def __init__(self, reports: list[FileReport], parent: Any = None):
        super().__init__(parent)
        self._rows: list[tuple[FileReport, RowChange, FieldChange]] = [
            (report, row, change)
            for report in reports
            if report.status in (READY, NOTHING)
            for row, change in report.changes
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.COL_APPLY:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def _text(self, column: int, report: FileReport, row: RowChange, change: FieldChange) -> str:
        if column == self.COL_APPLY:
            return "apply" if change.accepted else "keep the plan's value"
        if column == self.COL_FILE:
            return report.name
        if column == self.COL_CELL:
            return change.cell
        if column == self.COL_ITEM:
            return f"{row.code} {row.title}".strip()
        if column == self.COL_FIELD:
            return change.label
        if column == self.COL_OLD:
            return change.old
        if column == self.COL_NEW:
            return change.new
        if change.conflict:
            return "Conflict: the plan changed since the return was made"
        return f"Reason: {change.reason}" if change.reason else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        report, row, change = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == self.COL_APPLY:
            return Qt.CheckState.Checked if change.accepted else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COL_APPLY and role == Qt.ItemDataRole.DisplayRole:
                return "Conflict" if change.conflict else ""
            return self._text(column, report, row, change)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(column, report, row, change)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != self.COL_APPLY
            or role != Qt.ItemDataRole.CheckStateRole
        ):
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        self._rows[index.row()][2].accepted = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [role])
        return True

    def tick_all(self) -> None:
        """Tick every change that is not a conflict; conflicts stay as the user left them."""
        for _report, _row, change in self._rows:
            if not change.conflict:
                change.accepted = True
        if self._rows:
            self.dataChanged.emit(
                self.index(0, self.COL_APPLY),
                self.index(len(self._rows) - 1, self.COL_APPLY),
                [Qt.ItemDataRole.CheckStateRole],
            )


def _problems(reports: list[FileReport]) -> str:
    lines: list[str] = []
    for report in reports:
        head = {
            REJECTED: "REJECTED: nothing from this file will be imported",
            ALREADY: "already imported",
            NOTHING: "nothing to change",
        }.get(report.status, f"{len(report.changes)} changes, {report.conflicts} conflicts")
        lines.append(f"{report.name} ({report.owner or 'unknown owner'}): {head}")
        for title, items in (
            ("Error", report.errors),
            ("Note", report.notes),
            ("Warning", report.warnings),
            ("Ignored", report.ignored),
            ("Added row", report.added),
            ("Missing", report.missing),
        ):
            lines += [f"    {title}: {item}" for item in items]
    return "\n".join(lines)


class PreviewDialog(QDialog):
    """What the returns would change, to accept all, row by row, or not at all."""

    def __init__(self, parent: QWidget, reports: list[FileReport]):
        super().__init__(parent)
        self.setWindowTitle("Import Returns: preview")
        self.reports = reports
        ready = [r for r in reports if r.status in (READY, NOTHING)]
        rejected = [r for r in reports if r.status == REJECTED]
        self.model = PreviewModel(reports, self)
        heading = QLabel(
            f"{len(reports)} files: {len(ready)} can be imported, {len(rejected)} rejected, "
            f"{sum(r.status == ALREADY for r in reports)} already imported. "
            "Untick a change to keep the plan's value; conflicts are unticked until you "
            "choose the return's value."
        )
        heading.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("previewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((70, 150, 90, 220, 100, 140, 140)):
            self.table.setColumnWidth(column, width)
        self.problems = QPlainTextEdit(_problems(reports))
        self.problems.setObjectName("previewProblems")
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Problems, warnings and notes")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.problems)
        splitter.setSizes([360, 180])
        self.buttons = QDialogButtonBox()
        # Action roles: each button decides itself when the dialog is accepted.
        self.accept_all = self.buttons.addButton(
            "Accept &all", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.apply_selected = self.buttons.addButton(
            "Apply &ticked", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.accept_all.clicked.connect(self._accept_all)
        self.apply_selected.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if not ready:
            self.accept_all.setEnabled(False)
            self.apply_selected.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(1100, 640)
        self.table.setFocus()

    def _accept_all(self) -> None:
        self.model.tick_all()
        self.accept()


def _apply(parent: QWidget, context: PlanContext, reports: list[FileReport]) -> None:
    ready = [report for report in reports if report.status in (READY, NOTHING)]

    def work(progress: Progress) -> list[FileReport]:
        apply_all(context.store, ready, who=context.user, progress=progress)
        return reports

    def done(results: list[FileReport]) -> None:
        _notify(
            parent,
            "Import Returns",
            "\n".join(summary(report) for report in results),
            _problems(results),
        )

    run_in_background(parent, work, title="Applying returns", on_success=done)


def _choose_files(parent: QWidget) -> list[Path]:
    """Ask for files, or for a folder of returns."""
    ask = QMessageBox(
        QMessageBox.Icon.Question,
        "Import Returns",
        "Import chosen return files, or every return in a folder?",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    files = ask.addButton("&Files…", QMessageBox.ButtonRole.AcceptRole)
    folder = ask.addButton("F&older…", QMessageBox.ButtonRole.AcceptRole)
    ask.setDefaultButton(files)
    ask.exec()
    if ask.clickedButton() is files:
        names, _ = QFileDialog.getOpenFileNames(
            parent, "Import returns", str(Path.home()), FILE_FILTER
        )
        return [Path(name) for name in names]
    if ask.clickedButton() is folder:
        name = QFileDialog.getExistingDirectory(parent, "Folder of returns", str(Path.home()))
        return [Path(name)] if name else []
    return []


def import_returns(parent: QWidget, context: PlanContext, files: list[Path]) -> None:
    files = files or _choose_files(parent)
    if not files:
        return

    def work(progress: Progress) -> list[FileReport]:
        return check_files(context.store, files, progress)

    def checked(reports: list[FileReport]) -> None:
        dialog = PreviewDialog(parent, reports)
        dialog.setObjectName("returnsPreview")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: _apply(parent, context, reports))
        dialog.open()

    run_in_background(parent, work, title="Checking returns", on_success=checked)
