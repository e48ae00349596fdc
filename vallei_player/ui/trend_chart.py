"""One scale question's answers across the weeks: a small multiple for the course view and the PDF.

Each answer is a dot in its week's column; a line joins the weeks' averages. The scale's ends
are named (with the programme's labels when it has them). No target, no good or bad zone: it
shows how the answers moved, and nothing more. The painter draws in colour for the screen
and in black and white for the printed report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Trend:
    question: str
    low: int
    high: int
    labels: tuple[str, str] | None
    weeks: tuple[str, ...]  # a label per column, oldest first
    points: tuple[tuple[int, int], ...]  # (column, answer)

    def averages(self) -> list[tuple[int, float]]:
        by_week: dict[int, list[int]] = defaultdict(list)
        for column, value in self.points:
            by_week[column].append(value)
        return [(c, sum(v) / len(v)) for c, v in sorted(by_week.items())]


@dataclass(frozen=True)
class ScaleAnswer:
    """One scale answer, wherever it comes from (the journal or the report's JSON)."""

    prompt_id: str
    question: str
    day: date
    value: int
    low: int = 0
    high: int = 10
    labels: tuple[str, str] | None = None


def trends(answers: Iterable[ScaleAnswer], week_label: str = "{n}") -> list[Trend]:
    """One Trend per question, in the order first answered; columns are calendar weeks from
    the first answer's week to the last one's (weeks without an answer stay empty)."""
    found = sorted(answers, key=lambda a: a.day)
    if not found:
        return []
    first = found[0].day - timedelta(days=found[0].day.weekday())
    last = found[-1].day - timedelta(days=found[-1].day.weekday())
    count = (last - first).days // 7 + 1
    weeks = tuple(week_label.format(n=k + 1) for k in range(count))
    by_prompt: dict[str, list[ScaleAnswer]] = {}
    for a in found:
        by_prompt.setdefault(a.prompt_id, []).append(a)
    out = []
    for group in by_prompt.values():
        latest = group[-1]
        points = tuple(((a.day - first).days // 7, a.value) for a in group)
        out.append(Trend(latest.question, latest.low, latest.high, latest.labels, weeks, points))
    return out


def paint_trend(
    p: QPainter, rect: QRectF, trend: Trend, ink: QColor, accent: QColor, title: bool = True
) -> None:
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(p.font())
    font.setPixelSize(max(int(rect.height() * 0.085), 7))
    p.setFont(font)
    line_h = font.pixelSize() * 1.4
    top = rect.top()
    if title:
        p.setPen(ink)
        p.drawText(
            QRectF(rect.left(), top, rect.width(), line_h * 2),
            Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            trend.question,
        )
        top += line_h * 2
    axis_w = rect.width() * 0.2
    plot = QRectF(rect.left() + axis_w, top + 4, rect.width() - axis_w - 4, 0.0)
    plot.setBottom(rect.bottom() - line_h - 2)
    span = max(trend.high - trend.low, 1)
    columns = max(len(trend.weeks), 1)

    def x_of(column: int) -> float:
        return plot.left() + (column + 0.5) / columns * plot.width()

    def y_of(value: float) -> float:
        return plot.bottom() - (value - trend.low) / span * plot.height()

    faint = QColor(ink)
    faint.setAlpha(50)
    p.setPen(QPen(faint, 1))
    p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
    p.drawLine(QPointF(plot.left(), plot.top()), QPointF(plot.right(), plot.top()))
    p.setPen(ink)
    low = f"{trend.low} {trend.labels[0]}" if trend.labels else str(trend.low)
    high = f"{trend.high} {trend.labels[1]}" if trend.labels else str(trend.high)
    for text, y in ((high, plot.top()), (low, plot.bottom())):
        p.drawText(
            QRectF(rect.left(), y - line_h / 2, axis_w - 4, line_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _fit(p, text, axis_w - 4),
        )
    step = max(1, columns // 6)
    half = max(plot.width() / columns * step / 2, p.fontMetrics().horizontalAdvance("8888"))
    for column in range(0, columns, step):
        p.drawText(
            QRectF(x_of(column) - half, plot.bottom() + 2, 2 * half, line_h),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            trend.weeks[column],
        )
    averages = trend.averages()
    if len(averages) > 1:
        path = QPainterPath(QPointF(x_of(averages[0][0]), y_of(averages[0][1])))
        for column, value in averages[1:]:
            path.lineTo(x_of(column), y_of(value))
        p.setPen(QPen(accent, max(rect.height() / 90, 1.2)))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    radius = max(rect.height() / 50, 2.0)
    for column, value in trend.points:
        p.drawEllipse(QPointF(x_of(column), y_of(value)), radius, radius)
    p.restore()


def _fit(p: QPainter, text: str, width: float) -> str:
    return p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(width))


def trend_image(trend: Trend, width: int, height: int) -> QImage:
    """Black and white on white, for the printed report."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    paint_trend(p, QRectF(0, 0, width, height), trend, QColor("black"), QColor(90, 90, 90))
    p.end()
    return image


class TrendChart(QWidget):
    def __init__(self, trend: Trend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trend = trend
        self.setMinimumSize(220, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(trend.question)

    def sizeHint(self) -> QSize:
        return QSize(320, 170)

    def paintEvent(self, event: QPaintEvent) -> None:
        pal = self.palette()
        p = QPainter(self)
        paint_trend(
            p,
            QRectF(self.rect()).adjusted(4, 4, -4, -4),
            self.trend,
            pal.color(QPalette.ColorRole.Text),
            pal.color(QPalette.ColorRole.Highlight),
        )
        p.end()
