"""The app says a refusal by the system in words, never as "[Errno 28] ..." or a repr."""

from __future__ import annotations

import errno
from pathlib import Path

from vallei_player.ui.library_view import import_problem


def test_an_import_that_meets_a_full_disk_says_so() -> None:
    error = OSError(errno.ENOSPC, "No space left on device", "/data/staging/x/audio/v.wav")
    said = import_problem(Path("/home/p/course.vallei"), error)
    assert "“course.vallei” could not be imported" in said
    assert "The disk holding /data/staging/x/audio is full" in said
    assert "Errno" not in said


def test_an_import_that_meets_a_read_only_folder_says_so() -> None:
    error = OSError(errno.EROFS, "Read-only file system", "/data/library")
    said = import_problem(Path("course.vallei"), error)
    assert "/data/library is on a read-only disk or folder" in said and "Errno" not in said
