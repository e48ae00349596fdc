"""A session's timeline in integer samples: where each phase starts and how long it lasts.

This is PROGRAM_FORMAT.md's "timeline semantics" in code: S_0 = 0, S_{i+1} = S_i + N_i,
N_i = round(duration_i * R) or the voice clip's length at R. The engine mixes by these
numbers and the UI draws them, so there is exactly one place that computes them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ...i18n import _
from ..audiofiles import ClipInfo
from ..problems import Location, ProgramError
from .limits import MAX_SESSION, shown_length
from .model import Phase, Session
from .values import format_duration, seconds_to_samples

DEFAULT_RATE = 48_000

ClipLookup = Callable[[str], ClipInfo]
"""Gives the ClipInfo of a path relative to the program folder."""


@dataclass(frozen=True)
class TimedPhase:
    phase: Phase
    start: int  # first sample of the phase
    length: int  # samples

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def index(self) -> int:
        return self.phase.index


@dataclass(frozen=True)
class Timeline:
    session: Session
    rate: int
    phases: tuple[TimedPhase, ...]
    length: int  # the whole session in samples

    @property
    def seconds(self) -> float:
        return self.length / self.rate

    def phase_at(self, sample: int) -> TimedPhase:
        """The phase playing at `sample` (the last phase for positions at or past the end)."""
        starts = [p.start for p in self.phases]
        i = bisect.bisect_right(starts, max(sample, 0)) - 1
        return self.phases[max(0, min(i, len(self.phases) - 1))]


def build_timeline(session: Session, rate: int, clips: ClipLookup) -> Timeline:
    """Expand `session` at `rate`; raises ProgramError when a voice clip outlasts its phase."""
    if rate <= 0:
        raise ValueError("rate must be positive")
    timed: list[TimedPhase] = []
    start = 0
    for phase in session.phases:
        voice_len = clips(phase.voice).length_at(rate) if phase.voice else None
        if phase.duration is not None:
            length = seconds_to_samples(phase.duration, rate)
            if voice_len is not None and voice_len > length:
                where = phase.location or Location(session.id)
                raise ProgramError.single(
                    where,
                    _(
                        "the voice clip '{voice}' lasts {length}, longer than the phase's "
                        "duration {duration}; lengthen the duration or leave it out"
                    ).format(
                        voice=phase.voice,
                        length=format_duration(voice_len / rate),
                        duration=format_duration(phase.duration),
                    ),
                )
        elif voice_len is not None:
            length = voice_len
        else:  # the loader refuses this; a hand-built model gets a programmer's error
            raise ValueError(f"phase {phase.index} has neither duration nor voice")
        timed.append(TimedPhase(phase, start, length))
        start += length
    if start > seconds_to_samples(MAX_SESSION, rate):  # the loader refuses this with a line
        raise ProgramError.single(
            session.location or Location(session.id),
            _(
                "session '{session}' lasts {length}, longer than the {most} a session may last; "
                "shorten its phases or split it into two sessions"
            ).format(
                session=session.id,
                length=shown_length(Fraction(start, rate)),
                most=format_duration(MAX_SESSION),
            ),
        )
    return Timeline(session, rate, tuple(timed), start)
