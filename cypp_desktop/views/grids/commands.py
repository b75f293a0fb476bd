"""Undo and redo for the grids: every edit, paste, fill, clear, added row and deleted row.

Each command has already been done when it is pushed (the store said yes first), so its
first redo does nothing. Undo writes the old values back through the store like any edit,
recorded with source "undo"; it is refused if the row changed meanwhile (someone else's
change is never overwritten by an undo).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from cypp_desktop.models.audit import SOURCE_REDO, SOURCE_UNDO
from cypp_desktop.store.edits import Applied, Deleted, Edit

if TYPE_CHECKING:
    from cypp_desktop.views.grids.controller import GridController


class _Command(QUndoCommand):
    def __init__(self, controller: GridController[Any], text: str):
        super().__init__(text)
        self.controller = controller
        self._done = True  # pushed after it was applied


class EditCellsCommand(_Command):
    def __init__(
        self,
        controller: GridController[Any],
        text: str,
        applied: list[Applied],
        versions: dict[int, int | None],
    ):
        super().__init__(controller, text)
        self.applied = applied
        self.versions = versions  # each item's version now, after the edit

    def _with_versions(self, edits: list[Edit]) -> list[Edit]:
        return [
            Edit(
                e.kind,
                e.item_id,
                e.field,
                e.value,
                period=e.period,
                reason=e.reason,
                expected_version=None
                if e.period
                else self.controller.latest_own(e.item_id, self.versions.get(e.item_id)),
            )
            for e in edits
        ]

    def undo(self) -> None:
        edits = self._with_versions([applied.reverse() for applied in reversed(self.applied)])
        versions = self.controller.replay(edits, source=SOURCE_UNDO, what=f"Undo {self.text()}")
        if versions is None:
            self.setObsolete(True)
        else:
            self.versions = versions

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        edits = self._with_versions([applied.edit for applied in self.applied])
        versions = self.controller.replay(edits, source=SOURCE_REDO, what=f"Redo {self.text()}")
        if versions is None:
            self.setObsolete(True)
        else:
            self.versions = versions


class DeleteRowsCommand(_Command):
    def __init__(self, controller: GridController[Any], text: str, deleted: Deleted):
        super().__init__(controller, text)
        self.deleted = deleted

    def undo(self) -> None:
        if not self.controller.restore(self.deleted):
            self.setObsolete(True)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        deleted = self.controller.delete_ids(list(self.deleted.ids))
        if deleted is None:
            self.setObsolete(True)
        else:
            self.deleted = deleted


class AddRowCommand(_Command):
    def __init__(self, controller: GridController[Any], text: str, item_id: int):
        super().__init__(controller, text)
        self.item_id = item_id
        self.deleted: Deleted | None = None

    def undo(self) -> None:
        self.deleted = self.controller.delete_ids([self.item_id])
        if self.deleted is None:
            self.setObsolete(True)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        if self.deleted is None or not self.controller.restore(self.deleted):
            self.setObsolete(True)
