"""Plan files and their database: opening, creating, migrating, copying, querying. No Qt here."""

from cypp_desktop.store.store import PLAN_SUFFIX, Store

__all__ = ["PLAN_SUFFIX", "Store"]
