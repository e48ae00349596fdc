"""Lived levels in the journal: given while listening, kept with the attempt, attributed to
the right moment (a chime's, across skips and pauses), private like the rest of the journal."""

from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, datetime, timedelta

import apsw
import pytest
from test_journal_support import FakeClock, make_program

from vallei_player.core.journal import Journal, JournalLocked, LivedLevel, schema
from vallei_player.core.practice import PracticeRecorder
from vallei_player.core.program import Program
from vallei_player.core.store import erase_all_data, paths

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)


def asking_program() -> Program:
    """Four phases of 60 s; phases 0 and 2 end with the "how high is it now?" chime."""
    program = make_program(1)
    session = program.sessions[0]
    phases = tuple(dataclasses.replace(p, ask_level=p.index in (0, 2)) for p in session.phases)
    return dataclasses.replace(program, sessions=(dataclasses.replace(session, phases=phases),))


@pytest.fixture
def journal() -> Journal:
    j = Journal.open(clock=FakeClock(T0))
    yield j
    j.close()


def recording(journal: Journal, program: Program) -> tuple[PracticeRecorder, FakeClock]:
    clock = FakeClock(T0)
    rec = PracticeRecorder(journal, program, program.sessions[0], clock)
    rec.start()
    return rec, clock


def levels(journal: Journal) -> list[tuple[float, int, int]]:
    [a] = journal.attempts()
    return [(x.at_s, x.phase, x.level) for x in a.levels]


def test_a_level_is_in_the_journal_the_moment_it_is_given(journal: Journal) -> None:
    clock = FakeClock(T0)
    rec = PracticeRecorder(journal, make_program(1), make_program(1).sessions[0], clock)
    rec.start()
    clock.advance(12)
    rec.progress(12.0, 0, position_s=12.0)
    rec.level(4)
    assert levels(journal) == [(12.0, 0, 4)]
    clock.advance(3)
    rec.level(6, 15.0, 0, 15.0)
    assert levels(journal) == [(12.0, 0, 4), (15.0, 0, 6)]
    [a] = journal.attempts()
    assert a.levels[1] == LivedLevel(15.0, 0, 6, 15.0)


def test_a_level_outside_0_to_10_is_refused(journal: Journal) -> None:
    attempt = journal.start_attempt("p", "1.0.0", "s1", T0)
    for bad in (-1, 11, True):
        with pytest.raises(ValueError):
            journal.record_level(attempt, at_s=1.0, phase=0, level=bad, position_s=1.0)
    assert journal.attempt(attempt).levels == ()


def test_levels_after_a_skip_and_during_a_pause_belong_to_the_phase_playing(
    journal: Journal,
) -> None:
    rec, clock = recording(journal, make_program(1))
    clock.advance(30)
    rec.progress(30.0, 0, 30.0)
    rec.skipped(0, 2)  # to phase 2, at 120 s in the timeline
    rec.progress(30.1, 2, 120.1)
    rec.level(7)
    rec.paused()
    clock.advance(40)  # a long pause: no time listened
    rec.level(3)
    rec.resumed()
    assert levels(journal) == [(30.1, 2, 7), (30.1, 2, 3)]
    [a] = journal.attempts()
    assert [x.position_s for x in a.levels] == [120.1, 120.1]


def test_a_level_just_after_an_asking_phase_ended_belongs_to_that_moment(
    journal: Journal,
) -> None:
    rec, clock = recording(journal, asking_program())
    clock.advance(60)
    rec.progress(60.0, 1, 60.0)  # phase 0 (asking) played to its end
    clock.advance(4)
    rec.progress(64.0, 1, 64.0)
    rec.level(5)  # 4 s after the chime: phase 0, at 60 s
    clock.advance(20)
    rec.progress(84.0, 1, 84.0)
    rec.level(2)  # long after: the moment it is given, phase 1
    assert levels(journal) == [(60.0, 0, 5), (84.0, 1, 2)]


