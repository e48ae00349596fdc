""" "Delete all my data" removes every private file of ours, and nothing else."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_journal_support import PROMPTS

from vallei_player.core.journal import Journal
from vallei_player.core.store import Settings, erase_all_data, paths, write_crash_log


def test_everything_private_is_gone_for_real() -> None:
    home = paths.data_dir()
    journal = Journal.open()
    aid = journal.start_attempt("demo.self", "1.0.0", "s1", datetime(2025, 3, 3, tzinfo=UTC))
    journal.save_answer(aid, PROMPTS[0], "something private")
    journal.backup_now(paths.backups_dir() / "journal-manual.sqlite3")
    settings = Settings.load()
    settings.change("discreet_mode", True)
    settings.save()
    (paths.library_dir() / "demo.self").mkdir()
    (paths.library_dir() / "demo.self" / "program.yaml").write_text("id: demo.self\n")
    (paths.cache_dir() / "decoded.pcm").write_bytes(b"\0" * 100)
    (home / "journal.sqlite3.corrupt-20250101-000000").write_bytes(b"old damaged journal")
    someone_elses = home / "my-own-notes.txt"  # a portable folder may hold other things
    someone_elses.write_text("keep me")
    assert (home / "journal.sqlite3-wal").exists()

    removed = erase_all_data(journal)

    assert journal.closed
    left = sorted(p.name for p in home.rglob("*"))
    assert left == ["my-own-notes.txt"]
    assert {p.name for p in removed} >= {
        "journal.sqlite3",
        "backups",
        "library",
        "cache",
        "settings.json",
        "journal.sqlite3.corrupt-20250101-000000",
    }
    someone_elses.unlink()
    erase_all_data()  # twice is fine; an empty data folder goes too
    assert not home.exists()


def test_crash_logs_in_the_temporary_folder_go_too(
    private_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    shutil.rmtree(private_home)
    private_home.write_text("a file where the data folder should be")
    try:
        raise RuntimeError("a bug")
    except RuntimeError as error:
        log = write_crash_log(error)
    assert log is not None and log.parent.parent == tmp_path / "tmp"
    other = tmp_path / "tmp" / "someone-elses.txt"
    other.write_text("keep me")
    private_home.unlink()  # the data folder is usable again
    paths.data_dir()

    removed = erase_all_data()

    assert log in removed and not log.exists() and not log.parent.exists()
    assert other.read_text() == "keep me"
