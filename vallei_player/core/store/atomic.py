"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Temp file in the same folder (so the rename cannot cross file systems), fsync the data,
os.replace, then fsync the folder so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..problems import UserError


@contextlib.contextmanager
def atomic_writer(path: Path, mode: int = 0o600) -> Iterator[IO[bytes]]:
    """Yield a binary file; on a clean exit it replaces `path`, on an error nothing changes."""
    path = Path(path)
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(folder)


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    with atomic_writer(path, mode) as f:
        f.write(data)


def atomic_write_text(path: Path, text: str, mode: int = 0o600) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode)


def fsync_dir(folder: Path) -> None:
    """Make a rename or creation in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_output_file(path: Path, example: str) -> Path:
    """Refuse, before any work is done, a place where the file the user named cannot be written.

    A folder, a folder that does not exist, a device or pipe, or a folder that refuses new files
    (read-only, no permission, /proc) each get one sentence saying what to do. `example` is a
    file name to suggest ("report.pdf"). Nothing is left behind by the check.
    """
    from .paths import is_own_data

    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name, for example {path / example}.")
    if is_own_data(path):  # the journal, the library, the settings: never overwritten
        raise UserError(
            f"{path} is one of Vallei Player's own data files; choose another place, "
            "for example your Documents folder."
        )
    parent = path.parent
    if not parent.is_dir():
        raise UserError(
            f"The folder {parent} does not exist; create it first or choose another place."
        )
    if path.exists() and not path.is_file():
        raise UserError(f"{path} is not a regular file; choose another file name.")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as e:
        reason = (e.strerror or type(e).__name__).lower()
        raise UserError(
            f"{path} cannot be written: the folder {parent} does not accept new files "
            f"({reason}). Choose another place."
        ) from None
    os.close(fd)
    os.unlink(probe)
    return path
