"""Property-based checks of the planner: any days, any time, any zone, any pattern of misses."""

from __future__ import annotations

import zoneinfo
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_journal_support import attempt, make_program

from vallei_player.core.practice import PracticeSchedule, next_session_id, plan, undone_sessions
from vallei_player.core.program import WEEKDAYS

ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
DST_WEEKS = [  # (zone, a moment in a week where the clocks change)
    ("Europe/Amsterdam", datetime(2024, 3, 27, 12, tzinfo=UTC)),
    ("Europe/Amsterdam", datetime(2024, 10, 24, 12, tzinfo=UTC)),
    ("America/New_York", datetime(2024, 3, 7, 12, tzinfo=UTC)),
    ("America/New_York", datetime(2025, 10, 31, 12, tzinfo=UTC)),
]

day_sets = st.sets(st.sampled_from(WEEKDAYS), min_size=1, max_size=7).map(
    lambda s: tuple(d for d in WEEKDAYS if d in s)
)
times = st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}:{t[1]:02d}")
moments = st.datetimes(datetime(2000, 1, 1), datetime(2037, 12, 31), timezones=st.just(UTC))
LONG_AGO = date(1999, 1, 1)  # the course began before any week looked at: every slot counts
FAST = settings(max_examples=60, deadline=None, database=None)


def _check_shape(slots: list, schedule: PracticeSchedule, weeks: int, now: datetime) -> None:
    local_days = [s.start.date() for s in slots]
    assert len(set(local_days)) == len(local_days), "two sessions on one day"
    per_week = Counter(d.isocalendar()[:2] for d in local_days)
    today = now.astimezone(schedule.zone).date()
    ahead = today + timedelta(days=7 * weeks - 1)  # `weeks` from today, in whole ISO weeks
    assert len(per_week) == (ahead - today).days // 7 + (ahead.weekday() < today.weekday()) + 1
    assert max(local_days) >= ahead - timedelta(days=6)
    assert set(per_week.values()) == {len(schedule.days)}
    hh, mm = (int(x) for x in schedule.time.split(":"))
    for s in slots:
        assert (s.start.hour, s.start.minute) == (hh, mm)  # the wall-clock time chosen
        assert WEEKDAYS[s.start.weekday()] in schedule.days
    assert [s.start for s in slots] == sorted(s.start for s in slots)


@FAST
@given(days=day_sets, time=times, zone=st.sampled_from(ZONES), now=moments, weeks=st.integers(1, 6))
def test_any_days_any_time_any_zone(days, time, zone, now, weeks) -> None:
    schedule = PracticeSchedule(days, time, zone, LONG_AGO)
    slots = plan(make_program(4), schedule, [], now, weeks=weeks)
    _check_shape(slots, schedule, weeks, now)


@FAST
@given(days=day_sets, time=times, which=st.sampled_from(DST_WEEKS), shift=st.integers(-3, 3))
def test_daylight_saving_weeks_in_amsterdam_and_new_york(days, time, which, shift) -> None:
    zone, moment = which
    schedule = PracticeSchedule(days, time, zone, LONG_AGO)
    now = moment + timedelta(days=shift)
    slots = plan(make_program(4), schedule, [], now, weeks=2)
    _check_shape(slots, schedule, 2, now)
    for earlier, later in zip(slots, slots[len(days) :], strict=False):
        # the same weekday a week on: seven calendar days, same wall-clock time
        assert later.start.date() - earlier.start.date() == timedelta(days=7)


@settings(max_examples=40, deadline=None, database=None)
# A slot in the day's last five minutes: played five minutes late would be tomorrow, a
# practice day of its own (the planner's rule), so the participant plays it on time.
@example(
    ("mon", "wed", "fri"), "23:57", "UTC", [True, False, True], datetime(2024, 1, 1, tzinfo=UTC)
)
@given(
    days=day_sets,
    time=times,
    zone=st.sampled_from(["Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "UTC"]),
    practised=st.lists(st.booleans(), min_size=1, max_size=24),
    start=st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC)),
)
def test_misses_move_the_course_on_without_skipping_content(
    days, time, zone, practised, start
) -> None:
    """A participant who plays whatever the plan says, or misses it: no session is skipped,
    none is repeated, and the plan always offers the next undone one."""
    program = make_program(10)
    schedule = PracticeSchedule(days, time, zone, start.astimezone(zoneinfo.ZoneInfo(zone)).date())
    log = []
    now = start
    slot_starts = schedule.slots(schedule.start, schedule.start + timedelta(days=7 * 10))
    for goes, slot in zip(practised, slot_starts, strict=False):
        late = timedelta(minutes=5)
        now = slot + late if (slot + late).date() == slot.date() else slot
        [current] = [s for s in plan(program, schedule, log, now, weeks=1) if s.start == slot]
        assert current.status == "due"
        assert current.session_id == next_session_id(program, log)
        if goes and current.session_id is not None:
            log.append(attempt(current.session_id, now, id=len(log) + 1))
    played = [a.session_id for a in log]
    assert played == [s.id for s in program.sessions][: len(played)]
    after = now + timedelta(days=1)
    coming = [
        s.session_id
        for s in plan(program, schedule, log, after, weeks=5)
        if s.status in ("due", "coming")
    ]
    remaining = undone_sessions(program, log)
    assert coming[: len(remaining)] == remaining[: len(coming)]
    for missed in plan(program, schedule, log, after, weeks=1):
        if missed.status == "missed":  # shows what was next then
            before = [a for a in log if a.started < missed.start]
            assert missed.session_id == next_session_id(program, before)
