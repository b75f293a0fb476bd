"""Hostile workbooks, built the way an attacker (or a broken file) would present them: an
XML bomb, a zip bomb, a part that inflates too far, a sheet with a million rows. Shared by
tests/test_returns_hostile.py, which checks each is refused with its message, and
benchmarks/returns.py, which times how fast each is refused."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path


def rewrite_part(source: Path, target: Path, name: str, content: bytes) -> None:
    """``source`` copied to ``target`` with the zip member ``name`` replaced by ``content``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, content if info.filename == name else old.read(info))


def sheet_part(path: Path, title: str) -> str:
    """The zip member that holds the sheet called ``title``."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    sheet = re.search(rf'<sheet [^>]*name="{title}"[^>]*>', workbook)
    assert sheet is not None
    rel = re.search(r'r:id="([^"]+)"', sheet.group(0))
    assert rel is not None
    relationship = re.search(rf'<Relationship [^>]*Id="{rel.group(1)}"[^>]*>', rels)
    assert relationship is not None
    target = re.search(r'Target="([^"]+)"', relationship.group(0))
    assert target is not None
    return "xl/" + target.group(1).removeprefix("/xl/")


def xml_bomb(issued: Path, target: Path) -> Path:
    """A return whose Actions sheet is a billion laughs."""
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'.encode()
            for n in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b'<sheetData><row r="2"><c r="I2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        + b"</sheetData></worksheet>"
    )
    rewrite_part(issued, target, sheet_part(issued, "Actions"), bomb)
    return target


def zip_bomb(target: Path) -> Path:
    """Under 1 MB on disk, 60 MB of zeros inflated."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            block = b"\0" * (1 << 20)
            for _ in range(60):
                part.write(block)
    return target


def high_inflate_ratio(target: Path) -> Path:
    """A part of 8 MB of spaces: within the size bound, far beyond the ratio bound."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b" " * (8 << 20))
    return target


def million_rows(issued: Path, target: Path) -> Path:
    """A return whose Actions sheet has a million (empty) rows."""
    part = sheet_part(issued, "Actions")
    with zipfile.ZipFile(issued) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info, old.read(info))
                continue
            with new.open(part, "w") as stream:
                stream.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><sheetData>'
                )
                for start in range(1, 1_000_001, 10_000):
                    stream.write(
                        b"".join(b'<row r="%d"/>' % n for n in range(start, start + 10_000))
                    )
                stream.write(b"</sheetData></worksheet>")
    return target
