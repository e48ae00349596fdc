"""Colours, type scale and the style sheet, all derived from the system palette and font.

Nothing here picks a light or dark look: the window, text and accent colours are the
system's, and every other tone is a blend of them, so the app follows a light/dark switch
and a high-contrast theme. Only the three banner colours (success, problem, information)
and the calm player's night palette are the app's own, each in a light and a dark tone.

Type scale (multiples of the system font size): page title 1.6, section 1.2, lead 1.1,
body 1, caption 0.9. Spacing steps of 4 px: 8, 12, 16, 24, 32.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPalette

TITLE, SECTION, LEAD, CAPTION = 1.6, 1.2, 1.1, 0.9
TEXT_WIDTH = 900  # readable line length: text columns never grow wider than this
PAGE_MARGIN = 32


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """`a` moved `t` of the way towards `b` (0: a, 1: b)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        1.0,
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def kind_colour(palette: QPalette, kind: str) -> QColor:
    """The banner colours: success (green), problem (warm red), information (the accent)."""
    dark = is_dark(palette)
    if kind == "success":
        return QColor("#6cc591" if dark else "#2f8a57")
    if kind == "problem":
        return QColor("#f08c74" if dark else "#b4472f")
    return QColor(palette.color(QPalette.ColorRole.Highlight))


def muted(palette: QPalette) -> QColor:
    """Secondary text: legible, one step back from the content."""
    text = palette.color(QPalette.ColorRole.WindowText)
    return mix(text, palette.color(QPalette.ColorRole.Window), 0.38)


def hairline(palette: QPalette) -> QColor:
    text = palette.color(QPalette.ColorRole.WindowText)
    return mix(palette.color(QPalette.ColorRole.Window), text, 0.16)


def style_sheet(palette: QPalette, base_pt: float) -> str:
    """The style sheet for `palette` and a system font of `base_pt` points."""
    role = QPalette.ColorRole
    window = palette.color(role.Window)
    text = palette.color(role.WindowText)
    base = palette.color(role.Base)
    accent = palette.color(role.Highlight)
    on_accent = palette.color(role.HighlightedText)
    c = {
        "window": window.name(),
        "text": text.name(),
        "muted": muted(palette).name(),
        "line": hairline(palette).name(),
        "surface": (mix(window, base, 0.7) if is_dark(palette) else base).name(),
        "button": mix(window, text, 0.06).name(),
        "button_hover": mix(window, text, 0.11).name(),
        "button_down": mix(window, text, 0.16).name(),
        "quiet_hover": mix(window, text, 0.07).name(),
        "sidebar": mix(window, text, 0.035).name(),
        "selected": mix(window, accent, 0.2).name(),
        "accent": accent.name(),
        "accent_hover": mix(accent, text, 0.15).name(),
        "on_accent": on_accent.name(),
        "disabled": mix(text, window, 0.6).name(),
    }
    for kind in ("success", "problem", "info"):
        colour = kind_colour(palette, kind)
        c[f"{kind}"] = colour.name()
        c[f"{kind}_bg"] = mix(window, colour, 0.14).name()
    pt = {
        "title": base_pt * TITLE,
        "section": base_pt * SECTION,
        "lead": base_pt * LEAD,
        "caption": base_pt * CAPTION,
    }
    # The arrows of spin and combo boxes: a mid grey that reads on light and dark alike.
    icons = Path(__file__).resolve().parent / "data" / "icons"
    c["chevron_up"] = (icons / "chevron-up.svg").as_posix()
    c["chevron_down"] = (icons / "chevron-down.svg").as_posix()
    return _SHEET.format(**c, **{f"{k}_pt": f"{v:.1f}" for k, v in pt.items()})


