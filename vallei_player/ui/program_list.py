"""The Library's list of installed programs: one row each, a title and a small line below.

Each row is drawn by `ProgramDelegate`, which sizes it from the list's own font metrics
(title line, detail line, padding), so rows never overlap whatever the font or the screen
scale. The list used to take its row height from a style sheet `::item { padding }`; the
rows were laid out before the style sheet reached the widget (filling the list and choosing
the current row forces a layout), so every row kept the bare text height while being drawn
with the padding, and neighbours were painted on top of each other. `ProgramList` also lays
its rows out again whenever its font or style changes, so a late style sheet cannot bring
that back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from .i18n import tr, trn

DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
PAD_X, PAD_Y, LINE_GAP = 10, 8, 2
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "de": "Deutsch", "fr": "Français"}


def detail_text(language: str, weeks: int, sessions: int) -> str:
    """The small line under a program's title: language · weeks · sessions."""
    base = language.split("-")[0].lower()
    name = LANGUAGE_NAMES.get(base, language)
    return " · ".join(
        [name, trn("{n} week", "{n} weeks", weeks), trn("{n} session", "{n} sessions", sessions)]
    )


def _detail_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
    return small


class ProgramDelegate(QStyledItemDelegate):
    """Title in the list's font, detail line smaller and muted; height from the metrics."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        title = QFontMetrics(option.font)
        detail = QFontMetrics(_detail_font(option.font))
        width = max(
            title.horizontalAdvance(str(index.data(Qt.ItemDataRole.DisplayRole) or "")),
            detail.horizontalAdvance(str(index.data(DETAIL_ROLE) or "")),
        )
        return QSize(width + 2 * PAD_X, title.height() + LINE_GAP + detail.height() + 2 * PAD_Y)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget: QWidget | None = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""  # the panel only; the text is drawn below
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        rect: QRect = opt.rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        font: QFont = opt.font
        title = QFontMetrics(font)
        small = _detail_font(font)
        detail = QFontMetrics(small)
        painter.save()
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(palette.color(text_role))
        painter.setFont(font)
        top = QRect(rect.left(), rect.top(), rect.width(), title.height())
        painter.drawText(
            top,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title.elidedText(
                str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
                Qt.TextElideMode.ElideRight,
                rect.width(),
            ),
        )
        muted = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.setPen(palette.color(muted))
        painter.setFont(small)
        below = QRect(rect.left(), top.bottom() + 1 + LINE_GAP, rect.width(), detail.height())
        painter.drawText(
            below,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            detail.elidedText(
                str(index.data(DETAIL_ROLE) or ""), Qt.TextElideMode.ElideRight, rect.width()
            ),
        )
        painter.restore()


class ProgramList(QListWidget):
    """The installed programs, one readable row each (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programs")
        self.setItemDelegate(ProgramDelegate(self))
        self.setSpacing(2)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def fill(self, installed: list[Any], keep: str | None) -> None:
        """One row per installed program; `keep` (a program id) stays current when listed."""
        self.ensurePolished()  # the style sheet first, then the layout that depends on it
        self.blockSignals(True)
        self.clear()
        for entry in installed:
            item = QListWidgetItem(entry.title)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setData(DETAIL_ROLE, detail_text(entry.language, entry.weeks, entry.sessions))
            item.setToolTip(entry.title)
            self.addItem(item)
            if entry.id == keep:
                self.setCurrentItem(item)
        self.blockSignals(False)
        self.setAccessibleName(tr("Installed programs"))

    def retranslate(self, installed: list[Any]) -> None:
        """The detail lines in the current language (weeks, sessions)."""
        by_id = {p.id: p for p in installed}
        for row in range(self.count()):
            item = self.item(row)
            entry = by_id.get(item.data(Qt.ItemDataRole.UserRole))
            if entry is not None:
                item.setData(DETAIL_ROLE, detail_text(entry.language, entry.weeks, entry.sessions))
        self.setAccessibleName(tr("Installed programs"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.scheduleDelayedItemsLayout()  # row heights follow the new metrics
