"""The journal keeps everything, survives migrations, and never overwrites a damaged file."""

from __future__ import annotations

import os
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import apsw
import pytest
from test_journal_support import PROMPTS, FakeClock

from vallei_player.core.journal import Journal, JournalCorrupt, JournalError, backups, schema
from vallei_player.core.practice import PracticeSchedule
from vallei_player.core.problems import UserError
from vallei_player.core.store import paths

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)


@pytest.fixture
def journal() -> Journal:
    j = Journal.open(clock=FakeClock(T0))
    yield j
    j.close()


def test_the_journal_lives_in_the_data_folder_with_safe_settings(journal: Journal) -> None:
    assert journal.path == paths.data_dir() / "journal.sqlite3"
    db = journal._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert schema.version(db) == schema.CURRENT
    assert journal.path.stat().st_mode & 0o077 == 0


def test_an_attempt_with_answers_and_notes_round_trips(journal: Journal) -> None:
    journal.record_install("demo.self", "1.0.0", "Waves of rest")
    aid = journal.start_attempt("demo.self", "1.0.0", "s1", T0)
    journal.checkpoint(
        aid, listened_s=12.5, phases_completed=1, pauses=1, skips=0, at=T0 + timedelta(seconds=15)
    )
    journal.save_answer(aid, PROMPTS[0], "warm ha")
    journal.save_answer(aid, PROMPTS[0], "warm hands")  # typed on: the draft is updated
    journal.save_answer(aid, PROMPTS[1], 7, final=True)
    journal.finish_attempt(
        aid,
        completed=False,
        reason="stopped",
        ended=T0 + timedelta(minutes=3),
        listened_s=170.0,
        phases_completed=2,
        pauses=1,
        skips=1,
    )
    journal.add_note("Talk about breathing with the coach", program_id="demo.self")
    [a] = journal.attempts()
    assert (a.session_id, a.listened_s, a.completed, a.reason) == ("s1", 170.0, False, "stopped")
    assert (a.phases_completed, a.pauses, a.skips) == (2, 1, 1)
    assert a.ended == T0 + timedelta(minutes=3)
    assert a.answer_values == {"noticed": "warm hands", "calm": 7}
    assert [x.final for x in a.answers] == [False, True]
    assert a.answers[0].ask == "What did you notice?"
    assert [n.text for n in journal.notes()] == ["Talk about breathing with the coach"]


def test_an_attempt_left_open_reads_as_interrupted_at_its_last_checkpoint(
    journal: Journal,
) -> None:
    aid = journal.start_attempt("demo.self", "1.0.0", "s2", T0)
    journal.checkpoint(
        aid, listened_s=44.0, phases_completed=1, pauses=0, skips=0, at=T0 + timedelta(seconds=44)
    )
    path = journal.path
    journal._conn = None  # drop it as a crash would: no finish, no close
    again = Journal.open(path)
    [a] = again.attempts()
    again.close()
    assert (a.completed, a.reason, a.ended, a.listened_s) == (False, "interrupted", None, 44.0)
    assert a.saved == T0 + timedelta(seconds=44)


def test_schedule_programs_and_versions_are_kept(journal: Journal) -> None:
    journal.record_install("demo.self", "1.0.0", "Waves of rest")
    journal.record_install("demo.self", "1.1.0", "Waves of rest")
    schedule = PracticeSchedule(("tue", "sat"), "07:30", "Europe/Amsterdam", date(2025, 3, 1))
    journal.set_schedule("demo.self", schedule)
    assert journal.schedule("demo.self") == schedule
    assert journal.schedule("other") is None
    assert [v for v, _ in journal.versions("demo.self")] == ["1.0.0", "1.1.0"]
    journal.record_removal("demo.self")
    assert journal.programs() == []
    assert journal.programs(include_removed=True)[0].version == "1.1.0"


def test_attempts_filter_by_program_and_day(journal: Journal) -> None:
    for n, pid in enumerate(["a.prog", "b.prog", "a.prog"]):
        journal.start_attempt(pid, "1.0.0", "s1", T0 + timedelta(days=n))
    assert len(journal.attempts("a.prog")) == 2
    since = (T0 + timedelta(days=1)).astimezone().date()
    assert [a.program_id for a in journal.attempts(since=since)] == ["b.prog", "a.prog"]


def test_only_the_owning_thread_may_use_the_journal(journal: Journal) -> None:
    errors: list[BaseException] = []

    def other() -> None:
        try:
            journal.attempts()
        except RuntimeError as e:
            errors.append(e)

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert errors and "thread" in str(errors[0])


