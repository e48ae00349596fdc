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
- for a phase with `ask_level: true`, the "how high is it now?" chime (BUILTIN_ASK) ending
  where the phase ends (from its start if the phase is shorter), levelled as that phase's
  cue is, never faded; it plays even under `cue: none`, since the phase asks for it;
- the beds (see `beds.py`) times their gain (bed_gain, levelled alike), their crossfades,
  the session fades and the ducking under the voices (`levels.DuckPlan`);
- the listener's voice volume on voice and cues, bed volume on the beds (1.0 in `render`);
- then the limiter (`limiter.py`) keeps |x| <= 0.97; nothing after it changes the samples.
Everything outside [0, length) is silence.
"""

from __future__ import annotations

import bisect
import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..core.program import BUILTIN_ASK, AudioSettings, Timeline, db_to_linear
from .beds import BedGain, BedRun, bed_run, plan_bed_spans, session_fade
from .frames import Frames
from .levels import LazyDucking, Levels, Role, clip_gain_db
from .limiter import MARGIN, limit


class ClipReader(Protocol):
    """A clip's PCM at the engine rate, exactly `length` frames, silence outside."""

    @property
    def length(self) -> int: ...

    def read_into(self, start: int, out: Frames) -> None:
        """Frames [start, start + len(out)) into `out` (C-contiguous (n, 2) float32)."""
        ...


ClipOpener = Callable[[str], ClipReader]
"""Gives the reader for a program's clip reference (a relative path or BUILTIN_CUE)."""


