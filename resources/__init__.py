"""Bundled data installed as the package ``cypp_desktop.resources`` (see pyproject.toml)."""
