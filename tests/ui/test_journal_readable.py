"""Issue 12's Journal: one programme at a time, titles not ids, "7 of 10", a playing session
shown as playing, charts from the course's first week, and the report export right there."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from uihelp import TINY_ID


def rows(view: Any) -> list[str]:
    out = []
    root = view.tree.invisibleRootItem()
    for i in range(root.childCount()):
        week = root.child(i)
        for k in range(week.childCount()):
            item = week.child(k)
            out.append(item.text(0))
            out += [item.child(n).text(0) for n in range(item.childCount())]
    return out


def practise(app: Any, program_id: str, session_id: str, began: datetime, **answers: Any) -> None:
    journal = app.context.journal.journal
    attempt = journal.start_attempt(program_id, "1.0.0", session_id, began)
    journal.finish_attempt(
        attempt, completed=True, reason="finished", ended=began + timedelta(minutes=9),
        listened_s=540.0, phases_completed=4, pauses=0, skips=0,
    )  # fmt: skip
    if answers:
        session = app.context.program.session(session_id)
        for prompt in session.reflection:
            if prompt.id in answers:
                journal.save_answer(attempt, prompt, answers[prompt.id], final=True)


def open_journal(app: Any, qtbot: Any, count: int) -> Any:
    app.window.show_view("journal")
    view = app.view("journal")
    view.refresh()
    qtbot.waitUntil(
        lambda: view.data is not None and len(view.data.attempts) == count, timeout=3000
    )
    return view


def test_titles_scales_and_only_the_chosen_programme(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    practise(app, TINY_ID, "w1-1", datetime(2026, 11, 16, 19, 4, tzinfo=UTC), body=7)
    practise(app, "org.example.other", "o-1", datetime(2026, 11, 16, 20, 0, tzinfo=UTC))
    view = open_journal(app, qtbot, 1)
    lines = rows(view)
    assert any("First steps · 9 minutes · completed" in line for line in lines)
    assert not any("w1-1" in line or "o-1" in line for line in lines)
    assert "How does your body feel now? — 7 of 10" in lines
    # The charts begin at the course's first week, not weeks of nothing before it.
    assert view.data.weeks[0] == date(2026, 11, 16)
    assert "goal: 3 a week" in view.sessions_chart.accessibleDescription()


def test_a_playing_session_is_playing_not_interrupted(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    app.window.start_session("w1-1")
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=10_000)
    app.play_frames(48_000)
    view = open_journal(app, qtbot, 1)
    [line] = rows(view)
    assert "playing now" in line and "interrupted" not in line
    assert "less than a minute" in line


def test_the_report_can_be_exported_from_the_journal(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    view = open_journal(app, qtbot, 0)
    assert view.export_button.isVisibleTo(view) and view.export_button.text() == "Export report…"
    assert view.empty.isVisibleTo(view) and "Home" in view.empty.text()
