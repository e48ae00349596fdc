"""The practice plan: the participant's weekly slots, and which session goes on each.

Slots are the chosen weekdays at the chosen wall-clock time in the participant's zone
(zoneinfo), so 20:00 stays 20:00 across daylight-saving changes. A time that does not exist
on a spring-forward day (02:30 in Amsterdam) happens at the same instant the clock shows
03:30. The clock is always passed in (`now`); nothing here reads the system time.

What counts, exactly (the product promise "gentle; partial practice counts"):
- *Practice*: an attempt of this program that was completed, or listened to for at least
  `MIN_PRACTICE_S` (one minute). A practice day is a local calendar day with practice;
  several attempts on one day make one practice day.
- *Matching*, per ISO week: a practice day that is a slot day fills that slot. Practice on
  other days of the week (off-plan) then fills the week's still-open slots in time order:
  first a slot already missed, else the next coming slot of that week. So the week counts
  all practice, and a slot never holds two practice days.
- *Status*: a filled slot is "done" (completed) or "partial"; an open slot is "missed" once
  its day has ended, "due" on its day from `DUE_BEFORE` before its time until midnight, else
  "coming".
- *The course* advances only by what was practised, never by misses: a session is covered by
  a completed attempt or one that finished at least half of its phases. Open slots from now
  on take the sessions not yet covered, in course order, one per slot; a missed slot shows the
  session that was next at that time. When every session is covered they carry None:
  past the end of the course there is nothing to do, so such a slot is never reminded of
  as missed (`reminders`), listed (`plan` command, calendar) or counted (`figures`).
- *Where the course starts*: `schedule.start`, or the first practice day if earlier; with
  neither, today. Slots before it are never "missed".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from ..journal import PracticeSchedule
from ..program import Program

if TYPE_CHECKING:
    from ..journal import Attempt

SlotStatus = Literal["done", "partial", "missed", "due", "coming"]
MIN_PRACTICE_S = 60.0
DUE_BEFORE = timedelta(minutes=30)


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, in the schedule's zone
    program_id: str
    session_id: str | None
    status: SlotStatus
    attempt_ids: tuple[int, ...] = field(default=(), compare=False)  # the practice that filled it


def plan(
    program: Program,
    schedule: PracticeSchedule,
    attempts: Sequence[Attempt],
    now: datetime,
    weeks: int = 4,
    since: date | None = None,
) -> list[Slot]:
    """The slots of this ISO week (its past ones too) up to `weeks` weeks from today, rounded
    out to whole ISO weeks (Monday to Sunday): so on a Sunday, weeks=1 still shows next week.

    `since` starts the list on an earlier day instead of this week's Monday.
    """
    mine = [a for a in attempts if a.program_id == program.id]
    today = now.astimezone(schedule.zone).date()
    monday = today - timedelta(days=today.weekday())
    ahead = today + timedelta(days=7 * max(weeks, 1) - 1)
    last = ahead + timedelta(days=6 - ahead.weekday())
    first = monday if since is None else min(since, monday)
    days = practice_days(mine, schedule.zone)
    filled = match_slots(schedule, days, start_from(schedule, days, today), first, last)
    queue = iter(undone_sessions(program, mine))
    slots = []
    for start, day_attempts in filled:
        status = slot_status(start, day_attempts, now)
        if day_attempts:
            session_id: str | None = day_attempts[0].session_id
        elif status == "missed":
            session_id = next_session_id(program, [a for a in mine if a.started < start])
        else:
            session_id = next(queue, None)
        ids = tuple(a.id for a in day_attempts)
        slots.append(Slot(start, program.id, session_id, status, ids))
    return slots


def slot_status(start: datetime, day_attempts: Sequence[Attempt], now: datetime) -> SlotStatus:
    if day_attempts:
        return "done" if any(a.completed for a in day_attempts) else "partial"
    local_now = now.astimezone(start.tzinfo)
    if start.date() < local_now.date():
        return "missed"
    if start.date() == local_now.date() and now >= start - DUE_BEFORE:
        return "due"
    return "coming"


def counts_as_practice(attempt: Attempt) -> bool:
    return attempt.completed or attempt.listened_s >= MIN_PRACTICE_S


def covers_session(attempt: Attempt, phase_count: int) -> bool:
    return attempt.completed or (phase_count > 0 and 2 * attempt.phases_completed >= phase_count)


def undone_sessions(program: Program, attempts: Iterable[Attempt]) -> list[str]:
    mine = [a for a in attempts if a.program_id == program.id]
    covered = set()
    for session in program.sessions:
        count = len(session.phases)
        if any(a.session_id == session.id and covers_session(a, count) for a in mine):
            covered.add(session.id)
    return [s.id for s in program.sessions if s.id not in covered]


def next_session_id(program: Program, attempts: Iterable[Attempt]) -> str | None:
    """The first session of the course not yet practised; None when the course is complete."""
    undone = undone_sessions(program, attempts)
    return undone[0] if undone else None


def course_complete_on(program: Program, attempts: Iterable[Attempt], tz: ZoneInfo) -> date | None:
    """The local day on which the last uncovered session was covered; None while unfinished."""
    mine = sorted((a for a in attempts if a.program_id == program.id), key=lambda a: a.started)
    counts = {s.id: len(s.phases) for s in program.sessions}
    left = set(counts)
    for a in mine:
        if a.session_id in left and covers_session(a, counts[a.session_id]):
            left.discard(a.session_id)
            if not left:
                return a.started.astimezone(tz).date()
    return None


def practice_days(attempts: Iterable[Attempt], tz: ZoneInfo) -> dict[date, list[Attempt]]:
    """Practice grouped by local day, best first (completed, then the longest listened)."""
    days: dict[date, list[Attempt]] = {}
    for a in attempts:
        if counts_as_practice(a):
            days.setdefault(a.started.astimezone(tz).date(), []).append(a)
    for group in days.values():
        group.sort(key=lambda a: (not a.completed, -a.listened_s, a.started))
    return days


def course_start(schedule: PracticeSchedule, attempts: Sequence[Attempt], today: date) -> date:
    return start_from(schedule, practice_days(attempts, schedule.zone), today)


def start_from(schedule: PracticeSchedule, days: dict[date, list[Attempt]], today: date) -> date:
    candidates = [d for d in (schedule.start, min(days, default=None)) if d is not None]
    return min(candidates) if candidates else today


def match_slots(
    schedule: PracticeSchedule,
    by_day: dict[date, list[Attempt]],
    start: date,
    first: date,
    last: date,
) -> list[tuple[datetime, list[Attempt]]]:
    """Slots first..last from `start` on, each with the practice days that fill it (see above).

    `by_day` is `practice_days(...)` of one program's attempts.
    """
    monday = first - timedelta(days=first.weekday())
    result: list[tuple[datetime, list[Attempt]]] = []
    while monday <= last:
        week = [monday + timedelta(days=i) for i in range(7)]
        slots = schedule.slots(max(monday, start), week[-1])
        filled: dict[date, list[Attempt]] = {}
        spare = []
        slot_days = {s.date() for s in slots}
        for day in week:
            if day in by_day:
                if day in slot_days:
                    filled[day] = by_day[day]
                else:
                    spare.append(by_day[day])
        open_days = [s.date() for s in slots if s.date() not in filled]
        for day, group in zip(open_days, spare, strict=False):
            filled[day] = group
        result += [(s, filled.get(s.date(), [])) for s in slots if first <= s.date() <= last]
        monday += timedelta(days=7)
    return result
