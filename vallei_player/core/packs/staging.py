"""The staging area, `<data>/staging/`: private folders where packs are unpacked and installs
are prepared, and the clearing of those that a killed process left behind.

A process killed while it unpacks a pack (hundreds of MB) or while it updates a program
(the old version moved aside) cannot clean up after itself. So every folder here says who
owns it: its name is `<job>-<pid>-<random>`, and its process holds an exclusive `flock` on
the folder itself for as long as it uses it. The kernel lets go of that lock when the
process ends, however it ends. A folder is stale when no process holds its lock and either
its pid runs no process any more or it is older than STALE_SECONDS (pids are reused). Where
there are no such locks (Windows) only the age tells, as before.

Stale folders are cleared whenever a new staging folder is made (import, and validate, info
or play of a pack), except those holding an update's old version (`ASIDE`): only the library,
under its lock, decides whether that goes back into the library or away (`library._recover`,
which runs at every start of the app and every import).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ..store import paths, process_running

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

STALE_SECONDS = 6 * 3600
ASIDE = "previous"  # an installed version moved aside by an update, inside its staging folder
_OWNER = re.compile(r"^[a-z]+-(\d+)-")


@contextlib.contextmanager
def staging_folder(prefix: str, parent: Path | None = None) -> Iterator[Path]:
    """A fresh private folder under the staging area, held while in use, removed on exit.

    `prefix` names the job ("install-", "unpack-"). Raises OSError when the data folder
    cannot take it.
    """
    parent = parent if parent is not None else paths.staging_dir()
    clear_stale(parent)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    lock = _hold(folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # before the lock goes: never seen half
        if lock is not None:
            os.close(lock)


def folders(parent: Path | None = None) -> list[Path]:
    """The staging folders (not the library's lock file)."""
    parent = parent if parent is not None else paths.staging_dir()
    try:
        return sorted(p for p in parent.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        return []


def held(folder: Path) -> bool | None:
    """True while a process holds `folder`; None where locks cannot tell (Windows)."""
    if fcntl is None:
        return None
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return True  # cannot look: leave it alone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops the probe's own lock
    return False


def is_stale(folder: Path, now: float | None = None) -> bool:
    """Left behind by a process that has ended (see the module docstring)."""
    holder = held(folder)
    if holder:
        return False
    try:
        age = (time.time() if now is None else now) - folder.stat().st_mtime
    except OSError:
        return False
    if age > STALE_SECONDS:
        return True
    if holder is None:
        return False
    owner = _OWNER.match(folder.name)
    return owner is not None and not process_running(int(owner.group(1)))


def clear_stale(parent: Path | None = None) -> None:
    """Remove stale staging folders, except those holding an old version (the library's)."""
    for folder in folders(parent):
        if not (folder / ASIDE).exists() and is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _hold(folder: Path) -> int | None:
    if fcntl is None:
        return None
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # new and private: always free
    except OSError:
        os.close(fd)
        raise
    return fd
