"""Build the CYPP Desktop bundle: one folder holding the app, Python and Qt.

    python installer/build.py [--dist DIR] [--work DIR] [--archive] [--setup]

Runs PyInstaller on installer/cypp-desktop.spec. On Linux it then adds what a desktop needs
to the folder (install.sh, the menu entry, the .cypp file type, the icons under share/);
``--archive`` packs the folder as ``cypp-desktop-VERSION-linux-ARCH.tar.gz`` for IT to hand
out. On Windows ``--setup`` compiles the Inno Setup installer (installer/windows/) with
ISCC.exe. Needs the ``installer`` extra: ``pip install -e ".[installer]"``.
See docs/installing.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "cypp-desktop.spec"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_ICON = "application-x-cypp-plan"


def project() -> dict[str, str]:
    fields = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"name": fields["name"], "version": fields["version"]}


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller; returns the bundle folder."""
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        raise SystemExit("PyInstaller needs objdump on Linux: install binutils.")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    subprocess.run(command, check=True, cwd=ROOT)
    bundle = dist / project()["name"]
    if sys.platform.startswith("linux"):
        add_desktop_integration(bundle)
    return bundle


def add_desktop_integration(bundle: Path) -> None:
    """install.sh and the freedesktop.org files it installs, laid out as under /usr/share."""
    linux = HERE / "linux"
    share = bundle / "share"
    if share.exists():
        shutil.rmtree(share)
    (share / "applications").mkdir(parents=True)
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copyfile(linux / "cypp-desktop.desktop", share / "applications" / "cypp-desktop.desktop")
    shutil.copyfile(
        linux / "cypp-desktop-mime.xml", share / "mime" / "packages" / "cypp-desktop.xml"
    )
    for size in ICON_SIZES:
        drawn = ROOT / "resources" / "icons" / f"cypp-desktop-{size}.png"
        for kind, name in (("apps", "cypp-desktop"), ("mimetypes", MIME_ICON)):
            folder = share / "icons" / "hicolor" / f"{size}x{size}" / kind
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(drawn, folder / f"{name}.png")
    script = bundle / "install.sh"
    shutil.copyfile(linux / "install.sh", script)
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def archive(bundle: Path) -> Path:
    """The bundle as a .tar.gz with one top folder named after the version."""
    info = project()
    stem = f"{info['name']}-{info['version']}-linux-{platform.machine()}"
    target = bundle.parent / f"{stem}.tar.gz"
    partial = target.with_name(f".{target.name}.tmp")
    with tarfile.open(partial, "w:gz") as tar:
        tar.add(bundle, arcname=stem)
    partial.replace(target)
    return target


def setup(bundle: Path, dist: Path) -> Path:
    """Compile the Windows installer with Inno Setup's ISCC.exe (Windows only)."""
    iscc = shutil.which("ISCC") or shutil.which(
        str(
            Path(os.environ.get("PROGRAMFILES(X86)", "C:/Program Files (x86)"))
            / "Inno Setup 6"
            / "ISCC.exe"
        )
    )
    if iscc is None:
        raise SystemExit("ISCC.exe (Inno Setup 6) was not found; install it or put it on PATH.")
    info = project()
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={info['version']}",
            f"/DBundle={bundle}",
            f"/O{dist}",
            str(HERE / "windows" / "cypp-desktop.iss"),
        ],
        check=True,
    )
    return dist / f"{info['name']}-{info['version']}-setup.exe"


def folder_size(folder: Path) -> int:
    """Bytes on disk; a symbolic link (PyInstaller makes some) counts as its own few bytes."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if not path.is_dir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--archive", action="store_true", help="also pack it as a .tar.gz")
    parser.add_argument("--setup", action="store_true", help="also make the Windows installer")
    options = parser.parse_args(argv)
    started = time.monotonic()
    bundle = build(options.dist.resolve(), options.work.resolve())
    print(
        f"Bundle: {bundle} ({folder_size(bundle) / 1e6:.0f} MB, {time.monotonic() - started:.0f} s)"
    )
    if options.archive:
        print(f"Archive: {archive(bundle)}")
    if options.setup:
        print(f"Installer: {setup(bundle, options.dist.resolve())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
