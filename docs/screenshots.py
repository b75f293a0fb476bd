"""The user guide's screenshots, taken from the real application so that they stay true.

    python docs/screenshots.py [OUT_DIR] [--only NAME ...]

Opens the app offscreen on a fresh copy of the demo plan, as a first launch does, and walks
the meeting cycle the guide describes: the welcome screen, each page, Make Returns, a filled
return's import preview, the board pack dialog and a page of the pack, presenter mode, and
the Dashboard in a dark palette. Every chart is drawn before its page is grabbed. The PNGs
go to resources/guide/images/ (the guide's own folder) unless OUT_DIR says otherwise; the
presenter pages that docs/meetings.md shows at 1280x720 and 1920x1080 (``--only
presenter-docs``) go to docs/images/ (or OUT_DIR). Run it after changing a screen, look at
what it wrote, and commit the images.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QMessageBox, QWidget

from cypp_desktop.app import build_main_window, create_application
from cypp_desktop.cli import main as cli
from cypp_desktop.returns import layout
from cypp_desktop.returns.make import make_returns
from cypp_desktop.store.meetings import AgendaLink
from cypp_desktop.views.chart_view import ChartView
from cypp_desktop.views.grids.grid_page import GridPage
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.plan_controller import PlanController
from cypp_desktop.views.presenter import BigChart, PresenterWindow, build_presentation
from cypp_desktop.views.returns_ui import PreviewDialog
from cypp_desktop.views.settings import AppSettings
from cypp_desktop.views.style import apply_style
from cypp_desktop.views.welcome import WelcomeDialog

ROOT = Path(__file__).resolve().parents[1]
GUIDE_IMAGES = ROOT / "resources" / "guide" / "images"
DOC_IMAGES = ROOT / "docs" / "images"  # meetings.md's presenter pages, at both sizes
PRESENTER_DOC_SHOTS = (  # (name, page shown, size, agenda sidebar shown)
    ("presenter-priority-1280x720", AgendaLink.PRIORITY, (1280, 720), False),
    ("presenter-priority-1920x1080", AgendaLink.PRIORITY, (1920, 1080), False),
    ("presenter-exceptions-1280x720", AgendaLink.EXCEPTIONS, (1280, 720), False),
    ("presenter-action-log-1920x1080", AgendaLink.ACTION_LOG, (1920, 1080), False),
    ("presenter-sidebar-1280x720", AgendaLink.PRIORITY, (1280, 720), True),
)
WINDOW_SIZE = (1280, 800)
PRESENTER_SIZE = (1280, 720)
PERIOD = "2012/13 Q2"
RETURN_OWNER = "Julie Webster"
USER = "Principal Trust officer"  # Edit > Your Name: who the changes shown are made by
TIMEOUT_S = 60.0


def wait_until(condition: Callable[[], object], what: str, timeout: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"Timed out waiting for {what}")
        QApplication.processEvents()
        time.sleep(0.01)


def settle() -> None:
    """Let queued layouts and repaints happen."""
    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.02)


def charts_drawn(widget: QWidget) -> bool:
    """Every chart showing on ``widget`` has its picture, or has nothing to show."""
    views = [v for v in widget.findChildren(ChartView) if v.isVisible()]
    big = [v for v in widget.findChildren(BigChart) if v.isVisible()]
    return all(v.picture is not None or v.spec is None for v in views) and all(
        v.picture_shown for v in big
    )


class Shooter:
    def __init__(self, out: Path, only: set[str]):
        self.out = out
        self.only = only

    def wanted(self, name: str) -> bool:
        return not self.only or name in self.only

    def save(self, widget: QWidget, name: str, folder: Path | None = None) -> None:
        """Grab ``widget`` once its charts are drawn."""
        settle()
        wait_until(lambda: charts_drawn(widget), f"the charts of {name}")
        settle()
        self.save_picture(widget.grab(), name, folder)

    def save_picture(self, picture: QPixmap, name: str, folder: Path | None = None) -> None:
        target = (folder or self.out) / f"{name}.png"
        if not picture.save(str(target)):
            raise SystemExit(f"Could not write {target}")
        print(target)


def over(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window with a dialog drawn where it sits on it, as the user sees the two."""
    wait_until(lambda: charts_drawn(window), "the window's charts")
    settle()
    picture = window.grab()
    top = dialog.grab()
    place = dialog.frameGeometry().topLeft() - window.frameGeometry().topLeft()
    place = QPoint(
        max(0, min(place.x(), picture.width() - top.width())),
        max(0, min(place.y(), picture.height() - top.height())),
    )
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))
    painter.drawPixmap(place, top)
    painter.setPen(QColor(0, 0, 0, 160))
    painter.drawRect(place.x(), place.y(), top.width() - 1, top.height() - 1)
    painter.end()
    return picture


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?", default=GUIDE_IMAGES)
    parser.add_argument("--only", nargs="*", default=[], help="names of screenshots to take")
    options = parser.parse_args(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as home:
        os.environ["CYPP_DESKTOP_HOME"] = home
        os.environ["HOME"] = home  # what the file dialogs offer, rather than the real home
        shoot(Shooter(options.out, set(options.only)), Path(home))
    return 0


def shoot(shots: Shooter, home: Path) -> None:
    app = create_application()
    AppSettings().set_user_name(USER)
    window, controller = build_main_window(None)  # a first launch: the demo and the welcome
    window.resize(*WINDOW_SIZE)
    window.show()
    wait_until(lambda: window.findChild(WelcomeDialog) is not None, "the welcome screen")
    welcome = window.findChild(WelcomeDialog)
    assert welcome is not None
    wait_until(welcome.isVisible, "the welcome screen to show")
    if shots.wanted("welcome"):
        shots.save_picture(over(window, welcome), "welcome")
    welcome.close()

    if shots.wanted("dashboard"):
        show_page(window, "Dashboard")
        window.dashboard.exceptions_table.selectRow(0)
        window.dashboard.exceptions_table.setFocus()
        shots.save(window, "dashboard")
    if shots.wanted("plan"):
        show_page(window, "Plan")
        tree = window.plan_page.tree
        first = tree.model().index(0, 0)
        tree.expand(first)
        tree.setCurrentIndex(tree.model().index(0, 0, first))
        tree.setFocus()
        shots.save(window, "plan")
    for title, code, column in (
        ("Priorities", "PEH", None),
        ("Objectives", None, None),
        ("Actions", "PEH-PA1", None),
        ("Indicators", None, None),
        ("Values", None, f"{PERIOD}\nactual"),  # the period being reported, not 2003/04's
    ):
        if shots.wanted(title.lower()):
            grid = show_page(window, title)
            assert isinstance(grid, GridPage)
            select_row(grid, code, column)
            shots.save(window, title.lower())
    presenting = ("presenter", "presenter-capture", "presenter-docs")
    if shots.wanted("meetings") or any(shots.wanted(name) for name in presenting):
        show_page(window, "Meetings")
        meetings = window.meetings_page
        meetings.list.setCurrentRow(meetings.list.count() - 1)
        meetings.list.setFocus()
        if shots.wanted("meetings"):
            shots.save(window, "meetings")
    if shots.wanted("make-returns"):
        dialog = open_dialog(window, window.make_returns_action.trigger, "makeReturnsDialog")
        shots.save(dialog, "make-returns")
        dialog.reject()
    if shots.wanted("import-preview") or shots.wanted("audit"):
        shoot_import_preview(shots, window, controller, home)
    if shots.wanted("audit"):  # after the import: the changes it made are on the page
        show_page(window, "Audit")
        shots.save(window, "audit")
    if shots.wanted("export-pack"):
        dialog = open_dialog(window, window.export_pack_action.trigger, "packExportDialog")
        meeting = getattr(dialog, "meeting", None)
        if meeting is not None:
            meeting.setCurrentIndex(meeting.count() - 1)
        shots.save(dialog, "export-pack")
        dialog.reject()
    if shots.wanted("pack-page"):
        shoot_pack_page(shots, controller, home)
    if any(shots.wanted(name) for name in presenting):
        shoot_presenter(shots, window, controller)
    if shots.wanted("dashboard-dark"):
        shoot_dark(shots, app, window)

    window.close()
    controller.close_plan()
    app.processEvents()


def show_page(window: MainWindow, title: str) -> QWidget:
    row = [t for _page, t in window.pages].index(title)
    window.navigation.setCurrentRow(row)
    window.navigation.setFocus()
    settle()
    return window.pages[row][0]


def select_row(grid: GridPage, code: str | None, header: str | None) -> None:  # type: ignore[type-arg]
    """Select the row of ``code`` (else the first) in a grid page, as a click would, and
    bring the column headed ``header`` into view."""
    model = grid.model
    row = 0
    if code is not None:
        row = next(r for r in range(model.rowCount()) if model.row_at(r).code == code)
    column = 1
    if header is not None:
        headers = [
            str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())
        ]
        column = headers.index(header)
    grid.view.setFocus()
    grid.view.selectRow(row)
    grid.view.scrollTo(model.index(row, column), QAbstractItemView.ScrollHint.PositionAtCenter)


