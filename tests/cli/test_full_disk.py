"""A full disk, a read-only journal, a read-only data folder: said plainly, nothing lost.

Issue 9 item 1: on a full file system `log` called a healthy journal damaged, renamed it aside
and the next start showed an empty journal. These tests put the data folder on a real, small
tmpfs mounted for the test (root can; elsewhere they are skipped and say why), fill it, run
every command as a person would, then free the space and find everything still there.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "engine"))
from enginekit import tone, write_wav
from locations import REPO

from vallei_player.cli import main
from vallei_player.core.journal import Journal, JournalError
from vallei_player.core.program import Prompt

PROGRAM = """\
format: 1
id: org.test.disk
version: 1.0.0
title: Disk test
language: en
audio: {cue: none, fade_out: 1s}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, voice: audio/v.wav, duration: 10s}
      - {kind: closing, duration: 10s}
  - id: s2
    title: Two
    phases:
      - {kind: settle, voice: audio/v.wav, duration: 10s}
"""
NOTICED = Prompt("noticed", "What did you notice?", "text")
T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)
ATTEMPTS = 3


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)


def _why_no_mount() -> str | None:
    if shutil.which("mount") is None:
        return "mount(8) is not installed; the full-disk tests need it to make a small tmpfs"
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root; these tests run the real full-disk case"
    return None


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A 24 MB tmpfs holding VALLEI_PLAYER_HOME, unmounted afterwards."""
    why = _why_no_mount()
    if why is not None:
        pytest.skip(why)
    disk = tmp_path / "disk"
    disk.mkdir()
    done = _mount("-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", str(disk))
    if done.returncode != 0:
        pytest.skip(f"a small tmpfs cannot be mounted here: {done.stderr.strip()}")
    home = disk / "home"
    monkeypatch.setenv("VALLEI_PLAYER_HOME", str(home))
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, timeout=30)


def _installed_with_history(tmp_path: Path) -> None:
    """A program in the library and a journal holding attempts with answers and a note."""
    source = tmp_path / "prog"
    write_wav(source / "audio" / "v.wav", tone(1, 440, 0.3))
    (source / "program.yaml").write_text(PROGRAM)
    assert main(["import", str(source)]) == 0
    with Journal.open() as j:
        for n in range(ATTEMPTS):
            aid = j.start_attempt("org.test.disk", "1.0.0", "s1", T0 + timedelta(days=n))
            j.save_answer(aid, NOTICED, f"answer number {n}", final=True)
            j.finish_attempt(
                aid,
                completed=True,
                reason="finished",
                ended=T0 + timedelta(days=n, minutes=1),
                listened_s=20.0,
                phases_completed=2,
                pauses=0,
                skips=0,
            )
        j.add_note("a note for the coach")


