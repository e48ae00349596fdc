"""PracticeRecorder: turns what the player reports into journal checkpoints.

The app and the CLI `play` drive it the same way from their poll loop (every 100 ms; the app
every 500 ms while nobody watches the Player), so both log alike. The attempt is written the
moment the session starts, then checkpointed every `CHECKPOINT_EVERY` seconds of wall-clock
time (4 s: under the promised 5 s even if a poll comes late) and at once at every phase
change, pause, resume and skip. If the process dies, the journal already says: not
completed, "interrupted", listened up to the last checkpoint, which is at most about 4 s
behind the truth.

Phases completed counts phases that were played to their end: leaving a phase forwards by
playing (not by a skip), and the last phase when the session finishes.

Lived levels (`level()`) are written at once, with the listened time and phase they belong
to (lived.py says how); the seconds heard in each phase are saved with every checkpoint.

Completed means more than "the end was reached": the session must also have been listened
to for at least half its length (`COMPLETED_SHARE`). Skipped phases add nothing to the
listened time, so skipping to the end after 13 s of an 11-minute session is a partial
practice with the reason "skipped" ("skipped ahead" in words), everywhere that counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from ..problems import ProgramError, UserError
from ..program import Program, Session, Timeline, session_timeline
from ..store import utc_now
from .lived import LivedAttribution

CHECKPOINT_EVERY = 4.0
COMPLETED_SHARE = 0.5
"""The part of a session's length that must have been heard for it to count as completed."""

REASON_FINISHED = "finished"
REASON_SKIPPED = "skipped"
"""The end was reached, but after skipping most of the session: a partial practice."""


class AttemptLog(Protocol):
    """The part of the Journal the recorder needs (tests may pass a fake)."""

    def start_attempt(
        self, program_id: str, program_version: str, session_id: str, started: datetime
    ) -> int: ...

    def checkpoint(
        self,
        attempt_id: int,
        *,
        listened_s: float,
        phases_completed: int,
        pauses: int,
        skips: int,
        at: datetime,
    ) -> None: ...

    def finish_attempt(
        self,
        attempt_id: int,
        *,
        completed: bool,
        reason: str,
        ended: datetime,
        listened_s: float,
        phases_completed: int,
        pauses: int,
        skips: int,
    ) -> None: ...

    def record_level(
        self, attempt_id: int, *, at_s: float, phase: int, level: int, position_s: float
    ) -> None: ...

    def save_phase_times(self, attempt_id: int, times: dict[int, float]) -> None: ...


