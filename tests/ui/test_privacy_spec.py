"""Discreet mode and the practice log as a participant meets them in the app (issue 10 item 12).

From the specification (PRODUCT.md "a discreet mode: neutral title and reminder text";
docs/architecture.md "Recording practice"): in discreet mode nothing a passer-by can read
names the app or the programme (window title, tray tooltip, reminder); a phase left by Next
is not a completed phase, and neither is the last one when the session is stopped in it.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QSystemTrayIcon
from uihelp import TINY_ID, WEDNESDAY_2001


@pytest.fixture
def tray(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A system tray (offscreen has none); the notifications it is asked to show."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(
        QSystemTrayIcon, "showMessage", lambda self, title, text, *rest: shown.append((title, text))
    )
    return shown


def test_the_tray_tooltip_is_neutral_in_discreet_mode(make_app: Any, tray: list) -> None:
    app = make_app()
    reminders = app.window.tray
    assert reminders.available()
    assert reminders.icon.toolTip() == "Vallei Player"
    app.context.set_setting("discreet_mode", True)
    tip = reminders.icon.toolTip()
    assert tip == "Audio" == app.window.windowTitle()
    assert "Vallei" not in tip and "Tiny" not in tip and "practi" not in tip.lower()
    app.context.set_setting("discreet_mode", False)
    assert reminders.icon.toolTip() == "Vallei Player"


def test_a_discreet_reminder_in_the_tray_says_nothing_about_practice(
    make_app: Any, tray: list
) -> None:
    app = make_app()
    app.context.set_setting("discreet_mode", True)
    app.now[0] = WEDNESDAY_2001
    app.window.tray.check()
    assert tray == [("Reminder", "You planned something for now.")]


def test_a_reminder_in_the_tray_otherwise_says_what_it_is_for(make_app: Any, tray: list) -> None:
    app = make_app()
    app.now[0] = WEDNESDAY_2001
    app.window.tray.check()
    assert tray == [("Time to practise", "Your session is ready when you are. Take your time.")]


def _playing(app: Any, qtbot: Any) -> Any:
    app.window.start_session("w1-1")  # phases of 2, 3, 2 and 1 s
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=10_000)
    return playback


def test_next_in_the_app_does_not_count_the_phase_it_leaves(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    playback = _playing(app, qtbot)
    app.play_frames(48_000)  # one second into phase 0
    app.window.view("player").next_button.click()
    app.play_to_end(qtbot)
    attempt = app.context.journal.journal.attempts(TINY_ID)[0]
    assert playback.state == "finished"
    assert (attempt.completed, attempt.phases_completed, attempt.skips) == (True, 3, 1)


def test_stopping_in_the_last_phase_does_not_count_it(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    playback = _playing(app, qtbot)
    app.play_frames(int(7.5 * 48_000))  # half way through the last phase (from 7 s)
    assert playback.player.snapshot().phase_index == 3
    app.window.view("player").stop_button.click()
    attempt = app.context.journal.journal.attempts(TINY_ID)[0]
    assert (attempt.completed, attempt.reason, attempt.phases_completed) == (False, "stopped", 3)
    assert 7.0 <= attempt.listened_s <= 7.5
