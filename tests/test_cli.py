"""The command-line contract of DESIGN.md: commands, JSON, exit codes, one-line errors."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from cypp_desktop.cli import main

DOCS = Path(__file__).parents[1] / "docs"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:  # argparse's usage errors and --version
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_writes_a_plan_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d.cypp"
    assert run(capsys, "demo", path)[0] == 0
    assert path.exists()
    code, _out, err = run(capsys, "demo", path)
    assert code == 1
    assert err.strip() == f"cypp-desktop: {path} already exists; use --force to replace it."
    assert run(capsys, "demo", path, "--force")[0] == 0


def test_info_json_meets_the_demo_minimums(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "info", demo_file, "--json")
    assert code == 0
    info = json.loads(out)
    minimums = {"priorities": 8, "objectives": 25, "actions": 40, "indicators": 12, "owners": 10}
    for key, minimum in minimums.items():
        assert info[key] >= minimum, key
    assert info["meetings"] >= 2
    assert len(info["periods"]) >= 4
    assert info["current_period"] == "2012/13 Q2"
    assert info["periods"].index("2012/13 Q1") < info["periods"].index("2012/13 Q2")


def test_info_text(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "info", demo_file)
    assert code == 0
    assert "current period 2012/13 Q2" in " ".join(out.split())


def test_dump_holds_the_seed_facts_and_matches_its_documented_schema(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "dump", demo_file, "--json")
    assert code == 0
    dump = json.loads(out)
    schema = json.loads((DOCS / "dump.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(dump, schema)

    fnp = [
        a for a in dump["actions"] if a["title"].lower() == "establish a family nurse partnership"
    ]
    assert len(fnp) == 1
    assert fnp[0]["owner"] == "Julie Webster"
    assert fnp[0]["organisation"] == "NHS Western Cheshire"
    assert fnp[0]["due"] == "2012-03-31"

    obesity = [i for i in dump["indicators"] if "obese" in i["title"].lower()]
    assert obesity, "the obesity indicator"
    assert obesity[0]["baseline"]["value"] == 17.4
    assert obesity[0]["baseline"]["period"] == "2005/06"
    assert obesity[0]["polarity"] == "lower"

    for kind in ("priorities", "objectives", "actions", "indicators", "promises"):
        for item in dump[kind]:
            assert {
                "id",
                "code",
                "title",
                "owner",
                "organisation",
                "due",
                "status",
                "rag",
                "commentary",
            } <= item.keys()


def test_dump_requires_json(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "dump", demo_file)
    assert code == 2
    assert "--json" in err


@pytest.mark.parametrize(
    "args",
    [["info"], ["info", "a", "b"], ["dump", "x.cypp", "--yaml"], ["demo"], ["--no-such-option"]],
)
def test_wrong_usage_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, *args)
    assert code == 2
    assert "usage:" in err


def test_the_gui_takes_a_plan_file_or_a_database_not_both(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run(capsys, "plan.cypp", "--db", "postgresql+psycopg://officer@server/plan")
    assert code == 1
    assert err.strip() == "cypp-desktop: Give a plan file or --db, not both."


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from cypp_desktop import __version__

    code, out, _err = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"cypp-desktop {__version__}"


def _bad_plans(tmp_path: Path, demo_file: Path) -> dict[str, tuple[Path, str]]:
    text_file = tmp_path / "notes.cypp"
    text_file.write_text("not a plan")
    newer = tmp_path / "newer.cypp"
    shutil.copyfile(demo_file, newer)
    with sqlite3.connect(newer) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    return {
        "missing": (tmp_path / "missing.cypp", "does not exist"),
        "not a database": (text_file, "not a CYPP plan file"),
        "newer": (newer, "newer version of CYPP Desktop"),
    }


@pytest.mark.parametrize("case", ["missing", "not a database", "newer"])
@pytest.mark.parametrize("command", ["info", "dump"])
def test_bad_plans_give_one_line_and_exit_1(
    case: str, command: str, tmp_path: Path, demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, message = _bad_plans(tmp_path, demo_file)[case]
    args = [command, path, "--json"]
    code, out, err = run(capsys, *args)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert str(path) in err


def test_the_installed_command_runs_without_a_traceback(tmp_path: Path) -> None:
    """Through the real console script, as a user types it."""
    script = Path(sys.executable).with_name("cypp-desktop")
    assert script.exists(), "pip install the package first"
    plan = tmp_path / "d.cypp"
    made = subprocess.run([script, "demo", plan], capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    info = subprocess.run(
        [script, "info", plan, "--json"], capture_output=True, text=True, check=False
    )
    assert info.returncode == 0
    assert json.loads(info.stdout)["priorities"] >= 8
    bad = subprocess.run(
        [script, "info", tmp_path / "x.cypp"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr


def test_a_bug_in_a_command_is_one_line_and_a_saved_report_not_a_traceback(
    demo_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cypp_desktop import paths
    from cypp_desktop.store import dump

    def broken(_store: object) -> None:
        raise ZeroDivisionError("a slip in the dump")

    monkeypatch.setattr(dump, "dump_plan", broken)
    code, out, err = run(capsys, "dump", demo_file, "--json")
    assert (code, out) == (1, "")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "unexpected error (ZeroDivisionError: a slip in the dump); this is a bug" in err
    report = Path(err.rsplit(" saved to ", 1)[1].strip())
    assert report.parent == paths.logs_dir()
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "a slip in the dump" in text


def test_a_reader_that_stops_early_is_no_bug(demo_file: Path, tmp_path: Path) -> None:
    """``cypp-desktop dump PLAN --json | head -1``: the command stops quietly, no report."""
    process = subprocess.Popen(
        [sys.executable, "-m", "cypp_desktop", "dump", str(demo_file), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CYPP_DESKTOP_HOME": str(tmp_path)},
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1) == b"{"
    process.stdout.close()  # as head does once it has its line
    status = process.wait(timeout=60)
    with process.stderr:
        said = process.stderr.read()
    assert (status, said) == (141, b"")
    assert not list(tmp_path.glob("**/cypp-desktop-report-*"))
