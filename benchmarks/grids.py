"""How the actions grid feels on a very large plan: open, sort, filter, scroll, memory.

    python benchmarks/grids.py --json [--actions 50000]

Builds a synthetic plan with benchmarks/synthetic.py, opens the real Actions grid page on it
offscreen, and times each operation as the user meets it (the work and the repaint that
shows it). ``open_ms`` is the grid shown with its first rows; ``all_rows_ms`` is when the
rest, read in a worker thread, are in too (no goal: the user is reading the first screen).
Sorting and filtering are timed once every row is in. For scale, the same run repaints a
bare table model of the same size in the same view: the grid's own repaint should cost at
most twice that. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QEventLoop, QModelIndex, QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import CURRENT_PERIOD, write_synthetic

GOALS = {"open_ms": 300, "sort_ms": 150, "filter_ms": 50, "repaint_ms": 16, "rss_mb": 400}
SIZE = (1280, 800)
DISPLAY = int(Qt.ItemDataRole.DisplayRole)


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


class BareModel(QAbstractTableModel):
    """Strings and nothing else: the floor a repaint cannot beat."""

    def __init__(self, rows: list[list[str]]):
        super().__init__()
        self.cells = rows

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return len(self.cells)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return len(self.cells[0]) if self.cells else 0

    def data(self, index: Any, role: int = DISPLAY) -> Any:
        if role == DISPLAY:  # a plain int: the cheapest test there is
            return self.cells[index.row()][index.column()]
        return None


def _repaint_times(view: QTableView, app: QApplication, steps: int = 40) -> list[float]:
    """Scroll a page at a time through the table and time each full-viewport repaint."""
    bar = view.verticalScrollBar()
    page = max(1, bar.pageStep())
    times = []
    for step in range(steps):
        bar.setValue((step * page * 37) % max(1, bar.maximum()))
        app.processEvents()
        started = time.perf_counter()
        view.viewport().repaint()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=50_000)
    parser.add_argument("--json", action="store_true", help="print JSON (the only format)")
    options = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as home:
        os.environ["CYPP_DESKTOP_HOME"] = home
        plan = Path(home) / "large.cypp"
        write_synthetic(plan, actions=options.actions, indicators=200, periods=12)

        from cypp_desktop.store import Store
        from cypp_desktop.views.context import PlanContext
        from cypp_desktop.views.grids.actions_grid import ActionsGrid
        from cypp_desktop.views.grids.grid_page import GridPage
        from cypp_desktop.views.settings import AppSettings

        app = QApplication.instance() or QApplication([])
        store = Store.open(plan)
        context = PlanContext(store, CURRENT_PERIOD, date(2012, 10, 1), "benchmark")
        settings = AppSettings()

        started = time.perf_counter()
        page = GridPage("Actions", ActionsGrid(), QUndoStack(), settings)
        page.resize(*SIZE)
        page.load(context)
        page.show()
        app.processEvents()
        page.view.viewport().repaint()
        open_ms = _ms(started)
        # The first screens show at once; the rest of the rows are read in a worker thread.
        while page.controller.reading and time.perf_counter() - started < 30:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        all_rows_ms = _ms(started)
        rows = len(page.model.rows)

        # Sorting as the user sorts: a click on the header. (QTableView.sortByColumn sorts
        # twice in Qt 6, once itself and once for the header's signal.)
        owner = [c.header for c in page.model.columns].index("Owner")
        header = page.view.horizontalHeader()
        middle = QPoint(
            header.sectionViewportPosition(owner) + header.sectionSize(owner) // 2,
            header.height() // 2,
        )
        assert 0 < middle.x() < header.viewport().width(), "the Owner header is out of sight"
        sorts = []
        for _ in range(4):  # ascending, descending, ascending, descending
            started = time.perf_counter()
            QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
            page.view.viewport().repaint()
            sorts.append(_ms(started))
        assert page.model.row_at(0) != page.model.rows[0] or rows < 2, "the clicks did not sort"

        # A user takes a moment to reach the filter box; the grid indexes its rows meanwhile.
        started = time.perf_counter()
        while not page.model.search_ready and time.perf_counter() - started < 10:
            app.processEvents()
        index_ms = _ms(started)

        keystrokes = []
        typed = ""
        for character in "officer 12":
            typed += character
            started = time.perf_counter()
            page.filters.quick.setText(typed)
            page.view.viewport().repaint()
            keystrokes.append(_ms(started))
        page.filters.quick.setText("")
        app.processEvents()

        repaint = statistics.median(_repaint_times(page.view, app))

        shown = page.model
        cells = [
            [str(shown.index(r, c).data() or "") for c in range(shown.columnCount())]
            for r in range(min(shown.rowCount(), 2000))
        ]
        cells = (cells * (rows // len(cells) + 1))[:rows]
        bare_view = QTableView()
        bare_view.resize(*SIZE)
        bare_view.setModel(BareModel(cells))
        for column in range(shown.columnCount()):
            bare_view.setColumnWidth(column, page.view.columnWidth(column))
        bare_view.verticalHeader().setDefaultSectionSize(
            page.view.verticalHeader().defaultSectionSize()
        )
        bare_view.show()
        app.processEvents()
        bare = statistics.median(_repaint_times(bare_view, app))

        store.close()
        figures = {
            "rows": rows,
            "open_ms": open_ms,
            "all_rows_ms": all_rows_ms,
            "sort_ms": round(statistics.median(sorts), 1),
            "filter_ms": round(statistics.median(keystrokes), 1),
            "filter_first_keystroke_ms": keystrokes[0],
            "search_index_idle_ms": index_ms,
            "repaint_ms": round(repaint, 2),
            "bare_repaint_ms": round(bare, 2),
            "repaint_ratio": round(repaint / bare, 2) if bare else None,
            "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
        figures["meets_goals"] = all(figures[key] <= goal for key, goal in GOALS.items()) and (
            figures["repaint_ratio"] is not None and figures["repaint_ratio"] <= 2
        )
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
