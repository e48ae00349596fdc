"""Issue 12's calm player and completion moment, as a participant meets them.

From the issue: calm view is dark and dim (no bright white areas), shows only the wave, the
phase's words and a large play/pause; the controls fade after a few seconds without
movement and return on mouse or key; a session that reached its end gets a short, gentle
moment ("Session complete · 11 minutes"), never a score, before the reflection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from measured_programme import PROGRAM_ID, programme
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette


def playing(app: Any, qtbot: Any) -> Any:
    app.window.start_session("w1-1")
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=10_000)
    return app.view("player")


def test_calm_view_is_dark_and_its_controls_step_back(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    player = playing(app, qtbot)
    app.window.set_calm(True)
    window = player.palette().color(QPalette.ColorRole.Window)
    ground = player.wave.palette().color(QPalette.ColorRole.Base)
    assert window.lightnessF() < 0.15 and ground.lightnessF() < 0.15  # nothing bright
    image = player.grab().toImage()
    bright = sum(
        1
        for x in range(0, image.width(), 16)
        for y in range(0, image.height(), 16)
        if image.pixelColor(x, y).lightnessF() > 0.85
    )
    assert bright == 0
    assert player.play_button.width() >= 80  # the large play/pause
    assert not player.volumes.isVisibleTo(player)
    player.fader.fade()
    assert not player.fader.shown
    qtbot.keyClick(app.window, Qt.Key.Key_Shift)  # any key brings the controls back
    assert player.fader.shown
    app.window.set_calm(False)
    assert player.palette().color(QPalette.ColorRole.Window).lightnessF() > 0.5


def test_the_end_of_a_session_is_a_quiet_moment_then_the_reflection(
    make_app: Any, qtbot: Any
) -> None:
    app = make_app()
    player = playing(app, qtbot)
    player.moment._timer.setInterval(50)  # the few seconds, shortened for the test
    app.play_to_end(qtbot)
    assert app.window.current_view() == "player"
    assert player.moment.title.text() == "Session complete · less than a minute"
    assert "%" not in player.moment.title.text() and "score" not in player.moment.line.text()
    qtbot.waitUntil(lambda: app.window.current_view() == "reflection", timeout=5000)


def test_preparing_is_shown_from_the_first_moment(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    app.window.start_session("w1-1")
    player = app.view("player")
    if app.window.playback.state == "preparing":
        assert player.preparing.isVisibleTo(player)
        assert player.preparing_text.text() == "Preparing the sound…"
        assert player.session_title.text() == "First steps"
    qtbot.waitUntil(lambda: app.window.playback.state == "playing", timeout=10_000)
    assert not player.preparing.isVisibleTo(player)


def test_the_preparing_bar_fills_from_nothing_to_full(
    make_app: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: the bar said only "busy"; it now fills as the engine prepares the start."""
    from vallei_player.core.packs import library

    programme(tmp_path / "bundled" / "measured")  # voices and a bed, never measured before
    monkeypatch.setattr(library, "bundled_programs_dir", lambda: tmp_path / "bundled")
    app = make_app()
    player = app.view("player")
    heard: list[float] = []
    shown: list[int] = []
    app.window.playback.preparing_progress.connect(heard.append)
    player.preparing_bar.valueChanged.connect(shown.append)
    app.window.show_view("player")
    app.window.playback.start(library.load(PROGRAM_ID), "s1")  # first phase: a voice, a bed
    qtbot.waitUntil(lambda: bool(heard) and heard[-1] == 1.0, timeout=10_000)
    qtbot.waitUntil(lambda: app.window.playback.state == "playing", timeout=10_000)
    assert heard == sorted(heard) and heard[0] < 1.0  # rising, from an unfinished start
    assert player.preparing_bar.maximum() == 100 and player.preparing_bar.value() == 100
    assert shown == sorted(shown) and shown[-1] == 100
    assert not player.preparing.isVisibleTo(player)  # and gone once the sound plays
