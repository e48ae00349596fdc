"""The .ics file parses with a real iCalendar parser and lands on the plan's slots."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from test_journal_support import attempt, make_program

from vallei_player.core.practice import (
    DISCREET_SUMMARY,
    PracticeSchedule,
    build_calendar,
    plan,
    typical_duration,
)
from vallei_player.core.problems import UserError

PROGRAM = make_program(9, title="Waves of rest")


def occurrences(ics: bytes) -> tuple[icalendar.Calendar, list[datetime]]:
    cal = icalendar.Calendar.from_ical(ics)
    found = []
    for event in cal.walk("VEVENT"):
        start = event.decoded("dtstart")
        rule = event["RRULE"].to_ical().decode()
        found += list(rrulestr(rule, dtstart=start))
    return cal, sorted(found, key=lambda d: d.astimezone(UTC))


@pytest.mark.parametrize(
    ("zone", "days", "now"),
    [
        ("Europe/Amsterdam", ("mon", "wed", "fri"), datetime(2025, 3, 18, 12, tzinfo=UTC)),
        ("America/New_York", ("tue", "sat"), datetime(2025, 10, 20, 23, 30, tzinfo=UTC)),
    ],
)
def test_events_repeat_on_the_chosen_days_and_match_the_plan(
    zone: str, days: tuple, now: datetime
) -> None:
    schedule = PracticeSchedule(days, "20:00", zone, date(2025, 3, 1))
    done = [attempt("s1", now - timedelta(days=3)), attempt("s2", now - timedelta(days=1))]
    ics = build_calendar(PROGRAM, schedule, done, now, timedelta(minutes=25))
    cal, starts = occurrences(ics)
    today = now.astimezone(ZoneInfo(zone)).date()
    planned = [
        s.start
        for s in plan(PROGRAM, schedule, done, now, weeks=8)
        if s.start.date() >= today and s.session_id is not None
    ]
    assert [d.astimezone(UTC) for d in starts] == [d.astimezone(UTC) for d in planned]
    assert all((d.hour, d.minute) == (20, 0) for d in starts)  # across the DST change too
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(days)
    for event in events:
        assert event.decoded("duration") == timedelta(minutes=25)
        assert str(event["summary"]) == "Vallei practice: Waves of rest"
        [alarm] = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm.decoded("trigger") < timedelta(0)
        assert event["dtstart"].params["TZID"] == zone
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == [zone]


def test_discreet_mode_names_no_program_anywhere() -> None:
    schedule = PracticeSchedule(("mon",), "07:15", "Europe/Amsterdam")
    ics = build_calendar(
        PROGRAM,
        schedule,
        [],
        datetime(2025, 3, 3, tzinfo=UTC),
        timedelta(minutes=30),
        discreet=True,
    )
    text = ics.decode()
    for secret in ("Waves", "rest", "Vallei", "vallei", PROGRAM.id, "Session"):
        assert secret not in text
    cal = icalendar.Calendar.from_ical(ics)
    assert {str(e["summary"]) for e in cal.walk("VEVENT")} == {DISCREET_SUMMARY}


def test_a_finished_course_has_nothing_to_export() -> None:
    done = [attempt(s.id, datetime(2025, 3, 1, tzinfo=UTC)) for s in PROGRAM.sessions]
    schedule = PracticeSchedule(("mon",), "20:00", "UTC")
    with pytest.raises(UserError, match="nothing to put in a calendar"):
        build_calendar(
            PROGRAM, schedule, done, datetime(2025, 4, 1, tzinfo=UTC), timedelta(minutes=30)
        )


def test_typical_duration_is_the_median_in_whole_minutes() -> None:
    assert typical_duration([600.0, 1500.5, 1800.0]) == timedelta(minutes=26)
    assert typical_duration([]) == timedelta(minutes=30)


@pytest.mark.parametrize("discreet", [False, True])
def test_the_file_carries_the_properties_rfc_5545_requires(discreet: bool) -> None:
    """RFC 5545 3.6: a VCALENDAR MUST have PRODID and VERSION (2.0); each event UID, DTSTAMP
    and DTSTART (3.6.1), each display alarm ACTION, TRIGGER and DESCRIPTION (3.6.6)."""
    schedule = PracticeSchedule(("mon", "thu"), "20:00", "Europe/Amsterdam")
    ics = build_calendar(
        PROGRAM, schedule, [], datetime(2025, 3, 3, tzinfo=UTC), timedelta(minutes=30), discreet
    )
    cal = icalendar.Calendar.from_ical(ics)
    assert str(cal["version"]) == "2.0"
    assert str(cal["prodid"]).startswith("-//")
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART"} <= set(event)
        [alarm] = event.walk("VALARM")
        assert {"ACTION", "TRIGGER", "DESCRIPTION"} <= set(alarm)
        assert str(alarm["description"]) == str(event["summary"])


def test_importing_the_file_again_updates_the_same_events() -> None:
    """One stable UID per programme and weekday (RFC 5545 3.8.4.7: the UID identifies the
    event), so a calendar app replaces the events instead of showing them twice."""
    schedule = PracticeSchedule(("mon", "thu"), "20:00", "Europe/Amsterdam")

    def uids(now: datetime) -> list[str]:
        ics = build_calendar(PROGRAM, schedule, [], now, timedelta(minutes=30))
        return [str(e["uid"]) for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")]

    first = uids(datetime(2025, 3, 3, tzinfo=UTC))
    assert len(set(first)) == 2
    assert uids(datetime(2025, 3, 5, 9, tzinfo=UTC)) == first


def test_typical_duration_of_an_even_or_longer_list_and_unknown_lengths() -> None:
    """The median (the middle one, the upper middle for an even count), sessions of unknown
    length (0) left out."""
    assert typical_duration([60.0, 120.0, 180.0, 240.0, 300.0]) == timedelta(minutes=3)
    assert typical_duration([60.0, 120.0, 180.0, 240.0]) == timedelta(minutes=3)
    assert typical_duration([0.0, 0.0, 600.0]) == timedelta(minutes=10)
    assert typical_duration([0.0, 0.0]) == timedelta(minutes=30)


def test_the_last_session_left_is_in_the_calendar_on_its_slot() -> None:
    """One session not yet practised: one occurrence, the slot the plan gives it."""
    done = [attempt(s.id, datetime(2025, 3, 1, tzinfo=UTC)) for s in PROGRAM.sessions[:-1]]
    schedule = PracticeSchedule(("mon", "thu"), "20:00", "Europe/Amsterdam")
    sunday = datetime(2025, 3, 9, 12, tzinfo=UTC)
    _cal, starts = occurrences(build_calendar(PROGRAM, schedule, done, sunday,
                                              timedelta(minutes=30)))  # fmt: skip
    assert starts == [datetime(2025, 3, 10, 20, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))]


def test_a_slot_later_today_is_the_first_in_the_calendar() -> None:
    schedule = PracticeSchedule(("mon", "thu"), "20:00", "Europe/Amsterdam")
    monday_noon = datetime(2025, 3, 10, 11, tzinfo=UTC)
    cal, starts = occurrences(build_calendar(PROGRAM, schedule, [], monday_noon,
                                             timedelta(minutes=30)))  # fmt: skip
    assert starts[0] == datetime(2025, 3, 10, 20, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert len(starts) == len(PROGRAM.sessions)
    assert str(cal["x-wr-calname"]) == "Vallei practice: Waves of rest"  # the calendar's name


def test_the_last_session_left_tonight_is_in_the_calendar() -> None:
    done = [attempt(s.id, datetime(2025, 3, 1, tzinfo=UTC)) for s in PROGRAM.sessions[:-1]]
    schedule = PracticeSchedule(("mon", "thu"), "20:00", "Europe/Amsterdam")
    monday_noon = datetime(2025, 3, 10, 11, tzinfo=UTC)
    _cal, starts = occurrences(build_calendar(PROGRAM, schedule, done, monday_noon,
                                              timedelta(minutes=30)))  # fmt: skip
    assert starts == [datetime(2025, 3, 10, 20, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))]
