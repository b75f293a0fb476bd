"""CYPP Desktop: run a Children and Young People's Plan through its board meetings."""

__version__ = "0.1.0"
