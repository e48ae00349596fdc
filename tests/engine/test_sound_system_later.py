"""An app started before the sound system (at login, `--background`) still plays once it is there.

PortAudio reads the computer's sound devices once, when it starts. The app runs for days in
the tray, so it reads them again before each session (engine/portaudio.py). Here a child
process plays the part of the app: it reads the outputs while the sound server cannot be
reached (PULSE_SERVER points nowhere, as before the server has started), then the server
"arrives" and Settings' list and a session's stream must both find it. The child runs
apart from the test worker so this worker's own PortAudio is not part of the experiment.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundserver
from enginekit import RATE, write_wav

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.sounddevice

PROGRAM = """\
format: 1
id: org.test.later
version: 1.0.0
title: Later
language: en
audio: {cue: none, fade_out: 0s}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: closing, voice: audio/v.wav}
"""

APP = r"""
import json, os, sys, time
from pathlib import Path
os.environ["PULSE_SERVER"] = "unix:/nonexistent/pulse/native"  # the server is not up yet
from vallei_player.core.program import load_program
from vallei_player.engine import Finished, Player, SoundDeviceOutput, output_devices

said = {"before": [d.name for d in output_devices()]}
del os.environ["PULSE_SERVER"]  # now it is
said["after"] = [d.name for d in output_devices()]
player = Player(SoundDeviceOutput(None), rate=48000)
player.open(load_program(Path(sys.argv[1])), "s1")
player.play()
deadline = time.monotonic() + 30
events = []
listed_while_playing = False
while time.monotonic() < deadline and not any(isinstance(e, Finished) for e in events):
    events += player.drain_events()
    if not listed_while_playing and player.snapshot().position_s > 1.0:
        # Settings opened in the middle of a session lists the devices: the session plays on
        said["during"] = [d.name for d in output_devices()]
        listed_while_playing = True
    time.sleep(0.01)
said["events"] = [type(e).__name__ for e in events]
said["errors"] = [e.message for e in events if type(e).__name__ == "DeviceError"]
player.close()
print(json.dumps(said))
"""


def _start_app(tmp_path: Path) -> subprocess.Popen[str]:
    """The child playing the app's part, on a programme of one 3 s tone."""
    root = tmp_path / "prog"
    t = np.arange(3 * RATE) / RATE
    write_wav(root / "audio" / "v.wav", 0.3 * np.sin(2 * np.pi * 440 * t))
    (root / "program.yaml").write_text(PROGRAM)
    return subprocess.Popen(
        [sys.executable, "-c", APP, str(root)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_sound_server_that_starts_after_the_app_is_found_and_played_to(
    tmp_path: Path, paced_sink: None
) -> None:
    app = _start_app(tmp_path)
    try:
        stream = soundserver.stream_of(app.pid, timeout=30)
        out, err = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0, err
    said = json.loads(out.strip().splitlines()[-1])
    assert "pulse" not in said["before"]  # the experiment's premise: no server at first
    assert "pulse" in said["after"]  # Settings now offers the sound server's output
    assert stream  # the session's stream is on the server
    assert "Finished" in said["events"] and not said["errors"], (said["errors"], said["events"])


def test_listing_the_devices_during_a_session_does_not_interrupt_it(
    tmp_path: Path, paced_sink: None
) -> None:
    """Settings opened in the middle of a session: the list is the one PortAudio has (reading
    it afresh would close the session's stream), and every second of the voice is heard."""
    app = _start_app(tmp_path)
    try:
        recording = soundserver.StreamRecording(
            soundserver.stream_of(app.pid, timeout=30), tmp_path / "rec.f32"
        )
        out, err = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
    heard = recording.finish()
    assert app.returncode == 0, err
    said = json.loads(out.strip().splitlines()[-1])
    assert "pulse" in said["during"]
    assert "Finished" in said["events"] and not said["errors"], (said["errors"], said["events"])
    # the tone is heard to its end: only parec's late start may miss its first moments
    loud = np.nonzero(np.abs(heard[:, 0]) > 0.1)[0]
    assert len(loud) and (loud[-1] - loud[0]) / RATE > 2.5, len(loud)
    blocks = np.abs(heard[loud[0] : loud[-1], 0]).reshape(-1)
    gaps = np.convolve(blocks > 0.1, np.ones(480), mode="valid")  # 10 ms windows
    assert gaps.min() > 0, "the tone broke off in the middle of the session"
