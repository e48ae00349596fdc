"""Figures about practice: sessions done against planned per ISO week, minutes, consistency.

Done and planned follow the matching rules in planner.py: a week's "done" counts practice
days (completed, or at least a minute listened), on-plan or off; "planned" counts the week's
slots from the course start up to the day the course was complete. Practice beyond the plan
(more practice days than slots: a course begun mid-week, an extra evening, repeating sessions
after the end) is never hidden and never makes "5 of 3": `planned_done` is at most `planned`
and the rest is `extra`. Minutes add up everything listened, short tries included.

Consistency is deliberately not a streak. In the spirit of Loop Habit Tracker's habit score,
each past slot nudges an exponential average towards 1 (practised, fully or partly) or 0
(missed): score = score * decay + (1 - decay) * practised, with decay chosen so a slot's
weight halves after two weeks of slots (six slots at three a week). One miss lowers a good
score a little (from 1.0 to 0.89); practice brings it back just as gently. It starts at 0
and rises with practice. Slots still due or coming do not count yet, nor do slots after the
course was complete (there was nothing left to do).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ..journal import PracticeSchedule
from ..program import Program
from .planner import (
    course_complete_on,
    match_slots,
    practice_days,
    slot_status,
    start_from,
)

if TYPE_CHECKING:
    from ..journal import Attempt

HALF_LIFE_WEEKS = 2


@dataclass(frozen=True)
class WeekFigure:
    year: int
    week: int  # ISO week number
    monday: date
    planned: int
    done: int
    minutes: float

    @property
    def complete(self) -> bool:
        return self.planned > 0 and self.done >= self.planned

    @property
    def planned_done(self) -> int:
        """How many of the week's planned sessions were practised (never more than planned)."""
        return min(self.done, self.planned)

    @property
    def extra(self) -> int:
        """Practice days beyond the week's plan."""
        return max(self.done - self.planned, 0)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"


@dataclass(frozen=True)
class Summary:
    sessions_done: int
    sessions_planned: int
    minutes: float
    weeks_completed: int
    weeks: int
    consistency: float
    extra: int = 0  # practice days beyond the plan; sessions_done counts planned ones only


def week_figures(
    program: Program, schedule: PracticeSchedule, attempts: Sequence[Attempt], now: datetime
) -> list[WeekFigure]:
    """One figure per ISO week from the course start to this week, oldest first."""
    mine = [a for a in attempts if a.program_id == program.id]
    tz = schedule.zone
    today = now.astimezone(tz).date()
    days = practice_days(mine, tz)
    start = start_from(schedule, days, today)
    end = course_complete_on(program, mine, tz)
    monday = start - timedelta(days=start.weekday())
    minutes: dict[date, float] = {}
    for a in mine:
        local = a.started.astimezone(tz).date()
        week_of = local - timedelta(days=local.weekday())
        minutes[week_of] = minutes.get(week_of, 0.0) + a.listened_s / 60.0
    done: dict[date, int] = {}
    for day in days:
        week_of = day - timedelta(days=day.weekday())
        done[week_of] = done.get(week_of, 0) + 1
    last = today
    if end is not None:  # a finished course: its weeks, and later ones only with practice
        last = max([end, *(d for d in days if d <= today)])
    wanted = schedule.weekday_numbers()
    figures = []
    while monday <= last:
        planned = sum(
            1
            for day in (monday + timedelta(days=i) for i in range(7))
            if day.weekday() in wanted and day >= start and (end is None or day <= end)
        )
        year, week, _ = monday.isocalendar()
        figures.append(
            WeekFigure(year, week, monday, planned, done.get(monday, 0), minutes.get(monday, 0.0))
        )
        monday += timedelta(days=7)
    return figures


def decay_for(schedule: PracticeSchedule) -> float:
    slots_in_half_life = HALF_LIFE_WEEKS * len(schedule.days)
    return float(0.5 ** (1.0 / slots_in_half_life))


def consistency(
    program: Program, schedule: PracticeSchedule, attempts: Sequence[Attempt], now: datetime
) -> float:
    """0..1: rises with practice, decays slowly with missed slots (see the module docstring)."""
    mine = [a for a in attempts if a.program_id == program.id]
    today = now.astimezone(schedule.zone).date()
    days = practice_days(mine, schedule.zone)
    start = start_from(schedule, days, today)
    end = course_complete_on(program, mine, schedule.zone)
    last = today if end is None else min(today, end)
    decay = decay_for(schedule)
    score = 0.0
    for slot, filled in match_slots(schedule, days, start, start, last):
        status = slot_status(slot, filled, now)
        if status in ("due", "coming"):
            continue
        score = score * decay + (1.0 - decay) * (1.0 if filled else 0.0)
    return score


def summary(
    program: Program, schedule: PracticeSchedule, attempts: Sequence[Attempt], now: datetime
) -> Summary:
    figures = week_figures(program, schedule, attempts, now)
    return Summary(
        sessions_done=sum(f.planned_done for f in figures),
        sessions_planned=sum(f.planned for f in figures),
        minutes=sum(f.minutes for f in figures),
        weeks_completed=sum(1 for f in figures if f.complete),
        weeks=len(figures),
        consistency=consistency(program, schedule, attempts, now),
        extra=sum(f.extra for f in figures),
    )