def open_dialog(window: MainWindow, trigger: Callable[[], None], name: str) -> QDialog:
    trigger()
    wait_until(
        lambda: (found := window.findChild(QDialog, name)) is not None and found.isVisible(),
        f"the dialog {name}",
    )
    dialog = window.findChild(QDialog, name)
    assert dialog is not None
    return dialog


def shoot_import_preview(
    shots: Shooter, window: MainWindow, controller: PlanController, home: Path
) -> None:
    """A lead's return, filled in, as the officer sees it before applying it."""
    assert controller.store is not None
    folder = home / "returns"
    folder.mkdir()
    made = make_returns(controller.store, PERIOD, folder, owners=[RETURN_OWNER], who=USER)
    path = made[0].path
    book = openpyxl.load_workbook(path)
    sheet = book["Actions"]
    column = {name: layout.ACTIONS.index(name) for name in ("percent_complete", "commentary")}
    unfinished = [
        row
        for row in range(2, sheet.max_row + 1)
        if isinstance(sheet.cell(row, column["percent_complete"]).value, int | float)
        and sheet.cell(row, column["percent_complete"]).value < 80
    ]
    for row, commentary in zip(
        unfinished,
        (
            "Six more families placed this quarter; on track.",
            "Recruitment a month late; catching up in Q3.",
        ),
        strict=False,
    ):
        done = sheet.cell(row, column["percent_complete"])
        done.value = int(done.value) + 10
        sheet.cell(row, column["commentary"]).value = commentary
    book.save(path)
    controller.import_returns([path])
    wait_until(lambda: window.findChild(PreviewDialog) is not None, "the import preview")
    preview = window.findChild(PreviewDialog)
    assert preview is not None
    wait_until(preview.isVisible, "the import preview to show")
    if shots.wanted("import-preview"):
        shots.save(preview, "import-preview")
    preview.apply_selected.click()
    wait_until(lambda: window.findChild(QMessageBox, "returnsMessage"), "the import's result")
    message = window.findChild(QMessageBox, "returnsMessage")
    assert message is not None
    message.accept()


