"""The Journal's weekly chart counts practice days against the plan, as the coach's report does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from uihelp import TINY_ID


def test_one_evening_is_one_practice_day_and_beyond_the_plan_is_extra(
    make_app: Any, qtbot: Any
) -> None:
    from vallei_player.core.practice import PracticeSchedule

    app = make_app()
    journal = app.context.journal.journal
    schedule = PracticeSchedule(
        ("mon", "wed", "fri"), "20:00", "Europe/Amsterdam", date(2026, 11, 9)
    )
    journal.set_schedule(TINY_ID, schedule)
    program = app.context.program
    session = program.sessions[0]
    # Last week: two tries on Monday evening, then Wednesday, Friday and Saturday; each a
    # minute and a half of practice that stopped early (so the course is not complete).
    for day, hour in ((9, 19), (9, 20), (11, 19), (13, 19), (14, 10)):
        began = datetime(2026, 11, day, hour, 5, tzinfo=UTC)
        attempt = journal.start_attempt(TINY_ID, program.version, session.id, began)
        journal.finish_attempt(
            attempt, completed=False, reason="stopped", ended=began + timedelta(seconds=95),
            listened_s=90.0, phases_completed=0, pauses=0, skips=0,
        )  # fmt: skip
    app.window.show_view("journal")
    view = app.view("journal")
    view.refresh()
    qtbot.waitUntil(lambda: view.data is not None and len(view.data.attempts) == 5, timeout=3000)
    last_week = view.data.weeks.index(date(2026, 11, 9))
    assert view.data.sessions[last_week] == 3  # Monday's two tries are one practice day
    assert view.data.extra[last_week] == 1  # Saturday: beyond the three planned
    assert view.data.minutes[last_week] == 8  # 5 × 1.5 minutes, rounded
    assert view.data.sessions[last_week + 1] == 0  # this week: nothing yet
    described = view.sessions_chart.accessibleDescription()
    assert "9 Nov: 3 + 1 extra" in described
    assert view.data.goal == 3
