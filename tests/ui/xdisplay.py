"""A private X server (Xvfb) for the few UI tests that need a real one.

`VALLEI_TEST_DISPLAYS=40-49` picks the display numbers to try (on a shared machine each
engineer has their own); by default numbers from 150 on that are not in use.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _candidates() -> range:
    spec = os.environ.get("VALLEI_TEST_DISPLAYS", "150-249")
    low, _, high = spec.partition("-")
    return range(int(low), int(high or low) + 1)


def _free_display() -> int:
    for n in _candidates():
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    pytest.skip("no free X display number (VALLEI_TEST_DISPLAYS)")


@contextmanager
def xvfb(size: str = "1280x800x24", window_manager: bool = False) -> Iterator[str]:
    """Starts Xvfb (and openbox when asked and installed); yields the DISPLAY value."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", size, "-nolisten", "tcp"],
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.05)
    else:
        server.terminate()
        pytest.skip("Xvfb did not start")
    helpers: list[subprocess.Popen[bytes]] = []
    env = dict(os.environ, DISPLAY=f":{number}")
    if window_manager and shutil.which("openbox"):
        helpers.append(subprocess.Popen(["openbox"], env=env, stderr=subprocess.DEVNULL))
        time.sleep(0.5)
    try:
        yield f":{number}"
    finally:
        for proc in helpers:
            proc.terminate()
            proc.wait(5)
        server.terminate()
        server.wait(5)
