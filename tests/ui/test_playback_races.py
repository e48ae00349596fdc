"""The app's glue between the engine and the journal, with its threads (issue 9 item 13).

These run background work on real threads, as the app does (the other UI tests run it
inline), because the faults are in how the threads meet:
- a second Start while the first session is still preparing opened the player twice at once
  and recorded two attempts, one of which stayed "interrupted" for ever;
- a journal write queued from a worker thread (`with_journal_any_thread`) that failed said
  nothing to anyone;
- `run_on_main` without a dispatcher ran the work on the calling thread instead of failing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from uihelp import TINY_ID

from vallei_player.ui import tasks


@pytest.fixture
def threaded_app(make_app: Any, qtbot: Any) -> Iterator[Any]:
    """The app with its background work on the pool and the journal thread (which opens the
    journal and owns it), results on the GUI thread; once the journal and the library are in."""
    tasks.use_synchronous_runner(False)
    app = make_app()
    qtbot.waitUntil(
        lambda: app.context.journal_open and app.context.program is not None, timeout=20_000
    )
    yield app
    app.window.shutdown()  # on the journal thread still, which closes the journal it owns
    tasks.use_synchronous_runner(True)


def _journal(app: Any, qtbot: Any, fn: Any) -> Any:
    """fn(journal) on the journal thread, after everything queued before it; its result."""
    got: list[Any] = []
    app.context.with_journal(fn, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


def test_a_second_start_while_preparing_plays_and_records_one_attempt(
    threaded_app: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vallei_player.engine import Player

    app = threaded_app
    program = app.context.program
    playback = app.window.playback
    opening = Player.open

    def slow_open(self: Player, *args: Any, **kwargs: Any) -> None:
        time.sleep(0.2)  # a long first clip being prepared: the second press comes meanwhile
        opening(self, *args, **kwargs)

    monkeypatch.setattr(Player, "open", slow_open)
    session_id = program.sessions[0].id
    playback.start(program, session_id)
    playback.start(program, session_id)  # pressed again while preparing
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=10_000)
    qtbot.waitUntil(lambda: playback.attempt_id is not None, timeout=10_000)
    qtbot.wait(500)  # what a first start would still deliver arrives in this time
    app.play_frames(4800)
    playback.stop()
    attempts = _journal(app, qtbot, lambda j: j.attempts(TINY_ID))
    assert len(attempts) == 1, attempts
    (attempt,) = attempts
    assert attempt.id == playback.attempt_id
    assert attempt.ended is not None and attempt.reason == "stopped"


def test_a_failing_journal_write_from_a_worker_thread_reaches_the_banner(
    threaded_app: Any, qtbot: Any
) -> None:
    app = threaded_app
    said: list[str] = []
    app.context.problem.connect(said.append)

    def write(j: Any) -> None:
        raise OSError(28, "No space left on device")

    app.context.with_journal_any_thread(write)
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "journal" in said[0] and "is full" in said[0]  # the disk, said plainly


def test_run_on_main_without_a_dispatcher_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "_synchronous", False)
    monkeypatch.setattr(tasks, "_dispatcher", None)
    ran: list[bool] = []
    with pytest.raises(tasks.NoDispatcher):
        tasks.run_on_main(lambda: ran.append(True))
    assert ran == []
