"""The level of every clip in a session, and the ducking of the bed, as exact functions of
the timeline (PROGRAM_FORMAT.md, "Levels" and "Ducking").

Gains, in dB, with `loudness: L` in force for the phase:
- voice: voice_gain + (L - the clip's integrated loudness);
- bed: bed_gain + (L - the bed file's loudness), so `bed_gain: -20dB` sits 20 LU under the voice;
- cue: cue_gain + (L - the cue's loudness).
With `loudness: off`, or a clip with nothing to measure (silence), the gain is the plain
voice_gain / bed_gain / cue_gain: the file plays as it is. Normalisation never raises a clip
by more than MAX_BOOST_DB (a whisper-quiet file would bring its noise up with it); what it
pushes over full scale is caught by the limiter.

Ducking with `duck: X dB` on a phase: while its voice clip sounds (the measured stretches,
`Measurement.sounding`, placed at the phase start) the bed goes down by X dB. The bed starts
down ATTACK_S before the voice (the placement is known ahead, so the voice's first syllable
already finds the bed lowered) and comes back over RELEASE_S after it; both ramps are raised
cosines in amplitude, so there is no click. Where ducks overlap the lowest gain wins.
    w(t) = 0.5 - 0.5 cos(pi x), x = (t - (A - attack) + 0.5) / attack   on [A - attack, A)
    w(t) = 1                                                             on [A, B)
    w(t) = 0.5 + 0.5 cos(pi x), x = (t - B + 0.5) / release              on [B, B + release)
    gain(t) = 1 - w(t) (1 - 10^(-X/20))
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from ..core.program import BUILTIN_ASK, AudioSettings, TimedPhase, Timeline, db_to_linear
from .loudness import Measurement

MAX_BOOST_DB = 24.0
ATTACK_S = 0.15
RELEASE_S = 0.6

Role = Literal["voice", "bed", "cue"]
Levels = Callable[[str], Measurement | None]
"""The measurement of a clip reference (None: not measured, or `loudness: off` everywhere)."""
Gains = npt.NDArray[np.float32]


def normalising_db(target: float | None, m: Measurement | None) -> float:
    """What loudness normalisation adds to a clip measuring `m` for the target (0 when off)."""
    if target is None or m is None or m.integrated_lufs is None:
        return 0.0
    return min(target - m.integrated_lufs, MAX_BOOST_DB)


def clip_gain_db(role: Role, audio: AudioSettings, m: Measurement | None) -> float:
    """The gain in dB a clip in `role` gets under `audio` (see the module docstring)."""
    base = {"voice": audio.voice_gain_db, "bed": audio.bed_gain_db, "cue": audio.cue_gain_db}
    return base[role] + normalising_db(audio.loudness_lufs, m)


@dataclass(frozen=True)
class _Duck:
    start: int  # A: the voice sounds from here ...
    end: int  # B: ... to here
    depth: float  # linear gain while fully down


@dataclass(frozen=True)
class DuckPlan:
    """The bed's ducking gain over a session, sample by sample. `ducks` are in session
    order: voices do not overlap (a voice ends before the next phase starts), so both their
    starts and their ends ascend."""

    ducks: tuple[_Duck, ...]
    attack: int
    release: int
    ends: tuple[int, ...] = ()

    def gains(self, start: int, frames: int) -> Gains | float:
        """The ducking gain for samples [start, start+frames): a number where it is constant."""
        end = start + frames
        first = bisect.bisect_right(self.ends, start - self.release)
        active: list[_Duck] = []
        for d in self.ducks[first:]:
            if d.start - self.attack >= end:
                break
            active.append(d)
        if not active:
            return 1.0
        if len(active) == 1 and active[0].start <= start and end <= active[0].end:
            return active[0].depth
        t = np.arange(start, end, dtype=np.float64)
        gain = np.ones(frames)
        for d in active:
            x_down = np.clip((t - (d.start - self.attack) + 0.5) / self.attack, 0.0, 1.0)
            x_up = np.clip((t - d.end + 0.5) / self.release, 0.0, 1.0)
            w = np.where(
                t < d.start,
                0.5 - 0.5 * np.cos(np.pi * x_down),
                np.where(t < d.end, 1.0, 0.5 + 0.5 * np.cos(np.pi * x_up)),
            )
            np.minimum(gain, 1.0 - w * (1.0 - d.depth), out=gain)
        return gain.astype(np.float32)[:, None]


def needs_measuring(timeline: Timeline) -> list[str]:
    """The clip references whose measurement changes how the session sounds, in order of
    first use: every clip of a phase with a loudness target, and the voices that duck."""
    refs: dict[str, None] = {}
    for tp in timeline.phases:
        audio = tp.phase.audio
        if audio.loudness_lufs is not None:
            cue = audio.cue if tp.index > 0 else None
            ask = BUILTIN_ASK if tp.phase.ask_level else None  # levelled as the phase's cue
            for ref in (tp.phase.voice, cue, ask, audio.bed):
                if ref is not None:
                    refs[ref] = None
        if audio.duck_db is not None and tp.phase.voice is not None:
            refs[tp.phase.voice] = None
    return list(refs)


def plan_ducking(timeline: Timeline, levels: Levels) -> DuckPlan:
    """Where the bed ducks under the session's voices (empty when no phase ducks)."""
    ducks = [d for tp in timeline.phases for d in _phase_ducks(tp, timeline.rate, levels)]
    return _plan(ducks, timeline.rate)


