"""The app's icon and the calm style sheet (colours come from the system palette)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

DATA = Path(__file__).resolve().parent / "data"
ICON = DATA / "vallei-player.svg"
NEUTRAL_ICON = DATA / "neutral.svg"  # discreet mode: a plain speaker, like any audio app

STYLE = """
QListWidget#sidebar { border: none; padding-top: 18px; background: palette(alternate-base); }
QListWidget#sidebar::item { padding: 10px 18px; border-radius: 6px; margin: 2px 8px; }
QListWidget#sidebar::item:selected {
    background: palette(highlight); color: palette(highlighted-text);
}
QFrame#card { border: 1px solid palette(mid); border-radius: 10px; background: palette(base); }
QFrame#banner { background: palette(tool-tip-base); border-bottom: 1px solid palette(mid); }
QFrame#banner QLabel { color: palette(tool-tip-text); }
QLabel[muted="true"] { color: palette(placeholder-text); }
QPushButton { padding: 6px 14px; }
"""


def app_icon() -> QIcon:
    return QIcon(str(ICON))


def neutral_icon() -> QIcon:
    return QIcon(str(NEUTRAL_ICON))
