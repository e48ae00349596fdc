"""One app per data folder (issue 12, major 6).

A second start on the same data folder brings the running window forward and exits 0; a
lock left by a killed app never blocks the next start; the command line keeps working
beside the app. Each app is a real process (offscreen); the time limits below are only
there so that a hanging start fails the test instead of blocking it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _env(home: Path, stamp: Path | None = None) -> dict[str, str]:
    env = dict(os.environ, VALLEI_PLAYER_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    if stamp is not None:
        env["VALLEI_PLAYER_STARTUP_STAMP"] = str(stamp)
    return env


def _start_app(home: Path, stamp: Path) -> subprocess.Popen[str]:
    app = subprocess.Popen(
        [sys.executable, "-m", "vallei_player"],
        env=_env(home, stamp),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(600):  # up to a minute on a loaded machine
        if stamp.exists() or app.poll() is not None:
            break
        time.sleep(0.1)
    assert stamp.exists(), app.communicate(timeout=10)
    return app


def _second_start(home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vallei_player"],
        env=_env(home),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow
def test_a_second_start_brings_the_first_forward_and_exits(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = _start_app(home, tmp_path / "first.stamp")
    try:
        second = _second_start(home)
        assert second.returncode == 0, second.stderr[-2000:]
        assert "brought forward" in second.stdout
        assert first.poll() is None  # the first app runs on
        cli = subprocess.run(
            [sys.executable, "-m", "vallei_player", "log"],
            env=_env(home),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert cli.returncode == 0, cli.stderr  # commands work beside the app
    finally:
        first.kill()
        first.wait(10)


@pytest.mark.slow
def test_a_lock_left_by_a_killed_app_does_not_block_the_next_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = _start_app(home, tmp_path / "first.stamp")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert (home / "app.lock").exists()  # left behind, as after a crash
    again = _start_app(home, tmp_path / "again.stamp")  # starts: it is the only app now
    try:
        second = _second_start(home)
        assert second.returncode == 0 and "brought forward" in second.stdout
    finally:
        again.terminate()
        assert again.wait(20) == 0  # quits cleanly on SIGTERM... or is ended below
