"""Warnings for timing settings that cannot be what the coach meant.

They are warnings, not errors: the timeline is still exact (PROGRAM_FORMAT.md, timeline
semantics), it just does not sound as intended.
- `fade_out` longer than the session: the background fades from before the session starts;
  longer than the last phase: it fades all through the phase before as well.
- A bed change's `crossfade` is centred on the boundary, so half of it lies in each phase
  it joins; when that half is longer than one of them, the fade reaches past that phase.
- A cue (played at a phase's start, every phase but the first) longer than its phase runs
  on under the next phase.
A session whose lengths are unknown (a voice clip with its own problem) is not judged.
"""

from __future__ import annotations

from fractions import Fraction

from ...i18n import _
from ..audiofiles import ClipInfo
from ..problems import Location, Problems
from .limits import clip_seconds
from .model import Phase, Program, Session
from .values import format_duration


def check_timing(program: Program, clips: dict[str, ClipInfo], problems: Problems) -> None:
    for session in program.sessions:
        lengths = _lengths(session, clips)
        if lengths is None:
            continue
        _check_fade_out(session, lengths, problems)
        _check_crossfades(session, lengths, problems)
        _check_cues(session, lengths, clips, problems)


def _lengths(session: Session, clips: dict[str, ClipInfo]) -> list[Fraction] | None:
    found = []
    for phase in session.phases:
        if phase.duration is not None:
            found.append(phase.duration)
            continue
        info = clips.get(phase.voice) if phase.voice is not None else None
        if info is None:
            return None
        found.append(clip_seconds(info))
    return found


def _where(phase: Phase, session: Session) -> Location:
    return phase.location or session.location or Location(session.id)


def _shown(seconds: Fraction) -> str:
    return format_duration(seconds) if seconds > 0 else "0s"


def _check_fade_out(session: Session, lengths: list[Fraction], problems: Problems) -> None:
    if not session.phases or all(p.audio.bed is None for p in session.phases):
        return  # fade_out fades the bed only; without one it changes nothing
    fade = session.audio.fade_out
    total = sum(lengths, Fraction(0))
    where = session.location or Location(session.id)
    if fade > total:
        problems.warning(
            where,
            _(
                "fade_out is {fade}, longer than session '{session}' ({length}): the "
                "background fades from before the start; shorten fade_out"
            ).format(fade=_shown(fade), session=session.id, length=_shown(total)),
        )
    elif fade > lengths[-1]:
        problems.warning(
            where,
            _(
                "fade_out is {fade}, longer than the last phase of session '{session}' "
                "({length}): the background starts fading in the phase before; shorten "
                "fade_out or lengthen the last phase"
            ).format(fade=_shown(fade), session=session.id, length=_shown(lengths[-1])),
        )


def _check_crossfades(session: Session, lengths: list[Fraction], problems: Problems) -> None:
    phases = session.phases
    for i in range(1, len(phases)):
        before, after = phases[i - 1], phases[i]
        if before.audio.bed == after.audio.bed:
            continue
        crossfade = after.audio.crossfade
        shorter = min(lengths[i - 1], lengths[i])
        if crossfade / 2 > shorter:
            problems.warning(
                _where(after, session),
                _(
                    "the crossfade of {crossfade} between the beds here is centred on the "
                    "start of this phase, so half of it must fit in each phase it joins, but "
                    "one lasts only {length}; shorten crossfade"
                ).format(crossfade=_shown(crossfade), length=_shown(shorter)),
            )


def _check_cues(
    session: Session, lengths: list[Fraction], clips: dict[str, ClipInfo], problems: Problems
) -> None:
    for phase, length in zip(session.phases[1:], lengths[1:], strict=True):
        cue = phase.audio.cue
        info = clips.get(cue) if cue is not None else None
        if info is None:  # none, the short built-in bell, or a file with its own problem
            continue
        if clip_seconds(info) > length:
            problems.warning(
                _where(phase, session),
                _(
                    "the cue '{name}' lasts {cue}, longer than this phase ({length}): it "
                    "sounds on under the next phase; use a shorter cue or lengthen the phase"
                ).format(name=cue, cue=_shown(clip_seconds(info)), length=_shown(length)),
            )
