"""The keyboard does what it does everywhere else (issue 12, majors 3 and 4).

In the Player, Return, Enter and Space press the focused button; Space plays and pauses
when no button has the focus; N, P and S go to the next phase, the previous one and stop.
Enter presses the default button on Welcome and Home. Tab stays in the Reflection page and
reaches every field and button.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from uihelp import start_playing


def _key(app: Any, qtbot: Any, key: Qt.Key, text: str = "") -> None:
    target = QApplication.focusWidget() or app.window
    qtbot.keyClick(target, key)
    app.window.playback.poll()


@pytest.mark.parametrize("key", [Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_keys_press_the_focused_player_button(make_app: Any, qtbot: Any, key: Qt.Key) -> None:
    app = make_app()
    playback = start_playing(app, qtbot)
    player = app.view("player")
    player.next_button.setFocus()
    _key(app, qtbot, key)
    assert playback.state == "playing"  # not paused: the key went to the button
    assert playback.player.snapshot().phase_index == 1
    player.stop_button.setFocus()
    _key(app, qtbot, key)
    assert playback.state in ("stopped", "finished") or app.window.current_view() != "player"


def test_space_plays_and_pauses_when_no_button_has_the_focus(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    playback = start_playing(app, qtbot)
    player = app.view("player")
    player.wave.setFocus()
    _key(app, qtbot, Qt.Key.Key_Space)
    assert playback.state == "paused"
    player.voice_slider.setFocus()  # a slider does nothing with Space
    _key(app, qtbot, Qt.Key.Key_Space)
    assert playback.state == "playing"
    app.window.sidebar.setFocus()  # nor does the list of views
    _key(app, qtbot, Qt.Key.Key_Space)
    assert playback.state == "paused"
    assert app.window.current_view() == "player"


def test_letters_go_to_the_next_and_previous_phase_and_stop(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    playback = start_playing(app, qtbot)
    player = app.view("player")
    player.wave.setFocus()
    _key(app, qtbot, Qt.Key.Key_N)
    assert playback.player.snapshot().phase_index == 1
    _key(app, qtbot, Qt.Key.Key_P)  # within 3 s of the phase's start: to the phase before
    assert playback.player.snapshot().phase_index == 0
    for button, key in (
        (player.next_button, "N"),
        (player.previous_button, "P"),
        (player.stop_button, "S"),
        (player.play_button, "Space"),
    ):
        assert f"({key})" in button.toolTip()
    _key(app, qtbot, Qt.Key.Key_S)
    assert playback.state == "stopped"


def test_enter_presses_the_default_button_on_welcome_and_home(make_app: Any, qtbot: Any) -> None:
    app = make_app(welcome_done=False)
    welcome = app.view("welcome")
    welcome.days.boxes["mon"].setFocus()
    _key(app, qtbot, Qt.Key.Key_Return)
    assert app.window.current_view() == "home"
    home = app.view("home")
    home.setFocus()
    _key(app, qtbot, Qt.Key.Key_Enter)
    assert app.window.current_view() == "player"
    assert app.window.playback.state in ("preparing", "playing")


def test_return_on_the_list_of_views_goes_into_the_view(make_app: Any, qtbot: Any) -> None:
    """From the list of views, Return goes into the view shown: on Home to Start session,
    so a second Return starts it; on a view without a main button, to its first control."""
    app = make_app()
    window = app.window
    home = app.view("home")
    qtbot.waitUntil(home.start_button.isEnabled)
    window.sidebar.setFocus()
    _key(app, qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is home.start_button
    assert window.current_view() == "home"  # nothing started yet
    _key(app, qtbot, Qt.Key.Key_Return)
    assert window.current_view() == "player"
    window.playback.stop()
    window.show_view("journal")
    window.sidebar.setFocus()
    _key(app, qtbot, Qt.Key.Key_Enter)
    focus = QApplication.focusWidget()
    assert focus is not None and app.view("journal").isAncestorOf(focus)


def _tab_chain(start: QWidget, steps: int, backwards: bool = False) -> list[QWidget]:
    seen = []
    for _ in range(steps):
        key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
        widget = QApplication.focusWidget()
        QApplication.sendEvent(widget, _key_event(key))
        QApplication.processEvents()
        seen.append(QApplication.focusWidget())
    return seen


def _key_event(key: Qt.Key) -> Any:
    from PySide6.QtGui import QKeyEvent

    modifiers = (
        Qt.KeyboardModifier.ShiftModifier
        if key == Qt.Key.Key_Backtab
        else Qt.KeyboardModifier.NoModifier
    )
    return QKeyEvent(QKeyEvent.Type.KeyPress, key, modifiers)


def test_tab_stays_in_the_reflection_and_reaches_every_field(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    start_playing(app, qtbot)
    app.play_to_end(qtbot)
    app.continue_to_reflection()
    reflection = app.view("reflection")
    assert app.window.current_view() == "reflection"
    scale, text, choice = reflection.fields
    wanted: list[QWidget] = [scale.slider, text.text, choice.group.buttons()[0]]
    wanted += [reflection.later_button, reflection.done_button]
    scale.slider.setFocus()
    for backwards in (False, True):
        chain = _tab_chain(scale.slider, 12, backwards)
        assert all(reflection.isAncestorOf(w) for w in chain), chain
        for widget in wanted:
            assert widget in chain, widget
    assert app.window.current_view() == "reflection"


def test_every_focusable_reflection_control_shows_its_focus(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    start_playing(app, qtbot)
    app.play_to_end(qtbot)
    app.continue_to_reflection()
    reflection = app.view("reflection")
    scale, text, choice = reflection.fields
    QApplication.processEvents()  # the page puts the focus on its first field: let it
    for widget in (scale.slider, choice.group.buttons()[0], reflection.done_button):
        other = text.text
        other.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        unfocused = widget.grab().toImage()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        assert widget.hasFocus()
        assert widget.grab().toImage() != unfocused, f"{type(widget).__name__} shows no focus"
    assert isinstance(reflection.done_button, QAbstractButton)


def test_the_list_of_views_shows_a_focus_frame_only_while_it_has_the_focus(
    make_app: Any, qtbot: Any
) -> None:
    """A frame in the accent colour says "the keyboard is here": around the list of views'
    chosen row while the list has the focus, and nowhere on the list while it has not."""
    app = make_app()
    window = app.window
    home = app.view("home")
    qtbot.waitUntil(home.start_button.isEnabled)
    accent = window.palette().color(window.palette().ColorRole.Highlight).name()

    def accent_pixels() -> int:
        QApplication.processEvents()
        image = window.sidebar.grab().toImage()
        return sum(
            image.pixelColor(x, y).name() == accent
            for x in range(image.width())
            for y in range(0, image.height(), 2)
        )

    home.start_button.setFocus(Qt.FocusReason.TabFocusReason)
    assert accent_pixels() == 0
    window.sidebar.setFocus(Qt.FocusReason.TabFocusReason)
    assert accent_pixels() > 100  # the chosen row's frame