def shoot_pack_page(shots: Shooter, controller: PlanController, home: Path) -> None:
    """The board pack's exceptions page, as printed."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None or controller.store is None or controller.store.path is None:
        print("pdftoppm not found: pack-page.png left as it was", file=sys.stderr)
        return
    pdf = home / "pack.pdf"
    if cli(["pack", str(controller.store.path), "--period", PERIOD, "--pdf", str(pdf)]) != 0:
        raise SystemExit("The board pack could not be built")
    number = str(_page_with(pdf, "Exceptions"))
    prefix = home / "pack-page"
    pages = ["-f", number, "-l", number, "-singlefile"]
    subprocess.run([pdftoppm, "-png", "-r", "60", *pages, str(pdf), str(prefix)], check=True)
    shots.save_picture(QPixmap(str(prefix.with_suffix(".png"))), "pack-page")


def _page_with(pdf: Path, heading: str) -> int:
    """The first page after the cover and contents with ``heading`` at its top."""
    pdftotext = shutil.which("pdftotext")
    for number in range(3, 12):
        if pdftotext is None:
            break
        text = subprocess.run(
            [pdftotext, "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if heading in text.splitlines()[:6]:
            return number
    return 3


def shoot_presenter(shots: Shooter, window: MainWindow, controller: PlanController) -> None:
    context = controller.context
    meeting_id = window.meetings_page.selected_meeting_id()
    assert context is not None and meeting_id is not None
    presentation = build_presentation(
        context.store, meeting_id, context.period, lambda *_args: None
    )
    presenter = PresenterWindow(presentation, context, window)
    presenter.resize(*PRESENTER_SIZE)
    presenter.show()
    priority = next(
        n for n, slide in enumerate(presenter.slides) if slide.item.link is AgendaLink.PRIORITY
    )
    presenter.go(priority)
    if shots.wanted("presenter"):
        shots.save(presenter, "presenter")
    if shots.wanted("presenter-capture"):
        capture_an_action(presenter)
        shots.save(presenter, "presenter-capture")
        QTest.keyClick(presenter.capture.text, Qt.Key.Key_Escape)
    if shots.wanted("presenter-docs"):
        folder = DOC_IMAGES if shots.out == GUIDE_IMAGES else shots.out
        for name, link, size, sidebar in PRESENTER_DOC_SHOTS:
            presenter.resize(*size)
            presenter.go(next(n for n, s in enumerate(presenter.slides) if s.item.link is link))
            if sidebar != presenter.sidebar.isVisible():
                QTest.keyClick(presenter, Qt.Key.Key_S)
            shots.save(presenter, name, folder)
            if sidebar:
                QTest.keyClick(presenter, Qt.Key.Key_S)
        presenter.resize(*PRESENTER_SIZE)
        presenter.go(priority)
        capture_an_action(presenter)
        shots.save(presenter, "presenter-capture-1280x720", folder)
        QTest.keyClick(presenter.capture.text, Qt.Key.Key_Escape)
    presenter.close()


def capture_an_action(presenter: PresenterWindow) -> None:
    """A (live capture of an action), typed in as the chair's secretary would."""
    QTest.keyClick(presenter, Qt.Key.Key_A)
    panel = presenter.capture
    QTest.keyClicks(panel.text, "Circulate the revised CAF guidance to every school")
    QTest.keyClicks(panel.owner, RETURN_OWNER)
    QTest.keyClicks(panel.due, "31/01/2013")