class LazyDucking:
    """The same gains as `plan_ducking(timeline, levels).gains`, asking `levels` for a
    voice only when a block it can duck is mixed: a first play does not wait for the
    measurement of every voice of the session (`measuring.py`)."""

    def __init__(self, timeline: Timeline, levels: Levels) -> None:
        self._timeline = timeline
        self._levels = levels
        self._plain = _plan([], timeline.rate)
        reach = self._plain.release + timeline.rate  # a spare second: only a bound is needed
        # Where each ducking phase's ducks can lie: from its start less the attack to its
        # end plus the release (a voice ends within its phase).
        self._phases = [
            (tp.start - self._plain.attack, tp.end + reach, tp)
            for tp in timeline.phases
            if tp.phase.audio.duck_db is not None and tp.phase.voice is not None
        ]
        self._ducks: dict[int, list[_Duck]] = {}

    def gains(self, start: int, frames: int) -> Gains | float:
        end = start + frames
        ducks: list[_Duck] = []
        for lo, hi, tp in self._phases:
            if lo < end and start < hi:
                found = self._ducks.get(tp.index)
                if found is None:
                    found = self._ducks[tp.index] = _phase_ducks(
                        tp, self._timeline.rate, self._levels
                    )
                ducks += found
        if not ducks:
            return 1.0
        # Every duck that can touch the block is here, so the plan of these alone gives
        # the block exactly what the plan of the whole session gives it.
        return _plan(ducks, self._timeline.rate).gains(start, frames)


def _phase_ducks(tp: TimedPhase, rate: int, levels: Levels) -> list[_Duck]:
    duck_db = tp.phase.audio.duck_db
    if duck_db is None or tp.phase.voice is None:
        return []
    m = levels(tp.phase.voice)
    if m is None:
        return []
    depth = db_to_linear(-duck_db)
    ducks = []
    for a, b in m.sounding:
        start = tp.start + round(a * rate)
        end = min(tp.start + round(b * rate), tp.start + round(m.seconds * rate))
        if end > start:
            ducks.append(_Duck(start, end, depth))
    return ducks


def _plan(ducks: list[_Duck], rate: int) -> DuckPlan:
    ducks = sorted(ducks, key=lambda d: d.start)
    return DuckPlan(
        tuple(ducks),
        max(1, round(ATTACK_S * rate)),
        max(1, round(RELEASE_S * rate)),
        tuple(d.end for d in ducks),
    )
