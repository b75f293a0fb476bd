"""File > Plan Settings… and View > Reporting Period, driven as the Trust officer drives them:
keys and clicks on the real window, then what the pages, the model and the plan hold."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cypp_desktop.models import Action, ItemKind, Rag, RollupRule
from cypp_desktop.store import Store, transfer
from cypp_desktop.store.audit_log import audit_rows
from cypp_desktop.store.dump import dump_plan
from cypp_desktop.store.plan_settings import SOURCE, plan_settings, update_plan_settings
from cypp_desktop.store.queries import priority_rags
from cypp_desktop.store.rag import evaluate
from cypp_desktop.views.dashboard_model import PriorityRagModel
from cypp_desktop.views.grids.grid_page import GridPage
from cypp_desktop.views.main_window import MainWindow
from cypp_desktop.views.pack_export import PackExportDialog
from cypp_desktop.views.plan_controller import PlanController, copy_with_progress
from cypp_desktop.views.plan_settings_dialog import AUTOMATIC, PlanSettingsDialog
from cypp_desktop.views.table_model import RagRole
from cypp_desktop.views.worker import Cancelled

Q1, Q2, Q3, Q4 = "2012/13 Q1", "2012/13 Q2", "2012/13 Q3", "2012/13 Q4"
CTRL = Qt.KeyboardModifier.ControlModifier

Opened = tuple[MainWindow, PlanController]


def store_of(controller: PlanController) -> Store:
    assert controller.store is not None
    return controller.store


def grid(window: MainWindow, title: str) -> GridPage[Any]:
    """Go to a page as the keyboard does (Ctrl+number) and hand back its grid."""
    row = [t for _p, t in window.pages].index(title)
    QtBot.keyClick(window, Qt.Key(Qt.Key.Key_1 + row), CTRL)
    page = window.stack.currentWidget()
    assert isinstance(page, GridPage)
    return page


def column(page: GridPage[Any], header: str) -> int:
    return [c.header for c in page.model.columns].index(header)


def dashboard_rags(window: MainWindow) -> dict[str, Rag]:
    model = window.dashboard.model
    return {
        model.index(row, PriorityRagModel.COL_CODE).data(): Rag(
            model.index(row, PriorityRagModel.COL_RAG).data(RagRole)
        )
        for row in range(model.rowCount())
    }


def action_rags(page: GridPage[Any]) -> dict[int, Rag]:
    rag = column(page, "RAG")
    return {
        page.model.row_at(row).id: Rag(page.model.index(row, rag).data(RagRole))
        for row in range(page.model.rowCount())
    }


def judged(store: Store, period: str) -> dict[int, Rag]:
    with store.read() as session:
        rags = evaluate(session, period)
        ids = session.scalars(select(Action.id)).all()
    return {i: rags.get(ItemKind.ACTION, i).rag for i in ids}


def open_settings(qtbot: QtBot, window: MainWindow, controller: PlanController) -> Any:
    """File > Plan Settings…, by its menu and mnemonic letters (Alt+F, S)."""
    controller.plan_settings_action.trigger()
    dialog = controller.settings_dialog
    assert isinstance(dialog, PlanSettingsDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # as the window manager does with a new dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    field.setFocus()
    QtBot.keyClick(field, Qt.Key.Key_A, CTRL)
    QtBot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


# The period a window shows --------------------------------------------------------------------


def test_switching_the_period_rejudges_every_page_and_leaves_the_plan_alone(
    qtbot: QtBot, opened: Opened
) -> None:
    window, controller = opened
    store = store_of(controller)
    assert window.period_label.text() == "Period: 2012/13 Q2"
    assert dashboard_rags(window) == {p.code: p.rag.rag for p in priority_rags(store, Q2)}
    actions = grid(window, "Actions")
    assert action_rags(actions) == judged(store, Q2)
    commentary = column(actions, "Commentary")
    said_in_q2 = [
        actions.model.index(row, commentary).data() for row in range(actions.model.rowCount())
    ]
    assert any(said_in_q2)
    values = grid(window, "Values")
    assert Q4 not in {c.period for c in values.model.columns}

    QtBot.keyClick(window, Qt.Key.Key_BracketRight, CTRL)  # the next period

    assert controller.context is not None and controller.context.period == Q3
    assert window.period_label.text() == "Period: 2012/13 Q3 (plan reports on 2012/13 Q2)"
    assert grid(window, "Actions") is actions
    assert actions.model.columns[column(actions, "RAG")].period == Q3
    in_q3 = judged(store, Q3)
    assert in_q3 != judged(store, Q2), "the demo's actions move on between Q2 and Q3"
    assert action_rags(actions) == in_q3
    assert not any(
        actions.model.index(row, commentary).data() for row in range(actions.model.rowCount())
    ), "nobody has written Q3 commentary yet"

    QtBot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert dashboard_rags(window) == {p.code: p.rag.rag for p in priority_rags(store, Q3)}
    assert "Exceptions, 2012/13 Q3" in window.dashboard.exceptions_caption.text()

    grid(window, "Values")
    assert Q4 in {c.period for c in values.model.columns}  # the period shown and the next
    indicators = grid(window, "Indicators")
    indicators.view.setCurrentIndex(indicators.model.index(0, 1))
    assert indicators.companion is not None and indicators.companion.detail is not None
    assert indicators.companion.detail.period == Q3

    assert plan_settings(store).current_period == Q2  # the plan still reports on Q2
    assert audit_rows(store) == []

    QtBot.keyClick(window, Qt.Key.Key_BracketLeft, CTRL)
    QtBot.keyClick(window, Qt.Key.Key_BracketLeft, CTRL)
    assert controller.context.period == Q1
    QtBot.keyClick(window, Qt.Key.Key_5, CTRL)  # Ctrl+5: the Actions page
    assert action_rags(actions) == judged(store, Q1)


def test_the_period_menu_offers_the_periods_newest_first_and_ticks_the_one_shown(
    qtbot: QtBot, opened: Opened
) -> None:
    window, controller = opened
    menu = controller.period_menu
    menu.menu.aboutToShow.emit()
    periods = [a for a in menu.menu.actions() if a.isCheckable()]
    assert [a.data() for a in periods[:3]] == [Q3, Q2, Q1]
    assert [a.data() for a in periods if a.isChecked()] == [Q2]
    assert "(the plan reports on this)" in periods[1].text()
    assert not menu.plan_action.isEnabled()
    assert menu.next_action.isEnabled() and menu.previous_action.isEnabled()

    periods[2].trigger()  # 2012/13 Q1
    assert controller.context is not None and controller.context.period == Q1
    assert [a.data() for a in menu.menu.actions() if a.isChecked()] == [Q1]
    assert window.period_label.text() == "Period: 2012/13 Q1 (plan reports on 2012/13 Q2)"

    menu.plan_action.trigger()
    assert controller.context.period == Q2
    assert window.period_label.text() == "Period: 2012/13 Q2"
    QtBot.keyClick(window, Qt.Key.Key_BracketRight, CTRL)
    QtBot.keyClick(window, Qt.Key.Key_BracketRight, CTRL)  # nothing later than Q3 on offer
    assert controller.context.period == Q3
    assert not menu.next_action.isEnabled()


def test_returns_and_packs_default_to_the_period_shown(qtbot: QtBot, opened: Opened) -> None:
    window, _controller = opened
    QtBot.keyClick(window, Qt.Key.Key_BracketRight, CTRL)
    window.make_returns_action.trigger()
    made = window.findChild(QWidget, "makeReturnsDialog")
    assert made is not None
    combo = made.findChild(QComboBox)
    assert isinstance(combo, QComboBox) and combo.currentText() == Q3
    made.close()
    window.export_pack_action.trigger()
    pack = window.findChild(PackExportDialog)
    assert isinstance(pack, PackExportDialog)
    assert pack.period.currentText() == Q3
    pack.close()


# The plan's settings --------------------------------------------------------------------------


def test_the_dialog_sets_the_plans_period_and_the_window_follows(
    qtbot: QtBot, opened: Opened
) -> None:
    window, controller = opened
    store = store_of(controller)
    dialog = open_settings(qtbot, window, controller)
    assert dialog.title.hasFocus()
    assert dialog.current_period.currentText() == Q2
    assert [dialog.current_period.itemText(i) for i in range(3)] == [Q3, Q2, Q1]
    assert dialog.current_period.itemText(dialog.current_period.count() - 1) == AUTOMATIC

    retype(qtbot, dialog.current_period.lineEdit(), "2012-13 q3")
    QtBot.keyClick(dialog.current_period.lineEdit(), Qt.Key.Key_Return)  # OK is the default

    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert plan_settings(store).current_period == Q3
    qtbot.waitUntil(lambda: controller.context is not None and controller.context.period == Q3)
    assert window.period_label.text() == "Period: 2012/13 Q3"
    assert dashboard_rags(window) == {p.code: p.rag.rag for p in priority_rags(store, Q3)}
    entries = audit_rows(store)
    assert [(e.item_kind, e.field, e.old_value, e.new_value, e.source) for e in entries] == [
        ("plan", "current_period", Q2, Q3, SOURCE)
    ]
    assert entries[0].who == controller.context.user


def test_majority_rollup_changes_a_priority_on_the_dashboard(qtbot: QtBot, opened: Opened) -> None:
    window, controller = opened
    assert dashboard_rags(window)["WFD"] is Rag.RED  # 1 Red, 3 Green, 3 Blue: worst of
    dialog = open_settings(qtbot, window, controller)
    majority = dialog.rollup[RollupRule.MAJORITY]
    qtbot.mouseClick(majority, Qt.MouseButton.LeftButton, pos=QPoint(8, majority.height() // 2))
    assert majority.isChecked()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dashboard_rags(window)["WFD"] is Rag.GREEN)
    model = window.dashboard.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).code == "WFD")
    tip = model.index(row, PriorityRagModel.COL_RAG).data(Qt.ItemDataRole.ToolTipRole)
    assert "majority of 7 items" in tip
    [entry] = audit_rows(store_of(controller))
    assert (entry.field, entry.old_value, entry.new_value) == ("rollup_rule", "worst", "majority")


def test_a_bad_tolerance_is_refused_with_its_message_and_the_dialog_stays(
    qtbot: QtBot, opened: Opened
) -> None:
    window, controller = opened
    store = store_of(controller)
    dialog = open_settings(qtbot, window, controller)
    retype(qtbot, dialog.title, "Halton CYPP 2011-14")
    retype(qtbot, dialog.default_tolerance, "150")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == (
        "Not saved: Indicator tolerance: 150 is not a percentage from 0 to 100, such as 10 or 12.5."
    )
    assert dialog.default_tolerance.hasFocus()
    assert dialog.title.text() == "Halton CYPP 2011-14"  # what was typed is kept
    assert plan_settings(store).default_tolerance == 10
    assert audit_rows(store) == []

    retype(qtbot, dialog.default_tolerance, "ten")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert 'Indicator tolerance: "ten" is not a percentage' in dialog.problem.text()

    retype(qtbot, dialog.default_tolerance, "12.5%")
    retype(qtbot, dialog.title, " ")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert (
        dialog.problem.text() == "Not saved: Title: the plan needs a title; it must not be blank."
    )
    assert dialog.title.hasFocus()

    retype(qtbot, dialog.title, "Halton CYPP 2011-14")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = plan_settings(store)
    assert (saved.title, saved.default_tolerance) == ("Halton CYPP 2011-14", 12.5)
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Halton CYPP 2011-14 — "))
    assert {e.field for e in audit_rows(store)} == {"title", "default_tolerance"}


def test_a_conflict_offers_to_reload(
    qtbot: QtBot, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, controller = opened
    store = store_of(controller)
    dialog = open_settings(qtbot, window, controller)
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_a: object) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    colleague = plan_settings(store)
    update_plan_settings(
        store,
        type(colleague)(**{**_fields(colleague), "partnership": "Halton Children's Trust"}),
        expected_version=colleague.version,
        who="A colleague",
    )
    retype(qtbot, dialog.action_lag_margin, "20")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert asked and "changed by someone else" in asked[0]
    assert dialog.isVisible()
    assert dialog.partnership.text() == "Halton Children's Trust"  # reloaded
    assert dialog.action_lag_margin.text() == "15"
    assert plan_settings(store).action_lag_margin == 15
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # nothing changed now
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_dialogs_access_keys_are_all_different(qtbot: QtBot, opened: Opened) -> None:
    """One letter each, and none of O or C, which OK and Cancel take in some desktops."""
    window, controller = opened
    dialog = open_settings(qtbot, window, controller)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    texts += [button.text() for button in dialog.rollup.values()]
    keys = [text[text.index("&") + 1].lower() for text in texts]
    assert len(keys) == 10
    assert len(set(keys)) == len(keys)
    assert not {"o", "c"} & set(keys)


def _fields(settings: Any) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in settings.__dataclass_fields__}


def test_the_dialog_is_keyboard_driven_and_named(qtbot: QtBot, opened: Opened) -> None:
    window, controller = opened
    dialog = open_settings(qtbot, window, controller)
    for name, field in dialog.fields.items():
        assert field.accessibleName(), name
    order = [dialog.title]
    widget = dialog.title
    for _step in range(12):
        QtBot.keyClick(widget, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        order.append(widget)
    assert dialog.vision in order and dialog.notes in order  # Tab leaves the text boxes
    assert dialog.default_tolerance in order and dialog.rollup[RollupRule.WORST] in order
    QtBot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert dialog.action_lag_margin.hasFocus()
    QtBot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.rollup[RollupRule.MAJORITY].isChecked)  # an animated click
    QtBot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert plan_settings(store_of(controller)).rollup_rule is RollupRule.WORST


# Save a Copy of a plan held on a server ----------------------------------------------------


def test_a_server_plans_copy_reports_table_by_table(demo_store: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    copy = copy_with_progress(demo_store, tmp_path / "laptop.cypp", lambda *a: seen.append(a))
    assert copy == tmp_path / "laptop.cypp"
    with Store.open(copy) as laptop:
        assert dump_plan(laptop) == dump_plan(demo_store)
    total = seen[0][1]
    assert [done for done, _total, _message in seen] == list(range(total))
    assert "Copying action…" in [message for _d, _t, message in seen]


def test_a_cancelled_copy_leaves_no_file(demo_store: Store, tmp_path: Path) -> None:
    def cancel_at_actions(_done: int, _total: int, message: str) -> None:
        if message == "Copying action…":
            raise Cancelled("Cancelled; nothing was written.")

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled):
        copy_with_progress(demo_store, folder / "laptop.cypp", cancel_at_actions)
    assert list(folder.iterdir()) == []


def test_save_a_copy_of_a_server_plan_runs_in_the_background(
    qtbot: QtBot, opened: Opened, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan without a file (as a server's is) copies in a worker: the window stays live."""
    window, controller = opened
    store = store_of(controller)
    monkeypatch.setattr(store, "path", None)
    laptop = tmp_path / "laptop.cypp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(laptop), ""))
    copied_on: list[int] = []
    original = transfer.copy_rows

    def copy_rows(source: Any, target: Any) -> None:
        copied_on.append(threading.get_ident())
        original(source, target)

    monkeypatch.setattr(transfer, "copy_rows", copy_rows)
    window.save_copy_action.trigger()
    task = controller.copy_task
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert copied_on and copied_on[0] != threading.get_ident()  # not on the GUI thread
    assert window.statusBar().currentMessage() == f"Copy saved to {laptop}"
    with Store.open(laptop) as copy:
        assert dump_plan(copy) == dump_plan(store)


