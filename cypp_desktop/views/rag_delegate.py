"""Paints a RAG cell as a coloured chip with its letter, wherever a model offers RagRole."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from cypp_desktop.models import Rag
from cypp_desktop.views.rag_style import paint_chip
from cypp_desktop.views.table_model import RagRole


class RagDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        value = index.data(RagRole)
        if not value:
            super().paint(painter, option, index)
            return
        rag = Rag(value)
        style = option.widget.style() if option.widget else None
        if style is not None:
            # Selection and focus backgrounds as usual, without the text.
            background = QStyleOptionViewItem(option)
            self.initStyleOption(background, index)
            background.text = ""
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget
            )
        paint_chip(painter, option.rect, rag)
