"""Setting, changing or removing the passphrase so that a kill at any moment loses nothing.

The journal is never rekeyed in place. The switch, in order:

1. take the journal for ourselves: an exclusive lock, held until the switch is over (SQLite
   refuses it while anyone else has the file open: then nothing happens and the person is
   told), and its WAL folded into the file and emptied;
2. write a complete copy under the new key (`VACUUM INTO`, in the clear only when the
   passphrase is removed) to `journal.sqlite3.switching-PID`; fsync it, check it opens with the
   new key and holds every attempt, answer and note;
3. rename it to `journal.sqlite3.switch-ID` (ID: the journal file's inode, size and time,
   which the held lock keeps unchanged): from here on the switch is decided;
4. delete every backup (made under the old key, or in the clear) and, when encrypting, every
   plaintext copy kept aside; a fresh backup under the new key follows the switch;
5. rename the copy over the journal (atomic), fsync the folder, remove the old -wal/-shm.

A kill before 3 leaves the old journal exactly as it was (plus a half-written copy, removed at
the next open). A kill from 3 on leaves a complete copy that `finish_interrupted` (run before
every open) puts in place, as long as the journal is still the file the copy was made from
(same identity, nothing in its WAL); otherwise the copy is the stale one and goes. So the
journal always opens with the old or the new passphrase and holds everything; and once it is
encrypted, no plaintext copy is left.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import apsw

from ...i18n import _
from ..store import fsync_dir, process_running
from . import backups, crypto
from .crypto import FileKind
from .errors import JournalError
from .rollback import roll_back_older_rekey

_WRITING = ".switching-"  # + the pid of the process writing it
_READY = ".switch-"
_SIDES = ("-journal", "-wal", "-shm")
_COUNTED = ("programs", "attempts", "answers", "notes")


def change_key(db: apsw.Connection, path: Path, backups_dir: Path, new: str | None) -> None:
    """Switch the journal at `path` (open as `db`) to the key `new` (None: no encryption).

    On success `db` is closed and the file at `path` is the new journal; the caller opens
    it again. On failure before the switch is decided, `db` is left open and usable, with
    the journal exactly as it was.
    """
    if db.in_transaction:
        raise RuntimeError("cannot change the passphrase inside a transaction")
    writing = path.with_name(f"{path.name}{_WRITING}{os.getpid()}")
    _take_for_ourselves(db, path)
    try:
        _remove_with_sides(writing)
        identity = _identity(path)
        db.execute("VACUUM INTO ?", (crypto.copy_uri(writing, new),))
        _make_durable(writing)
        _check_copy(db, writing, new)
        ready = path.with_name(f"{path.name}{_READY}{identity}")
        os.replace(writing, ready)
        fsync_dir(path.parent)
    except BaseException:
        _remove_with_sides(writing)
        _give_back(db)
        raise
    # Decided: whatever happens now, the next open finishes the switch.
    _forget_old_copies(path, backups_dir, encrypting=new is not None)
    db.close()
    _put_in_place(ready, path)


def finish_interrupted(path: Path, backups_dir: Path) -> None:
    """Before opening: complete a switch that was decided, drop one that was not (and undo
    an older version's half-done in-place rekey)."""
    roll_back_older_rekey(path)
    for writing in path.parent.glob(f"{path.name}{_WRITING}*"):
        if writing.name.endswith(_SIDES):
            continue  # removed with the copy they belong to
        owner = writing.name[len(path.name) + len(_WRITING) :]
        # Another process's copy in the making is its own; a killed one's is garbage.
        if not owner.isdigit() or not process_running(int(owner)) or int(owner) == os.getpid():
            _remove_with_sides(writing)
    for ready in sorted(path.parent.glob(f"{path.name}{_READY}*")):
        made_from = ready.name[len(path.name) + len(_READY) :]
        if not path.exists() or _unchanged_since(path, made_from):
            copy_kind = crypto.file_kind(ready)
            _forget_old_copies(path, backups_dir, encrypting=copy_kind is FileKind.ENCRYPTED)
            _put_in_place(ready, path)
        else:  # the journal changed after this copy was made: the copy is out of date
            _remove_with_sides(ready)
    if crypto.file_kind(path) is FileKind.ENCRYPTED:
        _forget_plaintext(path, backups_dir)


def _take_for_ourselves(db: apsw.Connection, path: Path) -> None:
    """Hold the journal's lock for the whole switch and fold its WAL into the file.

    The journal stays in WAL mode throughout: leaving it (for DELETE mode) writes a rollback
    journal, and SQLite3MC cannot roll that back on an encrypted file, so a kill at that
    moment used to lock the person out. In exclusive locking mode the first write takes an
    exclusive lock on the file and keeps it; another process that has the journal open holds
    a shared lock, so the write is refused (busy) and nothing is changed.
    """
    db.execute("PRAGMA locking_mode=EXCLUSIVE")
    try:
        with db:
            version = db.execute("PRAGMA user_version").fetchall()[0][0]
            db.execute(f"PRAGMA user_version = {int(str(version))}")
    except apsw.BusyError:
        _give_back(db)
        raise JournalError(
            _(
                "The journal {path} is open in another Vallei Player (the app, or a command "
                "still running). Close it, then try again; nothing was changed."
            ).format(path=path)
        ) from None
    # Everything into the file itself, the WAL left empty: the file's identity now says all.
    busy, _log, _done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()[0]
    if busy:
        _give_back(db)
        raise RuntimeError("the journal's WAL could not be folded in")
    # Closing must not write to the file again (no checkpoint on close): see _identity.
    db.config(apsw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1)


def _give_back(db: apsw.Connection) -> None:
    with contextlib.suppress(apsw.Error):
        db.config(apsw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0)
        db.execute("PRAGMA locking_mode=NORMAL")
        db.execute("SELECT count(*) FROM sqlite_schema").fetchall()


def _identity(path: Path) -> str:
    """The journal file as the copy was made from it: a later write changes it."""
    found = path.stat()
    return f"{found.st_ino}-{found.st_size}-{found.st_mtime_ns}"


def _unchanged_since(path: Path, identity: str) -> bool:
    # A writer that came after would have changed the file or left frames in its WAL.
    wal = path.with_name(path.name + "-wal")
    wal_empty = not wal.exists() or wal.stat().st_size == 0
    return path.exists() and _identity(path) == identity and wal_empty


def _make_durable(copy: Path) -> None:
    os.chmod(copy, 0o600)
    fd = os.open(copy, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_copy(db: apsw.Connection, copy: Path, new: str | None) -> None:
    """The copy is what was asked (encrypted or not), opens with the new key, holds it all."""
    expected = FileKind.ENCRYPTED if new else FileKind.PLAIN
    if crypto.file_kind(copy) is not expected:
        raise RuntimeError(f"the new copy of the journal is {crypto.file_kind(copy).value}")
    check = apsw.Connection(str(copy), flags=apsw.SQLITE_OPEN_READONLY)
    try:
        if new:
            crypto.apply_key(check, new)
        if check.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise RuntimeError("the new copy of the journal does not pass quick_check")
        if _counts(check) != _counts(db):
            raise RuntimeError("the new copy of the journal does not hold every row")
    finally:
        check.close()


def _counts(db: apsw.Connection) -> list[object]:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    return [
        db.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0] if name in tables else None
        for name in _COUNTED
    ]


def _forget_old_copies(path: Path, backups_dir: Path, encrypting: bool) -> None:
    """Backups were made under the old key (or none): no copy may outlive the switch that
    the old passphrase, or no passphrase, still opens."""
    backups.remove_all(backups_dir)
    if encrypting:
        _forget_plaintext(path, backups_dir)
        # What an older version's killed rekey left (rollback.py) may hold plaintext pages.
        for leftover in path.parent.glob(f"{path.name}.half-rekeyed-*"):
            leftover.unlink()


def _forget_plaintext(path: Path, backups_dir: Path) -> None:
    """Once the journal is encrypted: no readable copy of it anywhere in our folders."""
    candidates = [*path.parent.glob(f"{path.name}.corrupt-*"), *backups.all_files(backups_dir)]
    removed = False
    for candidate in candidates:
        if candidate.name.endswith(_SIDES):
            continue
        if crypto.file_kind(candidate) is not FileKind.ENCRYPTED:
            _remove_with_sides(candidate)
            removed = True
    if removed:
        fsync_dir(path.parent)
        fsync_dir(backups_dir)


def _put_in_place(ready: Path, path: Path) -> None:
    # A rollback journal beside the old file is not a hot one (the file opened and was
    # locked since), and must never be rolled back into the new file.
    with contextlib.suppress(FileNotFoundError):
        path.with_name(path.name + "-journal").unlink()
    try:
        os.replace(ready, path)
    except FileNotFoundError:
        return  # another process finished this same switch a moment ago
    fsync_dir(path.parent)
    # The old journal's WAL was folded in and left empty, its -shm is an index SQLite
    # rebuilds: neither holds data, and neither may be read with the new file.
    for side in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + side).unlink()


def _remove_with_sides(path: Path) -> None:
    for name in (path.name, *(path.name + side for side in _SIDES)):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(name).unlink()
