"""What the journal hands out: plain frozen values, times aware and in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

AnswerValue = str | int | None

REASON_INTERRUPTED = "interrupted"
"""Written when an attempt starts, so a crash or power cut leaves it saying exactly that."""


@dataclass(frozen=True)
class Answer:
    """One reflection answer; `final` is False while it is a draft saved as it was typed."""

    prompt_id: str
    ask: str
    type: str
    value: AnswerValue
    final: bool
    updated: datetime


@dataclass(frozen=True)
class LivedLevel:
    """An arousal level (0-10) the participant gave while listening.

    `at_s` is the listened time it belongs to, `phase` the phase's index; a level given just
    after a programme's "how high is it now?" chime belongs to the chime's moment.
    `position_s` is where in the session's planned timeline that was (for drawing it over
    the planned wave; it differs from `at_s` after a skip or a seek).
    """

    at_s: float
    phase: int
    level: int
    position_s: float


@dataclass(frozen=True)
class Attempt:
    """One time a session was played, finished or not.

    `ended` is None while the attempt is still open or when the app stopped without closing
    it (a crash or power cut); such an attempt has reason "interrupted" and the listened time
    of its last checkpoint, taken at `saved`.
    """

    id: int
    program_id: str
    program_version: str
    session_id: str
    started: datetime
    ended: datetime | None
    listened_s: float
    phases_completed: int
    pauses: int
    skips: int
    completed: bool
    reason: str  # "finished" | "stopped" | "interrupted" | anything the player reports
    answers: tuple[Answer, ...] = ()
    saved: datetime | None = None  # the last checkpoint
    levels: tuple[LivedLevel, ...] = ()  # in the order they were given
    phase_listened: tuple[tuple[int, float], ...] = ()  # (phase index, seconds heard) by index

    @property
    def answer_values(self) -> dict[str, AnswerValue]:
        return {a.prompt_id: a.value for a in self.answers}


@dataclass(frozen=True)
class InstalledRecord:
    """A program the journal knows about; `removed` is set when it left the library."""

    program_id: str
    version: str
    title: str
    installed: datetime
    removed: datetime | None


@dataclass(frozen=True)
class Note:
    id: int
    written: datetime
    updated: datetime
    text: str
    program_id: str | None = None
    attempt_id: int | None = None


def to_text(moment: datetime) -> str:
    """UTC ISO text; refuses naive times, which would silently mean the machine's zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("journal times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text)


def maybe_time(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text)
