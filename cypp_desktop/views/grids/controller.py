"""Acts on a grid: validates what was typed or pasted, writes it through the store, keeps
undo history, and refreshes the rows that changed.

A batch of cells (one cell, a paste, a fill-down, a clear) is validated whole first: if any
cell is bad, nothing is written and one message lists every bad cell. Names typed into owner
or organisation cells that the plan does not know yet are offered for creation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from cypp_desktop.errors import CyppError
from cypp_desktop.models import Rag
from cypp_desktop.models.audit import SOURCE_GRID
from cypp_desktop.models.parsing import FieldError
from cypp_desktop.store.edits import (
    ConflictError,
    Deleted,
    Edit,
    EditError,
    NewOrganisation,
    NewOwner,
    add_item,
    apply_edits,
    delete_items,
    restore_items,
)
from cypp_desktop.views.context import PlanContext
from cypp_desktop.views.grids.background_read import BackgroundRead
from cypp_desktop.views.grids.columns import Editor, GridColumn
from cypp_desktop.views.grids.commands import AddRowCommand, DeleteRowsCommand, EditCellsCommand
from cypp_desktop.views.grids.definition import GridDefinition, ReadInTwoSteps
from cypp_desktop.views.grids.grid_model import GridModel

Row = TypeVar("Row")
Cell = tuple[Any, GridColumn[Any], str]

MAX_LISTED = 20  # bad cells listed by name in one message; the rest are counted
BULK_CELLS = 20  # a change this large is a bulk change: the plan is backed up first
BULK_ROWS = 5


class GridController(QObject, Generic[Row]):
    problem = Signal(str)  # a refused edit or a failed write, in words for the user
    reloaded = Signal()  # the rows were read afresh (the first of them, for a long grid)
    completed = Signal()  # the rest of the rows, read in the background, are in (or not)

    def __init__(
        self,
        definition: GridDefinition[Row],
        model: GridModel[Row],
        undo_stack: QUndoStack,
        parent: QWidget,
    ):
        super().__init__(parent)
        self.definition = definition
        self.model = model
        self.undo_stack = undo_stack
        self.window = parent
        self.context: PlanContext | None = None
        # What this grid itself last wrote: the store's announcement of it needs no refresh.
        self.own_change: frozenset[tuple[str, int]] = frozenset()
        # Each write of this grid's moves an item on a version: (item id, from) -> to. An
        # undo follows the chain from the version its command saw, so undoing a later edit
        # of the same row first is not taken for someone else's change; their writes are
        # not in the chain, and still refuse the undo.
        self._moved: dict[tuple[int, int], int] = {}
        # The read of the rest of a long grid's rows; whether the grid holds only its first
        # rows; and a count of its changes (rows re-read, added, deleted; names re-read)
        # that tells whether a read that arrives is stale.
        self._reads = BackgroundRead(parent, f"Reading the {definition.name} grid")
        self.partial = False
        self.read_failed = False
        self._changes = 0
        model.edit_handler = self.handle_cells

    # Loading -------------------------------------------------------------------------------

    def load(self, context: PlanContext) -> None:
        """Read the rows and show them. A grid that may be very long (``first_rows``),
        opened on a plan, shows its first rows at once and has the rest read in a worker
        thread; they join the grid when they arrive, or are read again if the grid changed
        meanwhile. A reload (another period, someone else's change) reads the grid whole,
        so it keeps its place."""
        opening = self.context is None or context.store is not self.context.store
        if opening:
            self._moved.clear()  # another plan: its items and versions are its own
        self.context = context
        self._reads.stop()
        stepped = self._in_two_steps(opening or not self.model.rows)
        with context.store.read() as session:
            if stepped is None:
                rows = self.definition.load(session, context.period)
            else:
                rows = stepped.load_start(session, context.period, stepped.first_rows)
        columns = self.definition.columns(context.period)
        if self.model.columns != columns or not self.model.rows:
            self.model.set_columns(columns)
        self.model.read_only = context.store.read_only
        self.model.set_rows(rows)
        self.partial = stepped is not None and len(rows) >= stepped.first_rows
        if self.partial:
            self._read_rest()
        self.reloaded.emit()

    def _in_two_steps(self, first_read: bool) -> ReadInTwoSteps[Row] | None:
        """The definition, if this load reads it in two steps: a long grid, opened (not
        reloaded), on a plan a worker thread can read at the same time."""
        definition = self.definition
        if not isinstance(definition, ReadInTwoSteps) or not first_read:
            return None
        assert self.context is not None
        return definition if self.context.store.reads_in_parallel else None

    @property
    def reading(self) -> bool:
        """Whether the rest of the rows are still being read."""
        return self._reads.busy

    def _read_rest(self) -> None:
        assert self.context is not None
        definition = self.definition
        assert isinstance(definition, ReadInTwoSteps)
        store, period, changes = self.context.store, self.context.period, self._changes
        self.read_failed = False

        def read(between: Callable[[int], None]) -> Any:
            with store.read() as session:
                return definition.read_all(session, period, between)

        def arrived(read: Any) -> None:
            if self._changes != changes:
                self._read_rest()  # rows or names changed since it read: again
                return
            self.partial = False
            self.model.complete_rows(definition.adopt(read))
            self.completed.emit()

        def trouble(error: CyppError) -> None:
            self.read_failed = True
            self.completed.emit()
            self.problem.emit(
                f"Only the first {len(self.model.rows):,} rows could be read: {error}\n"
                "Reopen the plan to read them all."
            )

        self._reads.start(read, arrived, trouble)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Around a write: a read of a plan file holds a lock that keeps writers waiting
        until it ends, so the read of the rest of the rows stops first, and starts again
        once this write's rows have been refreshed."""
        if self._reads.busy:
            self._reads.stop_and_wait()
            QTimer.singleShot(0, self._resume_reading)
        yield

    def _resume_reading(self) -> None:
        if self.partial and not self._reads.busy and self.context is not None:
            self._read_rest()

    def stop_background_work(self) -> None:
        self._reads.stop_and_wait()

    def refresh_names(self) -> None:
        """Re-read the owners and organisations the grid offers and shows."""
        assert self.context is not None
        self._changes += 1
        with self.context.store.read() as session:
            self.definition.refresh_names(session)

    def refresh(self, ids: list[int]) -> dict[int, int | None]:
        """Re-read the given rows; returns their versions now."""
        assert self.context is not None
        self._changes += 1
        with self.context.store.read() as session:
            fresh = self.definition.reload(session, self.context.period, ids)
        self.model.replace_rows(fresh)
        return {self.definition.item_id(row): self.definition.version(row) for row in fresh}

    # Editing -------------------------------------------------------------------------------

    def handle_cells(self, cells: list[Cell]) -> bool:
        """Validate every cell, then write them all in one transaction, or write nothing."""
        if self.context is None or not cells:
            return False
        parsed: list[tuple[Any, GridColumn[Any], Any]] = []
        errors: list[str] = []
        for row, column, text in cells:
            try:
                parsed.append((row, column, column.parse(text, row)))
            except FieldError as error:
                errors.append(f"{self.definition.row_label(row)}, {column.header}: {error}")
        if errors:
            self._refuse(errors, len(cells))
            return False
        new_names = self._ask_about_new_names(parsed)
        if new_names is None:
            return False
        reason = self._override_reason(parsed)
        if reason is None:
            return False
        self.definition.new_names = new_names
        try:
            edits = [
                self._with_reason(self.definition.edit_for(row, column, value), reason)
                for row, column, value in parsed
            ]
        except CyppError as error:
            self.problem.emit(str(error))
            return False
        finally:
            self.definition.new_names = {}
        what = self._describe(cells)
        if len(cells) >= BULK_CELLS:
            self.context.store.snapshot(f"before a grid {what}")
        applied = self._apply(edits, SOURCE_GRID)
        if applied is None:
            return False
        if new_names:
            self.refresh_names()
        versions = self._refresh_after(edits)
        self.undo_stack.push(EditCellsCommand(self, what, applied, versions))
        return True

    def replay(self, edits: list[Edit], *, source: str, what: str) -> dict[int, int | None] | None:
        """Undo or redo: write ``edits`` and refresh; None when the store refused."""
        if self._apply(edits, source, what=what) is None:
            return None
        return self._refresh_after(edits)

    def _refresh_after(self, edits: list[Edit]) -> dict[int, int | None]:
        versions = self.refresh(sorted({edit.item_id for edit in edits}))
        for edit in edits:
            now = versions.get(edit.item_id)
            # Versions only grow; an edit that changed nothing leaves the version as it was.
            if (
                edit.expected_version is not None
                and now is not None
                and now > edit.expected_version
            ):
                self._moved[(edit.item_id, edit.expected_version)] = now
        return versions

    def latest_own(self, item_id: int, version: int | None) -> int | None:
        """The version ``item_id`` has now if only this grid wrote it since ``version``."""
        while version is not None and (item_id, version) in self._moved:
            version = self._moved[(item_id, version)]
        return version

    def _apply(self, edits: list[Edit], source: str, *, what: str = "") -> list[Any] | None:
        assert self.context is not None
        self.own_change = frozenset((edit.kind.value, edit.item_id) for edit in edits)
        try:
            with self._writing():
                return apply_edits(self.context.store, edits, who=self.context.user, source=source)
        except ConflictError as error:
            self._conflict(f"{what}: {error}" if what else str(error))
        except CyppError as error:
            self.problem.emit(f"{what}: {error}" if what else str(error))
        return None

    def _conflict(self, message: str) -> None:
        if ask_to_reload(self.window, message) and self.context is not None:
            # After the editor that is committing has closed: reloading resets the model.
            context = self.context
            QTimer.singleShot(0, lambda: self.load(context))

    def _refuse(self, errors: list[str], cells: int) -> None:
        listed = errors[:MAX_LISTED]
        more = len(errors) - len(listed)
        head = (
            "Nothing was changed: that value is not valid."
            if cells == 1
            else f"Nothing was changed: {len(errors)} of the {cells} cells are not valid."
        )
        tail = f"\n...and {more} more." if more else ""
        self.problem.emit(head + "\n" + "\n".join(listed) + tail)

    @staticmethod
    def _describe(cells: list[Cell]) -> str:
        if len(cells) == 1:
            return f"edit {cells[0][1].header}"
        return f"change {len(cells)} cells"

    @staticmethod
    def _with_reason(edit: Edit, reason: str) -> Edit:
        if edit.field != "rag" or edit.value is None:
            return edit
        return Edit(
            edit.kind,
            edit.item_id,
            edit.field,
            edit.value,
            period=edit.period,
            expected_version=edit.expected_version,
            reason=reason,
        )

    def _override_reason(self, parsed: list[tuple[Any, GridColumn[Any], Any]]) -> str | None:
        """A RAG typed by hand overrides the rules: ask once why (None: the user cancelled)."""
        setting = [value for _row, column, value in parsed if column.editor is Editor.RAG]
        if not any(isinstance(value, Rag) for value in setting):
            return ""
        text, accepted = QInputDialog.getText(
            self.window,
            "Why set the RAG by hand?",
            "A RAG typed here overrides the one the rules give. Say why (this is shown "
            "beside it in the pack):",
        )
        if not accepted:
            return None
        if not text.strip():
            self.problem.emit("Nothing was changed: a RAG set by hand needs a reason.")
            return None
        return text.strip()

    def _ask_about_new_names(
        self, parsed: list[tuple[Any, GridColumn[Any], Any]]
    ) -> dict[tuple[Editor, str], NewOwner | NewOrganisation] | None:
        """Ask whether to add each owner and organisation the plan does not know yet; None
        when the user declines one. Nothing is added here: the edit adds them in its own
        transaction, so an edit that is refused (or cancelled) leaves no new name behind."""
        known = self.definition.known_names()
        new: dict[tuple[Editor, str], NewOwner | NewOrganisation] = {}
        for editor, ask in (
            (Editor.ORGANISATION, self._ask_organisation),
            (Editor.OWNER, self._ask_owner),
        ):
            names = {
                value
                for _row, column, value in parsed
                if column.editor is editor and value and value not in known[editor]
            }
            for name in sorted(names):
                answer = ask(name)
                if answer is None:
                    return None
                new[(editor, name)] = answer
        return new

    def _ask_owner(self, name: str) -> NewOwner | None:
        organisations = sorted(self.definition.known_names()[Editor.ORGANISATION])
        organisation, accepted = QInputDialog.getItem(
            self.window,
            "New owner",
            f'"{name}" is not an owner in this plan yet. Add them, in which organisation?',
            ["(none)", *organisations],
            0,
            True,
        )
        if not accepted:
            return None
        chosen = None if organisation == "(none)" else organisation.strip() or None
        return NewOwner(name, chosen)

    def _ask_organisation(self, name: str) -> NewOrganisation | None:
        answer = QMessageBox.question(
            self.window,
            "New organisation",
            f'"{name}" is not an organisation in this plan yet. Add it?',
        )
        return NewOrganisation(name) if answer == QMessageBox.StandardButton.Yes else None

    def add_row(self, near: Row | None) -> int | None:
        if self.context is None:
            return None
        try:
            with self.context.store.read() as session:
                values = self.definition.new_item(session, near)
            with self._writing():
                item_id = add_item(
                    self.context.store,
                    self.definition.kind,
                    values,
                    who=self.context.user,
                    source=SOURCE_GRID,
                )
        except (EditError, CyppError) as error:
            self.problem.emit(str(error))
            return None
        self._changes += 1
        with self.context.store.read() as session:
            self.model.add_rows(self.definition.reload(session, self.context.period, [item_id]))
        self.undo_stack.push(AddRowCommand(self, "add a row", item_id))
        return item_id

    def delete_rows(self, rows: list[Row]) -> bool:
        """Delete after the user confirms; undo puts every row back."""
        if not rows or self.context is None:
            return False
        ids = [self.definition.item_id(row) for row in rows]
        if self._refused(ids):
            return False
        labels = ", ".join(self.definition.row_label(row) for row in rows[:5])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        answer = QMessageBox.question(
            self.window,
            "Delete rows",
            f"Delete {len(rows)} row{'s' if len(rows) != 1 else ''} ({labels}{more}) and their "
            "status history? You can undo this with Ctrl+Z.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if len(rows) >= BULK_ROWS:
            self.context.store.snapshot(f"before deleting {len(rows)} rows")
        deleted = self.delete_ids(ids)
        if deleted is None:
            return False
        self.undo_stack.push(
            DeleteRowsCommand(
                self, f"delete {len(rows)} row{'s' if len(rows) != 1 else ''}", deleted
            )
        )
        return True

    def delete_ids(self, ids: list[int]) -> Deleted | None:
        """Delete now (also undoing an added row, redoing a delete), unless the store refuses
        (it checks the rules again in the delete's own transaction)."""
        assert self.context is not None
        try:
            with self._writing():
                deleted = delete_items(
                    self.context.store,
                    self.definition.kind,
                    ids,
                    who=self.context.user,
                    source=SOURCE_GRID,
                )
        except CyppError as error:
            self.problem.emit(str(error))
            return None
        self._changes += 1
        self.model.remove_ids(ids)
        return deleted

    def _refused(self, ids: list[int]) -> bool:
        """Whether the grid will not delete these items (asked before the user is asked to
        confirm); the user is told why."""
        assert self.context is not None
        with self.context.store.read() as session:
            refusal = self.definition.why_not_delete(session, ids)
        if refusal:
            self.problem.emit(refusal)
        return bool(refusal)

    def restore(self, deleted: Deleted) -> bool:
        assert self.context is not None
        try:
            with self._writing():
                restore_items(self.context.store, deleted, who=self.context.user, source="undo")
        except CyppError as error:
            self.problem.emit(str(error))
            return False
        self.load(self.context)
        return True


def ask_to_reload(parent: QWidget, message: str) -> bool:
    """Someone else changed what was being edited: say so, and offer the latest."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Changed by someone else", message, parent=parent)
    reload_button = box.addButton("Reload", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is reload_button
