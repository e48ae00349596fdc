"""Backups of the journal: one before every migration, plus rolling daily and weekly copies.

A backup is a `VACUUM INTO` copy: a consistent snapshot taken through the open connection, so
it is encrypted with the same cipher and key when the journal is encrypted (crypto.py). It is
written to a temporary name and renamed into place, so a half-written backup never replaces
a good one. Rolling copies keep the last 7 days and the last 4 ISO weeks in which the journal
was opened: enough to step back from a bad day without keeping a long private history.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import datetime
from pathlib import Path

import apsw

from ..store import fsync_dir

KEEP_DAILY = 7
KEEP_WEEKLY = 4
_DAILY = re.compile(r"^journal-daily-(\d{4}-\d{2}-\d{2})\.sqlite3$")
_WEEKLY = re.compile(r"^journal-weekly-(\d{4}-W\d{2})\.sqlite3$")


def vacuum_into(db: apsw.Connection, target: Path) -> Path:
    """Write a compact, consistent copy of the open database to `target` (replacing it)."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        # VACUUM INTO refuses an existing file, and the name is ours (no quotes in it).
        db.execute("VACUUM INTO ?", (str(tmp),))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)
    return target


def before_migration(db: apsw.Connection, folder: Path, from_version: int, now: datetime) -> Path:
    name = f"journal-before-v{from_version + 1}-{now.strftime('%Y%m%d-%H%M%S')}.sqlite3"
    return vacuum_into(db, folder / name)


def rolling(db: apsw.Connection, folder: Path, today: datetime) -> list[Path]:
    """Take today's and this week's copy if missing, then drop the ones beyond what we keep."""
    made = []
    year, week, _ = today.isocalendar()
    daily = folder / f"journal-daily-{today.date().isoformat()}.sqlite3"
    weekly = folder / f"journal-weekly-{year}-W{week:02d}.sqlite3"
    for target in (daily, weekly):
        if not target.exists():
            made.append(vacuum_into(db, target))
    _prune(folder, _DAILY, KEEP_DAILY)
    _prune(folder, _WEEKLY, KEEP_WEEKLY)
    return made


def all_backups(folder: Path) -> list[Path]:
    """Every journal backup in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if p.name.startswith("journal-") and p.suffix == ".sqlite3" and not p.name.startswith(".")
    ]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def all_files(folder: Path) -> list[Path]:
    """Every file a backup left in `folder`, half-written ones (killed mid-copy) included."""
    if not folder.is_dir():
        return []
    return [
        p for p in folder.iterdir() if p.is_file() and p.name.startswith(("journal-", ".journal-"))
    ]


def remove_all(folder: Path) -> None:
    """Delete every backup, half-written ones too (used when the passphrase changes: old
    copies hold the old key, or none)."""
    for path in all_files(folder):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    fsync_dir(folder)


def _prune(folder: Path, pattern: re.Pattern[str], keep: int) -> None:
    dated = sorted(
        (m.group(1), p) for p in folder.iterdir() if (m := pattern.match(p.name)) is not None
    )
    for _, path in dated[:-keep] if len(dated) > keep else []:
        path.unlink()
