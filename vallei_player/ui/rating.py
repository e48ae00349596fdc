"""A rating scale (0 to 10, say) that shows no value until the participant chooses one.

A plain slider always sits somewhere: preset in the middle it looks like an answer while the
label says "not yet", and a click on its track pages to one end. Here the track has no
handle until the first choice; a click or a drag sets the value under the pointer (the app
style's absolute-set hint), the arrow keys show the handle in the middle first and then
move it, and a digit key chooses that number.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QStylePainter, QWidget

from . import style
from .i18n import tr

_MOVE_KEYS = (
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
)


class RatingScale(QSlider):
    """A horizontal slider over `low..high` with no value until chosen."""

    chosen = Signal(int)  # every value the participant chooses, the first one included

    def __init__(
        self, low: int, high: int, value: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(low, high)
        self.setPageStep(1)
        self.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.setTickInterval(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._answered = value is not None
        self.setValue(value if value is not None else (low + high) // 2)
        self.valueChanged.connect(self._moved)

    @property
    def answered(self) -> bool:
        return self._answered

    def answer(self) -> int | None:
        return self.value() if self._answered else None

    def value_text(self) -> str:
        """ "7 of 10", or "not yet"."""
        if not self._answered:
            return tr("not yet")
        return tr("{value} of {top}", value=self.value(), top=self.maximum())

    def choose(self, value: int) -> None:
        """Chooses `value` as the participant would (scripts and tours use this)."""
        self._choose(value)

    def _choose(self, value: int | None = None) -> None:
        """Marks the scale answered at `value` (default: where it is), telling `chosen` once."""
        first = not self._answered
        self._answered = True
        target = self.value() if value is None else value
        if target != self.value():
            self.setValue(target)  # _moved tells `chosen`
        elif first:
            self.chosen.emit(target)
        self.update()

    def _moved(self, _: int) -> None:
        if self._answered:
            self.chosen.emit(self.value())

    # -- input ------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        first, before = not self._answered, self.value()
        self._answered = True  # the value under the pointer is the choice, even the middle one
        super().mousePressEvent(event)
        if first and self.value() == before:
            self.chosen.emit(before)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if text.isdigit() and self.minimum() <= int(text) <= self.maximum():
            self._choose(int(text))
            return
        if key in _MOVE_KEYS and not self._answered:
            self._choose()  # the handle appears where it waited; the next key moves it
            return
        super().keyPressEvent(event)

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if self._answered:
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        # Fusion fills the track up to the value: with no value, none of it.
        option.sliderPosition = option.sliderValue = self.minimum()
        option.subControls = (
            QStyle.SubControl.SC_SliderGroove | QStyle.SubControl.SC_SliderTickmarks
        )
        painter.drawComplexControl(QStyle.ComplexControl.CC_Slider, option)
        if self.hasFocus():  # no handle to ring: the whole scale shows that it has the focus
            style.draw_ring(painter, self.palette(), QRectF(self.rect()), 6)
