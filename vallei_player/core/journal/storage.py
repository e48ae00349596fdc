"""When the disk, not the journal, is the problem: one sentence per situation, file untouched.

SQLite reports a full disk, a read-only file or folder, a busy lock or a failing disk with
its own result codes (SQLITE_FULL, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_BUSY,
SQLITE_IOERR). None of them says anything about the journal's content, so none of them may
ever set the journal aside as damaged: only SQLITE_CORRUPT and SQLITE_NOTADB do that
(connection.py). Here each of them becomes a `JournalError` the participant can act on.

A full tmpfs or disk often shows up as SQLITE_IOERR rather than SQLITE_FULL (SQLite cannot
grow its shared-memory file, or a write comes back short), so an I/O error on a file system
with (almost) no room left is told as a full disk: that is what the person can fix.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import apsw

from ...i18n import N_, _
from ..problems import disk_full, is_disk_full, os_reason
from .errors import JournalError

# Below this much free room, an I/O error is taken for what it almost surely is: a full disk.
NEARLY_FULL_BYTES = 1 << 20

_FIX_AND_RETRY_FOLDER = N_(
    "The folder {folder} that holds the journal cannot be written ({reason}). Make it "
    "writable again, or set VALLEI_PLAYER_HOME to a folder you can write, then try again. "
    "Nothing was changed."
)


def problem(e: BaseException, path: Path) -> JournalError | None:
    """The JournalError telling `e` (met while using the journal at `path`), or None when `e`
    is not a storage condition (a bug, or damage, which the caller handles)."""
    folder = path.parent
    if isinstance(e, apsw.FullError) or is_disk_full(e) or _io_error_on_full_disk(e, folder):
        return JournalError(
            disk_full(folder) + " " + _("Everything already in your journal is kept.")
        )
    if isinstance(e, (apsw.BusyError, apsw.LockedError)):
        return JournalError(
            _(
                "The journal {path} is in use by another program and stayed busy. Close the "
                "other Vallei Player (or the program using the file), then try again. Nothing "
                "was changed."
            ).format(path=path)
        )
    if isinstance(e, (apsw.ReadOnlyError, apsw.CantOpenError, apsw.PermissionsError)) or (
        isinstance(e, OSError) and e.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    ):
        return _not_writable(e, path)
    if isinstance(e, apsw.IOError) or (isinstance(e, OSError) and e.errno == errno.EIO):
        return JournalError(
            _(
                "The journal {path} could not be read or written: the disk reported an "
                "input/output error. Check the disk (its cable or card), then try again. "
                "Nothing was changed."
            ).format(path=path)
        )
    if isinstance(e, OSError):  # e.g. the folder's place is taken by a file
        return _cannot_open(e, path)
    return None


def ready_for_writing(db: apsw.Connection, path: Path) -> None:
    """Refuse a journal SQLite could open for reading only: nothing could be recorded in it.

    SQLite quietly falls back to reading when it may not write the file; better to say so
    now, in words, than to fail at the first attempt a person starts.
    """
    if db.readonly("main"):
        raise _not_writable(apsw.ReadOnlyError("read-only"), path)


def _not_writable(e: BaseException, path: Path) -> JournalError:
    folder = path.parent
    reason = _folder_refusal(folder)
    if reason is not None:
        return JournalError(_(_FIX_AND_RETRY_FOLDER).format(folder=folder, reason=reason))
    if path.exists() and not os.access(path, os.W_OK):
        return JournalError(
            _(
                "The journal file {path} is read-only, so nothing can be recorded in it. Make "
                "it writable again (in the file's properties, or with chmod u+w), then try "
                "again. Nothing was changed."
            ).format(path=path)
        )
    return _cannot_open(e, path)


def _cannot_open(e: BaseException, path: Path) -> JournalError:
    why = os_reason(e) if isinstance(e, OSError) else str(e).lower().rstrip(".")
    return JournalError(
        _(
            "The journal {path} cannot be opened for writing ({reason}). Check that the folder "
            "{folder} exists and can be written, then try again. Nothing was changed."
        ).format(path=path, reason=why, folder=path.parent)
    )


def _folder_refusal(folder: Path) -> str | None:
    """Why new files cannot be made in `folder` (SQLite needs its -wal and -shm there)."""
    if not folder.is_dir():
        return None
    with contextlib.suppress(OSError):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return _("read-only file system")
    if not os.access(folder, os.W_OK | os.X_OK):
        return _("permission denied")
    return None


def _io_error_on_full_disk(e: BaseException, folder: Path) -> bool:
    if not isinstance(e, (apsw.IOError, OSError)):
        return False
    try:
        found = os.statvfs(folder)
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < NEARLY_FULL_BYTES


F = TypeVar("F", bound=Callable[..., Any])


def explained(method: F) -> F:
    """A Journal method whose storage failures reach the caller as a JournalError sentence."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (apsw.Error, OSError) as e:
            found = problem(e, Path(self.path))
            if found is None:
                raise
            raise found from None

    return wrapper  # type: ignore[return-value]
