"""How much a program may ask of the machine: the longest session, clip and session sound.

A pack is hostile input. Three megabytes of Ogg can hold ten hours of silence, which decodes
to 13.8 GB of PCM; without bounds, a valid-looking pack fills the disk when it is played.
The bounds are chosen for real home-practice programmes, whose sessions last 10 to 60
minutes, with room to spare:

- a session lasts at most MAX_SESSION (3 h);
- a sound file lasts at most MAX_CLIP (3 h): a longer one cannot be heard to its end;
- the distinct sound files one session uses last at most MAX_SESSION_SOUND (4 h) together:
  the 3 h of voice a session can hold plus an hour of beds and bells. This is what the
  engine decodes into its cache for one session (5.5 GB at 48 kHz), so the engine's cache
  bound follows from it.

The loader reports each as an error at the line it comes from (`check_limits`), so
`validate`, `pack` and `import` refuse such a program; `build_timeline` refuses a session
that is too long whoever built it.
"""

from __future__ import annotations

from fractions import Fraction

from ...i18n import _
from ..audiofiles import ClipInfo
from ..problems import Location, Problems
from .model import Phase, Program, Session
from .values import format_duration

MAX_SESSION = Fraction(3 * 3600)
MAX_CLIP = Fraction(3 * 3600)
MAX_SESSION_SOUND = Fraction(4 * 3600)


def clip_seconds(info: ClipInfo) -> Fraction:
    return Fraction(info.frames, info.rate)


def shown_length(seconds: Fraction) -> str:
    """Whole seconds, rounded up: "lasts 10h1s", never "lasts 3h" for a bit over 3 h."""
    return format_duration(Fraction(-(-seconds.numerator // seconds.denominator)))


def clip_too_long(name: str, info: ClipInfo) -> str | None:
    """The problem with a sound file longer than MAX_CLIP, or None."""
    length = clip_seconds(info)
    if length <= MAX_CLIP:
        return None
    return _(
        "the file '{name}' lasts {length}, longer than the {most} a sound file may last; "
        "shorten it or split it over several phases"
    ).format(name=name, length=shown_length(length), most=format_duration(MAX_CLIP))


def check_limits(program: Program, clips: dict[str, ClipInfo], problems: Problems) -> None:
    """Errors for sessions that last too long or use too much sound (clips already checked).

    A session with a voice clip that could not be used (missing, not audio, too long) is not
    measured: its own problem is reported already, and its length is unknown.
    """
    for session in program.sessions:
        _check_length(session, clips, problems)
        _check_sound(session, clips, problems)


def _check_length(session: Session, clips: dict[str, ClipInfo], problems: Problems) -> None:
    total = Fraction(0)
    crossing: Phase | None = None
    for phase in session.phases:
        length = _phase_seconds(phase, clips)
        if length is None:
            return
        total += length
        if crossing is None and total > MAX_SESSION:
            crossing = phase
    if crossing is None:
        return
    where = crossing.location or session.location or Location(session.id)
    problems.error(
        where,
        _(
            "session '{session}' lasts {length}, longer than the {most} a session may last; "
            "it passes {most} at this phase: shorten its phases or split it into two sessions"
        ).format(
            session=session.id,
            length=shown_length(total),
            most=format_duration(MAX_SESSION),
        ),
    )


def _check_sound(session: Session, clips: dict[str, ClipInfo], problems: Problems) -> None:
    used: set[str] = set()
    for phase in session.phases:
        for ref in (phase.voice, phase.audio.cue if phase.index > 0 else None, phase.audio.bed):
            if ref is not None:
                used.add(ref)
    # The built-in bell and files reported elsewhere are not in `clips`; the bell is short.
    total = sum((clip_seconds(clips[ref]) for ref in used if ref in clips), Fraction(0))
    if total <= MAX_SESSION_SOUND:
        return
    problems.error(
        session.location or Location(session.id),
        _(
            "the sound files of session '{session}' last {length} together, more than the "
            "{most} one session may use; use fewer or shorter files (a file used again "
            "counts once)"
        ).format(
            session=session.id,
            length=shown_length(total),
            most=format_duration(MAX_SESSION_SOUND),
        ),
    )


def _phase_seconds(phase: Phase, clips: dict[str, ClipInfo]) -> Fraction | None:
    if phase.duration is not None:
        return phase.duration
    info = clips.get(phase.voice) if phase.voice is not None else None
    return clip_seconds(info) if info is not None else None
