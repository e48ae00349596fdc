"""One session's planned wave with the lived levels over it, small: for the Journal and the PDF.

The planned wave is the plateaus of the phases' planned levels (0-1); the lived levels (0-10,
on the same height scale) are dots joined by a step line; a strip under the wave shows, per
phase, how much of it was heard (an empty box: skipped). The same painter draws the widget
in colour and the report's image in black and white only, so it prints readably on any
printer. There is no target line and no score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .i18n import tr
from .wave import KIND_COLOURS

SKIPPED_SHARE = 0.05  # less of a phase heard than this: shown as skipped


@dataclass(frozen=True)
class PlannedPhase:
    start_s: float
    length_s: float
    level: float  # planned, 0..1
    kind: str
    heard_s: float | None  # None: not kept for this attempt


@dataclass(frozen=True)
class LivedPicture:
    phases: tuple[PlannedPhase, ...]
    levels: tuple[tuple[float, int], ...]  # (position in the session in s, level 0-10)

    @property
    def length_s(self) -> float:
        return max((p.start_s + p.length_s for p in self.phases), default=0.0)

    def skipped(self) -> list[int]:
        """Indexes of the phases hardly heard (when the journal kept the time per phase)."""
        return [
            i
            for i, p in enumerate(self.phases)
            if p.heard_s is not None and p.heard_s < SKIPPED_SHARE * p.length_s
        ]


def picture_from_report(session: dict[str, Any]) -> LivedPicture:
    """From one session of the report's JSON layout (`phases`, `levels`)."""
    phases = tuple(
        PlannedPhase(
            float(p["start_s"]),
            float(p["planned_s"]),
            float(p["level"]),
            str(p["kind"]),
            None if p.get("listened_s") is None else float(p["listened_s"]),
        )
        for p in session.get("phases", ())
    )
    levels = tuple((float(x["position_s"]), int(x["level"])) for x in session.get("levels", ()))
    return LivedPicture(phases, levels)


def picture_from_attempt(program: Any, attempt: Any) -> LivedPicture | None:
    """From the journal's attempt and its program (None when the session is not in it)."""
    from ..core.practice import planned_phases

    try:
        session = program.session(attempt.session_id)
    except KeyError:
        return None
    phases = tuple(
        PlannedPhase(p.start_s, p.planned_s, p.level, p.kind, p.listened_s)
        for p in planned_phases(program, session, attempt)
    )
    if not phases:
        return None
    return LivedPicture(phases, tuple((x.position_s, x.level) for x in attempt.levels))


