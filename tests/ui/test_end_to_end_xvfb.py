"""One whole session in the real app on a real X server (Xvfb) and the real sound device.

Starts Xvfb and a tray (trayer) for itself; the paced PulseAudio null sink comes from the
`paced_sink` fixture. Skips, saying why, when Xvfb or the sound device cannot be had.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SESSION_S = 8.0  # the tiny course's first session


def _free_display() -> int:
    return next(n for n in range(150, 250) if not Path(f"/tmp/.X{n}-lock").exists())


@pytest.fixture
def x_display() -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    number = _free_display()
    xvfb = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.05)
    else:
        xvfb.terminate()
        pytest.skip("Xvfb did not start")
    tray = None
    if shutil.which("trayer"):
        tray = subprocess.Popen(
            ["trayer", "--edge", "top"],
            env=dict(os.environ, DISPLAY=f":{number}"),
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
    yield f":{number}"
    if tray is not None:
        tray.terminate()
    xvfb.terminate()
    xvfb.wait(5)


@pytest.mark.xvfb
@pytest.mark.sounddevice
@pytest.mark.slow
def test_a_session_plays_in_real_time_and_its_reflection_lands_in_the_journal(
    x_display: str, paced_sink: None, tmp_path: Path
) -> None:
    env = dict(os.environ, DISPLAY=x_display, VALLEI_PLAYER_HOME=str(tmp_path / "home"))
    env.pop("QT_QPA_PLATFORM", None)
    out = subprocess.run(
        [sys.executable, str(HERE / "e2e_driver.py")],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert "error" not in result, result
    assert result["platform"] == "xcb"
    assert result["tray"] is (shutil.which("trayer") is not None)
    assert result["wave_visible"]
    # The real device paces the audio: eight seconds of session take eight seconds.
    assert SESSION_S - 0.5 <= result["played_s"] <= SESSION_S + 3.0
    assert result["moment"] == "Session complete · less than a minute"
    assert result["view_after"] == "reflection"
    assert result["grab"] == [1100, 740]
    attempt = result["attempt"]
    assert attempt["completed"] and attempt["reason"] == "finished"
    assert abs(attempt["listened_s"] - SESSION_S) < 0.5
    assert attempt["answers"] == {
        "body": [8, True],
        "block": ["Warm hands, calm breath", True],
        "mood": ["neutral", True],
    }
