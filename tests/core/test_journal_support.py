"""Shared builders for the journal, planner and recorder tests (no tests in here)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from vallei_player.core.journal import Attempt
from vallei_player.core.program import AudioSettings, Phase, Program, Prompt, Schedule, Session

PROMPTS = (
    Prompt("noticed", "What did you notice?", "text"),
    Prompt("calm", "How calm were you?", "scale", 0, 10),
)


def make_program(
    sessions: int = 6, program_id: str = "demo.self", title: str = "Waves of rest", phases: int = 4
) -> Program:
    audio = AudioSettings()
    built = []
    for n in range(sessions):
        phase_list = tuple(
            Phase(
                i,
                "rest" if i % 2 else "arousal",
                None,
                None,
                None,
                Fraction(60),
                0.5,
                None,
                None,
                audio,
            )
            for i in range(phases)
        )
        built.append(
            Session(
                f"s{n + 1}", f"Session {n + 1}", n // 3 + 1, None, phase_list, PROMPTS, audio, n
            )
        )
    return Program(
        format=1,
        id=program_id,
        version="1.0.0",
        title=title,
        language="en",
        author=None,
        description=None,
        schedule=Schedule(),
        audio=audio,
        reflection=PROMPTS,
        sessions=tuple(built),
        root=Path("/nonexistent"),
    )


def attempt(
    session_id: str,
    started: datetime,
    *,
    completed: bool = True,
    listened_s: float = 1200.0,
    program_id: str = "demo.self",
    id: int = 0,
    phases_completed: int | None = None,
) -> Attempt:
    return Attempt(
        id=id,
        program_id=program_id,
        program_version="1.0.0",
        session_id=session_id,
        started=started.astimezone(UTC),
        ended=started.astimezone(UTC) + timedelta(minutes=20),
        listened_s=listened_s,
        phases_completed=(4 if completed else 0) if phases_completed is None else phases_completed,
        pauses=0,
        skips=0,
        completed=completed,
        reason="finished" if completed else "stopped",
    )


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
