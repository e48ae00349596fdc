"""What the log promises, checked call by call (issue 10 item 12: mutants that lived).

Expectations come from the recorder's and the planner's specification (docs/architecture.md,
"Recording practice"; planner.py, "What counts"): a phase counts as completed when it was
played to its end (leaving it forwards by playing, or the last phase when the session
finishes), never when it was skipped; listened time is what was heard, and it never goes
back; practice is a completed attempt or one of at least one minute.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from test_journal_support import FakeClock, attempt, make_program

from vallei_player.core.journal import Attempt, Journal
from vallei_player.core.practice import (
    PracticeRecorder,
    PracticeSchedule,
    consistency,
    counts_as_practice,
    course_complete_on,
    next_session_id,
    plan,
    week_figures,
)

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)
PROGRAM = make_program(2, phases=4)
SESSION = PROGRAM.sessions[0]


@pytest.fixture
def journal() -> Journal:
    j = Journal.open(clock=FakeClock(T0))
    yield j
    j.close()


def recorder(journal: Journal) -> tuple[PracticeRecorder, FakeClock]:
    clock = FakeClock(T0)
    rec = PracticeRecorder(journal, PROGRAM, SESSION, clock)
    rec.start()
    return rec, clock


def logged(journal: Journal) -> Attempt:
    [a] = journal.attempts()
    return a


def test_next_from_a_phase_to_the_following_one_does_not_count_it_as_completed(
    journal: Journal,
) -> None:
    rec, clock = recorder(journal)
    clock.advance(10)
    rec.progress(10.0, 0)
    # Next in phase 0: the player reports Skipped(0, 1), then PhaseEntered(1)
    rec.skipped(0, 1)
    rec.progress(10.1, 1)
    assert logged(journal).phases_completed == 0
    clock.advance(60)
    rec.progress(70.0, 2)  # phase 1 played to its end
    assert logged(journal).phases_completed == 1
    rec.skipped(2, 3)
    rec.progress(70.2, 3)
    assert (logged(journal).phases_completed, logged(journal).skips) == (1, 2)


def test_a_skip_over_several_phases_counts_none_of_them(journal: Journal) -> None:
    rec, _ = recorder(journal)
    rec.skipped(0, 3)
    rec.progress(1.0, 3)
    rec.finish(completed=True, reason="finished")
    a = logged(journal)
    # only the last phase, played; 1 s of 4 minutes heard is partial (issue 12, major 8)
    assert (a.phases_completed, a.skips, a.completed, a.reason) == (1, 1, False, "skipped")


def test_stopping_in_the_last_phase_does_not_count_it(journal: Journal) -> None:
    rec, clock = recorder(journal)
    for index in (1, 2, 3):  # phases 0, 1 and 2 played to their end
        clock.advance(60)
        rec.progress(60.0 * index, index)
    clock.advance(30)
    rec.progress(210.0, 3)
    rec.finish(completed=False, reason="stopped")
    a = logged(journal)
    assert (a.completed, a.reason, a.phases_completed, a.listened_s) == (
        False,
        "stopped",
        3,
        210.0,
    )


def test_finishing_counts_the_last_phase_once(journal: Journal) -> None:
    rec, clock = recorder(journal)
    for index in (1, 2, 3):
        clock.advance(60)
        rec.progress(60.0 * index, index)
    clock.advance(60)
    rec.progress(240.0, 3)
    rec.finish(completed=True, reason="finished")
    assert logged(journal).phases_completed == 4


def test_listened_time_never_decreases(journal: Journal) -> None:
    rec, clock = recorder(journal)
    clock.advance(30)
    rec.progress(30.0, 0)
    clock.advance(5)
    rec.progress(12.0, 0)  # e.g. a late, stale report: what was heard stays heard
    assert logged(journal).listened_s == 30.0
    clock.advance(5)
    rec.progress(31.5, 1)
    assert logged(journal).listened_s == 31.5
    rec.paused()
    rec.finish(completed=False, reason="stopped")
    a = logged(journal)
    assert (a.listened_s, a.pauses) == (31.5, 1)


def test_checkpoints_come_every_four_seconds_of_wall_clock_and_at_phase_changes(
    journal: Journal,
) -> None:
    rec, clock = recorder(journal)
    clock.advance(3.9)
    rec.progress(3.9, 0)
    assert logged(journal).listened_s == 0.0  # not due yet: the last save was at the start
    clock.advance(0.1)
    rec.progress(4.0, 0)
    assert logged(journal).listened_s == 4.0  # 4 s after the start
    clock.advance(1)
    rec.progress(5.0, 0)
    assert logged(journal).listened_s == 4.0
    rec.progress(5.2, 1)  # a phase change is saved at once
    assert logged(journal).listened_s == 5.2


# -- one minute of practice -------------------------------------------------------------------

AMS = ZoneInfo("Europe/Amsterdam")
MWF = PracticeSchedule(("mon", "wed", "fri"), "20:00", "Europe/Amsterdam", date(2025, 3, 3))
MONDAY_2000 = datetime(2025, 3, 3, 20, 0, tzinfo=AMS)
TUESDAY_NOON = datetime(2025, 3, 4, 12, 0, tzinfo=AMS)


@pytest.mark.parametrize(
    ("listened_s", "completed", "counts"),
    [(59.9, False, False), (60.0, False, True), (61.0, False, True), (5.0, True, True),
     (0.0, False, False)],
)  # fmt: skip
def test_practice_is_a_completed_attempt_or_one_of_at_least_a_minute(
    listened_s: float, completed: bool, counts: bool
) -> None:
    a = attempt("s1", MONDAY_2000, completed=completed, listened_s=listened_s, phases_completed=0)
    assert counts_as_practice(a) is counts
    monday = plan(PROGRAM, MWF, [a], TUESDAY_NOON, weeks=1)[0]
    expected = ("done" if completed else "partial") if counts else "missed"
    assert monday.status == expected
    [week] = week_figures(PROGRAM, MWF, [a], TUESDAY_NOON)
    assert week.done == (1 if counts else 0)


# -- saved at once: pause, resume, a level before any poll (mutation check, 2 Dec) -------------


def test_a_pause_is_in_the_journal_at_once(journal: Journal) -> None:
    """The recorder's promise: checkpointed at once at every pause (a crash right after it
    must not lose the 2 s heard nor the pause)."""
    rec, clock = recorder(journal)
    clock.advance(2)
    rec.progress(2.0, 0)  # not due yet (under 4 s since the start)
    rec.paused()
    a = logged(journal)
    assert (a.listened_s, a.pauses) == (2.0, 1)


def test_a_resume_is_in_the_journal_at_once(journal: Journal) -> None:
    rec, clock = recorder(journal)
    clock.advance(2)
    rec.progress(2.0, 0)
    assert logged(journal).listened_s == 0.0
    rec.resumed()
    assert logged(journal).listened_s == 2.0


def test_a_session_under_way_is_not_completed(journal: Journal) -> None:
    rec, clock = recorder(journal)
    clock.advance(30)
    rec.progress(30.0, 1)
    assert rec.completed is False  # only finish() can decide it
    rec.finish(completed=True, reason="finished")
    assert rec.completed is False  # 30 s of a 4-minute session: partial (skipped ahead)


def test_a_level_given_before_the_first_poll_belongs_to_the_very_start(journal: Journal) -> None:
    rec, _clock = recorder(journal)
    rec.level(7)
    [level] = logged(journal).levels
    assert (level.at_s, level.phase, level.level, level.position_s) == (0.0, 0, 7, 0.0)


def test_the_seconds_heard_in_each_phase_are_saved_with_checkpoints_and_at_the_end(
    journal: Journal,
) -> None:
    """Lived levels need the seconds heard per phase (recorder: "saved with every
    checkpoint"); the end of the session saves the last ones too."""
    rec, clock = recorder(journal)
    clock.advance(4)
    rec.progress(4.0, 0)  # the 4 s checkpoint
    assert logged(journal).phase_listened == ((0, 4.0),)
    clock.advance(60)
    rec.progress(64.0, 1)  # saved at the phase change: 60 s more, heard in phase 0
    clock.advance(2)
    rec.progress(66.0, 1)  # not due: 2 s since the last save
    assert logged(journal).phase_listened == ((0, 64.0),)
    rec.finish(completed=False, reason="stopped")
    assert logged(journal).phase_listened == ((0, 64.0), (1, 2.0))


def test_a_session_heard_to_its_end_is_completed(journal: Journal) -> None:
    rec, clock = recorder(journal)
    for index in range(4):
        clock.advance(60)
        rec.progress(60.0 * (index + 1), index)
    rec.finish(completed=True, reason="finished")
    assert rec.completed is True
    assert logged(journal).completed is True


def test_a_session_heard_exactly_half_way_is_completed(journal: Journal) -> None:
    """At least half its length (COMPLETED_SHARE): 120 s of a 4-minute session counts."""
    rec, clock = recorder(journal)
    clock.advance(120)
    rec.progress(120.0, 3)
    rec.finish(completed=True, reason="finished")
    assert logged(journal).completed is True


def test_many_short_polls_add_up_to_the_seconds_heard_in_the_phase(journal: Journal) -> None:
    """The app polls every 100 ms: each poll's sliver of listening counts."""
    rec, clock = recorder(journal)
    for n in range(1, 51):  # 5 s in 0.1 s polls
        clock.advance(0.1)
        rec.progress(n / 10, 0)
    rec.finish(completed=False, reason="stopped")
    [(phase, seconds)] = logged(journal).phase_listened
    assert (phase, seconds) == (0, pytest.approx(5.0))


ASKING = dataclasses.replace(
    SESSION, phases=tuple(dataclasses.replace(p, ask_level=True) for p in SESSION.phases)
)


def asking_recorder(journal: Journal) -> tuple[PracticeRecorder, FakeClock]:
    clock = FakeClock(T0)
    rec = PracticeRecorder(journal, PROGRAM, ASKING, clock, length_s=240.0)
    rec.start()
    return rec, clock


def test_a_level_just_after_an_asking_phase_ended_belongs_to_that_phase(
    journal: Journal,
) -> None:
    """lived.py: a level given within 10 s after an `ask_level` phase ended by playing
    belongs to the chime's moment, the end of that phase."""
    rec, clock = asking_recorder(journal)
    clock.advance(60)
    rec.progress(60.0, 1)  # phase 0 played to its end at 60 s heard
    clock.advance(3)
    rec.progress(63.0, 1)
    rec.level(6)
    [level] = logged(journal).levels
    assert (level.at_s, level.phase, level.level) == (60.0, 0, 6)


def test_a_level_just_after_the_last_asking_phase_finished_belongs_to_it(
    journal: Journal,
) -> None:
    rec, clock = asking_recorder(journal)
    for index in range(4):
        clock.advance(60)
        rec.progress(60.0 * (index + 1), index)
    rec.finish(completed=True, reason="finished")
    clock.advance(4)
    rec.level(3)
    [level] = logged(journal).levels
    assert (level.at_s, level.phase, level.level) == (240.0, 3, 3)


# -- the plan: which practice stands for a day; practice today counts today ---------------------


def test_the_best_practice_of_a_day_is_the_one_its_slot_shows(journal: Journal) -> None:
    """planner.py: several attempts on one day make one practice day, best first (completed,
    then the longest listened): a partial morning try and a completed evening session make a
    done slot showing the completed session."""
    morning = attempt("s1", datetime(2025, 3, 3, 9, 0, tzinfo=AMS), completed=False,
                      listened_s=90.0, phases_completed=0, id=1)  # fmt: skip
    evening = attempt("s2", datetime(2025, 3, 3, 20, 0, tzinfo=AMS), id=2)
    monday = plan(PROGRAM, MWF, [morning, evening], TUESDAY_NOON, weeks=1)[0]
    assert (monday.status, monday.session_id) == ("done", "s2")
    assert monday.attempt_ids[0] == 2


def test_practice_on_the_first_monday_counts_that_very_evening() -> None:
    """figures.py: consistency rises with practice; a slot done today counts today, even on
    the Monday the course starts (the first day of an ISO week)."""
    done = attempt("s1", MONDAY_2000)
    later = datetime(2025, 3, 3, 21, 30, tzinfo=AMS)
    assert consistency(PROGRAM, MWF, [done], later) > 0.0
    assert consistency(PROGRAM, MWF, [], later) == 0.0


@pytest.mark.parametrize(
    ("local_time", "status"),
    [((19, 29, 59), "coming"), ((19, 30, 0), "due"), ((23, 59, 0), "due")],
)
def test_a_slot_is_due_from_half_an_hour_before_its_time_until_midnight(
    local_time: tuple[int, int, int], status: str
) -> None:
    """planner.py: "due" on its day from DUE_BEFORE (30 minutes) before its time until
    midnight, else "coming"."""
    now = datetime(2025, 3, 3, *local_time, tzinfo=AMS)
    assert plan(PROGRAM, MWF, [], now, weeks=1)[0].status == status


def test_since_starts_the_plan_on_an_earlier_day() -> None:
    """`since` shows the days before this week too (the reminders look a week back)."""
    wednesday = datetime(2025, 3, 12, 12, tzinfo=AMS)
    slots = plan(PROGRAM, MWF, [], wednesday, weeks=1, since=date(2025, 3, 3))
    assert slots[0].start == MONDAY_2000
    assert slots[0].status == "missed"


def test_half_of_the_phases_played_covers_a_session_of_one_phase() -> None:
    """A session is covered by an attempt that finished at least half of its phases."""
    short = make_program(2, phases=1)
    tried = attempt("s1", MONDAY_2000, completed=False, listened_s=30.0, phases_completed=1)
    assert next_session_id(short, [tried]) == "s2"


def test_the_course_is_complete_only_when_the_last_session_is_covered() -> None:
    """A short try of the last session (no phase finished) does not complete the course."""
    two = make_program(2)
    first = attempt("s1", MONDAY_2000)
    glance = attempt("s2", datetime(2025, 3, 5, 20, tzinfo=AMS), completed=False,
                     listened_s=70.0, phases_completed=0)  # fmt: skip
    assert course_complete_on(two, [first, glance], AMS) is None
    done = attempt("s2", datetime(2025, 3, 7, 20, tzinfo=AMS))
    assert course_complete_on(two, [first, glance, done], AMS) == date(2025, 3, 7)


def test_a_third_of_the_phases_does_not_cover_a_session() -> None:
    three = make_program(2, phases=3)
    tried = attempt("s1", MONDAY_2000, completed=False, listened_s=200.0, phases_completed=1)
    assert next_session_id(three, [tried]) == "s1"
    twice = attempt("s1", MONDAY_2000, completed=False, listened_s=200.0, phases_completed=2)
    assert next_session_id(three, [twice]) == "s2"


def test_of_two_partial_tries_on_one_day_the_longer_stands_for_it() -> None:
    short = attempt("s2", datetime(2025, 3, 3, 9, 0, tzinfo=AMS), completed=False,
                    listened_s=70.0, phases_completed=0, id=1)  # fmt: skip
    longer = attempt("s1", datetime(2025, 3, 3, 20, 0, tzinfo=AMS), completed=False,
                     listened_s=300.0, phases_completed=0, id=2)  # fmt: skip
    monday = plan(PROGRAM, MWF, [short, longer], TUESDAY_NOON, weeks=1)[0]
    assert (monday.status, monday.session_id, monday.attempt_ids) == ("partial", "s1", (2, 1))


def test_a_plan_of_zero_weeks_still_shows_this_week() -> None:
    """At least this ISO week, also on its Monday."""
    slots = plan(PROGRAM, MWF, [], datetime(2025, 3, 3, 12, tzinfo=AMS), weeks=0)
    assert [s.start.day for s in slots] == [3, 5, 7]
