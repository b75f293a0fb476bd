"""The store's change announcements as a Qt signal, delivered on the main thread.

Edits may be committed by a worker thread (an import, say); the bus calls back on that
thread, and the queued signal hands the Change to the views on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from cypp_desktop.store import Store


class StoreEvents(QObject):
    changed = Signal(object)  # a Change
    _relay = Signal(object)

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self._relay.connect(self.changed.emit, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = store.changes.subscribe(self._relay.emit)

    def close(self) -> None:
        self._unsubscribe()
