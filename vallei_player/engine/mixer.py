"""The one mixer: any block [start, start+frames) of a session, exactly per the timeline.

`Mixer.mix(start, frames)` is a pure function of the timeline, the clips and the listener's
volume settings: it keeps no state between calls, so a block mixed during playback, after a
seek, or by `render` in different block sizes holds the same samples. That is what makes
render == play true by construction: every output (sound device, WAV file, null) pulls its
samples from here.

What a sample is (PROGRAM_FORMAT.md, "timeline semantics"):
- voice clip of phase i from S_i, times its gain (`levels.py`: voice_gain, plus what brings
  the clip to the `loudness` target), never faded;
- cue of phase i (i >= 1, unless `cue: none`) from S_i, times its gain (cue_gain, levelled
  alike), never faded;
- the beds (see `beds.py`) times their gain (bed_gain, levelled alike), their crossfades,
  the session fades and the ducking under the voices (`levels.DuckPlan`);
- the listener's voice volume on voice and cues, bed volume on the beds (1.0 in `render`);
- then the limiter (`limiter.py`) keeps |x| <= 0.97; nothing after it changes the samples.
Everything outside [0, length) is silence.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..core.program import Timeline, db_to_linear
from .beds import BedRun, plan_beds, session_fade
from .frames import Frames
from .levels import Levels, clip_gain_db, plan_ducking
from .limiter import MARGIN, limit


class ClipReader(Protocol):
    """A clip's PCM at the engine rate, exactly `length` frames, silence outside."""

    @property
    def length(self) -> int: ...

    def read(self, start: int, frames: int) -> Frames: ...


ClipOpener = Callable[[str], ClipReader]
"""Gives the reader for a program's clip reference (a relative path or BUILTIN_CUE)."""


@dataclass(frozen=True)
class _Placed:
    start: int
    end: int
    clip: ClipReader
    gain: float


@dataclass(frozen=True)
class Volume:
    """A listener's volume that moves from `before` to `after` over [at, at + glide)."""

    after: float = 1.0
    before: float = 1.0
    at: int = 0
    glide: int = 0

    def gains(self, start: int, frames: int) -> Frames | float:
        if self.glide <= 0 or start >= self.at + self.glide:
            return self.after
        if start + frames <= self.at:
            return self.before
        t = np.arange(start, start + frames, dtype=np.float64)
        x = np.clip((t - self.at + 0.5) / self.glide, 0.0, 1.0)
        return (self.before + (self.after - self.before) * x).astype(np.float32)[:, None]

    def at_sample(self, t: int) -> float:
        g = self.gains(t, 1)
        return g if isinstance(g, float) else float(g[0, 0])


class Mixer:
    """Mixes a session's timeline from its clips; see the module docstring for the rules."""

    def __init__(self, timeline: Timeline, clips: ClipOpener, levels: Levels | None = None) -> None:
        """`levels` gives each clip's measured loudness; without it every clip plays at the
        plain voice_gain / cue_gain / bed_gain, as with `loudness: off`."""
        measured: Levels = levels or (lambda ref: None)
        self.timeline = timeline
        self.rate = timeline.rate
        self.length = timeline.length
        self.fade_out = timeline.session.audio.fade_out
        placed: list[_Placed] = []
        for tp in timeline.phases:
            audio = tp.phase.audio
            if tp.phase.voice:
                clip = clips(tp.phase.voice)
                gain = db_to_linear(clip_gain_db("voice", audio, measured(tp.phase.voice)))
                placed.append(_Placed(tp.start, tp.start + clip.length, clip, gain))
            if tp.index > 0 and audio.cue is not None:
                clip = clips(audio.cue)
                gain = db_to_linear(clip_gain_db("cue", audio, measured(audio.cue)))
                placed.append(_Placed(tp.start, tp.start + clip.length, clip, gain))
        placed.sort(key=lambda p: p.start)
        self._fore = placed
        self._fore_starts = [p.start for p in placed]
        self._longest = max((p.end - p.start for p in placed), default=0)
        self.beds: tuple[BedRun, ...] = plan_beds(
            timeline, lambda tp, bed: clip_gain_db("bed", tp.phase.audio, measured(bed))
        )
        self.ducking = plan_ducking(timeline, measured)
        self._bed_clips = {run.bed: clips(run.bed) for run in self.beds}
        self.voice_volume = Volume()
        self.bed_volume = Volume()

    def set_volumes(self, voice: Volume, bed: Volume) -> None:
        """Replace the listener's volumes (the player does this from its mixing thread)."""
        self.voice_volume = voice
        self.bed_volume = bed

    def mix(self, start: int, frames: int) -> Frames:
        """The session's samples [start, start+frames) as (frames, 2) float32, limited."""
        extended = self.mix_unlimited(start - MARGIN, frames + 2 * MARGIN)
        return limit(extended)

    def mix_unlimited(self, start: int, frames: int) -> Frames:
        """The same before the limiter (tests and the limiter's look-ahead use it)."""
        out = np.zeros((frames, 2), dtype=np.float32)
        lo, hi = max(start, 0), min(start + frames, self.length)
        if hi <= lo:
            return out
        fore = self._foreground(lo, hi)
        if fore is not None:
            fore *= self.voice_volume.gains(lo, hi - lo)
            out[lo - start : hi - start] += fore
        back = self._beds(lo, hi)
        if back is not None:
            back *= self.bed_volume.gains(lo, hi - lo)
            out[lo - start : hi - start] += back
        return out

    def _foreground(self, lo: int, hi: int) -> Frames | None:
        acc: Frames | None = None
        first = bisect.bisect_left(self._fore_starts, lo - self._longest)
        last = bisect.bisect_left(self._fore_starts, hi)
        for p in self._fore[first:last]:
            a, b = max(p.start, lo), min(p.end, hi)
            if b <= a:
                continue
            if acc is None:
                acc = np.zeros((hi - lo, 2), dtype=np.float32)
            piece = p.clip.read(a - p.start, b - a)
            if p.gain != 1.0:
                piece *= np.float32(p.gain)
            acc[a - lo : b - lo] += piece
        return acc

    def _beds(self, lo: int, hi: int) -> Frames | None:
        acc: Frames | None = None
        for run in self.beds:
            a, b = max(run.start, lo), min(run.end, hi)
            if b <= a:
                continue
            if acc is None:
                acc = np.zeros((hi - lo, 2), dtype=np.float32)
            piece = read_looped(self._bed_clips[run.bed], a - run.origin, b - a)
            envelope = run.envelope(a, b - a)
            if isinstance(envelope, float):
                piece *= np.float32(envelope)
            else:
                piece *= envelope
            acc[a - lo : b - lo] += piece
        if acc is not None:
            fade = session_fade(self.timeline, self.fade_out, lo, hi - lo)
            if not isinstance(fade, float):
                acc *= fade
            duck = self.ducking.gains(lo, hi - lo)
            if isinstance(duck, float):
                if duck != 1.0:
                    acc *= np.float32(duck)
            else:
                acc *= duck
        return acc


def read_looped(clip: ClipReader, offset: int, frames: int) -> Frames:
    """`frames` frames of `clip` repeated back to back, from `offset` (>= 0) in that loop."""
    length = clip.length
    if length <= 0:
        return np.zeros((frames, 2), dtype=np.float32)
    pos = offset % length
    if pos + frames <= length:
        return clip.read(pos, frames)
    out = np.empty((frames, 2), dtype=np.float32)
    done = 0
    while done < frames:
        take = min(length - pos, frames - done)
        out[done : done + take] = clip.read(pos, take)
        done += take
        pos = 0
    return out