def test_cancelling_a_server_copy_leaves_no_file(
    qtbot: QtBot, opened: Opened, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, controller = opened
    store = store_of(controller)
    monkeypatch.setattr(store, "path", None)
    original = transfer.copy_rows

    def slow_copy(source: Any, target: Any) -> None:
        while controller.copy_task is None:  # the worker may start before the GUI keeps it
            time.sleep(0.001)
        controller.copy_task.cancel()  # as the Cancel button does, while the copy is under way
        original(source, target)

    monkeypatch.setattr(transfer, "copy_rows", slow_copy)
    folder = tmp_path / "out"
    folder.mkdir()
    laptop = folder / "laptop.cypp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(laptop), ""))
    window.save_copy_action.trigger()
    task = controller.copy_task
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert window.statusBar().currentMessage() == "Save a Copy cancelled; no file was written."
    assert list(folder.iterdir()) == []


def test_closing_the_plan_stops_a_server_copy_first(
    qtbot: QtBot, opened: Opened, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing (or opening another plan) while a copy runs cancels it and waits for it, so
    the copy never reads from a closed store and no half file is left."""
    window, controller = opened
    store = store_of(controller)
    monkeypatch.setattr(store, "path", None)
    started = threading.Event()
    original = transfer.copy_rows

    def copy_rows(source: Any, target: Any) -> None:
        started.set()
        while controller.copy_task is None or not controller.copy_task.cancel_event.is_set():
            time.sleep(0.001)  # a long copy, still on its first table when the plan closes
        original(source, target)

    monkeypatch.setattr(transfer, "copy_rows", copy_rows)
    folder = tmp_path / "out"
    folder.mkdir()
    laptop = folder / "laptop.cypp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(laptop), ""))
    window.save_copy_action.trigger()
    task = controller.copy_task
    assert task is not None and started.wait(10)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        controller.close_plan()
        assert controller.copy_task is None and controller.store is None
    assert window.statusBar().currentMessage() == "Save a Copy cancelled; no file was written."
    assert list(folder.iterdir()) == []
