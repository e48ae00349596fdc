"""A crash log for our own bugs: the traceback goes to a file in the data folder, not the screen.

It records code locations only. Exception messages can quote user data (a journal line, a
program title), so they are left out; privacy outranks convenient debugging. Writing it never
raises: when neither the data folder nor the temporary folder can take it, there is no log.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
import traceback
from pathlib import Path

from . import paths


def write_crash_log(error: BaseException) -> Path | None:
    """Where the log was written, or None if it could not be written anywhere."""
    frames = traceback.extract_tb(error.__traceback__)
    lines = [f"{type(error).__module__}.{type(error).__name__}"]
    lines += [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    for folder in _folders():
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
                continue  # a shared temporary folder made by someone else: not for our log
            return _write_new(folder, data)
        except OSError:
            continue
    return None


def _folders() -> list[Path]:
    found = []
    with contextlib.suppress(OSError):  # paths.DataFolderError: the data folder is the problem
        found.append(paths.data_dir() / "logs")
    found.append(temporary_log_folder())
    return found


def temporary_log_folder() -> Path:
    """Where logs go when the data folder cannot take them ("delete all my data" empties it)."""
    user = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"vallei-player-logs-{user}"


def _write_new(folder: Path, data: bytes) -> Path:
    """A new file (never one written by an earlier crash in the same second), owner-only."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 100):
        target = folder / (f"crash-{stamp}.txt" if n == 1 else f"crash-{stamp}-{n}.txt")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return target
    raise FileExistsError(folder)
