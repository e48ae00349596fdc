"""The app's icons: its logo and the neutral one for discreet mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

DATA = Path(__file__).resolve().parent / "data"
ICON = DATA / "vallei-player.svg"
NEUTRAL_ICON = DATA / "neutral.svg"  # discreet mode: a plain speaker, like any audio app


def app_icon() -> QIcon:
    return QIcon(str(ICON))


def neutral_icon() -> QIcon:
    return QIcon(str(NEUTRAL_ICON))
