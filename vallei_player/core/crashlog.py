"""A crash log for our own bugs: the traceback goes to a file in the data folder, not the screen.

It records code locations only. Exception messages can quote user data (a journal line, a
program title), so they are left out; privacy outranks convenient debugging.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from . import paths


def write_crash_log(error: BaseException) -> Path:
    folder = paths.data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    frames = traceback.extract_tb(error.__traceback__)
    lines = [f"{type(error).__module__}.{type(error).__name__}"]
    lines += [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target.chmod(0o600)
    return target
