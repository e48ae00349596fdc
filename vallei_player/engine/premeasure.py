"""Measuring an installed programme's clips, so that its first play finds every loudness
in the store (`loudness_store`) and starts at once.

`import` and the app's Library call it after installing, the app also for the bundled demos
it installs on first run. Playing measures what is still missing itself (`measuring.py`),
so nothing here is required: a clip that cannot be decoded is left for play to report.
"""

from __future__ import annotations

import threading

from ..core.problems import UserError
from ..core.program import Program, build_timeline, clip_lookup
from .levels import needs_measuring
from .loudness_store import MEASURE_RATE, measure_clip, stored_measurement


def clips_to_measure(program: Program) -> list[str]:
    """The clip references some session's sound depends on the measurement of, in order
    of first use, that are not in the store yet."""
    lookup = clip_lookup(program)
    refs: dict[str, None] = {}
    for session in program.sessions:
        timeline = build_timeline(session, MEASURE_RATE, lookup)
        refs.update(dict.fromkeys(needs_measuring(timeline)))
    return [ref for ref in refs if stored_measurement(program.clip_path(ref)) is None]


def measure_for_play(program: Program, stop: threading.Event | None = None) -> int:
    """Measure and store what `clips_to_measure` names; how many clips were measured.

    Stops between clips once `stop` is set (the app is closing).
    """
    lookup = clip_lookup(program)
    done = 0
    for ref in clips_to_measure(program):
        if stop is not None and stop.is_set():
            break
        try:
            measure_clip(program.clip_path(ref), lookup(ref), stop=stop)
        except UserError:  # a damaged file or no ffmpeg: play says so when it gets there
            continue
        done += 1
    return done
