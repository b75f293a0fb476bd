"""Smoke test of the frozen app: build the bundle, run it as users and scripts do, check it.

    python installer/smoke_test.py [--bundle DIR] [--work DIR]

Builds the one-folder bundle with installer/build.py into WORK (a temporary folder unless
given), or takes one already built (--bundle). Then runs the frozen program, with nothing of
this checkout on its path, and checks what it does:

- ``--version`` names the version in pyproject.toml;
- ``demo`` writes a plan, and ``info --json`` reports of it what this checkout's own code
  reads from the same file;
- ``pack`` writes a PDF (with its font embedded) and an Excel workbook, as many pages and
  sheets as it says;
- ``returns make`` writes a workbook per lead, and ``returns import --dry-run`` accepts one;
- the same return carrying an XML bomb, and one carrying an external entity, are refused by
  defusedxml (the message names defusedxml's exception): the frozen app still parses
  untrusted XML safely;
- the resources (demo data, icons, style sheet, user guide) and every bundled package's
  licence texts are in the bundle;
- the window starts offscreen on a first launch, writes the demo plan, stays up long
  enough to load matplotlib and draw its first charts, and logs no error.

Prints one JSON object: build and check times, bundle size, each check with its result.
Exit status 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import build, folder_size, project

PERIOD = "2012/13 Q2"
GUI_SECONDS = 8.0  # after the demo plan appears: time to load matplotlib and draw a chart
COMMAND_TIMEOUT_S = 120
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(f'<!ENTITY lol{n} "{"&lol;" * 10}">'.encode() for n in range(1, 10))
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="2"><c r="I2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="2"><c r="I2" t="inlineStr"><is><t>&secret;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
DEFUSED = re.compile(
    r"not allowed in a workbook \((DTDForbidden|EntitiesForbidden|ExternalReferenceForbidden)"
)


class CheckFailed(Exception):
    pass


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class Checks:
    program: Path
    work: Path
    results: list[dict[str, object]] = field(default_factory=list)

    def environment(self, home: Path) -> dict[str, str]:
        """The user's environment, minus anything that would let this checkout's Python in."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["CYPP_DESKTOP_HOME"] = str(home)
        env["QT_QPA_PLATFORM"] = "offscreen"
        return env

    def run(self, *arguments: str) -> Run:
        done = subprocess.run(
            [str(self.program), *arguments],
            capture_output=True,
            text=True,
            cwd=self.work,
            env=self.environment(self.work / "home"),
            timeout=COMMAND_TIMEOUT_S,
        )
        if "Traceback" in done.stderr:
            raise CheckFailed(f"{' '.join(arguments)} printed a traceback:\n{done.stderr}")
        return Run(done.returncode, done.stdout, done.stderr)

    def check(self, name: str, test: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail, ok = test(), True
        except (CheckFailed, OSError, subprocess.SubprocessError, ValueError) as error:
            detail, ok = str(error), False
        self.results.append(
            {"name": name, "ok": ok, "s": round(time.monotonic() - started, 2), "detail": detail}
        )


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, help="a bundle already built: check it only")
    parser.add_argument("--work", type=Path, help="folder to build and work in (kept)")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cypp-smoke-") as scratch:
        work = (options.work or Path(scratch)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        report = smoke(options.bundle, work)
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1


def smoke(bundle: Path | None, work: Path) -> dict[str, object]:
    started = time.monotonic()
    if bundle is None:
        bundle = build(work / "dist", work / "build")
    built = time.monotonic()
    windows = sys.platform == "win32"
    name = project()["name"]
    program = bundle / (f"{name}-cli.exe" if windows else name)
    checks = Checks(program, work / "run")
    checks.work.mkdir(exist_ok=True)
    plan = checks.work / "demo.cypp"
    returns = checks.work / "returns"

    checks.check("version", lambda: check_version(checks))
    checks.check("demo", lambda: check_demo(checks, plan))
    checks.check("info", lambda: check_info(checks, plan))
    checks.check("pack", lambda: check_pack(checks, plan))
    checks.check("returns make", lambda: check_returns_make(checks, plan, returns))
    checks.check("returns import", lambda: check_returns_import(checks, plan, returns))
    checks.check("defusedxml", lambda: check_defusedxml(checks, plan, returns))
    checks.check("resources", lambda: check_resources(bundle))
    checks.check("licences", lambda: check_licences(bundle))
    checks.check(
        "window", lambda: check_window(bundle / (f"{name}.exe" if windows else name), work)
    )
    finished = time.monotonic()
    return {
        "ok": all(result["ok"] for result in checks.results),
        "bundle": str(bundle),
        "bundle_mb": round(folder_size(bundle) / 1e6, 1),
        "build_s": round(built - started, 1),
        "checks_s": round(finished - built, 1),
        "checks": checks.results,
    }


def check_version(checks: Checks) -> str:
    run = checks.run("--version")
    wanted = f"{project()['name']} {project()['version']}"
    expect(
        run.code == 0 and run.out.strip() == wanted, f"--version said {run.out!r}, not {wanted!r}"
    )
    return run.out.strip()


def check_demo(checks: Checks, plan: Path) -> str:
    run = checks.run("demo", str(plan))
    expect(run.code == 0 and plan.is_file(), f"demo failed ({run.code}): {run.err}")
    expect(plan.read_bytes()[68:72] == b"CYPP", "the plan file does not carry the CYPP id")
    return run.out.strip()


def check_info(checks: Checks, plan: Path) -> str:
    from cypp_desktop.store import Store
    from cypp_desktop.store.queries import plan_summary

    run = checks.run("info", str(plan), "--json")
    expect(run.code == 0, f"info failed ({run.code}): {run.err}")
    frozen = json.loads(run.out)
    with Store.open(plan, read_only=True) as store:
        summary = plan_summary(store)
    wanted = {**summary.counts, "title": summary.title, "current_period": summary.current_period}
    differing = {k: (frozen.get(k), v) for k, v in wanted.items() if frozen.get(k) != v}
    expect(not differing, f"info differs from the source's reading (frozen, source): {differing}")
    return ", ".join(f"{k} {v}" for k, v in summary.counts.items())


def check_pack(checks: Checks, plan: Path) -> str:
    pdf, xlsx = checks.work / "pack.pdf", checks.work / "pack.xlsx"
    run = checks.run("pack", str(plan), "--period", PERIOD, "--pdf", str(pdf), "--xlsx", str(xlsx))
    expect(run.code == 0, f"pack failed ({run.code}): {run.err}")
    pages = re.search(r"\((\d+) pages\)", run.out)
    sheets = re.search(r"\((\d+) sheets\)", run.out)
    expect(pages is not None and sheets is not None, f"pack said {run.out!r}")
    assert pages is not None and sheets is not None
    data = pdf.read_bytes()
    expect(data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), "the PDF is not whole")
    expect(len(re.findall(rb"/Type\s*/Page\b", data)) == int(pages[1]), "the PDF's pages differ")
    expect(b"DejaVuSans" in data, "the PDF does not embed its DejaVu Sans font")
    with zipfile.ZipFile(xlsx) as book:
        workbook = book.read("xl/workbook.xml")
    expect(workbook.count(b"<sheet ") == int(sheets[1]), "the workbook's sheets differ")
    return f"{pages[1]} pages, {sheets[1]} sheets"


