"""The Plan page: priority, objective and action as a tree, with the selection's narrative."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QSplitter, QTreeView, QVBoxLayout, QWidget

from cypp_desktop.models.formatting import uk_date
from cypp_desktop.store import queries
from cypp_desktop.store.queries import ActionRow, ObjectiveNode, PriorityNode
from cypp_desktop.views.context import RAG_INPUTS, PlanContext
from cypp_desktop.views.details import DetailsPane, rag_sections
from cypp_desktop.views.rag_delegate import RagDelegate
from cypp_desktop.views.rag_style import rag_text
from cypp_desktop.views.table_model import RagRole


class PlanPage(QWidget):
    """The plan's structure: priority, objective, action, with the narrative of the selection."""

    title = "Plan"
    watches = RAG_INPUTS
    COL_ITEM, COL_RAG, COL_OWNER, COL_DUE = range(4)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Item", "RAG", "Lead / owner", "Due"])
        self.tree = QTreeView()
        self.tree.setAccessibleName("Plan tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegateForColumn(self.COL_RAG, RagDelegate(self.tree))
        self.details = DetailsPane(name="Plan item details")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._nodes: dict[int, PriorityNode | ObjectiveNode | ActionRow] = {}
        self._period = ""
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)

    def load(self, context: PlanContext) -> None:
        self._period = context.period
        self.model.removeRows(0, self.model.rowCount())
        self._nodes.clear()
        for priority in queries.plan_tree(context.store, context.period):
            priority_row = self._row(priority, f"{priority.code}  {priority.title}", priority.lead)
            for objective in priority.objectives:
                objective_row = self._row(
                    objective, f"{objective.code}  {objective.title}", objective.lead, objective.due
                )
                for action in objective.actions:
                    objective_row[0].appendRow(self._action_row(action))
                priority_row[0].appendRow(objective_row)
            if priority.other_actions:
                others = [QStandardItem("Actions not under an objective")]
                others += [QStandardItem() for _ in range(3)]
                for action in priority.other_actions:
                    others[0].appendRow(self._action_row(action))
                priority_row[0].appendRow(others)
            self.model.appendRow(priority_row)
        self.tree.header().setSectionResizeMode(self.COL_ITEM, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        metrics = self.tree.fontMetrics()
        self.tree.setColumnWidth(self.COL_RAG, metrics.horizontalAdvance("RAG") + 40)
        self.tree.setColumnWidth(self.COL_OWNER, metrics.horizontalAdvance("M" * 16))
        self.tree.setColumnWidth(self.COL_DUE, metrics.horizontalAdvance("30 Sep 2012") + 16)
        self.tree.expandToDepth(0)
        self.details.clear()

    def _action_row(self, action: ActionRow) -> list[QStandardItem]:
        return self._row(action, f"{action.code}  {action.title}".strip(), action.owner, action.due)

    def _row(
        self,
        node: PriorityNode | ObjectiveNode | ActionRow,
        text: str,
        owner: str,
        due: date | None = None,
    ) -> list[QStandardItem]:
        key = len(self._nodes)
        self._nodes[key] = node
        rag = node.rag.rag
        item = QStandardItem(text)
        item.setData(key, Qt.ItemDataRole.UserRole)
        item.setToolTip(text)
        rag_tooltip = node.rag.result.reason
        rag_item = QStandardItem(rag.letter)
        rag_item.setData(rag.value, RagRole)
        rag_item.setData(rag_text(rag), Qt.ItemDataRole.AccessibleTextRole)
        rag_item.setToolTip(rag_tooltip)
        items = [item, rag_item, QStandardItem(owner), QStandardItem(uk_date(due))]
        for cell in items:
            cell.setEditable(False)
        return items

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        index = current.siblingAtColumn(self.COL_ITEM)
        node = self._nodes.get(index.data(Qt.ItemDataRole.UserRole))
        if isinstance(node, PriorityNode):
            self.details.show_sections(
                f"{node.code} {node.title}",
                [
                    ("Description", node.description),
                    ("Lead", node.lead),
                    ("Source", node.source),
                    *rag_sections(node.rag, node.update, self._period),
                ],
                rag=node.rag.rag,
            )
        elif isinstance(node, ObjectiveNode):
            self.details.show_sections(
                f"{node.code} {node.title}",
                [
                    ("Due", uk_date(node.due)),
                    ("Lead", ", ".join(filter(None, [node.lead, node.organisation]))),
                    *(
                        (label, node.narrative[key])
                        for key, label in queries.NARRATIVE_FIELDS.items()
                    ),
                    *rag_sections(node.rag, node.update, self._period),
                ],
                rag=node.rag.rag,
            )
        elif isinstance(node, ActionRow):
            describe_action(node, self.details, self._period)
        else:
            self.details.clear()


def describe_action(row: ActionRow, pane: DetailsPane, period: str) -> None:
    pane.show_sections(
        f"{row.code} {row.title}".strip(),
        [
            ("Owner", ", ".join(filter(None, [row.owner, row.organisation]))),
            ("Due", uk_date(row.due)),
            ("Revised due", uk_date(row.revised_due)),
            ("About the date", row.due_note),
            ("Status", f"{row.status.label}, {row.percent_complete}% complete"),
            ("Key success indicators", row.key_success_indicators),
            ("Evidence", row.evidence),
            *rag_sections(row.rag, row.update, period),
        ],
        rag=row.rag.rag,
    )
