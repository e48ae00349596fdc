"""The recorder saves practice as it happens: a crash loses at most a few seconds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from locations import REPO
from test_journal_support import FakeClock, make_program

from vallei_player.core.journal import Journal
from vallei_player.core.practice import PracticeRecorder

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)
PROGRAM = make_program(2)
SESSION = PROGRAM.sessions[0]


class CountingJournal:
    """Wraps the real journal to count writes."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.checkpoints = 0

    def start_attempt(self, *args: object, **kwargs: object) -> int:
        return self.journal.start_attempt(*args, **kwargs)  # type: ignore[arg-type]

    def checkpoint(self, *args: object, **kwargs: object) -> None:
        self.checkpoints += 1
        self.journal.checkpoint(*args, **kwargs)  # type: ignore[arg-type]

    def finish_attempt(self, *args: object, **kwargs: object) -> None:
        self.journal.finish_attempt(*args, **kwargs)  # type: ignore[arg-type]

    def record_level(self, *args: object, **kwargs: object) -> None:
        self.journal.record_level(*args, **kwargs)  # type: ignore[arg-type]

    def save_phase_times(self, *args: object, **kwargs: object) -> None:
        self.journal.save_phase_times(*args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def journal() -> Journal:
    j = Journal.open(clock=FakeClock(T0))
    yield j
    j.close()


def test_the_attempt_exists_from_the_first_moment(journal: Journal) -> None:
    clock = FakeClock(T0)
    PracticeRecorder(journal, PROGRAM, SESSION, clock).start()
    [a] = journal.attempts()
    assert (a.session_id, a.started, a.completed, a.reason) == ("s1", T0, False, "interrupted")


def test_checkpoints_every_few_seconds_and_at_every_event(journal: Journal) -> None:
    clock = FakeClock(T0)
    log = CountingJournal(journal)
    rec = PracticeRecorder(log, PROGRAM, SESSION, clock)
    rec.start()
    for _ in range(300):  # 9 s of 30 ms polls in phase 0
        clock.advance(0.03)
        rec.progress(rec.listened_s + 0.03, 0)
    assert log.checkpoints == 2  # at 4 s and 8 s
    assert journal.attempts()[0].listened_s == pytest.approx(8.0, abs=0.05)
    clock.advance(0.03)
    rec.progress(9.03, 1)  # a phase change is saved at once
    assert journal.attempts()[0].phases_completed == 1
    rec.paused()
    rec.resumed()
    rec.skipped(1, 3)
    rec.progress(9.1, 3)  # arriving by a skip is not a phase played
    a = journal.attempts()[0]
    assert (a.pauses, a.skips, a.phases_completed) == (1, 1, 1)
    clock.advance(121)
    rec.progress(130.0, 3)  # over half of the 4-minute session heard (issue 12, major 8)
    rec.finish(completed=True, reason="finished")
    rec.finish(completed=False, reason="stopped")  # a second finish changes nothing
    a = journal.attempts()[0]
    assert (a.completed, a.reason, a.listened_s, a.phases_completed) == (True, "finished", 130.0, 2)
    assert a.ended == clock.now


def test_stopping_early_logs_a_partial_session(journal: Journal) -> None:
    clock = FakeClock(T0)
    rec = PracticeRecorder(journal, PROGRAM, SESSION, clock)
    rec.start()
    clock.advance(95)
    rec.progress(95.0, 1)
    rec.finish(completed=False, reason="stopped")
    a = journal.attempts()[0]
    assert (a.completed, a.reason, a.listened_s) == (False, "stopped", 95.0)


CHILD = """
import sys, time
from datetime import UTC, datetime
from vallei_player.core.journal import Journal
from test_journal_support import FakeClock, make_program
from vallei_player.core.practice.recorder import PracticeRecorder
program = make_program(1)
journal = Journal.open()
clock = FakeClock(datetime(2025, 3, 3, 19, 0, tzinfo=UTC))
rec = PracticeRecorder(journal, program, program.sessions[0], clock)
rec.start()
for step in range(1, 218):  # the poll loop, every 30 ms of practice, up to 6.51 s
    clock.advance(0.03)
    rec.progress(step * 0.03, 0)
print("practised", 217 * 0.03, flush=True)
time.sleep(120)
"""


@pytest.mark.slow
def test_a_killed_player_leaves_an_interrupted_attempt_within_5_seconds() -> None:
    # The practice clock is the child's fake one, so a busy machine cannot move the figures;
    # what is real is the kill: no cleanup at all, like a power cut for the process.
    env = dict(os.environ, PYTHONPATH=f"{REPO}{os.pathsep}{REPO / 'tests' / 'core'}")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    said = child.stdout.readline().split()
    assert said[0] == "practised"
    truth = float(said[1])
    child.send_signal(signal.SIGKILL)
    child.wait()
    with Journal.open() as j:
        [a] = j.attempts()
    assert (a.completed, a.reason, a.ended) == (False, "interrupted", None)
    assert truth - 5.0 <= a.listened_s <= truth
