""" "Delete all my data": the journal, its WAL/SHM, backups, settings, library and caches.

Removal is for real (not a trash folder). Journal-like files are first overwritten with zeros
and synced, which on an ordinary disk leaves nothing to undelete; on SSDs and copy-on-write
file systems the old blocks may survive until the drive reuses them, so the promise that
really protects old data is the passphrase (encryption at rest).

Crash logs written to the temporary folder (when the data folder could not take them) go too.
Only names this app creates are touched, never the rest of the folder: a portable install
pointed at a shared folder by VALLEI_PLAYER_HOME must not lose anything else. The data
folder itself is removed when that leaves it empty.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Protocol

from . import paths
from .crashlog import temporary_log_folder

OUR_FOLDERS = ("library", "cache", "backups", "staging", "logs")
OUR_FILE_PREFIXES = ("journal.sqlite3", "settings.json", ".journal.sqlite3", ".settings.json")
_WIPE_CHUNK = 1 << 20


class Closable(Protocol):
    def close(self) -> None: ...


def erase_all_data(journal: Closable | None = None) -> list[Path]:
    """Delete everything of ours in the data folder; returns what was removed.

    Pass the open journal (if any) so it is closed before its files go.
    """
    if journal is not None:
        journal.close()
    home = paths.data_dir()
    removed: list[Path] = []
    for entry in sorted(home.iterdir()):
        if entry.is_dir() and not entry.is_symlink() and entry.name in OUR_FOLDERS:
            _wipe_tree(entry)
            shutil.rmtree(entry)
            removed.append(entry)
        elif entry.name.startswith(OUR_FILE_PREFIXES) and not entry.is_dir():
            _wipe_file(entry)
            entry.unlink()
            removed.append(entry)
    with contextlib.suppress(OSError):
        home.rmdir()  # only succeeds when nothing else lives there
    removed += _erase_temporary_logs()
    return removed


def _erase_temporary_logs() -> list[Path]:
    """Our crash logs in the temporary folder: only a folder we own, only our file names."""
    folder = temporary_log_folder()
    try:
        if folder.is_symlink() or not folder.is_dir():
            return []
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return []  # someone else's folder of that name: not ours to empty
        logs = [p for p in folder.iterdir() if p.name.startswith("crash-") and p.is_file()]
    except OSError:
        return []
    removed = []
    for log in logs:
        with contextlib.suppress(OSError):
            log.unlink()
            removed.append(log)
    with contextlib.suppress(OSError):
        folder.rmdir()
    return removed


def _wipe_tree(folder: Path) -> None:
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root, name)
            if path.name.startswith(("journal", ".journal")) or path.suffix == ".sqlite3":
                _wipe_file(path)


def _wipe_file(path: Path) -> None:
    if path.is_symlink() or not path.is_file():
        return
    try:
        size = path.stat().st_size
        with open(path, "r+b") as f:
            zeros = bytes(min(size, _WIPE_CHUNK))
            left = size
            while left > 0:
                f.write(zeros[: min(left, _WIPE_CHUNK)])
                left -= _WIPE_CHUNK
            f.flush()
            os.fsync(f.fileno())
    except OSError:
        pass  # unlinking still happens; overwriting is a best-effort extra
