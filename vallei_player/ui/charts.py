"""A quiet bar chart for weekly figures (sessions, minutes), drawn with QPainter.

An optional second series (`extra`: practice beyond the plan) is stacked on each bar in a
lighter tint and named in a small legend, so "3 planned done + 1 extra" reads as such.
"""

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
        self._extra: list[float] = []
        self._extra_name = ""
        self._title = ""
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(360, 190)

    def set_data(
        self,
        title: str,
        labels: list[str],
        values: list[float],
        goal: float | None = None,
        extra: list[float] | None = None,
        extra_name: str = "",
    ) -> None:
        self._title, self._labels, self._values, self._goal = title, labels, values, goal
        self._extra = list(extra) if extra and any(extra) else []
        self._extra_name = extra_name
        more = self._extra or [0.0] * len(values)
        summary = ", ".join(
            f"{lab}: {val:g}" + (f" + {add:g} {extra_name}" if add else "")
            for lab, val, add in zip(labels, values, more, strict=True)
        )
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
        extra = self._extra or [0.0] * len(self._values)
        totals = [v + e for v, e in zip(self._values, extra, strict=True)]
        peak = max([*totals, self._goal or 0, 1])
        n = len(self._values)
        slot = self.width() / n
        bar_w = min(slot * 0.6, 44)
        fill = QColor(pal.color(QPalette.ColorRole.Highlight))
        fill.setAlpha(170)
        light = QColor(fill)
        light.setAlpha(70)
        if self._extra:
            self._legend(p, light, text, line)
        for i, label in enumerate(self._labels):
            value, add = self._values[i], extra[i]
            x = i * slot + (slot - bar_w) / 2
            h = area_h * value / peak
            h_add = area_h * add / peak
            p.fillRect(QRectF(x, bottom - h, bar_w, h), fill)
            if add:
                p.fillRect(QRectF(x, bottom - h - h_add, bar_w, h_add), light)
            p.setPen(text)
            p.drawText(
                QRectF(i * slot, bottom + 2, slot, line), Qt.AlignmentFlag.AlignHCenter, label
            )
            if value or add:
                p.drawText(
                    QRectF(i * slot, bottom - h - h_add - line - 2, slot, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    f"{value:g}+{add:g}" if add else f"{value:g}",
                )
        if self._goal:
            y = bottom - area_h * self._goal / peak
            goal_pen = QPen(text, 1, Qt.PenStyle.DashLine)
            p.setPen(goal_pen)
            p.drawLine(0, int(y), self.width(), int(y))

    def _legend(self, p: QPainter, light: QColor, text: QColor, line: int) -> None:
        """A small swatch and the extra series' name at the top right."""
        width = self.fontMetrics().horizontalAdvance(self._extra_name)
        x = self.width() - width - 2
        box = line * 0.7
        p.fillRect(QRectF(x - box - 6, (line - box) / 2, box, box), light)
        p.setPen(text)
        p.drawText(QRectF(x, 0, width + 2, line), Qt.AlignmentFlag.AlignLeft, self._extra_name)
