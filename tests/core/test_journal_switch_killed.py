"""Killed (SIGKILL) at any moment of setting, changing or removing the passphrase, the journal
opens with the old or the new passphrase and holds every attempt, answer and note; once it is
encrypted, no readable copy is left (issue 9 item 2).

The old code rekeyed in place and, killed mid-way, left a hot rollback journal and a file
that opened with neither passphrase in 3 of 18 trials. Here a forked child runs the switch and
is killed:
- at every step that touches a file or SQLite: before each call into `os` (posix) or apsw,
  counted by a profile hook in the child, one kill per step, so no step boundary is missed;
- at moments spread over the whole switch by the clock, on a journal big enough that the
  copy takes a while, so kills also land inside SQLite's own writing.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_journal_support import PROMPTS, FakeClock

from vallei_player.core.journal import Journal, JournalLocked
from vallei_player.core.journal.crypto import FileKind, file_kind
from vallei_player.core.store import paths

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)
SECRET = "private-reflection-marker"
OLD, NEW = "old passphrase", "new passphrase ñ"
TIMED_KILLS = 6
BIG = 300


def _fill(j: Journal, attempts: int) -> None:
    for n in range(attempts):
        aid = j.start_attempt("demo.self", "1.0.0", f"s{n % 6 + 1}", T0 + timedelta(hours=n))
        j.save_answer(aid, PROMPTS[0], f"{SECRET} {n} " + "words " * 200, final=True)
        j.save_answer(aid, PROMPTS[1], n % 11, final=True)
        j.finish_attempt(
            aid,
            completed=n % 2 == 0,
            reason="finished" if n % 2 == 0 else "stopped",
            ended=T0 + timedelta(hours=n, minutes=20),
            listened_s=float(n),
            phases_completed=n % 4,
            pauses=0,
            skips=0,
        )
    j.add_note(f"{SECRET} note")


def _expected(attempts: int) -> list[tuple[Any, ...]]:
    return [
        (n, f"{SECRET} {n} " + "words " * 200, n % 11, "finished" if n % 2 == 0 else "stopped")
        for n in range(attempts)
    ]


def _seen(j: Journal) -> list[tuple[Any, ...]]:
    return [
        (int(a.listened_s), a.answer_values["noticed"], a.answer_values["calm"], a.reason)
        for a in j.attempts()
    ]


@pytest.fixture(scope="module")
def memory_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder in memory when there is one: a SIGKILL keeps the page cache, so the switch
    meets the same files as on a disk, without waiting for hundreds of real fsyncs."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="vallei-kills-", dir=shm))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("kills")


@pytest.fixture(scope="module")
def templates(memory_disk: Path) -> Iterator[dict[str, Path]]:
    """Data folders to copy for each trial: small and big journals, plain and encrypted."""
    made = {}
    saved = os.environ.get("VALLEI_PLAYER_HOME")
    try:
        for name, passphrase, attempts in (
            ("plain-small", None, 12),
            ("encrypted-small", OLD, 12),
            ("plain-big", None, BIG),
            ("encrypted-big", OLD, BIG),
        ):
            home = memory_disk / name
            os.environ["VALLEI_PLAYER_HOME"] = str(home)
            with Journal.open(passphrase=passphrase, clock=FakeClock(T0)) as j:
                _fill(j, attempts)
                j.backup_now(paths.backups_dir() / "journal-manual.sqlite3")
            # A plaintext copy kept aside by an old damage report, and a half-written backup.
            if passphrase is None:
                shutil.copy(home / "journal.sqlite3", home / "journal.sqlite3.corrupt-20250101")
                shutil.copy(home / "journal.sqlite3", home / "backups" / ".journal-daily.1.tmp")
            made[name] = home
        yield made
    finally:
        if saved is not None:
            os.environ["VALLEI_PLAYER_HOME"] = saved


class _KillAt:
    """Counts the steps of the switch and SIGKILLs this process just before the n-th one.

    A step is a call into `os` (posix) or apsw, seen by a profile hook, or a write, sync or
    truncate SQLite makes (through a VFS shim over the cipher's), so kills land between the
    switch's own steps and inside SQLite's writing alike.
    """

    def __init__(self, at: int | None) -> None:
        self.at = at
        self.counting = False
        self.seen: list[str] = []  # the name of each step, in order

    def step(self, name: str) -> None:
        if not self.counting:
            return
        self.seen.append(name)
        if len(self.seen) == self.at:
            os.kill(os.getpid(), signal.SIGKILL)

    def __call__(self, frame: Any, event: str, arg: Any) -> None:
        if event != "c_call":
            return
        owner = getattr(arg, "__self__", None)
        if getattr(arg, "__module__", None) == "posix" or type(owner).__module__ == "apsw":
            self.step(str(getattr(arg, "__name__", "?")))


def _watch_sqlite_writes(hook: _KillAt) -> Any:
    """Make every SQLite file write, sync and truncate a step.

    The watching VFS sits below the cipher's: SQLite3MC wraps it (as it wraps "unix") when a
    connection names "multipleciphers-<name>", and that becomes the default. (Above the
    cipher's VFS, a shim changes how WAL frames are encrypted: it must not be there.)
    """
    import apsw

    class File(apsw.VFSFile):  # type: ignore[misc]
        def xWrite(self, data: bytes, offset: int) -> None:
            hook.step("xWrite")
            super().xWrite(data, offset)

        def xSync(self, flags: int) -> None:
            hook.step("xSync")
            super().xSync(flags)

        def xTruncate(self, size: int) -> None:
            hook.step("xTruncate")
            super().xTruncate(size)

    class Watch(apsw.VFS):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__("kill-points", base="unix")

        def xOpen(self, name: Any, flags: Any) -> File:
            return File("unix", name, flags)

    watch = Watch()
    apsw.Connection(":memory:", vfs="multipleciphers-kill-points").close()
    apsw.set_default_vfs("multipleciphers-kill-points")
    return watch


def _child(home: Path, old: str | None, new: str | None, hook: _KillAt, go: int) -> None:
    """In the forked child: open, say "go", switch; report the steps; never return."""
    code = 0
    try:
        os.environ["VALLEI_PLAYER_HOME"] = str(home)
        watch = _watch_sqlite_writes(hook)
        j = Journal.open(passphrase=old, clock=FakeClock(T0 + timedelta(days=400)))
        os.write(go, b"g")
        hook.counting = True
        sys.setprofile(hook)
        if os.environ.get("REKEY_AS_OLDER_VERSIONS") == "1":
            _rekey_in_place(j, new)
        else:
            j.set_passphrase(new)
        sys.setprofile(None)
        hook.counting = False
        j.close()
        os.write(go, " ".join(hook.seen).encode())
        del watch
    except BaseException:
        code = 3
    finally:
        os._exit(code)


def _rekey_in_place(j: Journal, new: str | None) -> None:
    """What versions before the crash-safe switch did: PRAGMA rekey in rollback mode."""
    db = j._db
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    db.execute("PRAGMA journal_mode=DELETE").fetchall()
    db.pragma("rekey", new or "")
    db.execute("PRAGMA journal_mode=WAL").fetchall()


def _trial(
    home: Path, old: str | None, new: str | None, kill_at: int | None, after_s: float | None
) -> tuple[list[str], float, int]:
    """Run one switch in a child; returns (its steps, seconds it took, how it ended)."""
    read, write = os.pipe()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        _child(home, old, new, _KillAt(kill_at), write)
    os.close(write)
    assert os.read(read, 1) == b"g"
    began = time.monotonic()
    if after_s is not None:
        time.sleep(after_s)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    took = time.monotonic() - began
    rest = b""
    while chunk := os.read(read, 64):
        rest += chunk
    os.close(read)
    return rest.decode().split(), took, status


def _no_readable_copy(home: Path) -> None:
    for p in home.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            assert SECRET.encode() not in data, p
            assert not data.startswith(b"SQLite format 3"), p


def _check_after(home: Path, old: str | None, new: str | None, attempts: int) -> str:
    """The journal opens with the old or the new passphrase and holds everything."""
    os.environ["VALLEI_PLAYER_HOME"] = str(home)
    ours = os.environ.get("REKEY_AS_OLDER_VERSIONS") != "1"
    if ours and new and file_kind(home / "journal.sqlite3") is FileKind.ENCRYPTED:
        _no_readable_copy(home)  # at the moment of the kill, before anything is tidied
    opened = None
    for name, passphrase in (("old", old), ("new", new)):
        try:
            j = Journal.open(passphrase=passphrase)
        except JournalLocked:
            continue
        with j:
            assert _seen(j) == _expected(attempts), name
            assert [n.text for n in j.notes()] == [f"{SECRET} note"]
            encrypted = j.encrypted
        # Encrypted: the passphrase that opened it tells. In the clear: the side without one.
        opened = name if encrypted else ("old" if old is None else "new")
        break
    assert opened is not None, f"the journal opens with neither passphrase: {os.listdir(home)}"
    if encrypted:
        _no_readable_copy(home)
    return opened


def _kill_points(steps: list[str], offset: int) -> list[int]:
    """Which steps (1-based) to kill before: every other one from the copy's first rename to
    just past the one over the journal, where a kill decides old or new (the three switches
    take alternate ones, so together they cover each); twelve of SQLite's writes; and five
    spread over the rest."""
    renames = [i + 1 for i, name in enumerate(steps) if name in ("replace", "rename")]
    decisive: list[int] = []
    if len(renames) >= 2:
        decisive = list(range(renames[0] - 2 + offset % 2, min(renames[1] + 3, len(steps)), 2))
    writes = [i + 1 for i, name in enumerate(steps) if name.startswith("x")]
    sampled = [writes[len(writes) * k // 12] for k in range(12)] if writes else []
    spread = [1 + (len(steps) - 1) * k // 4 for k in range(5)]
    return sorted(set(decisive + sampled + spread))


SWITCHES = {
    "set": ("plain", None, NEW),
    "change": ("encrypted", OLD, NEW),
    "remove": ("encrypted", OLD, None),
}


@pytest.mark.parametrize("switch", sorted(SWITCHES))
def test_killed_between_the_steps_the_journal_opens_with_everything(
    switch: str, templates: dict[str, Path], memory_disk: Path
) -> None:
    source, old, new = SWITCHES[switch]
    template = templates[f"{source}-small"]
    home = memory_disk / f"steps-{switch}" / "dry"
    shutil.copytree(template, home)
    steps, _, status = _trial(home, old, new, None, None)
    assert status == 0 and len(steps) > 20, (status, steps)
    assert _check_after(home, old, new, 12) == "new"
    outcomes: dict[str, int] = {"old": 0, "new": 0}
    for at in _kill_points(steps, sorted(SWITCHES).index(switch)):
        home = memory_disk / f"steps-{switch}" / f"k{at}"
        shutil.copytree(template, home)
        _, _, status = _trial(home, old, new, at, None)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (at, status)
        outcomes[_check_after(home, old, new, 12)] += 1
        shutil.rmtree(home)
    # Both sides of the decisive rename were reached: early kills keep the old passphrase,
    # late ones find the switch finished.
    assert outcomes["old"] > 0 and outcomes["new"] > 0, outcomes


@pytest.mark.parametrize("switch", sorted(SWITCHES))
def test_killed_at_moments_spread_over_a_big_switch(
    switch: str, templates: dict[str, Path], memory_disk: Path
) -> None:
    source, old, new = SWITCHES[switch]
    template = templates[f"{source}-big"]
    home = memory_disk / f"timed-{switch}" / "dry"
    shutil.copytree(template, home)
    _, took, status = _trial(home, old, new, None, None)
    assert status == 0
    outcomes: dict[str, int] = {"old": 0, "new": 0}
    for n in range(TIMED_KILLS):
        home = memory_disk / f"timed-{switch}" / f"t{n}"
        shutil.copytree(template, home)
        _trial(home, old, new, None, took * (n + 0.5) / TIMED_KILLS)
        outcomes[_check_after(home, old, new, BIG)] += 1
        shutil.rmtree(home)
    assert sum(outcomes.values()) == TIMED_KILLS


@pytest.mark.parametrize("switch", ["set", "change"])
def test_an_older_versions_killed_in_place_rekey_is_undone_at_the_next_open(
    switch: str, templates: dict[str, Path], memory_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Journals older versions left half-rekeyed (a hot rollback journal, the file part old
    key, part new) open again with the old passphrase, or the new one, holding everything."""
    monkeypatch.setenv("REKEY_AS_OLDER_VERSIONS", "1")
    source, old, new = SWITCHES[switch]
    template = templates[f"{source}-small"]
    home = memory_disk / f"older-{switch}" / "dry"
    shutil.copytree(template, home)
    steps, _, status = _trial(home, old, new, None, None)
    assert status == 0, status
    writes = [i + 1 for i, name in enumerate(steps) if name.startswith("x")]
    outcomes: dict[str, int] = {"old": 0, "new": 0}
    for at in writes[:: max(1, len(writes) // 16)]:
        home = memory_disk / f"older-{switch}" / f"k{at}"
        shutil.copytree(template, home)
        _trial(home, old, new, at, None)
        outcomes[_check_after(home, old, new, 12)] += 1
        shutil.rmtree(home)
    assert outcomes["old"] > 0, outcomes


def test_a_copy_another_running_process_is_writing_is_left_to_it(private_home: Path) -> None:
    """Opening tidies a killed switch's half-written copy, never a running one's."""
    import subprocess

    with Journal.open() as j:
        _fill(j, 1)
    dead = subprocess.Popen(["true"])
    dead.wait()
    live = private_home / f"journal.sqlite3.switching-{os.getppid()}"
    killed = private_home / f"journal.sqlite3.switching-{dead.pid}"
    for copy in (live, killed):
        copy.write_bytes(b"half a copy")
    with Journal.open() as j:
        assert _seen(j) == _expected(1)
    assert live.exists() and not killed.exists()
