"""Only SQLite's verdict of damage sets the journal aside; every other failure is a sentence.

Issue 9 item 1: a full disk made `quick_check` fail with an I/O error, and the journal was
renamed aside as "damaged". The real full disk is in tests/cli/test_full_disk.py; here each
of SQLite's other result codes is met at the same moment of opening (the integrity check),
since a busy lock or a failing disk cannot be made on demand.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import apsw
import pytest
from test_journal_support import PROMPTS, FakeClock

from vallei_player.core.journal import Journal, JournalCorrupt, JournalError, connection
from vallei_player.core.store import paths

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)


def _journal_with_an_answer() -> bytes:
    with Journal.open(clock=FakeClock(T0)) as j:
        aid = j.start_attempt("demo.self", "1.0.0", "s1", T0)
        j.save_answer(aid, PROMPTS[0], "calm hands", final=True)
    return paths.journal_path().read_bytes()


def _failing_check(error: apsw.Error) -> object:
    def check(*args: object) -> None:
        raise error

    return check


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (apsw.FullError("database or disk is full"), "is full"),
        (apsw.IOError("disk I/O error"), "input/output error"),
        (apsw.BusyError("database is locked"), "in use by another program"),
        (apsw.LockedError("database table is locked"), "in use by another program"),
        (apsw.ReadOnlyError("attempt to write a readonly database"), "cannot be opened"),
        (apsw.CantOpenError("unable to open database file"), "cannot be opened"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else "",
)
def test_a_storage_failure_is_said_and_the_journal_stays_where_it_is(
    monkeypatch: pytest.MonkeyPatch, error: apsw.Error, words: str
) -> None:
    before = _journal_with_an_answer()
    with monkeypatch.context() as patched, pytest.raises(JournalError, match=words) as refused:
        patched.setattr(connection, "_check", _failing_check(error))
        Journal.open()
    assert not isinstance(refused.value, JournalCorrupt)
    assert "damaged" not in str(refused.value)
    assert "Nothing was changed" in str(refused.value) or "is kept" in str(refused.value)
    home = paths.data_dir()
    assert not list(home.glob("*corrupt*"))
    assert paths.journal_path().read_bytes() == before
    with Journal.open() as j:  # the cause gone, everything is there
        [attempt] = j.attempts()
        assert attempt.answer_values == {"noticed": "calm hands"}


@pytest.mark.parametrize(
    "error",
    [apsw.CorruptError("database disk image is malformed"), apsw.NotADBError("not a database")],
    ids=lambda v: type(v).__name__,
)
def test_sqlite_reporting_damage_sets_the_file_aside_unchanged(
    monkeypatch: pytest.MonkeyPatch, error: apsw.Error
) -> None:
    before = _journal_with_an_answer()
    monkeypatch.setattr(connection, "_check", _failing_check(error))
    with pytest.raises(JournalCorrupt, match="damaged") as refused:
        Journal.open()
    assert refused.value.aside.read_bytes() == before
    assert not paths.journal_path().exists()


def test_a_damaged_page_found_by_the_check_sets_the_file_aside() -> None:
    _journal_with_an_answer()
    path = paths.journal_path()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for i in range(page, len(data)):  # every page after the first: garbage
        data[i] = (i * 7) & 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(JournalCorrupt, match="damaged"):
        Journal.open()
    assert len(list(Path(paths.data_dir()).glob("journal.sqlite3.corrupt-*"))) == 1
