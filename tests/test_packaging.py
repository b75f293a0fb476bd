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
