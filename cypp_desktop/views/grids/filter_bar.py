"""The strip above a grid: a quick filter that matches any column, and drop-down filters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from cypp_desktop.views.grids.definition import FilterSpec


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, name: str, specs: list[FilterSpec[Any]], parent: QWidget | None = None):
        super().__init__(parent)
        self.specs = specs
        self.quick = QLineEdit()
        self.quick.setPlaceholderText("Filter: type to match any column (Ctrl+F)")
        self.quick.setClearButtonEnabled(True)
        self.quick.setAccessibleName(f"Filter {name}")
        self.quick.textChanged.connect(lambda _text: self.changed.emit())
        self.combos: dict[str, QComboBox] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.quick, 2)
        for spec in specs:
            combo = QComboBox()
            combo.setAccessibleName(f"Filter by {spec.label.lower()}")
            combo.setToolTip(f"Show only rows with this {spec.label.lower()}")
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.combos[spec.key] = combo
            layout.addWidget(combo, 1)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        self.count = QLabel()
        self.count.setAccessibleName(f"Rows shown in {name}")
        layout.addWidget(self.count)
        QShortcut(QKeySequence.StandardKey.Find, self, self.quick.setFocus)

    def fill_choices(self) -> None:
        """(Re)read each filter's choices, keeping what was chosen where it still exists."""
        for spec in self.specs:
            combo = self.combos[spec.key]
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(spec.unfiltered, None)
            for value, text in spec.choices():
                combo.addItem(text, value)
            found = combo.findData(chosen) if chosen is not None else -1
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def state(self) -> dict[str, str]:
        state = {"quick": self.quick.text()}
        for key, combo in self.combos.items():
            if combo.currentData() is not None:
                state[key] = str(combo.currentData())
        return state

    def restore(self, state: dict[str, str]) -> None:
        self.blockSignals(True)
        self.quick.setText(state.get("quick", ""))
        for key, combo in self.combos.items():
            found = combo.findData(state[key]) if key in state else -1
            combo.setCurrentIndex(max(found, 0))
        self.blockSignals(False)
        self.changed.emit()

    def clear(self) -> None:
        self.restore({})

    def show_count(self, shown: int, total: int, *, note: str = "") -> None:
        text = f"{shown:,} of {total:,}" if shown != total else f"{total:,} rows"
        self.count.setText(text + note)
