"""What a wheel or bundle must carry."""

import tomllib
from pathlib import Path

import cypp_desktop
from cypp_desktop.paths import resource_path

ROOT = Path(__file__).parents[1]


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    package_root = Path(cypp_desktop.__file__).parent
    found = {
        ".".join(("cypp_desktop", *init.parent.relative_to(package_root).parts)).rstrip(".")
        for init in package_root.rglob("__init__.py")
    }
    assert found | {"cypp_desktop.resources"} == listed


def test_bundled_resources_are_found() -> None:
    assert resource_path("demo_plan.json").is_file()


def test_formula_like_text_goes_into_excel_as_text() -> None:
    from openpyxl import Workbook

    from cypp_desktop.spreadsheet import put_text

    sheet = Workbook().active
    for row, text in enumerate(
        ["=SUM(A1:A9)", "+44 1928", "-5 days", "@home", "\tindent", "\r=1+1", "plain"], 1
    ):
        put_text(sheet.cell(row, 1), text)
    cells = [sheet.cell(row, 1) for row in range(1, 8)]
    assert [c.data_type for c in cells] == ["s"] * 7
    assert [bool(c.quotePrefix) for c in cells] == [True] * 6 + [False]
    assert cells[0].value == "=SUM(A1:A9)"