class PracticeRecorder:
    def __init__(
        self,
        journal: AttemptLog,
        program: Program,
        session: Session,
        clock: Callable[[], datetime] = utc_now,
        timeline: Timeline | None = None,
        length_s: float | None = None,
    ) -> None:
        self.journal = journal
        self.program = program
        self.session = session
        self.clock = clock
        self.attempt_id: int | None = None
        self.listened_s = 0.0
        self.phase_index = 0
        self.pauses = 0
        self.skips = 0
        self.finished = False
        self.completed = False  # decided by finish()
        if length_s is None:
            known = timeline.seconds if timeline is not None else None
            length_s = _session_length(program, session) if known is None else known
        self.length_s = length_s
        self._completed_phases: set[int] = set()
        self._last_saved: datetime | None = None
        self.position_s = 0.0
        self.last_level: int | None = None  # the level given most recently, if any
        self.lived = LivedAttribution(session, timeline)
        self._phase_heard: dict[int, float] = {}
        self._heard_changed = False

    @property
    def phases_completed(self) -> int:
        return len(self._completed_phases)

    def start(self) -> int:
        """Record the attempt now; returns its id (for saving reflection answers later)."""
        if self.attempt_id is None:
            now = self.clock()
            self.attempt_id = self.journal.start_attempt(
                self.program.id, self.program.version, self.session.id, now
            )
            self._last_saved = now
        return self.attempt_id

    def progress(
        self, listened_s: float, phase_index: int, position_s: float | None = None
    ) -> None:
        """Called from the poll loop; writes only when due or when the phase changed."""
        if self.finished:
            return
        heard = max(float(listened_s) - self.listened_s, 0.0)
        if heard > 0:
            before = self._phase_heard.get(self.phase_index, 0.0)
            self._phase_heard[self.phase_index] = before + heard
            self._heard_changed = True
        self.listened_s = max(self.listened_s, float(listened_s))
        if position_s is not None:
            self.position_s = float(position_s)
        changed = phase_index != self.phase_index
        if changed:
            if phase_index == self.phase_index + 1:
                self._completed_phases.add(self.phase_index)
                self.lived.phase_played(self.phase_index, self.listened_s, self.clock())
            self.phase_index = phase_index
        now = self.clock()
        last = self._last_saved
        if changed or last is None or (now - last).total_seconds() >= CHECKPOINT_EVERY:
            self._save(now)

    def paused(self) -> None:
        self.pauses += 1
        self._save(self.clock())

    def resumed(self) -> None:
        self._save(self.clock())

    def skipped(self, from_index: int, to_index: int) -> None:
        """A skip is not a phase played; the progress call that follows must not count it."""
        self.skips += 1
        self.phase_index = to_index
        self._save(self.clock())

    def level(
        self,
        level: int,
        listened_s: float | None = None,
        phase_index: int | None = None,
        position_s: float | None = None,
    ) -> None:
        """The participant gave a lived level (0-10) now; it is written at once.

        Without the player's figures the recorder's latest ones are used. A level just after
        a "how high is it now?" chime belongs to the chime's moment (LivedAttribution).
        """
        attempt_id = self.start()
        self.last_level = level
        now_s = self.listened_s if listened_s is None else max(self.listened_s, listened_s)
        moment = self.lived.moment(
            now_s,
            self.phase_index if phase_index is None else phase_index,
            self.position_s if position_s is None else position_s,
            self.clock(),
        )
        self.journal.record_level(
            attempt_id,
            at_s=moment.at_s,
            phase=moment.phase,
            level=level,
            position_s=moment.position_s,
        )

    def listened_enough(self) -> bool:
        """At least half the session heard (a session of unknown length: any listening)."""
        return self.listened_s >= COMPLETED_SHARE * self.length_s

    def finish(self, completed: bool, reason: str) -> None:
        """Close the attempt. `completed` says the end was reached; it is logged as completed
        only when enough of the session was heard, otherwise as partial, "skipped"."""
        if self.finished:
            return
        attempt_id = self.start()
        if completed and self.session.phases:
            last = len(self.session.phases) - 1
            self._completed_phases.add(last)
            self.lived.phase_played(last, self.listened_s, self.clock())
        self._save_heard(attempt_id)
        if completed and not self.listened_enough():
            completed, reason = False, REASON_SKIPPED
        self.completed = completed
        self.finished = True
        self.journal.finish_attempt(
            attempt_id,
            completed=completed,
            reason=reason,
            ended=self.clock(),
            listened_s=self.listened_s,
            phases_completed=self.phases_completed,
            pauses=self.pauses,
            skips=self.skips,
        )

    def _save(self, now: datetime) -> None:
        if self.finished:
            return
        attempt_id = self.start()
        self.journal.checkpoint(
            attempt_id,
            listened_s=self.listened_s,
            phases_completed=self.phases_completed,
            pauses=self.pauses,
            skips=self.skips,
            at=now,
        )
        self._save_heard(attempt_id)
        self._last_saved = now

    def _save_heard(self, attempt_id: int) -> None:
        if self._heard_changed:
            self.journal.save_phase_times(attempt_id, dict(self._phase_heard))
            self._heard_changed = False


def _session_length(program: Program, session: Session) -> float:
    """The session's length in seconds; 0 when its audio cannot be measured (then the
    recorder cannot judge, and reaching the end is what counts, as before)."""
    try:
        return session_timeline(program, session.id).seconds
    except (ProgramError, UserError, OSError, ValueError):
        return 0.0
