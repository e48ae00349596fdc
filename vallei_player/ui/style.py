"""The app's look: Fusion (which follows the system palette, light or dark) with a calm
style sheet on top, and a few things a style sheet cannot do.

`CalmStyle` (a proxy over Fusion):
- draws a clear focus ring (two pixels of the palette's highlight) around the control that
  has the focus, sliders, check boxes and radio buttons included; Fusion's own hint is a
  faint tint, shown only after Tab, that is easy to miss;
- makes a click on a slider's track set the value under the pointer, instead of paging
  towards it (on a rating scale a page is the whole scale).

`install(app)` applies both once; the style sheet is built again when the palette changes
(light/dark switch), because its colours are read at that moment.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleHintReturn,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

from . import theme

FOCUS_WIDTH = 2.0


class CalmStyle(QProxyStyle):
    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.setObjectName("calm")

    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_Slider_AbsoluteSetButtons:
            return int(Qt.MouseButton.LeftButton.value)
        if hint == QStyle.StyleHint.SH_Slider_PageSetButtons:
            return 0
        return int(super().styleHint(hint, option, widget, returnData))

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        drew_handle = bool(option.subControls & QStyle.SubControl.SC_SliderHandle)
        if control == QStyle.ComplexControl.CC_Slider and drew_handle and _keyboard_focus(option):
            sub = QStyle.SubControl.SC_SliderHandle
            handle = QRectF(self.subControlRect(control, option, sub, widget))  # type: ignore[arg-type]  # None is allowed
            _ring(painter, option, handle.adjusted(-3, -3, 3, 3), radius=7)

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            if _keyboard_focus(option):
                _ring(painter, option, QRectF(option.rect), radius=4)
            return
        super().drawPrimitive(element, option, painter, widget)


def _keyboard_focus(option: QStyleOption) -> bool:
    """The control has the focus. Shown after a click too, as the style sheet does for
    buttons and fields: one rule everywhere is easier to learn than two."""
    return bool(option.state & QStyle.StateFlag.State_HasFocus)


def _ring(painter: QPainter, option: QStyleOption, rect: QRectF, radius: float) -> None:
    draw_ring(painter, option.palette, rect, radius)


def draw_ring(painter: QPainter, palette: QPalette, rect: QRectF, radius: float) -> None:
    """The keyboard focus ring: two pixels of the highlight colour, rounded."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(palette.color(QPalette.ColorRole.Highlight)), FOCUS_WIDTH)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = FOCUS_WIDTH / 2
    painter.drawRoundedRect(rect.adjusted(half, half, -half, -half), radius, radius)
    painter.restore()


def install(app: QApplication) -> None:
    """The calm style and its style sheet, once per application."""
    if isinstance(app.style(), CalmStyle):
        return
    app.setStyle(CalmStyle())
    restyle(app)
    # The palette follows the scheme in the same turn of the event loop; read it after.
    app.styleHints().colorSchemeChanged.connect(
        lambda _: QTimer.singleShot(0, lambda: restyle(app))
    )


def restyle(app: QApplication) -> None:
    """The style sheet from the current palette (at start and on a light/dark switch)."""
    app.setStyleSheet(theme.style_sheet(app.palette(), app.font().pointSizeF()))
