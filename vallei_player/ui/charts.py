"""A quiet bar chart for weekly figures (sessions, minutes), drawn with QPainter."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChart(QWidget):
    """Bars with a label under each and the value above; an optional goal line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[str] = []
        self._values: list[float] = []
        self._goal: float | None = None
        self._title = ""
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(360, 190)

    def set_data(
        self, title: str, labels: list[str], values: list[float], goal: float | None = None
    ) -> None:
        self._title, self._labels, self._values, self._goal = title, labels, values, goal
        summary = ", ".join(f"{lab}: {val:g}" for lab, val in zip(labels, values, strict=True))
        self.setAccessibleName(title)
        self.setAccessibleDescription(summary)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        fm = self.fontMetrics()
        line = fm.height()
        p.setPen(text)
        p.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft, self._title)
        if not self._values:
            return
        top, bottom = line * 2.4, self.height() - line * 1.4
        area_h = max(1.0, bottom - top)
        peak = max([*self._values, self._goal or 0, 1])
        n = len(self._values)
        slot = self.width() / n
        bar_w = min(slot * 0.6, 44)
        fill = QColor(pal.color(QPalette.ColorRole.Highlight))
        fill.setAlpha(170)
        for i, (label, value) in enumerate(zip(self._labels, self._values, strict=True)):
            x = i * slot + (slot - bar_w) / 2
            h = area_h * value / peak
            p.fillRect(QRectF(x, bottom - h, bar_w, h), fill)
            p.setPen(text)
            p.drawText(
                QRectF(i * slot, bottom + 2, slot, line), Qt.AlignmentFlag.AlignHCenter, label
            )
            if value:
                p.drawText(
                    QRectF(i * slot, bottom - h - line - 2, slot, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    f"{value:g}",
                )
        if self._goal:
            y = bottom - area_h * self._goal / peak
            goal_pen = QPen(text, 1, Qt.PenStyle.DashLine)
            p.setPen(goal_pen)
            p.drawLine(0, int(y), self.width(), int(y))
