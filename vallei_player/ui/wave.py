"""The wave timeline: a session's phases as a smooth curve of their planned level.

Each phase is a plateau at its `level`, joined to the next by an S-curve, the area under
it tinted by the phase's kind. The curve is drawn once into a pixmap (again only on resize,
a new timeline or a palette change); moving the cursor repaints just the strip between the
old and the new cursor, so following the audio clock costs next to nothing.

Over it, when the participant gives lived levels (0-10, on the same height scale as the
planned 0-1), a quiet line steps from one given level to the next and runs on to the cursor:
the lived wave beside the planned one, never a target to meet.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..core.program import Timeline
from .i18n import N_, tr

KIND_COLOURS = {
    "settle": QColor(96, 146, 214),
    "arousal": QColor(222, 112, 92),
    "rest": QColor(72, 170, 150),
    "closing": QColor(150, 124, 200),
    "turn": QColor(214, 164, 64),
}
KIND_NAMES = {  # source strings; translated where shown
    "settle": N_("Settling"),
    "arousal": N_("Arousal"),
    "rest": N_("Rest"),
    "closing": N_("Closing"),
    "turn": N_("Turn"),
}
PHASE = N_("Phase")
_MARGIN = 8
_CURSOR_HALF = 7  # half the width of the cursor's dirty strip, in pixels


class WaveTimeline(QWidget):
    """Shows a Timeline and a cursor; a click asks to jump to that moment."""

    seek_requested = Signal(int)  # a sample position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._position = 0
        self._pixmap: QPixmap | None = None
        self._lived: list[tuple[int, int]] = []  # (sample, level 0-10)
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("Session timeline"))
        self.setAccessibleDescription(
            tr("Phases of the session as waves; the line shows where you are.")
        )

    def sizeHint(self) -> QSize:
        return QSize(640, 150)

    # -- data -------------------------------------------------------------------------------
    def set_timeline(self, timeline: Timeline | None) -> None:
        self._timeline = timeline
        self._position = 0
        self._pixmap = None
        self.update()

    def timeline(self) -> Timeline | None:
        return self._timeline

    def set_lived(self, points: list[tuple[int, int]]) -> None:
        """The lived levels given so far, as (sample position, level 0-10), in order."""
        self._lived = list(points)
        self.update()

    def position(self) -> int:
        return self._position

    def set_position(self, sample: int) -> None:
        """Moves the cursor; repaints only the strips it leaves and enters."""
        if self._timeline is None or sample == self._position:
            return
        old_x, new_x = self._x_of(self._position), self._x_of(sample)
        self._position = sample
        if round(old_x) == round(new_x):
            return
        left, right = sorted((old_x, new_x))
        self.update(
            QRect(
                int(left) - _CURSOR_HALF, 0, int(right - left) + 2 * _CURSOR_HALF + 1, self.height()
            )
        )

    # -- geometry ---------------------------------------------------------------------------
    def _plot(self) -> QRectF:
        return QRectF(
            _MARGIN,
            _MARGIN,
            max(1, self.width() - 2 * _MARGIN),
            max(1, self.height() - 2 * _MARGIN),
        )

    def _x_of(self, sample: int) -> float:
        plot = self._plot()
        if self._timeline is None or self._timeline.length <= 0:
            return plot.left()
        frac = min(max(sample / self._timeline.length, 0.0), 1.0)
        return plot.left() + frac * plot.width()

    def _y_of(self, level: float) -> float:
        plot = self._plot()
        return plot.bottom() - (0.08 + 0.84 * min(max(level, 0.0), 1.0)) * plot.height()

    def _curve(self) -> QPainterPath:
        """Plateaus at each phase's level joined by S-curves over 30% of the shorter side."""
        assert self._timeline is not None
        phases = self._timeline.phases
        path = QPainterPath()
        first = phases[0]
        path.moveTo(self._x_of(first.start), self._y_of(first.phase.level))
        for i, timed in enumerate(phases):
            y = self._y_of(timed.phase.level)
            x_end = self._x_of(timed.end)
            if i + 1 < len(phases):
                nxt = phases[i + 1]
                ramp = 0.3 * min(x_end - self._x_of(timed.start), self._x_of(nxt.end) - x_end)
                y_next = self._y_of(nxt.phase.level)
                path.lineTo(x_end - ramp, y)
                path.cubicTo(
                    QPointF(x_end, y), QPointF(x_end, y_next), QPointF(x_end + ramp, y_next)
                )
            else:
                path.lineTo(x_end, y)
        return path

    # -- painting ---------------------------------------------------------------------------
    def _render_background(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(int(self.width() * ratio), int(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pal = self.palette()
        pixmap.fill(pal.color(QPalette.ColorRole.Base))
        if self._timeline is None or not self._timeline.phases:
            return pixmap
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot()
        curve = self._curve()
        area = QPainterPath(curve)
        area.lineTo(self._x_of(self._timeline.length), plot.bottom())
        area.lineTo(plot.left(), plot.bottom())
        area.closeSubpath()
        for timed in self._timeline.phases:
            colour = QColor(KIND_COLOURS.get(timed.phase.kind, QColor(128, 128, 128)))
            colour.setAlpha(110)
            x0, x1 = self._x_of(timed.start), self._x_of(timed.end)
            p.save()
            p.setClipRect(QRectF(x0, plot.top(), x1 - x0 + 0.5, plot.height()))
            p.fillPath(area, colour)
            p.restore()
        line = pal.color(QPalette.ColorRole.Text)
        line.setAlpha(70)
        p.setPen(QPen(line, 1, Qt.PenStyle.DotLine))
        for timed in self._timeline.phases[1:]:
            x = self._x_of(timed.start)
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 2))
        p.drawPath(curve)
        p.end()
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap is None or self._pixmap.deviceIndependentSize().toSize() != self.size():
            self._pixmap = self._render_background()
        p = QPainter(self)
        rect = event.rect()
        p.drawPixmap(
            rect,
            self._pixmap,
            QRectF(
                rect.topLeft() * self._pixmap.devicePixelRatio(),
                QSize(rect.size()) * self._pixmap.devicePixelRatio(),
            ).toRect(),
        )
        if self._timeline is None or self._timeline.length <= 0:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot()
        x = self._x_of(self._position)
        shade = self.palette().color(QPalette.ColorRole.Base)
        shade.setAlpha(120)
        # What is still to come is veiled slightly; the part already played stays vivid.
        p.fillRect(
            QRectF(x, plot.top(), plot.right() - x, plot.height()).intersected(QRectF(rect)), shade
        )
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(highlight, 2))
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        level = self._timeline.phase_at(self._position).phase.level
        p.setBrush(highlight)
        p.drawEllipse(QPointF(x, self._y_of(level)), 5, 5)
        self._paint_lived(p, x)

    def _paint_lived(self, p: QPainter, cursor_x: float) -> None:
        if not self._lived:
            return
        colour = self.palette().color(QPalette.ColorRole.Text)
        colour.setAlpha(150)
        p.setPen(QPen(colour, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.setBrush(colour)
        path = QPainterPath()
        for i, (sample, level) in enumerate(self._lived):
            x, y = self._x_of(sample), self._y_of(level / 10)
            if i == 0:
                path.moveTo(x, y)
            else:
                path.lineTo(x, path.currentPosition().y())
                path.lineTo(x, y)
            p.drawEllipse(QPointF(x, y), 2.5, 2.5)
        path.lineTo(max(cursor_x, path.currentPosition().x()), path.currentPosition().y())
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._pixmap = None
        super().resizeEvent(event)

    def changeEvent(self, event: object) -> None:  # palette or style changed: redraw the curve
        self._pixmap = None
        super().changeEvent(event)  # type: ignore[arg-type]

    # -- interaction ------------------------------------------------------------------------
    def _sample_at(self, x: float) -> int:
        plot = self._plot()
        if self._timeline is None:
            return 0
        frac = min(max((x - plot.left()) / plot.width(), 0.0), 1.0)
        return int(frac * self._timeline.length)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._timeline is not None and event.button() == Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self._sample_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._timeline is None:
            return
        timed = self._timeline.phase_at(self._sample_at(event.position().x()))
        title = timed.phase.title or tr(KIND_NAMES.get(timed.phase.kind, PHASE))
        QToolTip.showText(event.globalPosition().toPoint(), title, self)
