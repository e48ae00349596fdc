"""Issue 12, major 8, as a participant meets it: Next to the end is not a completed session.

From the issue: completed only when the session reached its end having been listened to for
at least half its length (skipped phases do not count); otherwise a partial practice,
"skipped ahead", with the short reflection of an early stop.
"""

from __future__ import annotations

from typing import Any

from uihelp import TINY_ID


def test_next_through_every_phase_is_partial_skipped_ahead(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    app.window.start_session("w1-1")  # phases of 2, 3, 2 and 1 s
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=10_000)
    player = app.window.view("player")
    app.play_frames(4800)  # a tenth of a second
    for _ in range(3):
        player.next_button.click()
        app.play_frames(4800)
    app.play_to_end(qtbot)  # the last second, heard: 1.4 s of 8 in all
    player = app.view("player")
    # The moment after the end is honest: no "Session complete" after skipping ahead.
    assert player.moment.title.text().startswith("End of the session")
    app.continue_to_reflection()
    qtbot.waitUntil(lambda: app.window.current_view() == "reflection", timeout=10_000)
    attempt = app.context.journal.journal.attempts(TINY_ID)[0]
    assert (attempt.completed, attempt.reason) == (False, "skipped")
    reflection = app.view("reflection")
    asks = [f.prompt.ask for f in reflection.fields]
    # The short form after a partial session: the programme's own prompts only.
    assert "Where did you get stuck?" not in asks
    assert reflection.intro.text().startswith("You skipped ahead this time, and that is fine.")
