"""Opening the journal file safely: the one place that creates an SQLite connection to it.

In order: tell new / plain / encrypted / damaged apart from the file's first bytes; give the
key (a wrong one is refused before anything is written); set WAL, synchronous=FULL and
foreign keys; run `quick_check`; back up and migrate. A damaged file is renamed aside with
its WAL and never overwritten; only the next open starts a new, empty journal.
"""

from __future__ import annotations

import contextlib
import os
import time
from datetime import datetime
from pathlib import Path

import apsw

from . import backups, crypto, schema
from .crypto import FileKind
from .errors import JournalCorrupt, JournalError, JournalLocked

SIDE_FILES = ("-wal", "-shm")


def open_database(
    path: Path, passphrase: str | None, backups_dir: Path, now: datetime
) -> tuple[apsw.Connection, bool]:
    """Return the ready connection and whether the journal is encrypted.

    A journal that the file system will not let us open or write (read-only folder, no
    permission) is a JournalError naming the folder; the file is left as it is.
    """
    try:
        return _open(path, passphrase, backups_dir, now)
    except (apsw.CantOpenError, apsw.ReadOnlyError, apsw.PermissionsError, PermissionError) as e:
        raise JournalError(
            f"The journal {path} cannot be opened for writing ({_reason(e)}). Check that the "
            f"folder {path.parent} exists and can be written; nothing was changed."
        ) from None
    except OSError as e:
        if isinstance(e, JournalError):
            raise
        raise JournalError(
            f"The journal {path} cannot be opened ({_reason(e)}). Check that the folder "
            f"{path.parent} can be written and the disk is not full; nothing was changed."
        ) from None


def _reason(e: BaseException) -> str:
    text = getattr(e, "strerror", None) or str(e) or type(e).__name__
    return str(text).lower().rstrip(".")


def _open(
    path: Path, passphrase: str | None, backups_dir: Path, now: datetime
) -> tuple[apsw.Connection, bool]:
    kind = crypto.file_kind(path)
    if kind is FileKind.UNKNOWN:
        _set_aside(path, "its first bytes are not those of a journal", backups_dir)
    if kind is FileKind.ENCRYPTED and not passphrase:
        raise JournalLocked(
            "The journal is protected by a passphrase. Give it to open the journal "
            "(on the command line: set VALLEI_PLAYER_PASSPHRASE, or run it in a terminal "
            "to be asked)."
        )
    encrypted = kind is FileKind.ENCRYPTED or (kind is FileKind.MISSING and bool(passphrase))
    if kind is FileKind.MISSING:
        _create_private(path)
    db = apsw.Connection(str(path))
    try:
        db.set_busy_timeout(5000)
        if encrypted:
            assert passphrase
            try:
                crypto.apply_key(db, passphrase)
            except apsw.NotADBError:
                raise JournalLocked(
                    "That passphrase does not open the journal. Nothing was changed; "
                    "try again (the passphrase is case-sensitive)."
                ) from None
        _check(db, path, backups_dir)
        _refuse_newer(db)
        db.execute("PRAGMA journal_mode=WAL").fetchall()
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        _migrate(db, backups_dir, now)
    except BaseException:
        db.close()
        raise
    return db, encrypted


def _create_private(path: Path) -> None:
    # SQLite gives its -wal and -shm files the main file's permissions: owner only.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _check(db: apsw.Connection, path: Path, backups_dir: Path) -> None:
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
        problem = None if rows == [("ok",)] else str(rows[0][0])
    except (apsw.CorruptError, apsw.NotADBError, apsw.IOError) as e:
        problem = str(e)
    if problem is not None:
        db.close()
        _set_aside(path, f"SQLite reports: {problem}", backups_dir)


def _refuse_newer(db: apsw.Connection) -> None:
    # Checked before anything (even the journal mode) is written to the file.
    found = schema.version(db)
    if found > schema.CURRENT:
        raise JournalError(
            f"This journal was written by a newer version of Vallei Player (schema {found}). "
            "Update Vallei Player to open it; nothing was changed."
        )


def _migrate(db: apsw.Connection, backups_dir: Path, now: datetime) -> None:
    def backup_first(from_version: int) -> None:
        backups.before_migration(db, backups_dir, from_version, now)

    schema.migrate(db, before_step=backup_first)


def _set_aside(path: Path, why: str, backups_dir: Path) -> None:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, aside)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            os.replace(side, aside.with_name(aside.name + suffix))
    found = tuple(backups.all_backups(backups_dir))
    restore = (
        f" The most recent backup is {found[0]}; it can be copied over {path} to restore it."
        if found
        else ""
    )
    raise JournalCorrupt(
        f"The journal file {path} is damaged and cannot be read ({why}). It was kept aside, "
        f"unchanged, as {aside.name}; the next start begins a new, empty journal.{restore}",
        aside,
        found,
    )
