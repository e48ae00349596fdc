"""The practice plan as an iCalendar file (RFC 5545), written with the `icalendar` library.

One weekly repeating event per chosen weekday at the chosen local time, with its time zone
included (VTIMEZONE), so calendar apps keep 20:00 at 20:00 across daylight-saving changes.
The events start today and repeat until the slot that carries the last session not yet
practised, as the plan places it. Each has a display alarm a few minutes before.
In discreet mode the file says "Personal time" and nothing about the program or the app:
no title, no session names, no description.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import icalendar

from ...i18n import N_, _
from ..journal import PracticeSchedule
from ..problems import UserError
from ..program import WEEKDAYS, Program, Weekday
from .planner import plan, undone_sessions

if TYPE_CHECKING:
    from ..journal import Attempt

DISCREET_SUMMARY = N_("Personal time")  # in the user's language when written
ALARM_BEFORE = timedelta(minutes=10)
_BYDAY = {d: d[:2].upper() for d in WEEKDAYS}


def build_calendar(
    program: Program,
    schedule: PracticeSchedule,
    attempts: Sequence[Attempt],
    now: datetime,
    duration: timedelta,
    discreet: bool = False,
) -> bytes:
    """The .ics bytes; raises UserError when the course has nothing left to plan."""
    slots = _remaining_slots(program, schedule, attempts, now)
    if not slots:
        raise UserError(
            _(
                "Every session of this program has been practised, so there is nothing to put "
                "in a calendar."
            )
        )
    until = slots[-1].astimezone(UTC)
    today = now.astimezone(schedule.zone).date()
    cal = icalendar.Calendar()
    # Discreet: not even the app's name, in case someone reads the raw file or its UIDs.
    cal.add("prodid", "-//personal//calendar//EN" if discreet else "-//Vallei Player//plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if not discreet:
        cal.add("x-wr-calname", _practice_title(program))
    for day in schedule.days:
        first = _first_on_or_after(schedule, today, WEEKDAYS.index(day))
        if first > until:
            continue
        cal.add_component(_event(program, schedule, day, first, until, duration, now, discreet))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _event(
    program: Program,
    schedule: PracticeSchedule,
    day: Weekday,
    first: datetime,
    until: datetime,
    duration: timedelta,
    now: datetime,
    discreet: bool,
) -> icalendar.Event:
    event = icalendar.Event()
    # A stable UID per program and weekday: re-importing the file updates, not duplicates.
    seed = f"{'' if discreet else program.id}|{day}|{schedule.time}|{schedule.timezone}"
    domain = "local" if discreet else "vallei-player"
    event.add("uid", f"{hashlib.sha256(seed.encode()).hexdigest()[:32]}@{domain}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", first)
    event.add("duration", duration)
    event.add("rrule", {"freq": "weekly", "byday": _BYDAY[day], "until": until})
    summary = _(DISCREET_SUMMARY) if discreet else _practice_title(program)
    event.add("summary", summary)
    event.add("transp", "OPAQUE")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    return event


def _practice_title(program: Program) -> str:
    return _("Vallei practice: {title}").format(title=program.title)


def _remaining_slots(
    program: Program, schedule: PracticeSchedule, attempts: Sequence[Attempt], now: datetime
) -> list[datetime]:
    """Slot starts from today up to the one carrying the last undone session."""
    remaining = len(undone_sessions(program, attempts))
    if remaining == 0:
        return []
    weeks = math.ceil(remaining / len(schedule.days)) + 2
    today = now.astimezone(schedule.zone).date()
    slots = plan(program, schedule, attempts, now, weeks=weeks)
    upcoming = [s for s in slots if s.start.date() >= today and s.session_id is not None]
    last = max((i for i, s in enumerate(upcoming) if s.status in ("due", "coming")), default=-1)
    return [s.start for s in upcoming[: last + 1]]


def _first_on_or_after(schedule: PracticeSchedule, day: date, weekday: int) -> datetime:
    offset = (weekday - day.weekday()) % 7
    return schedule.slot_on(day + timedelta(days=offset))


def typical_duration(lengths_s: Sequence[float]) -> timedelta:
    """The median session length, rounded up to whole minutes (30 minutes if unknown)."""
    known = sorted(x for x in lengths_s if x > 0)
    if not known:
        return timedelta(minutes=30)
    middle = known[len(known) // 2]
    return timedelta(minutes=max(1, math.ceil(middle / 60)))
