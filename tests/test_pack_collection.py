"""The cycle collector is held back while a pack is built, and only then."""

from __future__ import annotations

import gc
import threading

import pytest

from cypp_desktop.packs.collection import PACK_THRESHOLD, fewer_collections


def test_held_back_inside_and_as_before_after_even_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        assert gc.get_threshold()[0] == PACK_THRESHOLD
        raise RuntimeError("the build failed")
    assert gc.get_threshold() == before


def test_two_builds_that_overlap_leave_the_setting_as_it_was() -> None:
    before = gc.get_threshold()
    inside, leave = threading.Event(), threading.Event()

    def other_build() -> None:
        with fewer_collections():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other_build)
    with fewer_collections():
        thread.start()
        assert inside.wait(5)
    assert gc.get_threshold()[0] == PACK_THRESHOLD  # the other build is still going
    leave.set()
    thread.join(5)
    assert gc.get_threshold() == before
