"""The Journal after sessions with lived levels: the chosen attempt's planned wave with its
levels and answers beside the list; the course view's small multiples per scale question and
its minutes per week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from uihelp import TINY_ID


def _practised(app: Any, days: int = 3) -> list[int]:
    """`days` evenings a week apart, each with levels and a 'body' answer that rises."""
    journal = app.context.journal.journal
    program = app.context.program
    session = program.sessions[0]
    prompt = next(p for p in session.reflection if p.id == "body")
    made = []
    for k in range(days):
        began = datetime(2026, 11, 16, 19, 0, tzinfo=UTC) - timedelta(weeks=days - 1 - k)
        attempt = journal.start_attempt(TINY_ID, program.version, session.id, began)
        journal.record_level(attempt, at_s=2.0, phase=0, level=3 + k, position_s=2.0)
        journal.record_level(attempt, at_s=5.0, phase=1, level=6, position_s=9.0)
        journal.save_phase_times(attempt, {0: 2.0, 1: 0.0, 2: 2.0, 3: 1.0})
        journal.finish_attempt(
            attempt, completed=True, reason="finished", ended=began + timedelta(minutes=5),
            listened_s=300.0, phases_completed=3, pauses=0, skips=1,
        )  # fmt: skip
        journal.save_answer(attempt, prompt, 4 + 2 * k, final=True)
        made.append(attempt)
    return made


def _journal(app: Any, qtbot: Any, count: int) -> Any:
    app.window.show_view("journal")
    view = app.view("journal")
    view.refresh()
    qtbot.waitUntil(
        lambda: view.data is not None and len(view.data.attempts) == count, timeout=3000
    )
    return view


def test_choosing_an_attempt_shows_its_wave_levels_and_answers(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    last = _practised(app)[-1]
    view = _journal(app, qtbot, 3)
    item = next(
        view.tree.topLevelItem(0).child(k)
        for k in range(view.tree.topLevelItem(0).childCount())
        if view.tree.topLevelItem(0).child(k).data(0, Qt.ItemDataRole.UserRole) == last
    )
    view.tree.setCurrentItem(item)
    picture = view.detail.chart.picture()
    assert picture is not None and view.detail.chart.isVisibleTo(view)
    assert picture.levels == ((2.0, 5), (9.0, 6))
    assert picture.skipped() == [1]  # the phase with no time heard
    assert "5, 6" in view.detail.caption.text() and "phase 2" in view.detail.caption.text()
    assert "How does your body feel now?" in view.detail.answers.text()
    assert "8" in view.detail.answers.text()


def test_the_course_view_has_a_small_chart_per_scale_question(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    _practised(app)
    view = _journal(app, qtbot, 3)
    view.course_button.click()
    course = view.course_dialog.view
    [chart] = course.charts  # the tiny course has one scale question
    trend = chart.trend
    assert trend.question == "How does your body feel now?"
    assert trend.points == ((0, 4), (1, 6), (2, 8))  # one answer a week, three weeks
    assert len(trend.weeks) == 3
    assert sum(course.minutes_chart._values) == 15.0  # three sessions of five minutes
    view.course_dialog.close()
