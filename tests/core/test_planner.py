"""The plan: each slot gets the next session; misses move the course on; figures stay gentle."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from test_journal_support import attempt, make_program

from vallei_player.core.practice import (
    PracticeSchedule,
    consistency,
    next_session_id,
    plan,
    reminders,
    summary,
    week_figures,
)

AMS = ZoneInfo("Europe/Amsterdam")
PROGRAM = make_program(6)
MWF = PracticeSchedule(("mon", "wed", "fri"), "20:00", "Europe/Amsterdam", date(2025, 3, 3))


def local(y: int, m: int, d: int, h: int = 20, mi: int = 0, tz: ZoneInfo = AMS) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=tz)


def view(slots: list) -> list[tuple[str, str | None, str]]:
    return [(f"{s.start:%a %H:%M}", s.session_id, s.status) for s in slots]


def test_default_schedule_follows_the_program() -> None:
    s = PracticeSchedule.default_for(PROGRAM, "Europe/Amsterdam")
    assert (s.days, s.time, s.timezone) == (("mon", "wed", "fri"), "20:00", "Europe/Amsterdam")


def test_bad_schedules_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        PracticeSchedule(("mon",), "8pm", "UTC")
    with pytest.raises(ValueError, match="time zone"):
        PracticeSchedule(("mon",), "20:00", "Mars/Olympus")
    with pytest.raises(ValueError, match="different"):
        PracticeSchedule(("mon", "mon"), "20:00", "UTC")


def test_each_coming_slot_gets_the_next_session() -> None:
    done = [attempt("s1", local(2025, 3, 3, 20, 5))]
    slots = plan(PROGRAM, MWF, done, local(2025, 3, 5, 10), weeks=2)
    assert len(slots) == 9  # Wednesday + two weeks reaches into a third ISO week
    assert view(slots)[:6] == [
        ("Mon 20:00", "s1", "done"),
        ("Wed 20:00", "s2", "coming"),
        ("Fri 20:00", "s3", "coming"),
        ("Mon 20:00", "s4", "coming"),
        ("Wed 20:00", "s5", "coming"),
        ("Fri 20:00", "s6", "coming"),
    ]


def test_a_missed_slot_shows_missed_and_the_course_simply_continues() -> None:
    slots = plan(PROGRAM, MWF, [], local(2025, 3, 5, 19, 45), weeks=1)
    assert view(slots)[:3] == [
        ("Mon 20:00", "s1", "missed"),
        ("Wed 20:00", "s1", "due"),
        ("Fri 20:00", "s2", "coming"),
    ]


def test_off_plan_practice_counts_for_the_week() -> None:
    tuesday = [attempt("s1", local(2025, 3, 4, 9))]
    slots = plan(PROGRAM, MWF, tuesday, local(2025, 3, 5, 10), weeks=1)
    assert view(slots)[:3] == [
        ("Mon 20:00", "s1", "done"),  # made up on Tuesday
        ("Wed 20:00", "s2", "coming"),
        ("Fri 20:00", "s3", "coming"),
    ]
    [week] = week_figures(PROGRAM, MWF, tuesday, local(2025, 3, 5, 10))
    assert (week.planned, week.done) == (3, 1)


def test_partial_practice_counts_but_content_is_not_skipped() -> None:
    short = attempt(
        "s1", local(2025, 3, 3, 20), completed=False, listened_s=300, phases_completed=1
    )
    slots = plan(PROGRAM, MWF, [short], local(2025, 3, 4, 12), weeks=1)
    assert view(slots)[:2] == [("Mon 20:00", "s1", "partial"), ("Wed 20:00", "s1", "coming")]
    half = attempt("s1", local(2025, 3, 3, 20), completed=False, listened_s=600, phases_completed=2)
    assert next_session_id(PROGRAM, [half]) == "s2"
    too_short = attempt(
        "s1", local(2025, 3, 3, 20), completed=False, listened_s=20, phases_completed=0
    )
    assert plan(PROGRAM, MWF, [too_short], local(2025, 3, 4, 12))[0].status == "missed"


def test_a_finished_course_has_no_more_sessions() -> None:
    done = [attempt(f"s{n + 1}", local(2025, 3, 3) + timedelta(days=n)) for n in range(6)]
    slots = plan(PROGRAM, MWF, done, local(2025, 3, 10, 9), weeks=1)
    assert next_session_id(PROGRAM, done) is None
    assert [s.session_id for s in slots if s.status == "coming"] == [None, None, None]


def test_other_programs_attempts_do_not_count() -> None:
    other = [attempt("s1", local(2025, 3, 3), program_id="other.prog")]
    assert plan(PROGRAM, MWF, other, local(2025, 3, 4, 9))[0].status == "missed"


@pytest.mark.parametrize(
    ("zone", "week_of", "before", "after"),
    [
        ("Europe/Amsterdam", date(2025, 3, 24), 1, 2),  # clocks forward on Sun 30 March
        ("Europe/Amsterdam", date(2025, 10, 20), 2, 1),  # back on Sun 26 October
        ("America/New_York", date(2025, 3, 3), -5, -4),  # forward on Sun 9 March
        ("America/New_York", date(2025, 10, 27), -4, -5),  # back on Sun 2 November
    ],
)
def test_a_slot_at_20_00_stays_at_20_00_across_daylight_saving(
    zone: str, week_of: date, before: int, after: int
) -> None:
    schedule = PracticeSchedule(("fri", "mon"), "20:00", zone)
    tz = ZoneInfo(zone)
    now = datetime.combine(week_of, datetime.min.time(), tzinfo=tz)
    slots = plan(PROGRAM, schedule, [], now, weeks=2)
    assert [f"{s.start:%a %H:%M}" for s in slots] == ["Mon 20:00", "Fri 20:00"] * 2
    offsets = [s.start.utcoffset() for s in slots]
    assert offsets[1] == timedelta(hours=before) and offsets[2] == timedelta(hours=after)
    utc_hours = {s.start.astimezone(UTC).hour for s in slots}
    assert len(utc_hours) == 2  # the UTC time moves so the local time does not


def test_week_figures_minutes_and_weeks_completed() -> None:
    done = [
        attempt("s1", local(2025, 3, 3), listened_s=1200),
        attempt("s2", local(2025, 3, 5), listened_s=1200),
        attempt("s3", local(2025, 3, 8), listened_s=600),  # Saturday, off-plan
        attempt("s4", local(2025, 3, 12), listened_s=900),
    ]
    now = local(2025, 3, 19, 9)
    figures = week_figures(PROGRAM, MWF, done, now)
    assert [(f.label, f.planned, f.done, f.minutes) for f in figures] == [
        ("2025-W10", 3, 3, 50.0),
        ("2025-W11", 3, 1, 15.0),
        ("2025-W12", 3, 0, 0.0),
    ]
    total = summary(PROGRAM, MWF, done, now)
    assert (total.sessions_done, total.sessions_planned, total.weeks_completed) == (4, 9, 1)
    assert total.minutes == 65.0


def test_consistency_rises_with_practice_and_decays_slowly() -> None:
    start = local(2025, 3, 3)
    practised = [
        attempt("s1", start + timedelta(days=7 * w + d)) for w in range(6) for d in (0, 2, 4)
    ]
    # 18 slots practised with a half-life of 6 slots: 1 - 0.5 ** 3.
    after_six_weeks = consistency(PROGRAM, MWF, practised, local(2025, 4, 13, 9))
    assert after_six_weeks == pytest.approx(0.875)
    one_miss = consistency(PROGRAM, MWF, practised, local(2025, 4, 15, 9))
    assert one_miss == pytest.approx(0.875 * 0.5 ** (1 / 6))  # a small dip: 0.875 -> 0.78
    a_month_off = consistency(PROGRAM, MWF, practised, local(2025, 5, 12, 9))
    assert a_month_off == pytest.approx(0.875 / 4)  # faded, never reset to zero by one miss
    back = [*practised, attempt("s2", local(2025, 5, 12))]
    assert consistency(PROGRAM, MWF, back, local(2025, 5, 13, 9)) > a_month_off
    assert consistency(PROGRAM, MWF, [], local(2025, 3, 3, 9)) == 0.0


def test_reminders_due_coming_and_missed() -> None:
    r = reminders(PROGRAM, MWF, [], local(2025, 3, 5, 19, 45))
    assert [s.session_id for s in r.due_now] == ["s1"]
    assert [f"{s.start:%a}" for s in r.missed] == ["Mon"]
    assert r.coming_up == ()
    r = reminders(PROGRAM, MWF, [attempt("s1", local(2025, 3, 5, 19, 50))], local(2025, 3, 6, 21))
    assert [(f"{s.start:%a}", s.session_id) for s in r.coming_up] == [("Fri", "s2")]
    assert r.due_now == ()
