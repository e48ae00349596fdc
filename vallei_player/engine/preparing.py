"""How far a session's start is prepared, as a fraction for a "Preparing the sound…" bar.

Why: a cold first play waits a few seconds before the first sound, and a bar that only
moves says nothing about how long. What the start waits for is the first phase's clips:
decoded far enough to mix the first moments, and measured in full where their level depends
on their loudness (`levels.py`). The fraction is the seconds of that audio ready, so a long
voice weighs more than a short bed. A small watcher thread reads the decoders' progress
about ten times a second (the decoders and the measurer know nothing of it) and reports
only rising fractions, ending with exactly 1.0, then ends; `stop()` ends it early.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .cache import CachedClip

PrepareProgress = Callable[[float], None]
"""Called with the fraction (0.0 to 1.0) of the session's start prepared, from a worker
thread: a GUI hands it to its own thread before touching a widget."""

WATCH_EVERY_S = 0.1


@dataclass(frozen=True)
class StartClip:
    """One clip the first sound waits for: `frames` of it decoded, and measured if asked."""

    clip: CachedClip
    frames: int
    measured: Callable[[], bool] | None = None  # None: its level does not need measuring

    def ready(self) -> int:
        """Frames of it ready; one short while a measurement is still being made."""
        have = min(self.clip.available(), self.frames)
        if self.clip.done and self.clip.error is not None:
            return self.frames  # the start will fail with its message: nothing to wait for
        if self.measured is not None and not self.measured():
            return min(have, self.frames - 1)
        return have


class PreparationWatch:
    """Reports the fraction of `clips` ready to `report`; see the module docstring."""

    def __init__(self, clips: Sequence[StartClip], report: PrepareProgress) -> None:
        self._clips = [c for c in clips if c.frames > 0]
        self._report = report
        self._stop = threading.Event()
        self._last = -1.0
        self._total = sum(c.frames for c in self._clips)
        self._thread = threading.Thread(target=self._watch, name="vallei-preparing", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join()

    def fraction(self) -> float:
        if self._total == 0:
            return 1.0
        return sum(c.ready() for c in self._clips) / self._total

    def _watch(self) -> None:
        while not self._stop.is_set():
            fraction = self.fraction()
            if fraction > self._last:  # rising only: a reader never sees the bar go back
                self._last = fraction
                self._report(fraction)
            if fraction >= 1.0:
                return
            self._stop.wait(WATCH_EVERY_S)
