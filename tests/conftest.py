"""Shared fixtures. Qt runs headless, and nothing a test does touches the real user's files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

import pytest

from cypp_desktop.paths import HOME_VARIABLE
from cypp_desktop.store import Store
from cypp_desktop.store.demo import write_demo


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Settings, backups and logs of each test go to a fresh folder of its own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv(HOME_VARIABLE, str(home))
    return home


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan, written once per test run; tests get their own copy."""
    path = tmp_path_factory.mktemp("template") / "demo.cypp"
    os.environ.setdefault(HOME_VARIABLE, str(tmp_path_factory.mktemp("template-home")))
    write_demo(path)
    return path


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.cypp"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo_store(demo_file: Path) -> Iterator[Store]:
    store = Store.open(demo_file)
    yield store
    store.close()


@pytest.fixture
def memory_store() -> Iterator[Store]:
    store = Store.create(":memory:", title="Test plan")
    yield store
    store.close()
