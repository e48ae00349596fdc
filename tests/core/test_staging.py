"""Which staging folders are stale: nobody holds them, and their process ended (or they are
older than six hours, as a pid can be reused)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from vallei_player.core.packs import staging


def ended_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(child.stdout)


def aged(folder: Path, seconds: float) -> Path:
    folder.mkdir()
    then = time.time() - seconds
    os.utime(folder, (then, then))
    return folder


def test_stale_means_unheld_and_ended_or_old(tmp_path: Path) -> None:
    dead = aged(tmp_path / f"install-{ended_pid()}-abc", 10)
    running = aged(tmp_path / f"unpack-{os.getppid()}-def", 10)  # alive, but not holding it
    reused = aged(tmp_path / f"unpack-{os.getppid()}-ghi", staging.STALE_SECONDS + 60)
    unnamed = aged(tmp_path / "install-oldstyle", 10)  # made by an older version
    unnamed_old = aged(tmp_path / "install-oldstyle2", staging.STALE_SECONDS + 60)
    stale = {p.name for p in staging.folders(tmp_path) if staging.is_stale(p)}
    assert stale == {dead.name, reused.name, unnamed_old.name}
    assert running.name not in stale and unnamed.name not in stale


def test_a_held_folder_is_never_stale_however_old(tmp_path: Path) -> None:
    with staging.staging_folder("unpack-", tmp_path) as mine:
        then = time.time() - 10 * staging.STALE_SECONDS
        os.utime(mine, (then, then))
        assert staging.held(mine) is True and not staging.is_stale(mine)
        staging.clear_stale(tmp_path)
        assert mine.is_dir()
    assert not mine.exists()


def test_clearing_leaves_an_old_version_aside_to_the_library(tmp_path: Path) -> None:
    work = aged(tmp_path / f"install-{ended_pid()}-abc", 10)
    (work / staging.ASIDE).mkdir()
    half = aged(tmp_path / f"unpack-{ended_pid()}-def", 10)
    (half / "program").mkdir()
    staging.clear_stale(tmp_path)
    assert work.is_dir() and not half.exists()
