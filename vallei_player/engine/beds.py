"""Where each background bed plays, and its envelope, in integer samples.

PROGRAM_FORMAT.md: the bed loops seamlessly while it stays the same file; when it changes
(to another file, to none, or from none), the old and new beds crossfade over `crossfade`
centred on the boundary; the whole bed fades in over the session's first 2 s and out over
its last `fade_out`. Made exact here:

- A *bed run* is a maximal stretch of consecutive phases naming the same bed file.
- At a boundary S where the bed changes, with C = round(crossfade * R) of the phase that
  starts there and h = C // 2, the window is [S - h, S - h + C). The outgoing run fades out
  with cos(pi/2 * x) and the incoming run fades in with sin(pi/2 * x), x = (t - (S - h) + 0.5) / C,
  equal power, so uncorrelated beds keep their loudness through the change.
- A run's loop starts at its first audible sample: frame 0 of the file plays at S - h (at 0
  for a run that starts the session), and the file repeats back to back after that.
- Inside a run, a phase that changes only the bed's gain (`bed_gain`, or `loudness`)
  glides linearly over the same window.
- The session fades (first 2 s in, last `fade_out` out) use the raised cosine
  0.5 - 0.5 * cos(pi * x), smooth at both ends; they multiply the bed only, never voice or cue.
Windows are clipped to the session; the shape stays the function of absolute position above.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from ..core.program import TimedPhase, Timeline, db_to_linear, seconds_to_samples

SESSION_FADE_IN_S = 2
Gains = npt.NDArray[np.float32]


@dataclass(frozen=True)
class BedSpan:
    """Where a bed run plays: everything about it but its gain, which needs the file's
    loudness (`bed_run` adds it)."""

    bed: str  # the program's reference to the file
    origin: int  # session sample where the file's frame 0 plays
    fade_in: tuple[int, int] | None  # (window start, length) or None at the session start
    fade_out: tuple[int, int] | None  # None when the run lasts to the session end
    phases: tuple[int, ...]  # the indices of the phases it covers

    @property
    def start(self) -> int:
        return self.origin

    @property
    def end(self) -> int:
        """One past the last audible sample (fade-out window end, or the session end)."""
        if self.fade_out is None:
            return 1 << 62
        return self.fade_out[0] + self.fade_out[1]


@dataclass(frozen=True)
class BedRun(BedSpan):
    gain_points: tuple[tuple[int, float], ...]  # piecewise-linear linear gain: (sample, gain)

    def envelope(self, start: int, frames: int) -> Gains | float:
        """The run's crossfade envelope times its gain for samples [start, start+frames).

        A plain number when it is constant there (most blocks): the mixer then skips the
        per-sample arithmetic, which is most of a render's time.
        """
        end = start + frames
        if self._steady(start, end):
            # Steady blocks lie before the first gain point or after the last (or there is
            # one point): the gain there is that point's, as np.interp would give it.
            points = self.gain_points
            return float(points[-1][1] if start >= points[-1][0] else points[0][1])
        t = np.arange(start, start + frames, dtype=np.float64)
        xs = np.array([p[0] for p in self.gain_points], dtype=np.float64)
        ys = np.array([p[1] for p in self.gain_points], dtype=np.float64)
        env = np.interp(t, xs, ys)
        if self.fade_in is not None:
            a, c = self.fade_in
            env *= np.sin(np.pi / 2 * np.clip((t - a + 0.5) / c, 0.0, 1.0))
        if self.fade_out is not None:
            b, c = self.fade_out
            env *= np.cos(np.pi / 2 * np.clip((t - b + 0.5) / c, 0.0, 1.0))
        return env.astype(np.float32)[:, None]

    def _steady(self, start: int, end: int) -> bool:
        xs = [p[0] for p in self.gain_points]
        if any(start < x < end for x in xs) or (len(xs) > 1 and xs[0] < end and start < xs[-1]):
            return False
        if self.fade_in is not None and start < self.fade_in[0] + self.fade_in[1]:
            return False
        return self.fade_out is None or end <= self.fade_out[0]


BedGain = Callable[[TimedPhase, str], float]
"""The gain in dB of bed file `bed` in a phase (levels.py: bed_gain, levelled)."""


def plan_beds(timeline: Timeline, gain_db: BedGain | None = None) -> tuple[BedRun, ...]:
    """The bed runs of `timeline`, in order; each phase's bed at `gain_db` (default: its
    plain bed_gain)."""
    return tuple(bed_run(timeline, span, gain_db) for span in plan_bed_spans(timeline))


def plan_bed_spans(timeline: Timeline) -> tuple[BedSpan, ...]:
    """Where the bed runs of `timeline` play, in order."""
    rate = timeline.rate
    phases = timeline.phases
    groups: list[list[int]] = []
    for i, tp in enumerate(phases):
        if groups and phases[groups[-1][0]].phase.audio.bed == tp.phase.audio.bed:
            groups[-1].append(i)
        else:
            groups.append([i])
    spans: list[BedSpan] = []
    for g, members in enumerate(groups):
        first = phases[members[0]]
        bed = first.phase.audio.bed
        if bed is None:
            continue
        fade_in = None
        origin = 0
        if first.start > 0:
            c = _crossfade(first, rate)
            origin = first.start - c // 2
            fade_in = (origin, c)
        fade_out = None
        if g + 1 < len(groups):
            nxt = phases[groups[g + 1][0]]
            c = _crossfade(nxt, rate)
            fade_out = (nxt.start - c // 2, c)
        spans.append(BedSpan(bed, origin, fade_in, fade_out, tuple(members)))
    return tuple(spans)


def bed_run(timeline: Timeline, span: BedSpan, gain_db: BedGain | None = None) -> BedRun:
    """The run of `span` with its gains (one file, so one measurement decides them all)."""
    bed_db: BedGain = gain_db or (lambda tp, bed: tp.phase.audio.bed_gain_db)
    phases = timeline.phases
    first = phases[span.phases[0]]
    bed = span.bed
    points: list[tuple[int, float]] = [(first.start, db_to_linear(bed_db(first, bed)))]
    for i in span.phases[1:]:
        tp = phases[i]
        gain = db_to_linear(bed_db(tp, bed))
        if gain != points[-1][1]:
            c = _crossfade(tp, timeline.rate)
            a = max(tp.start - c // 2, points[-1][0])
            points += [(a, points[-1][1]), (max(a + c, a + 1), gain)]
    return BedRun(bed, span.origin, span.fade_in, span.fade_out, span.phases, tuple(points))


def _crossfade(tp: TimedPhase, rate: int) -> int:
    return max(1, seconds_to_samples(tp.phase.audio.crossfade, rate))


@functools.lru_cache(maxsize=64)
def _fade_out_samples(fade_out_s: Fraction, rate: int) -> int:
    """Fraction arithmetic once per session, not once per mixed block."""
    return max(1, seconds_to_samples(fade_out_s, rate))


def session_fade(
    timeline: Timeline, fade_out_s: Fraction, start: int, frames: int
) -> Gains | float:
    """The bed's session fade-in/out gain for samples [start, start+frames) (1.0 between)."""
    rate, length = timeline.rate, timeline.length
    fin = max(1, SESSION_FADE_IN_S * rate)
    fout = _fade_out_samples(fade_out_s, rate)
    if start >= fin and start + frames <= length - fout:
        return 1.0
    t = np.arange(start, start + frames, dtype=np.float64)
    x_in = np.clip((t + 0.5) / fin, 0.0, 1.0)
    x_out = np.clip((length - t - 0.5) / fout, 0.0, 1.0)
    gain = (0.5 - 0.5 * np.cos(np.pi * x_in)) * (0.5 - 0.5 * np.cos(np.pi * x_out))
    return gain.astype(np.float32)[:, None]
