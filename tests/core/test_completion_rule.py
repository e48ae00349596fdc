"""Issue 12, major 8: reaching the end is not enough to count as completed.

A session counts as completed only when it reached its end having been listened to for at
least half its length (skipped phases add nothing to what was heard). Skipping to the end
after 13 s is a partial practice, "skipped ahead", in the log, the plan (Home, Journal),
the figures and the coach's report alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from test_journal_support import FakeClock, make_program

from vallei_player.commands.log import _reason
from vallei_player.core.journal import Journal
from vallei_player.core.practice import (
    PracticeRecorder,
    PracticeSchedule,
    build_program_report,
    course_complete_on,
    next_session_id,
    plan,
)

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)  # a Monday, at the slot
PROGRAM = make_program(2, phases=11)  # 11 phases of one minute: an 11-minute session
SESSION = PROGRAM.sessions[0]
SCHEDULE = PracticeSchedule(("mon",), "20:00", "Europe/Amsterdam", date(2025, 3, 3))


@pytest.fixture
def journal() -> Journal:
    j = Journal.open(clock=FakeClock(T0))
    yield j
    j.close()


def play_to_the_end(journal: Journal, listened_s: float, skips: int) -> PracticeRecorder:
    """The player's story: some listening, `skips` times Next, then the session's end."""
    clock = FakeClock(T0)
    rec = PracticeRecorder(journal, PROGRAM, SESSION, clock)
    rec.start()
    for phase in range(1, skips + 1):
        rec.skipped(phase - 1, phase)
        rec.progress(listened_s * phase / max(skips, 1), phase)
    last = len(SESSION.phases) - 1
    rec.progress(listened_s, last)
    clock.advance(listened_s)
    rec.finish(completed=True, reason="finished")
    return rec


def test_thirteen_seconds_then_the_end_is_partial_skipped_ahead(journal: Journal) -> None:
    rec = play_to_the_end(journal, 13.0, skips=10)
    [a] = journal.attempts()
    assert (a.completed, a.reason) == (False, "skipped")
    assert rec.completed is False
    assert _reason(a.reason) == "skipped ahead"


def test_most_of_the_session_heard_then_the_end_is_completed(journal: Journal) -> None:
    rec = play_to_the_end(journal, 6 * 60.0, skips=5)  # 6 of 11 minutes, five phases skipped
    [a] = journal.attempts()
    assert (a.completed, a.reason) == (True, "finished")
    assert rec.completed is True


def test_just_under_half_is_partial(journal: Journal) -> None:
    play_to_the_end(journal, 5.4 * 60, skips=6)
    [a] = journal.attempts()
    assert a.completed is False


def test_a_skipped_ahead_session_is_partial_on_home_in_the_figures_and_in_the_report(
    journal: Journal,
) -> None:
    play_to_the_end(journal, 100.0, skips=10)  # over a minute heard: partial practice
    attempts = journal.attempts()
    now = T0 + timedelta(hours=1)
    [slot] = [s for s in plan(PROGRAM, SCHEDULE, attempts, now, weeks=1) if s.attempt_ids]
    assert slot.status == "partial"
    # The session is not behind the participant: Home offers it again next time.
    assert next_session_id(PROGRAM, attempts) == "s1"
    assert course_complete_on(PROGRAM, attempts, SCHEDULE.zone) is None
    report = build_program_report(
        PROGRAM, SCHEDULE, attempts, since=None, until=date(2025, 3, 9), include_text=True, now=now
    )
    assert [s.status for s in report.sessions] == ["partial"]


def test_a_completed_session_moves_the_course_on(journal: Journal) -> None:
    play_to_the_end(journal, 11 * 60.0, skips=0)
    attempts = journal.attempts()
    assert next_session_id(PROGRAM, attempts) == "s2"
    now = T0 + timedelta(hours=1)
    [slot] = [s for s in plan(PROGRAM, SCHEDULE, attempts, now, weeks=1) if s.attempt_ids]
    assert slot.status == "done"


def test_a_session_whose_sound_cannot_be_measured_counts_reaching_its_end(
    journal: Journal,
) -> None:
    """When the length is unknown (its voice file is gone, so the timeline cannot be made),
    the recorder cannot judge "half of it": reaching the end is what counts, as before the
    rule, even after a short listen."""
    from dataclasses import replace

    phases = tuple(replace(p, voice="audio/gone.wav", duration=None) for p in SESSION.phases)
    session = replace(SESSION, phases=phases)
    program = replace(PROGRAM, sessions=(session, *PROGRAM.sessions[1:]))
    rec = PracticeRecorder(journal, program, session, FakeClock(T0))
    assert rec.length_s == 0.0
    rec.start()
    rec.progress(0.4, len(phases) - 1)
    rec.finish(completed=True, reason="finished")
    [a] = journal.attempts()
    assert (a.completed, a.reason) == (True, "finished")