def test_the_asked_moment_holds_across_a_pause_and_a_skip_within_the_window(
    journal: Journal,
) -> None:
    rec, clock = recording(journal, asking_program())
    clock.advance(60)
    rec.progress(60.0, 1, 60.0)
    rec.paused()
    clock.advance(3)
    rec.resumed()
    rec.skipped(1, 2)
    rec.progress(60.5, 2, 120.5)
    clock.advance(2)
    rec.level(6)  # 5 s after the chime, after a pause and a skip
    assert levels(journal) == [(60.0, 0, 6)]


def test_skipping_out_of_an_asking_phase_does_not_ask(journal: Journal) -> None:
    rec, clock = recording(journal, asking_program())
    clock.advance(10)
    rec.progress(10.0, 0, 10.0)
    rec.skipped(0, 1)
    rec.progress(10.2, 1, 60.2)
    clock.advance(1)
    rec.level(8)
    assert levels(journal) == [(10.2, 1, 8)]


def test_seconds_heard_per_phase_show_what_was_skipped(journal: Journal) -> None:
    rec, clock = recording(journal, make_program(1))
    for second in range(1, 61):
        clock.advance(1)
        rec.progress(float(second), 0 if second < 60 else 1)
    rec.skipped(1, 2)  # phase 1 hardly heard
    for second in range(61, 121):
        clock.advance(1)
        rec.progress(float(second), 2)
    rec.finish(completed=False, reason="stopped")
    [a] = journal.attempts()
    heard = dict(a.phase_listened)
    assert heard[0] == pytest.approx(59.0, abs=1.01)
    assert heard.get(1, 0.0) <= 1.01
    assert heard[2] == pytest.approx(60.0, abs=1.01)
    assert 3 not in heard


def test_a_session_without_levels_is_complete(journal: Journal) -> None:
    rec, clock = recording(journal, make_program(1))
    clock.advance(240)
    rec.progress(240.0, 3)
    rec.finish(completed=True, reason="finished")
    [a] = journal.attempts()
    assert a.completed and a.levels == ()


def test_an_older_journal_opens_with_everything_it_held(tmp_path: object) -> None:
    path = paths.journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = apsw.Connection(str(path))
    schema.migrate(db, target=2)
    db.execute(
        "INSERT INTO programs (id, version, title, installed) VALUES ('p', '1.0.0', 'P', ?)",
        (T0.isoformat(),),
    )
    db.execute(
        "INSERT INTO attempts (program_id, program_version, session_id, started, ended, "
        "listened_s, completed, reason, saved) VALUES ('p', '1.0.0', 's1', ?, ?, 600, 1, "
        "'finished', ?)",
        (T0.isoformat(), (T0 + timedelta(minutes=10)).isoformat(), T0.isoformat()),
    )
    db.close()
    with Journal.open(clock=FakeClock(T0)) as j:
        [a] = j.attempts()
        assert (a.session_id, a.listened_s, a.completed, a.levels) == ("s1", 600.0, True, ())
        j.record_level(a.id, at_s=30.0, phase=0, level=5, position_s=30.0)
    with Journal.open(clock=FakeClock(T0)) as j:
        assert [x.level for x in j.attempt(a.id).levels] == [5]


def test_levels_are_locked_with_the_journal_and_erased_with_everything() -> None:
    with Journal.open(passphrase="kalme zee", clock=FakeClock(T0)) as j:
        attempt = j.start_attempt("p", "1.0.0", "s1", T0)
        j.record_level(attempt, at_s=33.0, phase=1, level=9, position_s=33.0)
    raw = paths.journal_path().read_bytes()
    assert b"levels" not in raw and b"phase_times" not in raw  # not even the table names
    with pytest.raises(JournalLocked):
        Journal.open()
    with Journal.open(passphrase="kalme zee") as j:
        assert [x.level for x in j.attempt(attempt).levels] == [9]
    erase_all_data()
    with Journal.open() as j:
        assert j.attempts() == []


def test_giving_a_level_writes_nothing_to_any_log(
    journal: Journal, caplog: pytest.LogCaptureFixture
) -> None:
    program = make_program(1)
    caplog.set_level(logging.DEBUG)
    rec = PracticeRecorder(journal, program, program.sessions[0], FakeClock(T0))
    rec.start()
    rec.level(7)
    assert caplog.records == []
