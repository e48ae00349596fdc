"""The participant's whole journey: Home, play, pause, resume, skip, finish, reflect, journal."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from uihelp import TINY_ID


def test_first_run_installs_the_course_and_welcome_sets_the_days(make_app: Any, qtbot: Any) -> None:
    app = make_app(welcome_done=False)
    assert app.window.current_view() == "welcome"
    assert app.context.program.id == TINY_ID
    welcome = app.view("welcome")
    assert "stays on this computer" in welcome.privacy.text()
    welcome.days.set_days(("tue", "thu"))
    welcome.time.setTime(welcome.time.time().fromString("19:15", "HH:mm"))
    qtbot.mouseClick(welcome.begin, Qt.MouseButton.LeftButton)
    assert app.window.current_view() == "home"
    assert app.context.settings.values.welcome_done is True
    schedule = app.context.journal.journal.schedule(TINY_ID)
    assert (schedule.days, schedule.time) == (("tue", "thu"), "19:15")


def test_a_whole_session_from_home_to_the_journal(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    home = app.view("home")
    assert home.next_title.text() == "First steps"
    assert "quiet room" in home.next_notes.text()
    qtbot.mouseClick(home.start_button, Qt.MouseButton.LeftButton)
    playback = app.window.playback
    assert app.window.current_view() == "player"
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=5000)
    player = app.view("player")
    app.play_frames(48_000)  # one second of the 2-second first phase
    assert player.phase_title.text() == "Arriving"
    assert player.caption.text() == "Lie down and follow your breath."
    assert player.wave.position() >= 48_000 - 4800

    qtbot.keyClick(app.window, Qt.Key.Key_Space)  # pause
    playback.poll()
    assert playback.state == "paused"
    assert player.play_button.text() == "Play"
    qtbot.mouseClick(player.play_button, Qt.MouseButton.LeftButton)  # resume
    playback.poll()
    assert playback.state == "playing"

    qtbot.mouseClick(player.next_button, Qt.MouseButton.LeftButton)  # skip to the arousal phase
    app.play_frames(9600)
    assert playback.player.snapshot().phase_index == 1
    assert player.phase_title.text() == "Arousal"

    app.play_to_end(qtbot)
    assert playback.state == "finished"
    app.continue_to_reflection()  # past the completion moment
    assert app.window.current_view() == "reflection"
    reflection = app.view("reflection")
    asks = [f.prompt.ask for f in reflection.fields]
    assert asks == ["How does your body feel now?", "Where did you get stuck?", "How was it?"]
    scale, text, choice = reflection.fields
    scale.slider.setFocus()
    qtbot.keyClick(scale.slider, Qt.Key.Key_7)
    qtbot.keyClicks(text.text, "My shoulders stayed tense")
    choice.group.button(0).click()
    qtbot.mouseClick(reflection.done_button, Qt.MouseButton.LeftButton)

    attempt = app.context.journal.journal.attempts(TINY_ID)[0]
    assert attempt.completed and attempt.reason == "finished"
    assert attempt.pauses == 1 and attempt.skips >= 1
    answers = {a.prompt_id: (a.value, a.final) for a in attempt.answers}
    assert answers == {
        "body": (7, True),
        "block": ("My shoulders stayed tense", True),
        "mood": ("good", True),
    }

    assert app.window.current_view() == "journal"
    journal = app.view("journal")
    lines = []
    root = journal.tree.invisibleRootItem()
    for i in range(root.childCount()):
        week = root.child(i)
        for k in range(week.childCount()):
            attempt_item = week.child(k)
            lines.append(attempt_item.text(0))
            lines += [attempt_item.child(n).text(0) for n in range(attempt_item.childCount())]
    assert any("First steps" in line and "completed" in line for line in lines)
    assert "Where did you get stuck? — My shoulders stayed tense" in lines
    assert journal.sessions_chart.accessibleDescription() == "16 Nov: 1; goal: 3 a week"
    home.refresh()
    assert home.next_title.text() == "Second steps"


def test_stopping_early_asks_the_short_form_and_later_keeps_the_draft(
    make_app: Any, qtbot: Any
) -> None:
    app = make_app()
    app.window.start_session("w1-1")
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=5000)
    app.play_frames(72_000)
    qtbot.mouseClick(app.view("player").stop_button, Qt.MouseButton.LeftButton)
    assert playback.state == "stopped"
    reflection = app.view("reflection")
    assert app.window.current_view() == "reflection"
    assert [f.prompt.id for f in reflection.fields] == ["body"]  # the short form
    assert "stopped early" in reflection.intro.text()
    reflection.fields[0].slider.setFocus()
    qtbot.keyClick(reflection.fields[0].slider, Qt.Key.Key_3)
    qtbot.mouseClick(reflection.later_button, Qt.MouseButton.LeftButton)  # saves the draft at once
    attempt = app.context.journal.journal.attempts(TINY_ID)[0]
    assert not attempt.completed and attempt.reason == "stopped"
    assert 1.0 <= attempt.listened_s <= 2.0
    assert [(a.prompt_id, a.value, a.final) for a in attempt.answers] == [("body", 3, False)]
    home = app.view("home")
    assert app.window.current_view() == "home"
    assert home.reflect_card.isVisibleTo(app.window)
    qtbot.mouseClick(home.reflect_button, Qt.MouseButton.LeftButton)
    assert app.window.current_view() == "reflection"
    assert reflection.fields[0].slider.value() == 3


def test_playback_goes_on_in_other_views_and_closing_asks_first(
    make_app: Any, qtbot: Any, monkeypatch: Any
) -> None:
    app = make_app()
    app.window.start_session("w1-1")
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=5000)
    assert playback.polling and playback.poll_interval_ms == 100  # the Player is on screen
    app.window.show_view("journal")
    assert playback.poll_interval_ms == 500  # nobody watches: poll only to record and end
    app.play_frames(24_000)
    assert playback.state == "playing"
    app.window.showMinimized()
    app.window.show_view("player")
    assert playback.poll_interval_ms == 500  # minimised: the Player cannot be seen either
    app.window.showNormal()
    assert playback.poll_interval_ms == 100
    monkeypatch.setattr(app.window, "_confirm_close", lambda: False)
    app.window.close()
    assert app.window.isVisible() and playback.state == "playing"


def test_after_the_course_home_says_so_kindly_and_misses_nothing(make_app: Any, qtbot: Any) -> None:
    from datetime import UTC, date, datetime, timedelta

    from vallei_player.core.practice import PracticeSchedule

    app = make_app()
    journal = app.context.journal.journal
    journal.set_schedule(
        TINY_ID,
        PracticeSchedule(("mon", "wed", "fri"), "20:00", "Europe/Amsterdam", date(2026, 11, 9)),
    )
    program = app.context.program
    # The first session last Friday, the last one on Monday evening: the course is complete.
    for session, began in (
        (program.sessions[0], datetime(2026, 11, 13, 19, 5, tzinfo=UTC)),
        (program.sessions[1], datetime(2026, 11, 16, 19, 5, tzinfo=UTC)),
    ):
        attempt = journal.start_attempt(TINY_ID, program.version, session.id, began)
        journal.finish_attempt(
            attempt, completed=True, reason="finished", ended=began + timedelta(seconds=20),
            listened_s=10.0, phases_completed=len(session.phases), pauses=0, skips=0,
        )  # fmt: skip
    home = app.view("home")
    home.refresh()
    qtbot.waitUntil(lambda: home.next_label.text() == "Course complete", timeout=3000)
    assert "completed the course" in home.next_title.text()
    assert "repeat a session" in home.next_notes.text()
    assert not home.start_button.isVisible()
    # This week: Monday's practice is shown; Wednesday and Friday were never planned.
    marks = [
        home.slot_grid.itemAtPosition(1, c).widget().text()
        for c in range(home.slot_grid.columnCount())
        if home.slot_grid.itemAtPosition(1, c) is not None
    ]
    assert marks == ["● Done"]
    assert home.week_count.text() == "1 of 1 session done"

    assert home.repeat_button.isVisible() and home.other_button.isVisible()
    titles = [a.text() for a in home.repeat_menu.actions()]
    assert titles == [f"Week 1 · {s.title}" for s in program.sessions]
    home.repeat_menu.actions()[0].trigger()
    assert app.window.current_view() == "player"
    qtbot.waitUntil(lambda: app.window.playback.state == "playing", timeout=5000)
    app.window.playback.stop()
    app.window.show_view("home")
    qtbot.mouseClick(home.other_button, Qt.MouseButton.LeftButton)
    assert app.window.current_view() == "library"
