"""Snapshots before risky work, kept within a limit, and restoring one."""

import os
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from cypp_desktop.models import Priority
from cypp_desktop.store import Store, backups


def title_of(path: Path, code: str) -> str:
    with Store.open(path) as store, store.read() as session:
        return session.execute(select(Priority.title).where(Priority.code == code)).scalar_one()


def rename(path: Path, code: str, title: str) -> None:
    with Store.open(path) as store, store.session() as session:
        session.execute(select(Priority).where(Priority.code == code)).scalar_one().title = title


def test_a_snapshot_is_a_whole_plan_named_after_its_reason(demo_file: Path) -> None:
    taken = backups.snapshot(demo_file, reason="before importing returns")
    listed = backups.snapshots(demo_file)
    assert [s.path for s in listed] == [taken]
    assert listed[0].reason == "before importing returns"
    with Store.open(taken) as copy:
        assert copy.plan().title == Store.open(demo_file).plan().title


def test_only_the_newest_are_kept(demo_file: Path) -> None:
    for number in range(5):
        backups.snapshot(demo_file, reason=f"change {number}", keep=3)
    assert [s.reason for s in backups.snapshots(demo_file)] == ["change 4", "change 3", "change 2"]


def test_half_copies_a_killed_process_left_are_swept_away_once_stale(demo_file: Path) -> None:
    folder = backups.folder_for(demo_file)
    folder.mkdir(parents=True)
    stale, fresh = folder / ".old copy.cypp.1a2b3c4d.tmp", folder / ".new copy.cypp.5e6f7a8b.tmp"
    for leftover in (stale, fresh):
        leftover.write_bytes(b"SQLite format 3\x00 and then nothing")
    hours_ago = time.time() - backups.STALE_TEMPORARY_S - 60
    os.utime(stale, (hours_ago, hours_ago))
    backups.snapshot(demo_file, reason="before importing returns")
    assert not stale.exists()
    assert fresh.exists()  # it may be a copy another process is making right now


def test_daily_snapshot_once_a_day(demo_file: Path) -> None:
    assert backups.daily(demo_file, today=date.today()) is not None
    assert backups.daily(demo_file, today=date.today()) is None
    assert len(backups.snapshots(demo_file)) == 1


def test_plans_with_the_same_name_keep_separate_histories(demo_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / demo_file.name
    other.parent.mkdir()
    other.write_bytes(demo_file.read_bytes())
    backups.snapshot(demo_file, reason="first")
    backups.snapshot(other, reason="second")
    assert [s.reason for s in backups.snapshots(demo_file)] == ["first"]
    assert [s.reason for s in backups.snapshots(other)] == ["second"]


def test_restoring_keeps_a_copy_of_the_plan_as_it_was(demo_file: Path) -> None:
    before = title_of(demo_file, "BH")
    backups.snapshot(demo_file, reason="before bulk change")
    rename(demo_file, "BH", "Be Healthy (renamed)")
    chosen = backups.snapshots(demo_file)[0]
    safety = backups.restore(demo_file, chosen)
    assert title_of(demo_file, "BH") == before
    assert title_of(safety, "BH") == "Be Healthy (renamed)"
    assert "before restoring" in backups.snapshots(demo_file)[0].reason


def test_store_snapshot_follows_the_store(demo_store: Store, memory_store: Store) -> None:
    demo_store.keep_backups = 2
    for reason in ("a", "b", "c"):
        assert demo_store.snapshot(reason) is not None
    assert len(backups.snapshots(demo_store.path)) == 2  # type: ignore[arg-type]
    assert memory_store.snapshot("nothing to copy") is None


@pytest.mark.parametrize("reason", ["../../escape", "con", "a/b\\\\c:d"])
def test_reasons_never_choose_the_folder(demo_file: Path, reason: str) -> None:
    taken = backups.snapshot(demo_file, reason=reason)
    assert taken.parent == backups.folder_for(demo_file)
