"""``cypp-desktop pack PLAN --period P [--meeting ID] [--pdf F] [--xlsx F] [--marking M]``.

With neither ``--pdf`` nor ``--xlsx``, both are written to the current folder, named after
the period or the meeting ("Board pack 2012-13 Q2.pdf" and ".xlsx"). Bad input (a period
the plan has no data for, an unknown meeting, a folder that cannot be written) is a
CyppError: one line on stderr, exit 1, and no file left behind.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cypp_desktop.errors import InputError
from cypp_desktop.packs.cover_report import MARKINGS
from cypp_desktop.packs.options import default_stem
from cypp_desktop.packs.pdf import build_pdf
from cypp_desktop.packs.progress import ignore
from cypp_desktop.packs.snapshot import PackSnapshot, take_snapshot
from cypp_desktop.packs.xlsx import build_xlsx
from cypp_desktop.store import Store


def output_paths(
    snapshot: PackSnapshot, pdf: Path | None, xlsx: Path | None, folder: Path
) -> tuple[Path | None, Path | None]:
    """The files to write: those asked for, else both, named after the pack, in ``folder``."""
    if pdf is not None or xlsx is not None:
        return pdf, xlsx
    meeting = snapshot.meeting
    stem = default_stem(
        snapshot.period,
        meeting.board if meeting else None,
        meeting.starts_at.date() if meeting else None,
    )
    return folder / f"{stem}.pdf", folder / f"{stem}.xlsx"


def run(options: argparse.Namespace) -> int:
    marking = options.marking.strip() if options.marking else None
    if marking and marking.upper() in MARKINGS:
        marking = marking.upper()
    pdf, xlsx = options.pdf, options.xlsx
    for path, flag in ((pdf, "--pdf"), (xlsx, "--xlsx")):
        if path is not None and path.is_dir():
            raise InputError(f"{flag} {path} is a folder; give a file name.")
    with Store.open(options.plan) as store:
        snapshot = take_snapshot(
            store, options.period, meeting_id=options.meeting, marking=marking or None
        )
    pdf, xlsx = output_paths(snapshot, pdf, xlsx, Path.cwd())
    if pdf is not None:
        pages = build_pdf(snapshot, pdf, ignore)
        print(f"PDF pack written to {pdf} ({pages} pages)", file=sys.stdout)
    if xlsx is not None:
        sheets = build_xlsx(snapshot, xlsx, ignore)
        print(f"Excel pack written to {xlsx} ({sheets} sheets)", file=sys.stdout)
    return 0
