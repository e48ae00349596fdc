"""A quiet bar chart for weekly figures (sessions, minutes), drawn with QPainter.

It has a value axis (zero, the top value and a faint grid line between), a base line with a
label under each bar, the value above each bar, and a dashed goal line that says what it is
("goal 3"). An optional second series (`extra`: practice beyond the plan) is stacked on each
bar in a lighter tint and named in a small legend, so "3 planned done + 1 extra" reads as such.
Colours come from the palette, so the chart is as dark as the window in a dark theme.
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
        self._goal_name = ""
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
        goal_name: str = "",
    ) -> None:
        self._title, self._labels, self._values, self._goal = title, labels, values, goal
        self._goal_name = goal_name
        self._extra = list(extra) if extra and any(extra) else []
        self._extra_name = extra_name
        more = self._extra or [0.0] * len(values)
        summary = ", ".join(
            f"{lab}: {val:g}" + (f" + {add:g} {extra_name}" if add else "")
            for lab, val, add in zip(labels, values, more, strict=True)
        )
        self.setAccessibleName(title)
        if goal_name:
            summary = f"{summary}; {goal_name}" if summary else goal_name
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
        peak = _nice_top(max([*totals, self._goal or 0, 1]))
        axis_w = fm.horizontalAdvance(f"{peak:g}") + 8
        left = float(axis_w)
        n = len(self._values)
        slot = (self.width() - left) / n
        bar_w = min(slot * 0.6, 44)
        fill = QColor(pal.color(QPalette.ColorRole.Highlight))
        fill.setAlpha(190)
        light = QColor(fill)
        light.setAlpha(80)
        faint = QColor(text)
        faint.setAlpha(60)
        self._axis(p, text, faint, left, top, bottom, peak, line)
        if self._extra:
            self._legend(p, light, text, line)
        for i, label in enumerate(self._labels):
            value, add = self._values[i], extra[i]
            x = left + i * slot + (slot - bar_w) / 2
            h = area_h * value / peak
            h_add = area_h * add / peak
            p.fillRect(QRectF(x, bottom - h, bar_w, h), fill)
            if add:
                p.fillRect(QRectF(x, bottom - h - h_add, bar_w, h_add), light)
            p.setPen(text)
            p.drawText(
                QRectF(left + i * slot, bottom + 3, slot, line),
                Qt.AlignmentFlag.AlignHCenter,
                label,
            )
            if value or add:
                p.drawText(
                    QRectF(left + i * slot, bottom - h - h_add - line - 2, slot, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    f"{value:g}+{add:g}" if add else f"{value:g}",
                )
        if self._goal:
            y = bottom - area_h * self._goal / peak
            p.setPen(QPen(text, 1, Qt.PenStyle.DashLine))
            p.drawLine(int(left), int(y), self.width(), int(y))
            if self._goal_name:
                width = fm.horizontalAdvance(self._goal_name) + 6
                p.setPen(text)
                p.drawText(
                    QRectF(self.width() - width, y - line - 1, width, line),
                    Qt.AlignmentFlag.AlignRight,
                    self._goal_name,
                )

    def _axis(
        self,
        p: QPainter,
        text: QColor,
        faint: QColor,
        left: float,
        top: float,
        bottom: float,
        peak: float,
        line: int,
    ) -> None:
        """The value axis: 0 at the base line, the top value, a faint line half way."""
        p.setPen(QPen(faint, 1))
        middle = (top + bottom) / 2
        p.drawLine(int(left), int(middle), self.width(), int(middle))
        p.drawLine(int(left), int(top), self.width(), int(top))
        p.setPen(QPen(text, 1))
        p.drawLine(int(left), int(bottom), self.width(), int(bottom))
        p.drawLine(int(left), int(top), int(left), int(bottom))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for value, y in ((0.0, bottom), (peak / 2, middle), (peak, top)):
            p.drawText(QRectF(0, y - line / 2, left - 5, line), right, f"{value:g}")

    def _legend(self, p: QPainter, light: QColor, text: QColor, line: int) -> None:
        """A small swatch and the extra series' name at the top right."""
        width = self.fontMetrics().horizontalAdvance(self._extra_name)
        x = self.width() - width - 2
        box = line * 0.7
        p.fillRect(QRectF(x - box - 6, (line - box) / 2, box, box), light)
        p.setPen(text)
        p.drawText(QRectF(x, 0, width + 2, line), Qt.AlignmentFlag.AlignLeft, self._extra_name)


def _nice_top(value: float) -> float:
    """The axis's top: the value rounded up to an even number (or to 5, 10, 20, 50 ...), so
    the half-way line is a whole number too."""
    for step in (2, 4, 6, 8, 10, 20, 30, 40, 60, 80, 100, 150, 200, 300, 400, 600, 800):
        if value <= step:
            return float(step)
    return float(-(-int(value) // 200) * 200)
