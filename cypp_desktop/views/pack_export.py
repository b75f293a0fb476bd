"""File > Export Board Pack…: choose what to build, build it in the background, offer to open it.

``PackExportDialog`` only lays out the choices; ``PackExport`` acts on them: it fills the
dialog from the plan, opens the cover report editor, checks the choices, and runs the build
(snapshot, PDF, Excel) in views/worker.py's background task with a progress bar and Cancel.
The window stays responsive while the pack is built; a cancelled or failed build leaves no
file behind (the builders write to a temporary name and rename only a finished file).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop import paths
from cypp_desktop.errors import CyppError
from cypp_desktop.packs.cover_report import MARKINGS, load_cover
from cypp_desktop.packs.options import PackOptions, Section, default_stem
from cypp_desktop.packs.progress import Progress, part
from cypp_desktop.store.queries import MeetingSnapshot, meetings, periods_with_data
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.worker import BackgroundTask, Cancelled, run_in_background

NO_MARKING = "None"


@dataclass(frozen=True)
class PackRequest:
    """What the user asked for, checked and ready to build."""

    period: str
    meeting_id: int | None
    sections: frozenset[Section]
    marking: str
    pdf: Path | None
    xlsx: Path | None

    @property
    def files(self) -> list[Path]:
        return [path for path in (self.pdf, self.xlsx) if path is not None]


class PackExportDialog(QDialog):
    """The choices of a board pack: meeting or period, sections, marking, file names."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export board pack")
        self.setObjectName("packExportDialog")

        self.meeting = QComboBox()
        self.meeting.setAccessibleName("Meeting")
        self.period = QComboBox()
        self.period.setAccessibleName("Reporting period")
        self.cover_button = QPushButton("Edit &cover report…")
        self.cover_button.setAccessibleName("Edit cover report")
        self.cover_button.setToolTip("The cover report is kept with the meeting.")
        self.marking = QComboBox()
        self.marking.setAccessibleName("Protective marking")
        self.marking.addItems([NO_MARKING, *[m for m in MARKINGS if m]])

        choose = QFormLayout()
        choose.addRow(self._label("&Meeting:", self.meeting), self.meeting)
        choose.addRow(self._label("Reporting &period:", self.period), self.period)
        choose.addRow("", self.cover_button)
        choose.addRow(self._label("Protective &marking:", self.marking), self.marking)

        self.sections: dict[Section, QCheckBox] = {}
        section_box = QGroupBox("Sections")
        grid = QGridLayout(section_box)
        for index, section in enumerate(Section):
            box = QCheckBox(section.label)
            box.setChecked(True)
            box.setAccessibleName(f"Include {section.label.lower()}")
            self.sections[section] = box
            grid.addWidget(box, index // 2, index % 2)

        files = QGroupBox("Files")
        file_grid = QGridLayout(files)
        self.pdf_check, self.pdf_name, self.pdf_browse = self._file_row("PDF", "P&DF:")
        self.xlsx_check, self.xlsx_name, self.xlsx_browse = self._file_row("Excel", "&Excel:")
        for row, widgets in enumerate(
            [
                (self.pdf_check, self.pdf_name, self.pdf_browse),
                (self.xlsx_check, self.xlsx_name, self.xlsx_browse),
            ]
        ):
            for column, widget in enumerate(widgets):
                file_grid.addWidget(widget, row, column)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.build_button = self.buttons.addButton("&Build", QDialogButtonBox.ButtonRole.AcceptRole)
        self.build_button.setAccessibleName("Build the board pack")
        self.build_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(section_box)
        layout.addWidget(files)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _file_row(kind: str, text: str) -> tuple[QCheckBox, QLineEdit, QPushButton]:
        check = QCheckBox(text)
        check.setChecked(True)
        check.setAccessibleName(f"Write the {kind} pack")
        name = QLineEdit()
        name.setAccessibleName(f"{kind} file name")
        name.setMinimumWidth(380)
        browse = QPushButton("Browse…")
        browse.setAccessibleName(f"Choose the {kind} file")
        check.toggled.connect(name.setEnabled)
        check.toggled.connect(browse.setEnabled)
        return check, name, browse


class PackExport(QObject):
    """Acts on the dialog: fills it from the plan, builds the pack, reports the result."""

    def __init__(self, parent: QWidget, context: PlanContext, undo_stack: QUndoStack | None = None):
        super().__init__(parent)
        self.window = parent
        self.context = context
        self.undo_stack = undo_stack
        self.dialog = PackExportDialog(parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.task: BackgroundTask[list[Path]] | None = None
        self.done_box: QMessageBox | None = None
        self._meetings: list[MeetingSnapshot] = []
        self._folder = self._default_folder()
        self._fill()
        dialog = self.dialog
        dialog.meeting.currentIndexChanged.connect(self._meeting_chosen)
        dialog.period.currentIndexChanged.connect(self._suggest_names)
        dialog.cover_button.clicked.connect(self._edit_cover)
        dialog.pdf_browse.clicked.connect(lambda: self._browse(dialog.pdf_name, "PDF (*.pdf)"))
        dialog.xlsx_browse.clicked.connect(
            lambda: self._browse(dialog.xlsx_name, "Excel workbook (*.xlsx)")
        )
        dialog.build_button.clicked.connect(self.build)

    # Filling the dialog ----------------------------------------------------------------

    def _default_folder(self) -> Path:
        """Beside the plan file, unless the plan lives in the application's own data folder
        (the demo plan), where nobody would look for a pack: then the Documents folder."""
        plan = self.context.store.path
        if plan is not None and paths.data_dir().resolve() not in plan.resolve().parents:
            return plan.parent
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _fill(self) -> None:
        store = self.context.store
        self._meetings = meetings(store)
        with store.read() as session:
            periods = periods_with_data(session)
        if self.context.period not in periods:
            periods.append(self.context.period)
        dialog = self.dialog
        dialog.period.addItems(list(reversed(periods)))
        dialog.period.setCurrentText(self.context.period)
        dialog.meeting.addItem("No meeting: the reporting period only", None)
        chosen = 0
        for index, meeting in enumerate(self._meetings, start=1):
            label = meeting.title + (f" ({meeting.period})" if meeting.period else "")
            dialog.meeting.addItem(label, meeting.id)
            if meeting.period == self.context.period:
                chosen = index  # the latest meeting on the current period
        dialog.meeting.setCurrentIndex(chosen)
        self._meeting_chosen()

    def _meeting(self) -> MeetingSnapshot | None:
        meeting_id = self.dialog.meeting.currentData()
        return next((m for m in self._meetings if m.id == meeting_id), None)

    def _meeting_chosen(self) -> None:
        meeting = self._meeting()
        dialog = self.dialog
        dialog.cover_button.setEnabled(meeting is not None)
        if meeting is not None and meeting.period:
            if dialog.period.findText(meeting.period) < 0:
                dialog.period.addItem(meeting.period)
            dialog.period.setCurrentText(meeting.period)
        dialog.period.setEnabled(meeting is None or not meeting.period)
        if meeting is not None:
            marking = load_cover(self.context.store, meeting.id, self._period()).protective_marking
            dialog.marking.setCurrentText(marking or NO_MARKING)
        self._suggest_names()

    def _period(self) -> str:
        return self.dialog.period.currentText()

    def _suggest_names(self) -> None:
        meeting = self._meeting()
        stem = default_stem(
            self._period(),
            meeting.board if meeting else None,
            meeting.starts_at.date() if meeting else None,
        )
        self.dialog.pdf_name.setText(str(self._folder / f"{stem}.pdf"))
        self.dialog.xlsx_name.setText(str(self._folder / f"{stem}.xlsx"))

    def _browse(self, field: QLineEdit, file_filter: str) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.dialog, "Save the pack as", field.text(), file_filter
        )
        if name:
            field.setText(name)
            self._folder = Path(name).parent

    def _edit_cover(self) -> None:
        meeting = self._meeting()
        if meeting is None:
            return
        from cypp_desktop.views.cover_report_dialog import CoverReportDialog

        editor = CoverReportDialog(
            self.context, meeting.id, self._period(), self.dialog, undo_stack=self.undo_stack
        )
        editor.saved.connect(
            lambda cover: self.dialog.marking.setCurrentText(cover.protective_marking or NO_MARKING)
        )
        editor.open()

    # Building --------------------------------------------------------------------------

    def request(self) -> PackRequest:
        """The dialog's choices, checked; raises CyppError saying what to change."""
        dialog = self.dialog
        sections = frozenset(s for s, box in dialog.sections.items() if box.isChecked())
        if not sections:
            raise CyppError("Choose at least one section for the pack.")
        files: dict[str, Path | None] = {}
        for kind, check, field, suffix in (
            ("PDF", dialog.pdf_check, dialog.pdf_name, ".pdf"),
            ("Excel", dialog.xlsx_check, dialog.xlsx_name, ".xlsx"),
        ):
            text = field.text().strip()
            if not check.isChecked():
                files[kind] = None
                continue
            if not text:
                raise CyppError(f"Give a file name for the {kind} pack, or untick it.")
            path = Path(text).expanduser()
            files[kind] = path if path.suffix.lower() == suffix else path.with_suffix(suffix)
        if files["PDF"] is None and files["Excel"] is None:
            raise CyppError("Tick the PDF pack, the Excel pack, or both.")
        marking = dialog.marking.currentText()
        meeting = self._meeting()
        return PackRequest(
            period=self._period(),
            meeting_id=meeting.id if meeting else None,
            sections=sections,
            marking="" if marking == NO_MARKING else marking,
            pdf=files["PDF"],
            xlsx=files["Excel"],
        )

    def build(self) -> None:
        try:
            request = self.request()
        except CyppError as error:
            QMessageBox.warning(self.dialog, "Export board pack", str(error))
            return
        existing = [path for path in request.files if path.exists()]
        if existing and not self._confirm_replace(existing):
            return
        self.dialog.accept()
        self.task = run_in_background(
            self.window,
            lambda progress: build_pack(self.context, request, progress),
            title="Building the board pack",
            on_success=self._built,
            on_failure=self._failed,
        )

    def _confirm_replace(self, existing: list[Path]) -> bool:
        names = "\n".join(str(path) for path in existing)
        answer = QMessageBox.question(
            self.dialog, "Replace files?", f"These files exist and will be replaced:\n{names}"
        )
        return answer == QMessageBox.StandardButton.Yes

    def _built(self, files: list[Path]) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Board pack written",
            "The board pack is written:\n" + "\n".join(str(path) for path in files),
            parent=self.window,
        )
        box.setObjectName("packWrittenBox")
        for path in files:
            button = box.addButton(
                f"Open {'PDF' if path.suffix == '.pdf' else 'Excel'}",
                QMessageBox.ButtonRole.ActionRole,
            )
            button.clicked.connect(
                lambda _checked=False, p=path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p)))
            )
        box.addButton(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self.deleteLater)
        self.done_box = box
        box.open()
        self._status(f"Board pack written to {files[0].parent}")

    def _failed(self, error: BaseException) -> None:
        self.deleteLater()
        if isinstance(error, Cancelled):
            self._status("Board pack cancelled; no file was written.")
        elif isinstance(error, CyppError):
            QMessageBox.warning(self.window, "Cannot build the board pack", str(error))
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    def _status(self, message: str) -> None:
        if isinstance(self.window, QMainWindow):
            self.window.statusBar().showMessage(message, 10_000)


