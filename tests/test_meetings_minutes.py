"""Draft minutes as PDF, read back as their readers will read them (pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pypdf
import pytest

from cypp_desktop.errors import CyppError
from cypp_desktop.models import LogKind
from cypp_desktop.models.formatting import uk_date
from cypp_desktop.packs.minutes import build_minutes, take_minutes
from cypp_desktop.store import Store
from cypp_desktop.store.meetings import (
    MeetingFields,
    create_meeting,
    meeting_detail,
    meeting_rows,
)
from cypp_desktop.views.worker import Cancelled


def no_progress(_done: int, _total: int, _message: str) -> None:
    return None


def text_of(path: Path) -> str:
    if shutil.which("pdftotext"):
        result = subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        )
        return result.stdout
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def meeting_on(store: Store, day: date) -> int:
    return next(row.id for row in meeting_rows(store) if row.starts_at.date() == day)


def test_the_minutes_record_attendance_and_each_items_decisions_and_actions(
    demo_store: Store, tmp_path: Path
) -> None:
    meeting_id = meeting_on(demo_store, date(2012, 7, 19))
    detail = meeting_detail(demo_store, meeting_id)
    assert detail is not None
    path = tmp_path / "minutes.pdf"
    pages = build_minutes(take_minutes(demo_store, meeting_id), path, no_progress)
    assert pages == len(pypdf.PdfReader(path).pages) >= 1
    text = flat(text_of(path))
    assert "Draft minutes" in text and detail.title in text
    assert "DRAFT: not yet agreed by the board" in text
    assert f"Page 1 of {pages}" in text
    for person in (*detail.attendees, *detail.apologies):
        assert person.name in text
    for number, item in enumerate(detail.agenda, start=1):
        assert flat(f"{number}. {item.title}") in text
    for entry in detail.log:
        assert flat(entry.text) in text
        if entry.kind is LogKind.ACTION:
            assert entry.owner in text and uk_date(entry.due) in text
    # Decisions and actions sit under the item they were recorded at.
    first_action = next(e for e in detail.log if e.kind is LogKind.ACTION)
    item = next(i for i in detail.agenda if i.id == first_action.agenda_item_id)
    following = detail.agenda[detail.agenda.index(item) + 1]
    assert (
        text.index(flat(item.title))
        < text.index(flat(first_action.text))
        < text.index(flat(following.title))
    )


def test_the_minutes_carry_the_open_actions_forward_and_flag_the_overdue(
    demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "minutes.pdf"
    minutes = take_minutes(demo_store, meeting_on(demo_store, date(2012, 11, 29)))
    assert minutes.carried and all(row.meeting_id != minutes.meeting.id for row in minutes.carried)
    build_minutes(minutes, path, no_progress)
    text = flat(text_of(path))
    assert "Actions carried forward from earlier meetings" in text
    overdue = [row for row in minutes.carried if row.overdue(date(2012, 11, 29))]
    assert overdue and f"⚠ Overdue: {len(overdue)} of {len(minutes.carried)}" in text
    for row in minutes.carried:
        assert flat(row.text)[:40] in text


def test_a_meeting_with_nothing_recorded_says_so(demo_store: Store, tmp_path: Path) -> None:
    new_id = create_meeting(
        demo_store,
        MeetingFields("Executive Group", datetime(2013, 1, 10, 10, 0)),
        who="Officer",
        source="meeting",
    )
    path = tmp_path / "empty.pdf"
    build_minutes(take_minutes(demo_store, new_id), path, no_progress)
    text = flat(text_of(path))
    assert "Present None recorded." in text and "Apologies None." in text


def test_nothing_is_left_behind_when_the_minutes_cannot_be_written(
    demo_store: Store, tmp_path: Path
) -> None:
    minutes = take_minutes(demo_store, meeting_on(demo_store, date(2012, 7, 19)))
    with pytest.raises(CyppError, match="does not exist"):
        build_minutes(minutes, tmp_path / "missing" / "minutes.pdf", no_progress)
    folder = tmp_path / "papers"
    folder.mkdir()

    def cancel(done: int, _total: int, _message: str) -> None:
        if done >= 2:
            raise Cancelled("Cancelled; nothing was written.")

    with pytest.raises(Cancelled):
        build_minutes(minutes, folder / "minutes.pdf", cancel)
    assert list(folder.iterdir()) == []
    with pytest.raises(CyppError, match="no longer exists"):
        take_minutes(demo_store, 999)