def check_returns_make(checks: Checks, plan: Path, folder: Path) -> str:
    folder.mkdir(exist_ok=True)
    run = checks.run("returns", "make", str(plan), "--period", PERIOD, "--out", str(folder))
    expect(run.code == 0, f"returns make failed ({run.code}): {run.err}")
    made = sorted(folder.glob("*.xlsx"))
    said = re.search(r"(\d+) returns for", run.out)
    expect(said is not None and int(said[1]) == len(made) > 0, f"returns make said {run.out!r}")
    return f"{len(made)} returns"


def check_returns_import(checks: Checks, plan: Path, folder: Path) -> str:
    chosen = sorted(folder.glob("*.xlsx"))[0]
    run = checks.run("returns", "import", str(plan), str(chosen), "--dry-run", "--json")
    expect(run.code == 0, f"a good return was refused ({run.code}): {run.out}{run.err}")
    report = json.loads(run.out)
    expect(report["files"][0]["status"] == "checked", f"import said {report['files'][0]}")
    return f"{chosen.name}: checked"


def check_defusedxml(checks: Checks, plan: Path, folder: Path) -> str:
    issued = sorted(folder.glob("*.xlsx"))[0]
    found = []
    for label, xml in (("bomb", BOMB), ("external entity", EXTERNAL_ENTITY)):
        hostile = checks.work / f"{label}.xlsx"
        with zipfile.ZipFile(issued) as source, zipfile.ZipFile(hostile, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.startswith("xl/worksheets/"):
                    data = xml
                target.writestr(item, data)
        run = checks.run("returns", "import", str(plan), str(hostile), "--dry-run", "--json")
        expect(run.code == 1, f"the {label} was not refused ({run.code}): {run.out}{run.err}")
        (file,) = json.loads(run.out)["files"]
        reason = DEFUSED.search(" ".join(file["errors"]))
        expect(
            file["status"] == "rejected" and reason is not None,
            f"the {label} was not refused by defusedxml: {file['errors']}",
        )
        assert reason is not None
        found.append(f"{label}: {reason[1]}")
    return "; ".join(found)


def _internal(bundle: Path) -> Path:
    inside = bundle / "_internal"
    return inside if inside.is_dir() else bundle


def check_resources(bundle: Path) -> str:
    resources = _internal(bundle) / "resources"
    wanted = [
        "demo_plan.json",
        "style.qss",
        "icons/cypp-desktop-256.png",
        "guide/user-guide.md",
        "guide/images/dashboard.png",
    ]
    missing = [name for name in wanted if not (resources / name).is_file()]
    expect(not missing, f"missing from the bundle's resources: {missing}")
    migrations = _internal(bundle) / "cypp_desktop" / "store" / "migrations" / "versions"
    expect(any(migrations.glob("0001_*.py")), "the migration scripts are not in the bundle")
    return f"{len(wanted)} resources and the migrations present"


def check_licences(bundle: Path) -> str:
    licences = _internal(bundle) / "resources" / "licences"
    expect(licences.is_dir(), "no licences folder in the bundle")
    packages = [folder for folder in licences.iterdir() if folder.is_dir()]
    empty = [folder.name for folder in packages if not any(folder.iterdir())]
    expect(not empty, f"licence folders without a licence: {empty}")
    names = {folder.name.lower() for folder in packages}
    for wanted in ("pyside6_essentials", "shiboken6", "python", "defusedxml", "openpyxl"):
        expect(wanted in names, f"no licence for {wanted}")
    qt = licences / "PySide6_Essentials"
    expect((qt / "LGPL-3.0.txt").is_file() and (qt / "GPL-3.0.txt").is_file(), "no LGPL text")
    return f"{len(packages)} packages' licences"


def check_window(program: Path, work: Path) -> str:
    """A first launch, offscreen: the window opens the demo plan and draws its charts."""
    home = work / "first-launch"
    demo = home / "data" / "Demo plan.cypp"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(CYPP_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        [str(program)], env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while not demo.is_file() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        expect(demo.is_file(), "the window did not write the demo plan on its first launch")
        time.sleep(GUI_SECONDS)
        expect(process.poll() is None, f"the window closed by itself (status {process.returncode})")
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    errors = err.decode(errors="replace")
    expect("Traceback" not in errors, f"the window printed a traceback:\n{errors}")
    log = home / "logs" / "cypp-desktop.log"
    logged = log.read_text(encoding="utf-8") if log.is_file() else ""
    expect(" ERROR " not in logged, f"the window logged an error:\n{logged}")
    return "opened the demo plan, ran without error"


if __name__ == "__main__":
    sys.exit(main())