def shoot_dark(shots: Shooter, app: QApplication, window: MainWindow) -> None:
    """The Dashboard under a dark system palette: the style sheet follows it."""
    light = app.palette()
    app.setPalette(dark_palette())
    apply_style(app)
    show_page(window, "Dashboard")
    shots.save(window, "dashboard-dark")
    app.setPalette(light)
    apply_style(app)


def dark_palette() -> QPalette:
    """A dark palette such as a desktop in dark mode gives."""
    palette = QPalette()
    role = QPalette.ColorRole
    for which, colour in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e6e6e6"),
        (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#2f2f2f"),
        (role.Text, "#e6e6e6"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e6e6e6"),
        (role.BrightText, "#ffffff"),
        (role.Highlight, "#3d7ab8"),
        (role.HighlightedText, "#ffffff"),
        (role.ToolTipBase, "#3a3a3a"),
        (role.ToolTipText, "#f0f0f0"),
        (role.PlaceholderText, "#9a9a9a"),
        (role.Link, "#8cb8ff"),
        (role.Light, "#4a4a4a"),
        (role.Midlight, "#404040"),
        (role.Mid, "#555555"),
        (role.Dark, "#1a1a1a"),
        (role.Shadow, "#000000"),
    ):
        palette.setColor(which, QColor(colour))
    return palette


if __name__ == "__main__":
    sys.exit(main())
