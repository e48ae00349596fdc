"""Issue 12 minor: while a session plays, Home leads back to the Player."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def test_home_offers_the_way_back_to_the_playing_session(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    app.window.start_session("w1-1")
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=10_000)
    app.window.show_view("home")
    home = app.view("home")
    assert home.start_button.isEnabled()
    assert home.start_button.text() == "Back to the session"
    qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
    assert app.window.current_view() == "player"
    assert playback.state == "playing"  # the same session, not a new one
    playback.stop()
    qtbot.waitUntil(lambda: not playback.active, timeout=10_000)
    app.window.show_view("home")
    home.retranslate()
    assert home.start_button.text() == "Start session"
