""" "Delete all my data" removes every private file of ours, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

from test_journal_support import PROMPTS

from vallei_player.core.journal import Journal
from vallei_player.core.store import Settings, erase_all_data, paths


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
