"""``cypp-desktop pack``: the files it writes, where, and its exit codes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pypdf
import pytest

from cypp_desktop.cli import main
from cypp_desktop.store import Store
from cypp_desktop.store.queries import meetings

PERIOD = "2012/13 Q2"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:  # argparse's usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_with_no_file_named_both_are_written_here(
    demo_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    code, out, err = run(capsys, "pack", demo_file, "--period", "2012-13 q2")
    assert (code, err) == (0, "")
    pdf, xlsx = folder / "Board pack 2012-13 Q2.pdf", folder / "Board pack 2012-13 Q2.xlsx"
    assert sorted(folder.iterdir()) == [pdf, xlsx]
    assert str(pdf) in out and str(xlsx) in out
    assert "Page 1 of" in (pypdf.PdfReader(pdf).pages[0].extract_text() or "")
    assert "Summary" in openpyxl.load_workbook(xlsx).sheetnames


def test_a_meeting_pack_with_a_marking(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(demo_file) as store:
        meeting = next(m for m in meetings(store) if m.period == PERIOD)
    pdf = tmp_path / "meeting.pdf"
    code, out, _err = run(
        capsys,
        "pack",
        demo_file,
        "--period",
        PERIOD,
        "--meeting",
        meeting.id,
        "--pdf",
        pdf,
        "--marking",
        "official",
    )
    assert code == 0
    assert list(tmp_path.glob("*.xlsx")) == []  # only what was asked for
    text = pypdf.PdfReader(pdf).pages[0].extract_text() or ""
    assert "OFFICIAL" in text
    assert meeting.board in text
    assert f"{pdf} (" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2030/31 Q1"], "no values or updates for 2030/31 Q1"),
        (["--period", "sometime"], "is not a reporting period"),
        (["--period", PERIOD, "--meeting", "999"], "there is no meeting 999"),
        (["--period", "2011/12 Q1", "--meeting", "1"], "reports on 2012/13 Q1"),
        (["--period", PERIOD, "--pdf", "{tmp}/missing/pack.pdf"], "does not exist"),
        (["--period", PERIOD, "--xlsx", "{tmp}/a-file/pack.xlsx"], "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    demo_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    before = sorted(tmp_path.rglob("*"))
    code, _out, err = run(capsys, "pack", demo_file, *[a.format(tmp=tmp_path) for a in args])
    assert code == 1
    assert err.startswith("cypp-desktop: ") and err.count("\n") == 1
    assert message in err
    assert sorted(tmp_path.rglob("*")) == before


def test_a_missing_period_is_a_usage_error(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "pack", demo_file)[0] == 2
