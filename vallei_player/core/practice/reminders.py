"""Reminders as data: what the app (or tray) may show now. No text, no notifications here.

- due_now: today's open slot from 30 minutes before its time until the day ends;
- coming_up: open slots starting within the next `COMING_WITHIN` (a day);
- missed: slots missed in the last `MISSED_WITHIN` (a week), for a gentle "the course simply
  continues" note. Never a streak, never a count of failures beyond that week.
How the app words them (and whether discreet mode hides the program) is the UI's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..journal import PracticeSchedule
from ..program import Program
from .planner import Slot, plan

if TYPE_CHECKING:
    from ..journal import Attempt

COMING_WITHIN = timedelta(days=1)
MISSED_WITHIN = timedelta(days=7)


@dataclass(frozen=True)
class Reminders:
    due_now: tuple[Slot, ...]
    coming_up: tuple[Slot, ...]
    missed: tuple[Slot, ...]

    @property
    def empty(self) -> bool:
        return not (self.due_now or self.coming_up or self.missed)


def reminders(
    program: Program, schedule: PracticeSchedule, attempts: Sequence[Attempt], now: datetime
) -> Reminders:
    week_ago = (now - MISSED_WITHIN).astimezone(schedule.zone).date()
    slots = plan(program, schedule, attempts, now, weeks=2, since=week_ago)
    due = tuple(s for s in slots if s.status == "due" and s.session_id is not None)
    coming = tuple(
        s
        for s in slots
        if s.status == "coming" and s.session_id is not None and s.start - now <= COMING_WITHIN
    )
    missed = tuple(
        s
        for s in slots
        if s.status == "missed" and s.session_id is not None and now - s.start <= MISSED_WITHIN
    )  # a slot after the course was complete had nothing to miss
    return Reminders(due, coming, missed)
