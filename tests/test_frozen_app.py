"""The installed bundle works: installer/smoke_test.py builds it with PyInstaller and runs the
frozen program (see that script for every check). About a minute; skipped where PyInstaller
is not installed (pip install -e ".[installer]")."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BUILD_AND_CHECK_S = 900


@pytest.mark.skipif(
    importlib.util.find_spec("PyInstaller") is None,
    reason='PyInstaller is not installed: pip install -e ".[installer]" to test the bundle',
)
@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the bundle is smoke-tested on Linux"
)
@pytest.mark.timeout(BUILD_AND_CHECK_S + 60)
def test_the_frozen_app_runs_headless_and_opens_its_window(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "smoke_test.py"), "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=BUILD_AND_CHECK_S,
        check=False,
    )
    assert done.stdout.strip(), done.stderr[-4000:]
    report = json.loads(done.stdout)
    failed = [check for check in report["checks"] if not check["ok"]]
    assert not failed, json.dumps(failed, indent=2)
    assert done.returncode == 0
    names = [check["name"] for check in report["checks"]]
    for wanted in ("version", "demo", "info", "pack", "defusedxml", "licences", "window"):
        assert wanted in names
    print(json.dumps({k: v for k, v in report.items() if k != "checks"}))
