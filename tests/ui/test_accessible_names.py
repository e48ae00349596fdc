"""Issue 12, accessibility: every interactive widget of every view has an accessible name
and a description, in English and in Dutch.

What a screen reader gets is asked of Qt's accessibility interface (QAccessible), so a
button's text or a field's label (buddy) counts as its name, and a tooltip as its
description, exactly as assistive technology would hear them.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QAbstractItemView,
)
VIEWS = ("home", "player", "journal", "library", "settings", "welcome", "lock", "reflection")


def missing(root: QWidget) -> list[str]:
    """The interactive widgets under `root` a screen reader could not name or describe."""
    out = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox)):
            continue  # the text field inside a spin box or combo box is part of it
        if widget.focusPolicy() == widget.focusPolicy().NoFocus and not isinstance(
            widget, QAbstractButton
        ):
            continue  # e.g. a scroll bar of a list: not a control of its own
        face = QAccessible.queryAccessibleInterface(widget)
        name = face.text(QAccessible.Text.Name) if face else ""
        description = face.text(QAccessible.Text.Description) if face else ""
        if not name.strip() or not description.strip():
            label = f"{type(widget).__name__} {widget.objectName()!r} name={name!r}"
            out.append(f"{label} description={description!r}")
    return out


def open_everything(app: Any, qtbot: Any) -> None:
    """Every view with something in it: a session played, so the reflection has fields."""
    app.window.start_session("w1-1")
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=10_000)
    app.play_frames(48_000)
    playback.stop()
    qtbot.waitUntil(lambda: app.window.current_view() == "reflection", timeout=10_000)
    app.window.start_session("w1-1")
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=10_000)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_control_of_every_view_has_a_name_and_a_description(
    make_app: Any, qtbot: Any, language: str
) -> None:
    app = make_app(language=language)
    app.window.show()
    open_everything(app, qtbot)
    problems = {}
    for name in VIEWS:
        view = app.view(name)
        app.window.stack.setCurrentWidget(view)
        QApplication.processEvents()
        found = missing(view)
        if found:
            problems[name] = found
    listed = "\n".join(f"{view}: {line}" for view, lines in problems.items() for line in lines)
    assert not problems, listed


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_dialogs_controls_have_names_and_descriptions(make_app: Any, language: str) -> None:
    from vallei_player.ui.export_dialog import ExportDialog
    from vallei_player.ui.privacy import PassphraseDialog

    app = make_app(language=language)
    for dialog in (
        ExportDialog(app.context, app.window),
        PassphraseDialog(app.context, app.window),
    ):
        dialog.show()
        QApplication.processEvents()
        assert missing(dialog) == [], (type(dialog).__name__, missing(dialog))
        dialog.close()


def test_a_phase_change_is_announced_to_assistive_technology(
    make_app: Any, qtbot: Any, monkeypatch: Any
) -> None:
    from PySide6.QtGui import QAccessibleAnnouncementEvent

    heard: list[str] = []

    def update(event: Any) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())

    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(update))
    app = make_app()
    app.window.start_session("w1-1")  # phases of 2, 3, 2 and 1 s: Arriving, then Arousal
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=10_000)
    app.play_frames(int(2.5 * 48_000))
    assert "Arousal" in heard
