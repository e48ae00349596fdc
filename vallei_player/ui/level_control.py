"""The lived level control beside the wave: "how high is it now?", 0 to 10, always optional.

A tall, quiet column: eleven faint rungs, the level given so far filled in a soft tone and
its number in large, low-contrast figures, so it can be read at a glance and ignored just as
easily. A click or a drag sets the level; the keys 0-9 and Up/Down do the same wherever the
Player is on screen (calm view too). There is no target mark and nothing that judges: an
empty column is as right as a full one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from .i18n import tr

LEVEL_KEYS = (*(str(n) for n in range(10)), "up", "down")
_QT_KEYS = {"up": Qt.Key.Key_Up, "down": Qt.Key.Key_Down}
_PAD = 10


def soft(colour: QColor, towards: QColor, amount: float) -> QColor:
    """`colour` moved `amount` (0..1) of the way to `towards`: low contrast on any theme."""
    return QColor(
        round(colour.red() + (towards.red() - colour.red()) * amount),
        round(colour.green() + (towards.green() - colour.green()) * amount),
        round(colour.blue() + (towards.blue() - colour.blue()) * amount),
    )


class LevelControl(QWidget):
    """Shows the level given (or none) and reports a click or drag as `level_chosen`."""

    level_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._level: int | None = None
        self.setMinimumWidth(64)
        self.setMaximumWidth(96)
        self.setMinimumHeight(80)  # 0-10 still told apart in a small window (keys work too)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.retranslate()

    def sizeHint(self) -> QSize:
        return QSize(76, 150)

    def retranslate(self) -> None:
        self.setAccessibleName(tr("Your level now"))
        self.setToolTip(
            tr("How high is it now? 0 to 10: click or drag, or press 0-9 and Up/Down. Optional.")
        )
        self._describe()

    def level(self) -> int | None:
        return self._level

    def set_level(self, level: int | None) -> None:
        if level != self._level:
            self._level = level
            self._describe()
            self.update()

    def _describe(self) -> None:
        self.setAccessibleDescription(
            tr("No level given") if self._level is None else tr("Level {n}", n=self._level)
        )

    # -- geometry ---------------------------------------------------------------------------
    def _column(self) -> QRectF:
        caption = self.fontMetrics().height() + 4  # "Your level" under the column
        return QRectF(
            _PAD + 18,
            _PAD,
            max(self.width() - 2 * _PAD - 18, 8),
            max(self.height() - 2 * _PAD - caption, 20),
        )

    def _level_at(self, y: float) -> int:
        col = self._column()
        frac = (col.bottom() - y) / max(col.height(), 1.0)
        return min(max(round(frac * 10), 0), 10)

    def _y_of(self, level: float) -> float:
        col = self._column()
        return col.bottom() - level / 10 * col.height()

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        pal = self.palette()
        base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        col = self._column()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(soft(base, text, 0.06))
        p.drawRoundedRect(col, 10, 10)
        if self._level is not None:
            filled = QRectF(col.left(), self._y_of(self._level), col.width(), 0.0)
            filled.setBottom(col.bottom())
            p.setBrush(soft(base, pal.color(QPalette.ColorRole.Highlight), 0.35))
            p.drawRoundedRect(filled.adjusted(0, -4, 0, 0), 10, 10)
        rung = soft(base, text, 0.2)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.8, 6.0))
        p.setFont(small)
        for n in range(11):
            y = self._y_of(n)
            p.setPen(rung)
            p.drawLine(QPointF(col.left() + 6, y), QPointF(col.right() - 6, y))
            if n % 5 == 0:
                p.setPen(soft(base, text, 0.45))
                p.drawText(QRectF(0, y - 9, _PAD + 14, 18), Qt.AlignmentFlag.AlignRight, str(n))
        p.setFont(small)
        p.setPen(soft(base, text, 0.55))
        under = QRectF(0, col.bottom() + 2, self.width(), self.height() - col.bottom() - 2)
        caption = p.fontMetrics().elidedText(
            tr("Your level"), Qt.TextElideMode.ElideRight, int(self.width())
        )
        p.drawText(under, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, caption)
        if self._level is not None:
            big = QFont(self.font())
            big.setPointSizeF(self.font().pointSizeF() * 2.2)
            p.setFont(big)
            p.setPen(soft(base, text, 0.5))
            top = QRectF(col.left(), col.top() + 4, col.width(), col.height() / 3)
            p.drawText(
                top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(self._level)
            )

    # -- interaction ------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._choose(event.position().y())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._choose(event.position().y())

    def _choose(self, y: float) -> None:
        level = self._level_at(y)
        if level != self._level:
            self.set_level(level)
            self.level_chosen.emit(level)


def level_shortcuts(view: QWidget, on_key: Callable[[str], None]) -> list[QShortcut]:
    """0-9, Up and Down on `view` (active while it is on screen, calm view included)."""
    made = []
    for key in LEVEL_KEYS:
        sequence = QKeySequence(_QT_KEYS[key]) if key in _QT_KEYS else QKeySequence(key)
        shortcut = QShortcut(sequence, view, lambda k=key: on_key(k))
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        made.append(shortcut)
    return made
