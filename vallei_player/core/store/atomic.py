"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Temp file in the same folder (so the rename cannot cross file systems), fsync the data,
os.replace, then fsync the folder so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ...i18n import _
from ..problems import UserError, describe_os_error, os_reason


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
        raise UserError(
            _("{path} is a folder; give a file name, for example {example}.").format(
                path=path, example=path / example
            )
        )
    if is_own_data(path):  # the journal, the library, the settings: never overwritten
        raise UserError(
            _(
                "{path} is one of Vallei Player's own data files; choose another place, "
                "for example your Documents folder."
            ).format(path=path)
        )
    parent = path.parent
    if not parent.is_dir():
        raise UserError(
            _(
                "The folder {folder} does not exist; create it first or choose another place."
            ).format(folder=parent)
        )
    if path.exists() and not path.is_file():
        raise UserError(
            _("{path} is not a regular file; choose another file name.").format(path=path)
        )
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.ENAMETOOLONG, errno.EMFILE):
            # Not the folder's refusal: a full disk, a name too long, too many open files.
            raise UserError(describe_os_error(OSError(e.errno, e.strerror, str(path)))) from None
        raise UserError(
            _(
                "{path} cannot be written: the folder {folder} does not accept new files "
                "({reason}). Choose another place."
            ).format(path=path, folder=parent, reason=os_reason(e))
        ) from None
    os.close(fd)
    os.unlink(probe)
    return path
