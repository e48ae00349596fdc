"""What `validate` and `info` say about levels: each clip's measured loudness, true peak and
noise floor, the gain it gets, and warnings for what levelling cannot mend.

Warnings (issue 11; thresholds a coach can act on):
- a clip whose samples reach full scale (CLIPPED_DBFS) is clipped: distortion no gain undoes;
- a voice with a noise floor above NOISY_DBFS in its pauses: hiss or hum under every word,
  raised with the voice when it is quiet;
- a voice that needs more than QUIET_GAIN_DB of gain to reach the target: its noise comes up
  by as much;
- with `loudness: off`, a voice more than FAR_LU from the middle of the others: the listener
  would have to reach for the volume.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass

from ..core.problems import Location, Problem, UserError
from ..core.program import BUILTIN_ASK, BUILTIN_CUE, Program, Timeline, clip_lookup
from ..i18n import _
from .levels import Role, clip_gain_db, normalising_db
from .loudness import Measurement
from .loudness_store import measure_clip

CLIPPED_DBFS = -0.1
NOISY_DBFS = -50.0
QUIET_GAIN_DB = 15.0
FAR_LU = 6.0


@dataclass(frozen=True)
class ClipUse:
    """One clip as a session uses it first: its role and the settings in force there."""

    ref: str
    role: Role
    target: float | None  # the loudness target there; None for `loudness: off`
    location: Location | None


@dataclass(frozen=True)
class ClipLevel:
    use: ClipUse
    measurement: Measurement | None  # None: could not be measured (the reason is a problem)

    @property
    def normalising_db(self) -> float:
        return normalising_db(self.use.target, self.measurement)


def clip_uses(program: Program) -> list[ClipUse]:
    """Every clip the program plays, once, in order of first use."""
    seen: dict[str, ClipUse] = {}
    for session in program.sessions:
        for phase in session.phases:
            audio = phase.audio
            cue = audio.cue if phase.index > 0 else None
            where = phase.location or session.location
            ask = BUILTIN_ASK if phase.ask_level else None  # levelled as a cue
            uses = ((phase.voice, "voice"), (cue, "cue"), (ask, "cue"), (audio.bed, "bed"))
            for ref, role in uses:
                if ref is not None and ref not in seen:
                    seen[ref] = ClipUse(ref, role, audio.loudness_lufs, where)  # type: ignore[arg-type]
    return list(seen.values())


def measure_program(program: Program) -> tuple[list[ClipLevel], list[Problem]]:
    """Each clip's levels and the warnings about them (see the module docstring).

    A clip that cannot be decoded, or a missing ffmpeg, becomes one warning and no levels:
    validation has already judged the file itself.
    """
    levels: list[ClipLevel] = []
    problems: list[Problem] = []
    lookup = clip_lookup(program)
    for use in clip_uses(program):
        try:
            m = measure_clip(program.clip_path(use.ref), lookup(use.ref))
        except UserError as e:
            problems.append(
                Problem(
                    use.location or Location(program.source),
                    _("the levels of '{file}' could not be measured: {reason}").format(
                        file=shown(use.ref), reason=e
                    ),
                    "warning",
                )
            )
            levels.append(ClipLevel(use, None))
            continue
        levels.append(ClipLevel(use, m))
    problems += list(_warnings(levels))
    return levels, problems


def shown(ref: str) -> str:
    """How a clip reference is named to people (the built-in sounds have no path)."""
    if ref == BUILTIN_ASK:
        return _("the built-in “how high is it now?” chime")
    return _("the built-in bell") if ref == BUILTIN_CUE else ref


def warnings_by_clip(levels: list[ClipLevel]) -> dict[str, list[Problem]]:
    """The same warnings as `measure_program`, per clip reference (the Studio shows each
    on the phase that plays the clip)."""
    found: dict[str, list[Problem]] = {}
    for ref, problem in _clip_warnings(levels):
        found.setdefault(ref, []).append(problem)
    return found


def _warnings(levels: list[ClipLevel]) -> Iterator[Problem]:
    for _ref, problem in _clip_warnings(levels):
        yield problem


def _clip_warnings(levels: list[ClipLevel]) -> Iterator[tuple[str, Problem]]:
    for level in levels:
        m, use = level.measurement, level.use
        if m is None:
            continue
        for problem in _one_clip(level, m):
            yield use.ref, problem
    yield from _far_from_the_others(levels)


def _one_clip(level: ClipLevel, m: Measurement) -> Iterator[Problem]:
    use = level.use
    where = use.location or Location("program.yaml")
    name = shown(use.ref)
    if m.sample_peak_dbfs is not None and m.sample_peak_dbfs >= CLIPPED_DBFS:
        yield Problem(
            where,
            _(
                "'{file}' is clipped: its peaks reach full scale, which sounds distorted "
                "at any volume; record it again a little less loud"
            ).format(file=name),
            "warning",
        )
    # a bed is sound all through, a bell rings out: only a voice has pauses to judge
    if use.role == "voice" and m.noise_floor_dbfs is not None and m.noise_floor_dbfs > NOISY_DBFS:
        yield Problem(
            where,
            _(
                "'{file}' has noise of {level} dBFS in its pauses (more than about "
                "{most} dBFS): record in a quieter room, or with the microphone closer"
            ).format(file=name, level=f"{m.noise_floor_dbfs:.0f}", most=f"{NOISY_DBFS:.0f}"),
            "warning",
        )
    needed = (use.target or 0.0) - (m.integrated_lufs or 0.0)
    if use.role == "voice" and level.normalising_db > QUIET_GAIN_DB:
        yield Problem(
            where,
            _(
                "'{file}' is quiet ({lufs} LUFS): it needs {gain} dB to reach {target} "
                "LUFS, and its noise comes up as much; record it closer to the microphone"
            ).format(
                file=name,
                lufs=f"{m.integrated_lufs:.1f}",
                gain=f"{needed:+.1f}",
                target=f"{use.target or 0:g}",
            ),
            "warning",
        )


def _far_from_the_others(levels: list[ClipLevel]) -> Iterator[tuple[str, Problem]]:
    unlevelled = [
        (lv.use, lv.measurement.integrated_lufs)
        for lv in levels
        if lv.use.role == "voice" and lv.use.target is None and lv.measurement is not None
    ]
    loudness = [(use, lufs) for use, lufs in unlevelled if lufs is not None]
    if len(loudness) < 2:
        return
    middle = statistics.median(lufs for _use, lufs in loudness)
    for use, lufs in loudness:
        if abs(lufs - middle) > FAR_LU:
            yield (
                use.ref,
                Problem(
                    use.location or Location("program.yaml"),
                    _(
                        "'{file}' is {difference} LU from the other voices ({lufs} against "
                        "{middle} LUFS) and loudness is off: write 'loudness: -18LUFS' or "
                        "level the recordings"
                    ).format(
                        file=use.ref,
                        difference=f"{lufs - middle:+.1f}",
                        lufs=f"{lufs:.1f}",
                        middle=f"{middle:.1f}",
                    ),
                    "warning",
                ),
            )


@dataclass(frozen=True)
class VoiceLevel:
    """A phase's voice as it plays: measured loudness and the gain it gets (info)."""

    lufs: float | None
    gain_db: float


def voice_levels(program: Program, timeline: Timeline) -> list[VoiceLevel | None]:
    """Per phase of `timeline`: its voice's level, or None for a phase without voice or one
    that could not be measured."""
    out: list[VoiceLevel | None] = []
    lookup = clip_lookup(program)
    for tp in timeline.phases:
        ref = tp.phase.voice
        if ref is None:
            out.append(None)
            continue
        try:
            m = measure_clip(program.clip_path(ref), lookup(ref))
        except UserError:
            out.append(None)
            continue
        out.append(VoiceLevel(m.integrated_lufs, clip_gain_db("voice", tp.phase.audio, m)))
    return out