def paint_lived(
    p: QPainter, rect: QRectF, pic: LivedPicture, ink: QColor, paper: QColor, colour: bool
) -> None:
    """Draw `pic` into `rect`; `colour` False: black, greys and white only (for print)."""
    length = pic.length_s
    if length <= 0 or not pic.phases:
        return
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    axis_w = rect.height() * 0.16
    strip_h = rect.height() * 0.12
    plot = QRectF(rect.left() + axis_w, rect.top() + 2, rect.width() - axis_w - 2, 0.0)
    plot.setBottom(rect.bottom() - strip_h - 4)
    strip = QRectF(plot.left(), plot.bottom() + 3, plot.width(), strip_h)

    def x_of(seconds: float) -> float:
        return plot.left() + min(max(seconds / length, 0.0), 1.0) * plot.width()

    def y_of(level: float) -> float:
        return plot.bottom() - (0.04 + 0.92 * min(max(level, 0.0), 1.0)) * plot.height()

    grey = QColor(ink)
    grey.setAlpha(60)
    p.setPen(QPen(grey, max(rect.height() / 300, 0.6), Qt.PenStyle.DotLine))
    font = QFont(p.font())
    font.setPixelSize(max(int(rect.height() * 0.09), 6))
    p.setFont(font)
    for tick in (0, 5, 10):
        y = y_of(tick / 10)
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(QPen(ink))
        p.drawText(
            QRectF(rect.left(), y - axis_w / 2, axis_w - 4, axis_w),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(tick),
        )
        p.setPen(QPen(grey, max(rect.height() / 300, 0.6), Qt.PenStyle.DotLine))
    # The planned wave: plateaus with short ramps between them, the area lightly filled.
    wave = QPainterPath()
    for i, ph in enumerate(pic.phases):
        x0, x1, y = x_of(ph.start_s), x_of(ph.start_s + ph.length_s), y_of(ph.level)
        ramp = min((x1 - x0) * 0.15, plot.width() * 0.01)
        if i == 0:
            wave.moveTo(x0, y)
        else:
            wave.lineTo(x0 + ramp, y)
        wave.lineTo(x1 - ramp, y)
    wave.lineTo(x_of(length), wave.currentPosition().y())
    area = QPainterPath(wave)
    area.lineTo(plot.right(), plot.bottom())
    area.lineTo(plot.left(), plot.bottom())
    area.closeSubpath()
    for ph in pic.phases:
        x0, x1 = x_of(ph.start_s), x_of(ph.start_s + ph.length_s)
        fill = QColor(KIND_COLOURS.get(ph.kind, QColor(128, 128, 128))) if colour else QColor(ink)
        fill.setAlpha(70 if colour else 28)
        p.save()
        p.setClipRect(QRectF(x0, plot.top(), x1 - x0 + 0.5, plot.height()))
        p.fillPath(area, fill)
        p.restore()
    planned = QColor(ink)
    planned.setAlpha(120)
    p.setPen(QPen(planned, max(rect.height() / 120, 1.0)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(wave)
    # Heard per phase: a box per phase, filled as far as it was heard.
    line = max(rect.height() / 250, 0.6)
    for ph in pic.phases:
        x0, x1 = x_of(ph.start_s), x_of(ph.start_s + ph.length_s)
        box = QRectF(x0 + 1, strip.top(), max(x1 - x0 - 2, 1.0), strip.height())
        p.setPen(QPen(planned, line))
        p.setBrush(paper)
        p.drawRect(box)
        if ph.heard_s is not None and ph.length_s > 0:
            share = min(max(ph.heard_s / ph.length_s, 0.0), 1.0)
            heard = QRectF(box.left(), box.top(), box.width() * share, box.height())
            p.fillRect(heard, planned)
    # The lived levels: a step line through dots, over everything.
    if pic.levels:
        strong = QColor(ink)
        p.setPen(
            QPen(
                strong, max(rect.height() / 70, 1.5), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap
            )
        )
        path = QPainterPath()
        points = [QPointF(x_of(pos), y_of(level / 10)) for pos, level in pic.levels]
        path.moveTo(points[0])
        for point in points[1:]:
            path.lineTo(point.x(), path.currentPosition().y())
            path.lineTo(point)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.setBrush(strong)
        radius = max(rect.height() / 45, 2.0)
        for point in points:
            p.drawEllipse(point, radius, radius)
    p.restore()


def lived_image(pic: LivedPicture, width: int, height: int) -> QImage:
    """The picture in black and white on white, for the printed report."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    paint_lived(p, QRectF(0, 0, width, height), pic, QColor("black"), QColor("white"), False)
    p.end()
    return image


class LivedChart(QWidget):
    """The small chart in the Journal: the planned wave and the lived levels of one attempt."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._picture: LivedPicture | None = None
        self.setMinimumSize(220, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(tr("Planned wave and your levels"))

    def sizeHint(self) -> QSize:
        return QSize(360, 150)

    def set_picture(self, picture: LivedPicture | None) -> None:
        self._picture = picture
        if picture is not None:
            self.setAccessibleDescription(describe(picture))
        self.update()

    def picture(self) -> LivedPicture | None:
        return self._picture

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._picture is None:
            return
        pal = self.palette()
        p = QPainter(self)
        paint_lived(
            p,
            QRectF(self.rect()).adjusted(2, 4, -2, -2),
            self._picture,
            pal.color(QPalette.ColorRole.Text),
            pal.color(QPalette.ColorRole.Base),
            True,
        )
        p.end()


def describe(picture: LivedPicture) -> str:
    """The chart in words (screen readers; the report's caption)."""
    levels: Sequence[int] = [level for _, level in picture.levels]
    said = (
        tr("Your levels: {levels}.", levels=", ".join(str(n) for n in levels))
        if levels
        else tr("No levels given.")
    )
    skipped = picture.skipped()
    if skipped:
        said += " " + tr(
            "Not heard (skipped or stopped before): phase {phases}.",
            phases=", ".join(str(i + 1) for i in skipped),
        )
    return said
