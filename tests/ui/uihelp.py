"""What the UI tests share besides fixtures: the test course, the fixed clock, the App handle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TEST_PROGRAMS = HERE / "data"
TINY_ID = "org.example.tiny-course"
# A Tuesday morning in November (11:00 in Amsterdam): Monday's slot has passed,
# Wednesday's 20:00 is the next one.
NOW = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
WEDNESDAY_1940 = datetime(2026, 11, 18, 18, 40, tzinfo=UTC)  # 20 minutes before the slot
WEDNESDAY_2001 = datetime(2026, 11, 18, 19, 1, tzinfo=UTC)


@dataclass
class App:
    context: Any
    window: Any
    outputs: list[Any] = field(default_factory=list)
    now: list[datetime] = field(default_factory=lambda: [NOW])

    def view(self, name: str) -> Any:
        return self.window.view(name)

    @property
    def output(self) -> Any:
        return self.outputs[-1]

    def play_frames(self, frames: int) -> None:
        """Hands `frames` frames to the null output, then lets the app poll, as its timer would."""
        step = 4800
        while frames > 0 and self.window.playback.player.snapshot().state == "playing":
            self.output.pull(min(step, frames))
            frames -= step
            self.window.playback.poll()

    def play_to_end(self, qtbot: Any) -> None:
        """Plays the rest of the session; the player's own thread then reports the end."""
        import time

        playback = self.window.playback
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if playback.state in ("finished", "stopped"):
                return
            if playback.player.snapshot().state == "playing" and self.output._running:
                self.output.pull(4800)
            else:
                time.sleep(0.005)  # the end is handed over; the mixing thread notices it
            playback.poll()
        raise AssertionError(f"the session did not end (state {playback.state})")

    def continue_to_reflection(self) -> None:
        """After a session's end: past the completion moment, as its timer or a click does."""
        player = self.window.view("player")
        moment = getattr(player, "continue_button", None)
        if moment is not None and self.window.current_view() == "player":
            moment.click()


def start_playing(app: App, qtbot: Any, frames: int = 4800, session: str = "w1-1") -> Any:
    """Starts `session` from the window, waits until it plays, plays `frames`; the Playback."""
    app.window.start_session(session)
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=5000)
    app.play_frames(frames)
    return playback
