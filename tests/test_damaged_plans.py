"""A damaged plan file (a half-copied USB stick, flipped bits) is named as damaged, in one
line on the command line and in a message box in the window: never a traceback."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cypp_desktop.cli import main
from cypp_desktop.errors import NotAPlanError
from cypp_desktop.store import Store


def truncated(source: Path, folder: Path, percent: int) -> Path:
    data = source.read_bytes()
    damaged = folder / f"cut at {percent}%.cypp"
    damaged.write_bytes(data[: len(data) * percent // 100])
    return damaged


def scrambled(source: Path, folder: Path) -> Path:
    data = bytearray(source.read_bytes())
    rng = random.Random(1)
    for _ in range(2000):
        data[rng.randrange(100, len(data))] = rng.randrange(256)
    damaged = folder / "scrambled.cypp"
    damaged.write_bytes(bytes(data))
    return damaged


@pytest.fixture(params=["30", "60", "90", "scrambled"])
def damaged(request: pytest.FixtureRequest, demo_file: Path, tmp_path: Path) -> Path:
    if request.param == "scrambled":
        return scrambled(demo_file, tmp_path)
    return truncated(demo_file, tmp_path, int(request.param))


def test_a_damaged_plan_is_refused_as_damaged(damaged: Path) -> None:
    with (
        pytest.raises(NotAPlanError, match="is damaged or not a plan file"),
        Store.open(damaged) as store,
    ):
        store.plan()


@pytest.mark.parametrize("command", ["info", "dump"])
def test_the_command_line_says_so_in_one_line(
    damaged: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(damaged), "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert f"cypp-desktop: {damaged} is damaged or not a plan file" in err


def test_the_window_says_so_and_keeps_the_plan_it_had(
    opened: tuple[Any, Any],
    demo_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, _controller = opened
    bad = truncated(demo_file, tmp_path, 60)
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    window.open_action.trigger()
    assert len(shown) == 1 and "is damaged or not a plan file" in shown[0]
    assert window.file_label.text() == str(demo_file)


def test_a_refused_change_is_still_explained_by_the_write_path(demo_store: Store) -> None:
    from cypp_desktop.models import ItemKind
    from cypp_desktop.store.edits import EditError, add_item

    add_item(demo_store, ItemKind.PRIORITY, {"code": "ZZ", "title": "One"}, who="t", source="t")
    with pytest.raises(EditError):  # a duplicate code: the plan's rule, not a damaged file
        add_item(demo_store, ItemKind.PRIORITY, {"code": "ZZ", "title": "Two"}, who="t", source="t")
