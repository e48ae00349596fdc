"""Weekly figures a participant and their coach read: never "3 done of 2 planned", and nothing
is planned, missed or reminded of once the course is complete."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from test_journal_support import attempt, make_program

from vallei_player.core.practice import (
    PracticeSchedule,
    build_program_report,
    consistency,
    course_complete_on,
    reminders,
    summary,
    week_figures,
)

AMS = ZoneInfo("Europe/Amsterdam")
MWF = PracticeSchedule(("mon", "wed", "fri"), "20:00", "Europe/Amsterdam")


def at(y: int, m: int, d: int, h: int = 20) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=AMS)


def test_a_course_begun_mid_week_with_an_extra_evening_is_2_of_2_plus_1() -> None:
    program = make_program(6)
    # Installed on Wednesday 5 March 2025; practised Wed, Thu (off-plan) and Fri.
    log = [attempt(f"s{n + 1}", at(2025, 3, 5 + n)) for n in range(3)]
    [week] = week_figures(program, MWF, log, at(2025, 3, 9, 12))
    assert (week.planned, week.done, week.planned_done, week.extra) == (2, 3, 2, 1)
    report = build_program_report(
        program, MWF, log, since=None, until=date(2025, 3, 9), include_text=False,
        now=at(2025, 3, 9, 12),
    )  # fmt: skip
    [row] = report.weeks
    assert (row.planned, row.done, row.extra) == (2, 2, 1)
    assert report.totals == {"planned": 2, "done": 2, "extra": 1, "minutes": 60.0}
    total = summary(program, MWF, log, at(2025, 3, 9, 12))
    assert (total.sessions_done, total.sessions_planned, total.extra) == (2, 2, 1)


def test_planned_done_never_exceeds_planned() -> None:
    rng = random.Random(7)
    program = make_program(5)
    for _ in range(200):
        log = [
            attempt(
                f"s{rng.randint(1, 5)}",
                at(2025, 3, 3) + timedelta(days=rng.randint(0, 30), hours=rng.randint(-3, 3)),
                completed=rng.random() < 0.7,
                listened_s=rng.choice([30.0, 300.0, 1200.0]),
            )
            for _ in range(rng.randint(0, 15))
        ]
        for f in week_figures(program, MWF, log, at(2025, 4, 10, 9)):
            assert 0 <= f.planned_done <= f.planned <= 3
            assert f.planned_done + f.extra == f.done


def test_after_the_last_session_nothing_is_planned_missed_or_reminded() -> None:
    program = make_program(3)
    log = [attempt(f"s{n + 1}", at(2025, 3, 3 + 2 * n)) for n in range(3)]  # Mon, Wed, Fri
    assert course_complete_on(program, log, AMS) == date(2025, 3, 7)
    later = at(2025, 3, 12, 21)  # the next Wednesday evening, nothing practised since
    figures = week_figures(program, MWF, log, later)
    assert [(f.label, f.planned, f.done) for f in figures] == [("2025-W10", 3, 3)]
    assert reminders(program, MWF, log, later).missed == ()
    at_end = consistency(program, MWF, log, at(2025, 3, 8, 9))
    assert consistency(program, MWF, log, at(2025, 4, 30, 9)) == at_end  # no decay after
    repeat = [*log, attempt("s2", at(2025, 3, 17))]
    [*_, week] = week_figures(program, MWF, repeat, at(2025, 3, 18, 9))
    assert (week.label, week.planned, week.done, week.extra) == ("2025-W12", 0, 1, 1)


def test_an_unfinished_course_still_counts_its_misses_gently() -> None:
    program = make_program(6)
    log = [attempt("s1", at(2025, 3, 3))]
    assert course_complete_on(program, log, AMS) is None
    figures = week_figures(program, MWF, log, at(2025, 3, 12, 9))
    assert [(f.planned, f.done) for f in figures] == [(3, 1), (3, 0)]
    assert [f"{s.start:%a}" for s in reminders(program, MWF, log, at(2025, 3, 8, 9)).missed] == [
        "Wed",
        "Fri",
    ]
