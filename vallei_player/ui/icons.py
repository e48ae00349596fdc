"""The app's own icon set: line icons drawn for it (data/icons/*.svg, see LICENSE.txt there).

Each SVG draws in `currentColor`; `icon(name, colour)` puts the palette's colour in its place
before Qt renders it, so the icons follow the light or dark system theme (and the calm
player's night colours). Icons are made again when the palette changes.
"""

from __future__ import annotations

from functools import cache, lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from .resources import DATA

ICONS = DATA / "icons"
NAMES = (
    "home", "player", "journal", "library", "settings", "play", "pause", "previous", "next",
    "stop", "calm", "export", "reflection", "done",
)  # fmt: skip
SIZES = (16, 20, 24, 32, 48, 64)


@cache
def _svg(name: str) -> str:
    return (ICONS / f"{name}.svg").read_text(encoding="utf-8")


@lru_cache(maxsize=256)
def _icon(name: str, rgba: str, ratio: float) -> QIcon:
    renderer = QSvgRenderer(QByteArray(_svg(name).replace("currentColor", rgba).encode()))
    made = QIcon()
    for size in SIZES:
        pixels = round(size * ratio)
        pixmap = QPixmap(pixels, pixels)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, pixels, pixels))
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        made.addPixmap(pixmap)
    return made


def icon(name: str, colour: QColor, ratio: float = 1.0) -> QIcon:
    """The icon `name` drawn in `colour`, sharp at the screen's device pixel ratio."""
    return _icon(name, colour.name(), ratio)


def text_icon(name: str, palette: QPalette, ratio: float = 1.0) -> QIcon:
    """In the palette's text colour (sidebar, quiet buttons)."""
    return icon(name, palette.color(QPalette.ColorRole.WindowText), ratio)


def on_accent_icon(name: str, palette: QPalette, ratio: float = 1.0) -> QIcon:
    """In the colour that reads on the accent (the large play button)."""
    return icon(name, palette.color(QPalette.ColorRole.HighlightedText), ratio)


ICON_SIZE = QSize(20, 20)
