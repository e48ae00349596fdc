"""The Player's lived level: keys 0-9 and Up/Down (calm view too), a click or drag on the
control beside the wave; each goes to the journal at once with a soft tick, and the wave
draws the lived line. Optional: a session without levels ends as complete as any other."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from uihelp import start_playing


def _press(app: Any, qtbot: Any, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or app.window, key)
    app.window.playback.poll()


def _journal_levels(app: Any) -> list[tuple[int, int]]:
    found: list[Any] = []
    app.context.with_journal(lambda j: j.attempts(), found.append)
    return [(x.phase, x.level) for x in found[0][-1].levels]


def test_digits_and_arrows_give_levels_that_are_in_the_journal_at_once(
    make_app: Any, qtbot: Any
) -> None:
    app = make_app()
    playback = start_playing(app, qtbot, 48_000)
    player = app.view("player")
    player.wave.setFocus()
    _press(app, qtbot, Qt.Key.Key_4)
    assert _journal_levels(app) == [(0, 4)]
    assert player.level_control.level() == 4
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Down):
        _press(app, qtbot, key)
    assert [level for _, level in _journal_levels(app)] == [4, 5, 6, 5]
    _press(app, qtbot, Qt.Key.Key_9)
    for _ in range(3):
        _press(app, qtbot, Qt.Key.Key_Up)
    _press(app, qtbot, Qt.Key.Key_0)
    _press(app, qtbot, Qt.Key.Key_Down)
    assert [level for _, level in _journal_levels(app)] == [4, 5, 6, 5, 9, 10, 10, 10, 0, 0]
    assert playback.state == "playing"  # no key here stops or pauses
    assert [level for _, level in player.wave._lived] == [4, 5, 6, 5, 9, 10, 10, 10, 0, 0]


def test_each_level_is_acknowledged_with_a_tick_on_the_output(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    playback = start_playing(app, qtbot, 48_000)
    deck = playback.player._deck
    assert deck.ack is None
    app.view("player").wave.setFocus()
    _press(app, qtbot, Qt.Key.Key_3)
    first = deck.ack
    assert first is not None and len(first[1]) == 1200  # 25 ms at 48 kHz
    _press(app, qtbot, Qt.Key.Key_Up)
    assert deck.ack[0] == first[0] + 1


def test_the_keys_work_in_calm_view(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    start_playing(app, qtbot, 48_000)
    app.window.set_calm(True)
    _press(app, qtbot, Qt.Key.Key_7)
    _press(app, qtbot, Qt.Key.Key_Down)
    assert [level for _, level in _journal_levels(app)] == [7, 6]
    app.window.set_calm(False)


def test_a_click_and_a_drag_on_the_control_set_the_level(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    start_playing(app, qtbot, 48_000)
    control = app.view("player").level_control
    column = control._column()
    x = int(column.center().x())
    top, bottom = int(column.top()), int(column.bottom())
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton, pos=QPoint(x, bottom - 1))
    assert control.level() == 0
    qtbot.mousePress(control, Qt.MouseButton.LeftButton, pos=QPoint(x, (top + bottom) // 2))
    qtbot.mouseMove(control, QPoint(x, top + 1))
    qtbot.mouseRelease(control, Qt.MouseButton.LeftButton, pos=QPoint(x, top + 1))
    levels = [level for _, level in _journal_levels(app)]
    assert levels[0] == 0 and levels[1] == 5 and levels[-1] == 10


def test_a_session_without_levels_is_complete(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    start_playing(app, qtbot, 48_000)
    app.play_to_end(qtbot)
    found: list[Any] = []
    app.context.with_journal(lambda j: j.attempts(), found.append)
    [attempt] = found[0]
    assert attempt.completed and attempt.levels == ()