_SHEET = """
QLabel[role="title"] {{ font-size: {title_pt}pt; font-weight: 600; }}
QLabel[role="section"] {{ font-size: {section_pt}pt; font-weight: 600; }}
QLabel[role="lead"] {{ font-size: {lead_pt}pt; }}
QLabel[role="caption"] {{ font-size: {caption_pt}pt; color: {muted}; }}
QLabel[role="muted"] {{ color: {muted}; }}
QLabel[role="eyebrow"] {{ font-size: {caption_pt}pt; color: {muted}; font-weight: 600; }}

QListWidget#sidebar {{
    border: none; border-right: 1px solid {line}; background: {sidebar};
    padding: 20px 10px; outline: 0;
}}
QListWidget#sidebar::item {{
    padding: 9px 12px; margin: 1px 0; border-radius: 8px; color: {text};
}}
QListWidget#sidebar::item:hover {{ background: {quiet_hover}; }}
QListWidget#sidebar::item:selected {{ background: {selected}; color: {text}; font-weight: 600; }}
QListWidget#sidebar::item:selected:focus {{ border: 2px solid {accent}; padding: 7px 10px; }}

QFrame#card {{ background: {surface}; border: 1px solid {line}; border-radius: 12px; }}
QFrame#card QLabel {{ background: transparent; }}

QFrame#banner {{ border: none; border-bottom: 1px solid {line}; }}
QFrame#banner[kind="success"] {{ background: {success_bg}; border-left: 4px solid {success}; }}
QFrame#banner[kind="problem"] {{ background: {problem_bg}; border-left: 4px solid {problem}; }}
QFrame#banner[kind="info"] {{ background: {info_bg}; border-left: 4px solid {info}; }}
QFrame#banner QLabel {{ background: transparent; color: {text}; }}
QFrame#banner[kind="success"] QLabel#banner-mark {{ color: {success}; font-weight: 700; }}
QFrame#banner[kind="problem"] QLabel#banner-mark {{ color: {problem}; font-weight: 700; }}
QFrame#banner[kind="info"] QLabel#banner-mark {{ color: {info}; font-weight: 700; }}

QPushButton {{
    background: {button}; color: {text}; border: 2px solid {button};
    border-radius: 8px; padding: 5px 14px; min-height: 1.4em;
}}
QPushButton:hover {{ background: {button_hover}; border-color: {button_hover}; }}
QPushButton:pressed {{ background: {button_down}; border-color: {button_down}; }}
QPushButton:focus {{ border-color: {accent}; }}
QPushButton:disabled {{ color: {disabled}; }}
QPushButton::menu-indicator {{ subcontrol-position: right center; right: 8px; }}
QPushButton[role="primary"] {{
    background: {accent}; color: {on_accent}; border-color: {accent}; font-weight: 600;
    padding: 7px 20px;
}}
QPushButton[role="primary"]:hover {{ background: {accent_hover}; border-color: {accent_hover}; }}
QPushButton[role="primary"]:focus {{ border-color: {text}; }}
QPushButton[role="primary"]:disabled {{
    background: {button}; border-color: {button}; color: {disabled};
}}
QPushButton[role="quiet"] {{ background: transparent; border-color: transparent; color: {text}; }}
QPushButton[role="quiet"]:hover {{ background: {quiet_hover}; }}
QPushButton[role="quiet"]:focus {{ border-color: {accent}; }}

QToolButton {{
    background: transparent; border: 2px solid transparent; border-radius: 22px;
    padding: 6px; color: {text};
}}
QToolButton:hover {{ background: {quiet_hover}; }}
QToolButton:focus {{ border-color: {accent}; }}
QToolButton:checked {{ background: {selected}; }}
QToolButton#play {{
    background: {accent}; border: 3px solid {accent}; border-radius: 40px; padding: 0;
}}
QToolButton#play:hover {{ background: {accent_hover}; border-color: {accent_hover}; }}
QToolButton#play:focus {{ border-color: {text}; }}
QToolButton#play:disabled {{ background: {button}; border-color: {button}; }}

QLineEdit, QPlainTextEdit, QSpinBox, QTimeEdit, QDateEdit, QComboBox {{
    background: {surface}; color: {text}; border: 1px solid {line}; border-radius: 6px;
    padding: 5px 8px; selection-background-color: {accent}; selection-color: {on_accent};
}}
QLineEdit:focus, QPlainTextEdit:focus, QSpinBox:focus, QTimeEdit:focus, QDateEdit:focus,
QComboBox:focus {{ border: 2px solid {accent}; padding: 4px 7px; }}
QComboBox::drop-down {{ border: none; width: 24px; }}
QComboBox::down-arrow {{ image: url({chevron_down}); width: 12px; height: 12px; }}
QAbstractSpinBox {{ padding: 5px 24px 5px 8px; }}
QAbstractSpinBox:focus {{ padding: 4px 23px 4px 7px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
    subcontrol-origin: border; width: 22px; border: none; background: transparent;
}}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-arrow {{ image: url({chevron_up}); width: 12px; height: 12px; }}
QAbstractSpinBox::down-arrow {{ image: url({chevron_down}); width: 12px; height: 12px; }}

QTableWidget {{
    background: {surface}; border: 1px solid {line}; border-radius: 8px;
    gridline-color: {line};
}}
QTableWidget:focus {{ border: 2px solid {accent}; }}
QHeaderView::section {{
    background: {surface}; color: {muted}; border: none; border-bottom: 1px solid {line};
    padding: 6px 8px; font-weight: 600;
}}
QListWidget#programs {{
    background: {surface}; border: 1px solid {line}; border-radius: 12px; padding: 4px;
}}
QListWidget#programs:focus {{ border: 2px solid {accent}; padding: 3px; }}
QProgressBar {{
    background: {button}; border: none; border-radius: 4px; max-height: 8px;
}}
QProgressBar::chunk {{ background: {accent}; border-radius: 4px; }}
QScrollArea {{ background: transparent; border: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QToolTip {{ border: 1px solid {line}; padding: 4px 6px; }}
"""
