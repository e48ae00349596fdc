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
from typing import NoReturn

import apsw

from ...i18n import _
from . import backups, crypto, schema, storage, switch
from .crypto import FileKind
from .errors import JournalCorrupt, JournalError, JournalLocked

SIDE_FILES = ("-wal", "-shm")


def open_database(
    path: Path, passphrase: str | None, backups_dir: Path, now: datetime
) -> tuple[apsw.Connection, bool]:
    """Return the ready connection and whether the journal is encrypted.

    Only SQLite's own verdict of damage (SQLITE_CORRUPT, SQLITE_NOTADB, or a quick_check
    that finds a problem) sets the file aside. A full disk, a read-only file or folder, a
    busy lock or a failing disk is a JournalError saying so (storage.py); the file is left
    exactly as it was, and the next try after the cause is fixed opens it with everything.
    """
    try:
        return _open(path, passphrase, backups_dir, now)
    except JournalError:
        raise
    except (apsw.Error, OSError) as e:
        found = storage.problem(e, path)
        if found is None:
            raise
        raise found from None


def _open(
    path: Path, passphrase: str | None, backups_dir: Path, now: datetime
) -> tuple[apsw.Connection, bool]:
    switch.finish_interrupted(path, backups_dir)
    kind = crypto.file_kind(path)
    if kind is FileKind.UNKNOWN:
        _set_aside(path, _("its first bytes are not those of a journal"), backups_dir)
    if kind is FileKind.ENCRYPTED and not passphrase:
        raise JournalLocked(
            _(
                "The journal is protected by a passphrase. Give it to open the journal "
                "(on the command line: set VALLEI_PLAYER_PASSPHRASE, or run it in a terminal "
                "to be asked)."
            )
        )
    encrypted = kind is FileKind.ENCRYPTED or (kind is FileKind.MISSING and bool(passphrase))
    if kind is FileKind.MISSING:
        _create_private(path)
    db = _connect(path, passphrase if encrypted else None, new=kind is FileKind.MISSING)
    try:
        storage.ready_for_writing(db, path)
        try:
            _check(db)
            _refuse_newer(db)
            db.execute("PRAGMA journal_mode=WAL").fetchall()
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
        except (apsw.CorruptError, apsw.NotADBError) as e:
            raise _Damaged(str(e)) from None
        _migrate(db, backups_dir, now)
    except _Damaged as damage:
        db.close()
        _set_aside(path, _("SQLite reports: {problem}").format(problem=damage), backups_dir)
    except BaseException:
        db.close()
        raise
    return db, encrypted


class _Damaged(Exception):
    """SQLite itself says the file is damaged (and only then is it set aside)."""


def _connect(path: Path, passphrase: str | None, new: bool) -> apsw.Connection:
    """A connection with the key applied (URIs on: a passphrase switch writes its copy through
    a `file:` URI). An existing journal is tried with each form of the passphrase."""
    if not passphrase:
        forms = [""]
    elif new:
        forms = [crypto.normalise(passphrase)]
    else:
        forms = crypto.key_forms(passphrase)
    for form in forms:
        db = apsw.Connection(str(path.absolute()), flags=_FLAGS)
        try:
            db.set_busy_timeout(5000)
            if form:
                crypto.apply_key(db, form)
            return db
        except apsw.NotADBError:
            db.close()
        except BaseException:
            db.close()
            raise
    raise JournalLocked(
        _(
            "That passphrase does not open the journal. Nothing was changed; "
            "try again (the passphrase is case-sensitive)."
        )
    )


_FLAGS = apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE | apsw.SQLITE_OPEN_URI


def _create_private(path: Path) -> None:
    # SQLite gives its -wal and -shm files the main file's permissions: owner only.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _check(db: apsw.Connection) -> None:
    # An exception here (a full disk cannot even grow the -shm file) is the disk's problem,
    # not the file's: it goes up as it is; only CorruptError and NotADBError mean damage.
    rows = db.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise _Damaged(str(rows[0][0]))


def _refuse_newer(db: apsw.Connection) -> None:
    # Checked before anything (even the journal mode) is written to the file.
    found = schema.version(db)
    if found > schema.CURRENT:
        raise JournalError(
            _(
                "This journal was written by a newer version of Vallei Player (schema "
                "{schema}). Update Vallei Player to open it; nothing was changed."
            ).format(schema=found)
        )


def _migrate(db: apsw.Connection, backups_dir: Path, now: datetime) -> None:
    def backup_first(from_version: int) -> None:
        backups.before_migration(db, backups_dir, from_version, now)

    schema.migrate(db, before_step=backup_first)


def _set_aside(path: Path, why: str, backups_dir: Path) -> NoReturn:
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
    message = _(
        "The journal file {path} is damaged and cannot be read ({why}). It was kept aside, "
        "unchanged, as {aside}; the next start begins a new, empty journal."
    ).format(path=path, why=why, aside=aside.name)
    if found:
        message += " " + _(
            "The most recent backup is {backup}; it can be copied over {path} to restore it."
        ).format(backup=found[0], path=path)
    raise JournalCorrupt(message, aside, found)
