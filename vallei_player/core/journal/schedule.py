"""The participant's practice schedule: weekdays and a local time in their IANA zone.

It is a journal record (the journal stores one per program), and the planner works from
it; it lives here so that the journal, the lowest layer that stores it, owns its type.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..program import DEFAULT_DAYS, WEEKDAYS, Program, Weekday


@dataclass(frozen=True)
class PracticeSchedule:
    """The participant's practice days and time, in their IANA time zone."""

    days: tuple[Weekday, ...]
    time: str  # "HH:MM", local wall-clock time
    timezone: str
    start: date | None = None  # when the course began on this plan (None: first practice)

    def __post_init__(self) -> None:
        if not self.days or len(set(self.days)) != len(self.days):
            raise ValueError("choose one or more different practice days")
        if any(d not in WEEKDAYS for d in self.days):
            raise ValueError(f"practice days are {', '.join(WEEKDAYS)}")
        object.__setattr__(self, "days", tuple(d for d in WEEKDAYS if d in self.days))
        parse_time(self.time)
        zone(self.timezone)

    @classmethod
    def default_for(
        cls, program: Program, timezone: str | None = None, start: date | None = None
    ) -> PracticeSchedule:
        """The program's suggestion: its days (or evenly spread ones) at its time."""
        wanted = program.schedule.sessions_per_week
        days = program.schedule.days
        if len(days) != wanted:
            days = DEFAULT_DAYS.get(wanted, DEFAULT_DAYS[3])
        return cls(days, program.schedule.time, timezone or local_zone_name(), start)

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.timezone)

    def weekday_numbers(self) -> frozenset[int]:
        return frozenset(WEEKDAYS.index(d) for d in self.days)

    def slot_on(self, day: date) -> datetime:
        return datetime.combine(day, parse_time(self.time), tzinfo=self.zone)

    def slots(self, first: date, last: date) -> list[datetime]:
        """Every slot on the days first..last (both included), in order."""
        numbers = self.weekday_numbers()
        count = (last - first).days + 1
        days = (first + timedelta(days=i) for i in range(max(count, 0)))
        return [self.slot_on(d) for d in days if d.weekday() in numbers]


def parse_time(text: str) -> time:
    try:
        hours, minutes = text.split(":")
        if len(hours) != 2 or len(minutes) != 2:
            raise ValueError(text)
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"practice time {text!r}: write it as HH:MM, for example 20:00") from None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (use a name like Europe/Amsterdam)") from None


def local_zone_name() -> str:
    """The machine's IANA zone: TZ, else the /etc/localtime link, else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                ZoneInfo(name)
                return name
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return "UTC"