def _write_v1_journal(path: Path) -> None:
    db = apsw.Connection(str(path))
    schema.migrate(db, target=1)
    db.execute(
        "INSERT INTO programs VALUES ('demo.self', '0.9.0', 'Old title', ?)", (T0.isoformat(),)
    )
    db.execute(
        "INSERT INTO attempts (program_id, session_id, started, ended, listened_s, completed) "
        "VALUES ('demo.self', 's1', ?, ?, 1200, 1), ('demo.self', 's2', ?, NULL, 95, 0)",
        (
            T0.isoformat(),
            (T0 + timedelta(minutes=20)).isoformat(),
            (T0 + timedelta(days=2)).isoformat(),
        ),
    )
    db.execute("INSERT INTO answers VALUES (1, 'noticed', 'a quiet warmth')")
    db.close()


def test_an_older_journal_is_backed_up_then_migrated_with_its_data() -> None:
    path = paths.journal_path()
    _write_v1_journal(path)
    with Journal.open(clock=FakeClock(T0)) as j:
        finished, crashed = j.attempts()
        assert schema.version(j._db) == schema.CURRENT
    assert (finished.program_version, finished.completed, finished.reason) == (
        "0.9.0",
        True,
        "finished",
    )
    assert finished.answer_values == {"noticed": "a quiet warmth"}
    assert (crashed.completed, crashed.reason, crashed.listened_s) == (False, "interrupted", 95.0)
    [before] = [p for p in paths.backups_dir().iterdir() if "before-v2" in p.name]
    old = apsw.Connection(str(before))
    assert schema.version(old) == 1
    assert old.execute("SELECT count(*) FROM attempts").fetchone()[0] == 2


def test_a_journal_from_a_newer_version_is_refused_unchanged() -> None:
    path = paths.journal_path()
    db = apsw.Connection(str(path))
    db.execute("CREATE TABLE t(x); PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    with pytest.raises(JournalError, match="newer version"):
        Journal.open()
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", ["random", "truncated"])
def test_a_damaged_journal_is_kept_aside_never_overwritten(damage: str) -> None:
    path = paths.journal_path()
    if damage == "random":
        path.write_bytes(os.urandom(50_000))
    else:
        with Journal.open(clock=FakeClock(T0)) as j:
            for n in range(300):
                j.start_attempt("demo.self", "1.0.0", f"s{n}", T0 + timedelta(hours=n))
        full = path.read_bytes()
        path.write_bytes(full[: len(full) // 2])
    damaged = path.read_bytes()
    with pytest.raises(JournalCorrupt) as caught:
        Journal.open()
    message = str(caught.value)
    assert str(path) in message and "kept aside" in message
    assert isinstance(caught.value, UserError)
    assert caught.value.aside.read_bytes() == damaged
    assert not path.exists()
    with Journal.open() as fresh:  # only now a new, empty journal
        assert fresh.attempts() == []
    assert caught.value.aside.read_bytes() == damaged


def test_rolling_backups_keep_seven_days_and_four_weeks() -> None:
    clock = FakeClock(datetime(2025, 1, 1, 12, tzinfo=UTC))
    for _ in range(40):
        Journal.open(clock=clock).close()
        clock.advance(86400)
    names = sorted(p.name for p in paths.backups_dir().iterdir())
    assert len([n for n in names if "daily" in n]) == 7
    assert len([n for n in names if "weekly" in n]) == 4
    assert "journal-daily-2025-02-09.sqlite3" in names
    assert all(not n.endswith(".tmp") for n in names)


def test_a_backup_is_a_complete_journal(journal: Journal) -> None:
    journal.start_attempt("demo.self", "1.0.0", "s1", T0)
    copy = journal.backup_now(paths.backups_dir() / "manual.sqlite3")
    with Journal.open(copy, rolling_backups=False) as j:
        assert len(j.attempts()) == 1
    assert backups.all_backups(paths.backups_dir())


def test_a_failing_backup_does_not_lock_the_participant_out(tmp_path: Path) -> None:
    blocked = tmp_path / "backups"
    blocked.write_text("a file where the backups folder should be")
    with Journal.open(tmp_path / "journal.sqlite3", backups_dir=blocked) as j:
        assert j.backup_problem is not None and "backup" in j.backup_problem
        j.start_attempt("demo.self", "1.0.0", "s1", T0)
        assert len(j.attempts()) == 1
