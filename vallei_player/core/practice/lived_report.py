"""The lived wave in the coach's report: the planned phases with the time heard in each, and
the levels given, as plain data (report.py puts them in each session)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..problems import ProgramError, UserError
from ..program import Program, Session, session_timeline

if TYPE_CHECKING:
    from ..journal import Attempt


@dataclass(frozen=True)
class ReportPhase:
    index: int
    title: str
    kind: str
    level: float  # the planned height of the wave, 0..1
    start_s: float
    planned_s: float
    listened_s: float | None  # None: the journal did not keep it for this attempt
    asks_level: bool


@dataclass(frozen=True)
class ReportLevel:
    at_s: float  # listened seconds
    phase: int
    level: int
    position_s: float  # where on the planned wave


def planned_phases(program: Program, session: Session, attempt: Attempt) -> tuple[ReportPhase, ...]:
    """The session's phases as planned, with the seconds heard in each for this attempt."""
    try:
        timeline = session_timeline(program, session.id)
    except (ProgramError, UserError):  # a clip gone from an old version: no wave to draw
        return ()
    heard = dict(attempt.phase_listened)
    known = bool(heard) or not attempt.listened_s
    return tuple(
        ReportPhase(
            index=tp.index,
            title=tp.phase.title_in(program.language),
            kind=tp.phase.kind,
            level=tp.phase.level,
            start_s=round(tp.start / timeline.rate, 3),
            planned_s=round(tp.length / timeline.rate, 3),
            listened_s=round(heard.get(tp.index, 0.0), 1) if known else None,
            asks_level=tp.phase.ask_level,
        )
        for tp in timeline.phases
    )


def report_levels(attempt: Attempt) -> tuple[ReportLevel, ...]:
    return tuple(
        ReportLevel(round(x.at_s, 3), x.phase, x.level, round(x.position_s, 3))
        for x in attempt.levels
    )