def build_pack(context: PlanContext, request: PackRequest, progress: Progress) -> list[Path]:
    """The background work: read the plan once, then write each file asked for."""
    from cypp_desktop.packs.pdf import build_pdf
    from cypp_desktop.packs.snapshot import take_snapshot
    from cypp_desktop.packs.xlsx import build_xlsx

    progress(0, 1, "Reading the plan")
    snapshot = take_snapshot(
        context.store, request.period, meeting_id=request.meeting_id, marking=request.marking
    )
    options = PackOptions(sections=request.sections)
    split = 0.65 if request.pdf and request.xlsx else 1.0
    if request.pdf is not None:
        build_pdf(snapshot, request.pdf, part(progress, 0.0, split), options)
    if request.xlsx is not None:
        start = split if request.pdf is not None else 0.0
        build_xlsx(snapshot, request.xlsx, part(progress, start, 1.0), options)
    return request.files


def export_pack(
    parent: QWidget, context: PlanContext, *, undo_stack: QUndoStack | None = None
) -> None:
    """Open the export dialog over ``parent``; the build runs when the user presses Build.
    A cover report edited from it goes on ``undo_stack`` (Edit > Undo)."""
    export = PackExport(parent, context, undo_stack)
    export.dialog.rejected.connect(export.deleteLater)
    export.dialog.open()
