"""Fuzz the returns importer with mutated returns, and count what got past its error handling.

    python benchmarks/fuzz_returns.py --json --cases 10000 [--seed N]

Valid, filled-in returns are made from the demo plan, then each case mutates one of them:
cell values and types, style and cell references, formulas, the XML itself (truncated,
elements dropped or duplicated, DTDs and entities added), the hidden return data, and the
zip around it all (bytes flipped, cut short, parts dropped, sizes in the directory faked).
Each mutant is imported into the plan. Prints one JSON object:

- ``cases``: how many mutants were imported;
- ``unhandled``: exceptions that escaped the importer (any is a bug); ``samples`` shows some;
- ``changed``: rejected files after which the plan file was not byte-for-byte as before;
- ``rejected`` / ``imported``: how the mutants fared.

Goal: unhandled 0 and changed 0 over 10,000 cases.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import struct
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from cypp_desktop.returns import layout
from cypp_desktop.returns.diff import REJECTED
from cypp_desktop.returns.importer import import_files
from cypp_desktop.returns.make import make_returns
from cypp_desktop.store import Store
from cypp_desktop.store.demo import write_demo

PERIOD = "2012/13 Q2"
OWNERS = ["Julie Webster", "Director of Public Health", "Paul Boyce"]

Parts = dict[str, bytes]
Mutation = Callable[[random.Random, Parts], None]

_VALUES = [
    "", " ", "0", "-1", "100", "101", "1e309", "-1e309", "NaN", "inf", "1,234.5", "17.4%",
    "75%", "0.75", "31/02/2013", "31/03/2013", "2013-03-31", "99999999", "-0", "0x10",
    "Green", "purple", "R", "in progress", "Done", "=1+1", "+SUM(A1)", "@cmd", "\t", "\r",
    "\x00", "\x07", "é" * 40, "💥" * 10, "<b>", "&amp;", "A" * 40000, "TRUE", "#N/A",
    "1.7976931348623157e308", "5e-324", "31 March 2013", "Sept 5th 2012", "--", "%",
]  # fmt: skip
_TYPES = ["s", "n", "b", "e", "str", "inlineStr", "d", "x", ""]


def _choose_part(rng: random.Random, parts: Parts, pattern: str) -> str | None:
    names = [name for name in parts if re.search(pattern, name)]
    return rng.choice(names) if names else None


def _cells(xml: bytes) -> list[re.Match[bytes]]:
    return list(re.finditer(rb"<c [^>]*?(?:/>|>.*?</c>)", xml, re.S))


def _replace_cell(rng: random.Random, parts: Parts, make: Callable[[bytes], bytes]) -> None:
    name = _choose_part(rng, parts, r"xl/worksheets/sheet\d+\.xml")
    if name is None:
        return
    xml = parts[name]
    cells = _cells(xml)
    if not cells:
        return
    cell = rng.choice(cells)
    parts[name] = xml[: cell.start()] + make(cell.group(0)) + xml[cell.end() :]


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "replace")


def cell_value(rng: random.Random, parts: Parts) -> None:
    def make(cell: bytes) -> bytes:
        reference = re.search(rb'r="([^"]*)"', cell)
        ref = reference.group(1) if reference else b"A1"
        value = _escape(rng.choice(_VALUES))
        if rng.random() < 0.5:
            return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, value)
        return b'<c r="%s" t="%s"><v>%s</v></c>' % (ref, rng.choice(_TYPES).encode(), value)

    _replace_cell(rng, parts, make)


def cell_type(rng: random.Random, parts: Parts) -> None:
    def make(cell: bytes) -> bytes:
        cell = re.sub(rb' t="[^"]*"', b"", cell, count=1)
        return cell.replace(b"<c ", b'<c t="%s" ' % rng.choice(_TYPES).encode(), 1)

    _replace_cell(rng, parts, make)


def cell_style(rng: random.Random, parts: Parts) -> None:
    def make(cell: bytes) -> bytes:
        style = rng.choice([b"-1", b"0", b"99999", b"x", b"1", b"3"])
        cell = re.sub(rb' s="[^"]*"', b"", cell, count=1)
        return cell.replace(b"<c ", b'<c s="%s" ' % style, 1)

    _replace_cell(rng, parts, make)


def cell_reference(rng: random.Random, parts: Parts) -> None:
    def make(cell: bytes) -> bytes:
        ref = rng.choice([b"A0", b"ZZZZ1", b"a2", b"1A", b"", b"A99999999", b"XFD3", b"B2"])
        return re.sub(rb' r="[^"]*"', b' r="%s"' % ref, cell, count=1)

    _replace_cell(rng, parts, make)


def cell_formula(rng: random.Random, parts: Parts) -> None:
    def make(cell: bytes) -> bytes:
        formula = rng.choice([b"SUM(A1:A3)", b"", b"NOW()", b'HYPERLINK("x")', b"1/0"])
        if b"</c>" in cell:
            return cell.replace(b"</c>", b"<f>%s</f></c>" % formula, 1)
        return cell.replace(b"/>", b"><f>%s</f></c>" % formula, 1)

    _replace_cell(rng, parts, make)


def xml_damage(rng: random.Random, parts: Parts) -> None:
    name = rng.choice(list(parts))
    xml = parts[name]
    if not xml:
        return
    choice = rng.randrange(5)
    if choice == 0:
        parts[name] = xml[: rng.randrange(len(xml))]
    elif choice == 1:
        at = rng.randrange(len(xml))
        parts[name] = xml[:at] + bytes([rng.randrange(256)]) + xml[at + 1 :]
    elif choice == 2:
        elements = list(re.finditer(rb"<(\w+)[^>]*?(?:/>|>.*?</\1>)", xml, re.S))
        if elements:
            element = rng.choice(elements)
            parts[name] = xml[: element.start()] + xml[element.end() :]
    elif choice == 3:
        rows = list(re.finditer(rb"<row [^>]*>.*?</row>", xml, re.S))
        if rows:
            row = rng.choice(rows)
            parts[name] = xml[: row.end()] + row.group(0) * rng.randrange(1, 4) + xml[row.end() :]
    else:
        doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        parts[name] = re.sub(rb"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or b"") + doctype, xml)


def metadata(rng: random.Random, parts: Parts) -> None:
    """Damage the hidden data sheet (the last sheet a return has)."""
    sheets = sorted(
        (name for name in parts if re.search(r"xl/worksheets/sheet\d+\.xml", name)),
        key=lambda name: int(re.sub(r"\D", "", name)),
    )
    if not sheets:
        return
    name = sheets[-1]
    xml = parts[name]
    texts = list(re.finditer(rb"<t>(.*?)</t>", xml, re.S))
    if not texts:
        return
    text = rng.choice(texts)
    value = text.group(1)
    options = [
        b"",
        value[::-1],
        value.replace(b"1", b"2"),
        value + b"x",
        _escape(rng.choice(_VALUES)),
        re.sub(rb"\d+", lambda m: str(int(m.group(0)) * 7 + 1).encode(), value),
        value.replace(b"&quot;", b""),
        b'{"s":"Actions","r":2,"k":"action","id":1,"l":{},"f":{}}',
    ]
    parts[name] = xml[: text.start(1)] + rng.choice(options) + xml[text.end(1) :]


def drop_part(rng: random.Random, parts: Parts) -> None:
    del parts[rng.choice(list(parts))]


MUTATIONS: list[Mutation] = [
    cell_value, cell_value, cell_value, cell_type, cell_style, cell_reference, cell_formula,
    xml_damage, xml_damage, metadata, metadata, drop_part,
]  # fmt: skip


def _zip(parts: Parts) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_damage(rng: random.Random, data: bytes) -> bytes:
    """Damage the zip itself: flipped bytes, cut short, faked sizes in the directory."""
    choice = rng.randrange(4)
    if choice == 0:
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)
    if choice == 1:
        return data[: rng.randrange(len(data))]
    if choice == 2:
        central = data.rfind(b"PK\x01\x02")
        if central < 0:
            return data
        damaged = bytearray(data)
        size = rng.choice([0, 1, 2**31, 2**32 - 1, 60 * 2**20])
        struct.pack_into("<I", damaged, central + 24, size)
        return bytes(damaged)
    return data + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))


def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _bases(store: Store, folder: Path) -> list[Parts]:
    """Valid returns, filled in: the starting points the mutants are made from."""
    bases = []
    for made in make_returns(store, PERIOD, folder, owners=OWNERS, who="fuzz"):
        book = openpyxl.load_workbook(made.path)
        if "Actions" in book.sheetnames:
            sheet = book["Actions"]
            for row in range(layout.FIRST_ROW, sheet.max_row + 1):
                sheet.cell(row, layout.ACTIONS.index("commentary")).value = f"Fuzz {row}"
                sheet.cell(row, layout.ACTIONS.index("percent_complete")).value = row % 100
        book.save(made.path)
        with zipfile.ZipFile(made.path) as archive:
            bases.append({name: archive.read(name) for name in archive.namelist()})
    return bases


def run(cases: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    unhandled: list[str] = []
    changed = rejected = imported = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        plan = root / "plan.cypp"
        write_demo(plan)
        store = Store.open(plan)
        try:
            bases = _bases(store, root)
            target = root / "mutant.xlsx"
            for case in range(cases):
                parts = dict(rng.choice(bases))
                for _ in range(rng.randrange(1, 4)):
                    rng.choice(MUTATIONS)(rng, parts)
                data = _zip(parts)
                if rng.random() < 0.15:
                    data = zip_damage(rng, data)
                target.write_bytes(data)
                before = _fingerprint(plan)
                try:
                    [report] = import_files(store, [target], who="fuzz")
                except Exception as error:  # the importer let it escape: the bug we count
                    if len(unhandled) < 10:
                        unhandled.append(
                            f"case {case}: {traceback.format_exception_only(error)[-1]}"
                        )
                    else:
                        unhandled.append("")
                    continue
                if report.status == REJECTED:
                    rejected += 1
                    if _fingerprint(plan) != before:
                        changed += 1
                else:
                    imported += 1
        finally:
            store.close()
    return {
        "cases": cases,
        "unhandled": len(unhandled),
        "changed": changed,
        "rejected": rejected,
        "imported": imported,
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
        "samples": [text.strip() for text in unhandled if text][:10],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", required=True, help="print JSON")
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2012)
    options = parser.parse_args(argv)
    print(json.dumps(run(options.cases, options.seed), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
