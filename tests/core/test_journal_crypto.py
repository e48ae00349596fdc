"""With a passphrase, nothing private is readable on disk: not the file, its WAL, nor backups."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_journal_support import PROMPTS, FakeClock

from vallei_player.core.journal import Journal, JournalLocked, open_for_cli
from vallei_player.core.journal.crypto import FileKind, file_kind
from vallei_player.core.store import paths

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)
SECRET_TEXT = "my very private reflection about the exercise"


def _disk_bytes() -> dict[str, bytes]:
    home = paths.data_dir()
    return {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}


def _write_private_things(j: Journal) -> None:
    aid = j.start_attempt("demo.self", "1.0.0", "s1", T0)
    for n in range(1, len(SECRET_TEXT) + 1):  # typed letter by letter, every draft saved
        j.save_answer(aid, PROMPTS[0], SECRET_TEXT[:n])
    j.add_note(SECRET_TEXT)


def test_encrypted_file_wal_and_backups_hold_no_reflection_text() -> None:
    j = Journal.open(passphrase="correct horse", clock=FakeClock(T0))
    _write_private_things(j)
    j.backup_now(paths.backups_dir() / "journal-manual.sqlite3")
    files = _disk_bytes()  # while open: the WAL is on disk too
    assert "journal.sqlite3-wal" in files and len(files["journal.sqlite3-wal"]) > 0
    assert any(name.startswith("backups/") for name in files)
    for name, data in files.items():
        assert SECRET_TEXT[:12].encode() not in data, name
        assert b"SQLite format 3" not in data, name
    j.close()
    for name, data in _disk_bytes().items():
        assert SECRET_TEXT[:12].encode() not in data, name


def test_setting_a_passphrase_encrypts_and_replaces_old_plain_backups() -> None:
    j = Journal.open(clock=FakeClock(T0))
    _write_private_things(j)
    j.backup_now(paths.backups_dir() / "journal-manual.sqlite3")
    assert any(SECRET_TEXT.encode() in d for d in _disk_bytes().values())  # plain so far
    j.set_passphrase("s3cret")
    j.close()
    for name, data in _disk_bytes().items():
        assert SECRET_TEXT[:12].encode() not in data, name
    assert list(paths.backups_dir().iterdir())  # a fresh, encrypted backup exists
    for backup in paths.backups_dir().iterdir():
        assert file_kind(backup) is FileKind.ENCRYPTED
    with Journal.open(passphrase="s3cret") as again:
        assert again.encrypted
        assert again.attempts()[0].answer_values["noticed"] == SECRET_TEXT


def test_changing_and_removing_the_passphrase() -> None:
    with Journal.open(passphrase="one", clock=FakeClock(T0)) as j:
        _write_private_things(j)
        j.set_passphrase("two")
    with pytest.raises(JournalLocked):
        Journal.open(passphrase="one")
    with Journal.open(passphrase="two") as j:
        j.set_passphrase(None)
    assert file_kind(paths.journal_path()) is FileKind.PLAIN
    with Journal.open() as j:
        assert not j.encrypted and len(j.notes()) == 1


def test_a_wrong_or_missing_passphrase_says_so_and_changes_nothing() -> None:
    with Journal.open(passphrase="right", clock=FakeClock(T0)) as j:
        _write_private_things(j)
    before = _disk_bytes()
    with pytest.raises(JournalLocked, match="does not open the journal"):
        Journal.open(passphrase="wrong")
    with pytest.raises(JournalLocked, match="protected by a passphrase"):
        Journal.open()
    assert _disk_bytes() == before


def test_open_for_cli_takes_the_passphrase_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with Journal.open(passphrase="from env", clock=FakeClock(T0)) as j:
        j.start_attempt("demo.self", "1.0.0", "s1", T0 + timedelta(minutes=1))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    monkeypatch.delenv("VALLEI_PLAYER_PASSPHRASE", raising=False)
    with pytest.raises(JournalLocked, match="VALLEI_PLAYER_PASSPHRASE"):
        open_for_cli()
    monkeypatch.setenv("VALLEI_PLAYER_PASSPHRASE", "from env")
    with open_for_cli() as j:
        assert len(j.attempts()) == 1


def test_an_unencrypted_journal_needs_no_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VALLEI_PLAYER_PASSPHRASE", raising=False)
    with open_for_cli() as j:
        assert not j.encrypted
    assert Path(paths.journal_path()).read_bytes().startswith(b"SQLite format 3")
