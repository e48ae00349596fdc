"""Whether a process still runs: how leftovers (half-decoded cache files, staging folders)
that name their writer's pid are known to be stale."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def process_running(pid: int) -> bool:
    """False only when `pid` certainly runs no process; True when it does or we cannot tell.

    A killed process its parent has not reaped yet (a zombie) has ended. On Windows there is
    no safe probe (`os.kill(pid, 0)` sends Ctrl-C there), so the answer is True.
    """
    if pid == os.getpid():
        return True
    if sys.platform == "win32" or pid <= 0:
        return pid > 0
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process (PermissionError), or no way to tell
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (macOS): it runs
    return state not in ("Z", "X")