def _fill(disk: Path) -> Path:
    """Take every free byte of the file system; returns the file to delete to free it."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 1 << 16, 4096, 512, 1):  # down to the last few bytes
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as e:
                    assert e.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)
    assert os.statvfs(disk).f_bavail == 0
    return filler


def _fingerprint(home: Path) -> dict[str, str]:
    """Every journal file and backup with a digest of its content.

    SQLite's -shm is a shared-memory index (no data, rebuilt from the WAL on the next open),
    and an empty -wal holds nothing: a refused open may leave them, and that changes nothing.
    """
    found = {}
    for p in sorted(home.rglob("journal*")):
        empty_wal = p.name.endswith("-wal") and p.stat().st_size == 0
        if p.is_file() and not p.name.endswith("-shm") and not empty_wal:
            found[str(p.relative_to(home))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def _run(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vallei_player", *args],
        cwd=REPO,
        env={**os.environ, "VALLEI_PLAYER_HOME": str(home), **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _assert_plain_refusal(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    for word in words:
        assert word in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert "unexpected problem" not in done.stderr
    assert "damaged" not in done.stderr


def _assert_everything_there(home: Path) -> None:
    done = _run("log", "--json", home=home)
    assert done.returncode == 0, done.stderr
    attempts = json.loads(done.stdout)
    assert len(attempts) == ATTEMPTS
    assert [a["answers"] for a in attempts] == [
        {"noticed": f"answer number {n}"} for n in range(ATTEMPTS)
    ]
    with Journal.open() as j:
        assert [n.text for n in j.notes()] == ["a note for the coach"]
    assert not list(home.glob("*corrupt*"))


COMMANDS = (
    ("log",),
    ("log", "--json"),
    ("plan",),
    ("export", "--format", "csv", "-o", "{out}/report.csv"),
    ("export", "--format", "json", "-o", "{out}/report.json"),
    ("export", "--format", "pdf", "-o", "{out}/report.pdf"),
    ("calendar", "-o", "{out}/plan.ics"),
    ("play", "org.test.disk", "--session", "s2"),
    ("import", "{source}"),
)


def test_on_a_full_disk_every_command_says_so_and_the_journal_is_never_set_aside(
    small_disk: Path, tmp_path: Path
) -> None:
    home = small_disk / "home"
    _installed_with_history(tmp_path)
    update = tmp_path / "update"
    shutil.copytree(tmp_path / "prog", update)
    (update / "program.yaml").write_text(PROGRAM.replace("1.0.0", "1.1.0"))
    out = tmp_path / "out"  # on the big disk: only the data folder's disk is full
    out.mkdir()
    before = _fingerprint(home)
    filler = _fill(small_disk)
    for command in COMMANDS:
        args = [a.format(out=out, source=update) for a in command]
        done = _run(*args, home=home)
        _assert_plain_refusal(done, "is full", str(home), "Free some space")
        assert _fingerprint(home) == before, command
    assert not list(out.iterdir())
    filler.unlink()
    _assert_everything_there(home)


def test_a_journal_that_opened_and_then_meets_a_full_disk_keeps_what_it_had(
    small_disk: Path, tmp_path: Path
) -> None:
    _installed_with_history(tmp_path)
    home = small_disk / "home"
    with Journal.open() as j:
        filler = _fill(small_disk)
        with pytest.raises(JournalError, match="is full") as refused:
            for n in range(1000):  # the WAL may take a few before the disk says no
                aid = j.start_attempt("org.test.disk", "1.0.0", "s2", T0 + timedelta(days=9))
                j.save_answer(aid, NOTICED, "x" * 4000 + str(n))
        assert str(home) in str(refused.value)
    filler.unlink()
    _assert_everything_there_at_least(home)


def _assert_everything_there_at_least(home: Path) -> None:
    """The history from before is all there (the attempts begun on the full disk may be too)."""
    with Journal.open() as j:
        finished = [a for a in j.attempts() if a.reason == "finished"]
        assert len(finished) == ATTEMPTS
        assert {a.answer_values["noticed"] for a in finished} == {
            f"answer number {n}" for n in range(ATTEMPTS)
        }
    assert not list(home.glob("*corrupt*"))


def test_the_app_on_a_full_disk_shows_the_sentence_and_keeps_the_journal(
    small_disk: Path, tmp_path: Path, qtbot: Any
) -> None:
    from vallei_player.core.store import Settings
    from vallei_player.engine import NullOutput
    from vallei_player.ui import tasks
    from vallei_player.ui.app import build

    home = small_disk / "home"
    _installed_with_history(tmp_path)
    settings = Settings.load()
    settings.change("welcome_done", True)
    settings.save()
    before = _fingerprint(home)
    filler = _fill(small_disk)
    tasks.use_synchronous_runner(True)
    try:
        context, window = build(Settings.load(), lambda: NullOutput("manual"), tray=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: "is full" in window.banner.text.text(), timeout=10_000)
        shown = window.banner.text.text()
        assert str(home) in shown and "Free some space" in shown
        assert "damaged" not in shown
        context.journal.close()
    finally:
        tasks.use_synchronous_runner(False)
    assert _fingerprint(home) == before
    filler.unlink()
    _assert_everything_there(home)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Any]:
    """Make a file or folder read-only as its owner would meet it (root: a read-only bind mount,
    since root may write any file whatever its mode)."""
    mounted: list[Path] = []
    changed: list[tuple[Path, int]] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            changed.append((path, path.stat().st_mode))
            path.chmod(0o500 if path.is_dir() else 0o400)
            return
        why = _why_no_mount()
        if why is not None:
            pytest.skip(why)
        done = _mount("--bind", str(path), str(path))
        if done.returncode != 0:
            pytest.skip(f"a read-only bind mount cannot be made here: {done.stderr.strip()}")
        mounted.append(path)
        done = _mount("-o", "remount,bind,ro", str(path))
        assert done.returncode == 0, done.stderr

    yield make
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)
    for path, mode in changed:
        path.chmod(mode)


def test_a_read_only_journal_file_is_said_so_and_left_alone(
    tmp_path: Path, private_home: Path, read_only: Any
) -> None:
    _installed_with_history(tmp_path)
    journal = private_home / "journal.sqlite3"
    before = _fingerprint(private_home)
    read_only(journal)
    for command in (("log",), ("plan",), ("play", "org.test.disk", "--session", "s2")):
        done = _run(*command, home=private_home)
        _assert_plain_refusal(done, "read-only", str(journal), "writable")
        assert _fingerprint(private_home) == before
    assert not list(private_home.glob("*corrupt*"))


def test_a_read_only_data_folder_is_said_so_and_left_alone(
    tmp_path: Path, private_home: Path, read_only: Any
) -> None:
    _installed_with_history(tmp_path)
    before = _fingerprint(private_home)
    read_only(private_home)
    for command in (("log",), ("plan",), ("play", "org.test.disk", "--session", "s2")):
        done = _run(*command, home=private_home)
        _assert_plain_refusal(done, str(private_home), "cannot be written", "VALLEI_PLAYER_HOME")
        assert _fingerprint(private_home) == before
