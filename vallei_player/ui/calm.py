"""The calm player's look and its controls that step back.

In calm view (full screen) the Player is dark and dim whatever the system theme: a night
palette with no bright area (the wave's ground is as dark as the window), soft text and a
muted accent. `ControlsFader` lets the controls fade out after a few seconds without mouse
movement or a key, leaving the wave and the phase's words; any movement, click or key brings
them back at once. The mouse pointer is hidden while they are away.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPropertyAnimation, Qt, QTimer
from PySide6.QtGui import QColor, QCursor, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsOpacityEffect, QWidget

FADE_AFTER_MS = 4000
FADE_MS = 900
POINTER_POLL_MS = 300
USER_INPUT = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
)
"""What counts as the participant being there (the idle lock counts the same)."""
NIGHT = {
    "window": "#0e1215",
    "ground": "#12171b",  # the wave's ground: a shade above the window, never white
    "text": "#b9c1c9",
    "soft": "#7c8690",
    "accent": "#4f7396",
    "accent_hover": "#5d83a8",
    "on_accent": "#cfd6dc",  # soft, never white
    "button": "#1a2025",
    "line": "#262e35",
}


def night_palette(base: QPalette) -> QPalette:
    """`base` with the night colours in every role the Player's widgets draw with."""
    pal = QPalette(base)
    role = QPalette.ColorRole
    for r, key in (
        (role.Window, "window"),
        (role.Base, "ground"),
        (role.AlternateBase, "ground"),
        (role.WindowText, "text"),
        (role.Text, "text"),
        (role.ButtonText, "text"),
        (role.Button, "button"),
        (role.Highlight, "accent"),
        (role.HighlightedText, "on_accent"),
        (role.PlaceholderText, "soft"),
        (role.Mid, "line"),
    ):
        pal.setColor(r, QColor(NIGHT[key]))
    return pal


def night_sheet(object_name: str) -> str:
    """The style sheet for the Player's page in calm view (overrides the app's colours)."""
    c = NIGHT
    return f"""
QWidget#{object_name} {{ background: {c["window"]}; }}
QWidget#{object_name} QLabel {{ color: {c["text"]}; background: transparent; }}
QWidget#{object_name} QLabel[role="muted"] {{ color: {c["soft"]}; }}
QWidget#{object_name} QToolButton {{
    background: transparent; color: {c["text"]}; border: 2px solid transparent;
    border-radius: 22px;
}}
QWidget#{object_name} QToolButton:hover {{ background: {c["button"]}; }}
QWidget#{object_name} QToolButton:focus {{ border-color: {c["accent_hover"]}; }}
QWidget#{object_name} QToolButton#play {{
    background: {c["accent"]}; border: 3px solid {c["accent"]}; border-radius: 44px;
}}
QWidget#{object_name} QToolButton#play:hover {{ background: {c["accent_hover"]}; }}
QWidget#{object_name} QToolButton#play:focus {{ border-color: {c["text"]}; }}
QWidget#{object_name} QPushButton {{
    background: {c["button"]}; color: {c["text"]}; border: 2px solid {c["button"]};
    border-radius: 8px; padding: 6px 16px;
}}
QWidget#{object_name} QPushButton:focus {{ border-color: {c["accent_hover"]}; }}
QWidget#{object_name} QProgressBar {{ background: {c["button"]}; border: none; }}
QWidget#{object_name} QProgressBar::chunk {{ background: {c["accent"]}; }}
"""


class ControlsFader(QObject):
    """Fades `widgets` out after FADE_AFTER_MS without input; brings them back on input."""

    def __init__(self, window: QWidget, widgets: list[QWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.widgets = widgets
        self.active = False
        self.shown = True
        self._effects: list[QGraphicsOpacityEffect] = []
        self._animations: list[QPropertyAnimation] = []
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(FADE_AFTER_MS)
        self._idle.timeout.connect(self.fade)
        self._pointer = QTimer(self)
        self._pointer.setInterval(POINTER_POLL_MS)  # movement without a button, anywhere
        self._pointer.timeout.connect(self._check_pointer)
        self._last_pointer = QPoint()

    def start(self) -> None:
        if self.active:
            return
        self.active = True
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._last_pointer = QCursor.pos()
        self._pointer.start()
        self.wake()

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._pointer.stop()
        self._idle.stop()
        self._set_opacity(1.0, animate=False)
        for widget in self.widgets:
            widget.setGraphicsEffect(None)  # type: ignore[arg-type]  # None removes it
        self._effects = []
        self.window.unsetCursor()

    def wake(self) -> None:
        """Input: the controls are back at once, for another few seconds."""
        if not self.active:
            return
        if not self.shown:
            self.shown = True
            self._set_opacity(1.0, animate=False)
            self.window.unsetCursor()
        self._idle.start()

    def fade(self) -> None:
        if not self.active:
            return
        self.shown = False
        self._set_opacity(0.0, animate=True)
        self.window.setCursor(Qt.CursorShape.BlankCursor)

    def _check_pointer(self) -> None:
        here = QCursor.pos()
        if here != self._last_pointer:
            self._last_pointer = here
            self.wake()

    def _set_opacity(self, value: float, animate: bool) -> None:
        if not self._effects:
            for widget in self.widgets:
                effect = QGraphicsOpacityEffect(widget)
                effect.setOpacity(1.0)
                widget.setGraphicsEffect(effect)
                self._effects.append(effect)
        self._animations = []
        for effect in self._effects:
            if animate:
                animation = QPropertyAnimation(effect, b"opacity", self)
                animation.setDuration(FADE_MS)
                animation.setEndValue(value)
                animation.start()
                self._animations.append(animation)
            else:
                effect.setOpacity(value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT:
            self.wake()
        return False
