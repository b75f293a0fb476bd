"""``cypp-desktop returns make`` and ``returns import``: exit codes, messages, JSON, dry runs."""

import json
from pathlib import Path

import openpyxl
import pytest

from cypp_desktop.cli import main
from cypp_desktop.returns import layout
from cypp_desktop.store import Store
from cypp_desktop.store.dump import dump_plan

PERIOD = "2012/13 Q2"
NAME = "Return 2012-13 Q2 - Julie Webster.xlsx"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def dumped(plan: Path) -> dict[str, object]:
    with Store.open(plan) as store:
        return dump_plan(store)


@pytest.fixture
def returns(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "returns"
    folder.mkdir()
    code, out, _err = run(capsys, "returns", "make", demo_file, "--period", PERIOD, "--out", folder)
    assert code == 0
    assert f"returns for {PERIOD} written to {folder}" in out
    return folder


def fill(path: Path, **cells: object) -> None:
    book = openpyxl.load_workbook(path)
    for reference, value in cells.items():
        book["Actions"][reference] = value
    book.save(path)


def test_make_one_owner_and_refuse_bad_usage(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, _ = run(
        capsys, "returns", "make", demo_file, "--period", "2012-13 q2", "--out", tmp_path,
        "--owner", "Julie Webster",
    )  # fmt: skip
    assert code == 0
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == [NAME]
    assert run(capsys, "returns", "make", demo_file, "--period", PERIOD)[0] == 2
    code, _, err = run(capsys, "returns", "make", demo_file, "--period", "Q7", "--out", tmp_path)
    assert code == 1
    assert "'Q7' is not a reporting period" in err
    code, _, err = run(
        capsys, "returns", "make", demo_file, "--period", PERIOD, "--out", tmp_path / "missing"
    )
    assert (code, err.count("\n")) == (1, 1)
    assert "is not a folder" in err


def test_import_a_folder_applies_good_returns(
    demo_file: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(returns / NAME, G2=55, I2="Half way")
    code, out, err = run(capsys, "returns", "import", demo_file, returns)
    assert (code, err) == (0, "")
    assert f"{NAME}: Actions!G2 PEH-12 % complete: 76% -> 55% [applied]" in out
    assert f"{NAME}: 2 changes applied" in out
    assert "nothing to change" in out  # the returns nobody filled in


def test_a_rejected_file_exits_1_with_one_line_per_error(
    demo_file: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(returns / NAME, G2=55, H3="Purple", G4="lots")
    before = dumped(demo_file)
    code, _out, err = run(capsys, "returns", "import", demo_file, returns / NAME)
    assert code == 1
    assert err.splitlines() == [
        f'{NAME}: Actions!H3: "Purple" is not a RAG (expected Red, Amber, Green or Blue '
        "(or R, A, G, B))",
        f'{NAME}: Actions!G4: "lots" is not a whole number from 0 to 100, such as 75 or 75%',
    ]
    assert dumped(demo_file) == before


def test_json_report_and_dry_run(
    demo_file: Path, returns: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(returns / NAME, G2=55, F3="complete")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"")
    before = dumped(demo_file)
    code, out, err = run(
        capsys, "returns", "import", demo_file, returns / NAME, junk, "--dry-run", "--json"
    )
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert (report["ok"], report["dry_run"]) == (False, True)
    good, bad = report["files"]
    assert good["status"] == "checked"
    assert good["owner"] == "Julie Webster"
    assert {(c["cell"], c["field"], c["old"], c["new"]) for c in good["changes"]} == {
        ("Actions!G2", "percent_complete", "76%", "55%"),
    }
    assert good["warnings"] == ['Actions!F3: read "complete" as Complete']  # and no change
    assert bad["status"] == "rejected"
    assert bad["errors"] == ["junk.xlsx: the file is empty (0 bytes); it is not a return."]
    assert dumped(demo_file) == before

    code, out, _ = run(capsys, "returns", "import", demo_file, returns / NAME, "--json")
    assert code == 0
    assert json.loads(out)["files"][0]["applied"] == 1


def test_missing_file_is_rejected(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "returns", "import", demo_file, tmp_path / "nope.xlsx")
    assert code == 1
    assert "nope.xlsx: no such file or folder." in err
    assert run(capsys, "returns", "import", demo_file)[0] == 2


def test_columns_of_the_layout_match_the_cells_used_here() -> None:
    assert layout.ACTIONS.letter("percent_complete") == "G"
    assert layout.ACTIONS.letter("rag") == "H"
    assert layout.ACTIONS.letter("status") == "F"