@dataclass
class _Placed:
    start: int
    end: int
    clip: ClipReader
    level: Callable[[], float]  # its linear gain, asked for when the clip is first mixed
    gain: float | None = None


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
        # Gains need the clips' measurements; they are asked for when a block first needs
        # them (`levels` may wait for a worker measuring ahead, `measuring.py`), so the
        # start of a session can sound before its last clip is measured.
        placed: list[_Placed] = []
        for tp in timeline.phases:
            audio = tp.phase.audio
            uses: list[tuple[str, Role, int | None]] = []
            if tp.phase.voice:
                uses.append((tp.phase.voice, "voice", None))
            if tp.index > 0 and audio.cue is not None:
                uses.append((audio.cue, "cue", None))
            if tp.phase.ask_level:
                uses.append((BUILTIN_ASK, "cue", tp.end))  # ends where the phase ends
            for ref, role, ends_at in uses:
                clip = clips(ref)
                begin = tp.start if ends_at is None else max(tp.start, ends_at - clip.length)
                level = functools.partial(_gain, role, audio, ref, measured)
                placed.append(_Placed(begin, begin + clip.length, clip, level))
        placed.sort(key=lambda p: p.start)
        self._fore = placed
        self._fore_starts = [p.start for p in placed]
        self._longest = max((p.end - p.start for p in placed), default=0)
        self._bed_spans = plan_bed_spans(timeline)
        self._bed_runs: dict[int, BedRun] = {}
        self._bed_gain: BedGain = lambda tp, bed: clip_gain_db("bed", tp.phase.audio, measured(bed))
        self.ducking = LazyDucking(timeline, measured)
        self._bed_clips = {span.bed: clips(span.bed) for span in self._bed_spans}
        self.voice_volume = Volume()
        self.bed_volume = Volume()
        self._scratches = threading.local()  # the player's mixing thread, a test's own

    def set_volumes(self, voice: Volume, bed: Volume) -> None:
        """Replace the listener's volumes (the player does this from its mixing thread)."""
        self.voice_volume = voice
        self.bed_volume = bed

    def mix(self, start: int, frames: int, out: Frames | None = None) -> Frames:
        """The session's samples [start, start+frames) as (frames, 2) float32, limited.

        Into `out` when given (a render reuses one buffer), else into a new array.
        """
        extended = self._mix(start - MARGIN, frames + 2 * MARGIN)
        return limit(extended, out)

    def mix_unlimited(self, start: int, frames: int) -> Frames:
        """The same before the limiter (tests and the limiter's look-ahead use it)."""
        return np.add(self._mix(start, frames), np.float32(0.0))  # a copy, zeros made +0.0

    # How the work is done, and why it gives the same samples as the plain rules above:
    # every block is mixed in buffers this thread reuses (`_Scratch`), reading clips straight
    # into them, and skipping work that cannot change a sample (a gain of exactly 1.0, the
    # zeros a lone clip would be added to). Skipping "0.0 + x" changes at most the sign of a
    # zero (-0.0 instead of 0.0); the limiter adds 0.0 once at the end, which makes every
    # zero +0.0 again and leaves every other value as it is, so the output is bit for bit
    # what adding everything into zeros gives (tests/engine/test_render_identical.py).

    def _mix(self, start: int, frames: int) -> Frames:
        """The unlimited mix of [start, start+frames) in this thread's scratch buffer."""
        scratch = self._scratch
        out = scratch.frames("out", frames)
        lo, hi = max(start, 0), min(start + frames, self.length)
        if hi <= lo:
            out[:] = 0
            return out
        out[: lo - start] = 0
        out[hi - start :] = 0
        inside = out[lo - start : hi - start]
        voices = self._foreground_into(lo, hi, inside)
        if voices:
            _scale(inside, self.voice_volume.gains(lo, hi - lo))
        back = scratch.frames("beds", hi - lo)
        if self._beds_into(lo, hi, back):
            _scale(back, self.bed_volume.gains(lo, hi - lo))
            if voices:
                inside += back
            else:
                inside[:] = back
        elif not voices:
            inside[:] = 0
        return out

    @property
    def _scratch(self) -> _Scratch:
        scratch: _Scratch | None = getattr(self._scratches, "buffers", None)
        if scratch is None:
            scratch = self._scratches.buffers = _Scratch()
        return scratch

    def _foreground_into(self, lo: int, hi: int, dest: Frames) -> bool:
        """Voices and cues of [lo, hi) into `dest`; False (dest untouched) when there are none."""
        first = bisect.bisect_left(self._fore_starts, lo - self._longest)
        last = bisect.bisect_left(self._fore_starts, hi)
        begun = False
        for p in self._fore[first:last]:
            a, b = max(p.start, lo), min(p.end, hi)
            if b <= a:
                continue
            gain = p.gain
            if gain is None:
                gain = p.gain = p.level()
            if not begun and a == lo and b == hi:  # the usual block: one clip fills it
                p.clip.read_into(a - p.start, dest)
                if gain != 1.0:
                    dest *= np.float32(gain)
            else:
                if not begun:
                    dest[:] = 0
                piece = self._scratch.frames("piece", b - a)
                p.clip.read_into(a - p.start, piece)
                if gain != 1.0:
                    piece *= np.float32(gain)
                dest[a - lo : b - lo] += piece
            begun = True
        return begun

    def _beds_into(self, lo: int, hi: int, dest: Frames) -> bool:
        """The beds of [lo, hi) into `dest`, faded; False (dest untouched) when there are none."""
        begun = False
        for i, span in enumerate(self._bed_spans):
            a, b = max(span.start, lo), min(span.end, hi)
            if b <= a:
                continue
            run = self._bed_runs.get(i)
            if run is None:
                run = self._bed_runs[i] = bed_run(self.timeline, span, self._bed_gain)
            lone = not begun and a == lo and b == hi
            if not lone and not begun:
                dest[:] = 0
            piece = dest if lone else self._scratch.frames("piece", b - a)
            read_looped_into(self._bed_clips[run.bed], a - run.origin, piece)
            envelope = run.envelope(a, b - a)
            if isinstance(envelope, float):
                if envelope != 1.0:
                    piece *= np.float32(envelope)
            else:
                piece *= envelope
            if not lone:
                dest[a - lo : b - lo] += piece
            begun = True
        if begun:
            fade = session_fade(self.timeline, self.fade_out, lo, hi - lo)
            if not isinstance(fade, float):
                dest *= fade
            _scale(dest, self.ducking.gains(lo, hi - lo))
        return begun


class _Scratch:
    """One thread's work buffers for one mixer, grown to the largest block asked for.

    A render mixes an hour in one-second blocks: new arrays for every block cost a page
    fault per 4 KiB and passes over cold memory; reused ones stay in the CPU's cache.
    """

    def __init__(self) -> None:
        self._arrays: dict[str, Frames] = {}

    def frames(self, name: str, frames: int) -> Frames:
        array = self._arrays.get(name)
        if array is None or len(array) < frames:
            array = self._arrays[name] = np.empty((frames, 2), dtype=np.float32)
        return array[:frames]


def _gain(role: Role, audio: AudioSettings, ref: str, measured: Levels) -> float:
    return db_to_linear(clip_gain_db(role, audio, measured(ref)))


def _scale(block: Frames, gain: Frames | float) -> None:
    """block *= gain, skipped for exactly 1.0 (x * 1.0 is x for every float)."""
    if isinstance(gain, float):
        if gain != 1.0:
            block *= gain
    else:
        block *= gain


def read_looped_into(clip: ClipReader, offset: int, out: Frames) -> None:
    """`len(out)` frames of `clip` repeated back to back, from `offset` (>= 0) in that loop."""
    frames = len(out)
    length = clip.length
    if length <= 0:
        out[:] = 0
        return
    pos = offset % length
    done = 0
    while done < frames:
        take = min(length - pos, frames - done)
        clip.read_into(pos, out[done : done + take])
        done += take
        pos = 0
