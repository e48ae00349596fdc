"""The last sample of a session is heard, in `play` and in the app's player (issue 11 item 1).

Played on the paced PulseAudio null sink (tests/soundserver.py); what the sink really played
of our one stream is recorded with `parec --monitor-stream` (other tests' streams are not in
it) and aligned with `render`'s output by cross-correlation. The session ends with a voice
that sounds to its very last sample, so a stream closed before the device has played what it
holds loses that end: the recording stops short of render's last samples.

The sink runs at its own rate (PulseAudio resamples both ways), so the comparison is by
correlation over the last 20 ms, not sample for sample.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soundserver
from enginekit import RATE, read_wav, write_wav

from vallei_player.cli import main
from vallei_player.core.program import load_program
from vallei_player.engine import Finished, Player, SoundDeviceOutput

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.sounddevice

SECONDS = 6.0  # long enough for parec to attach to the stream on a loaded machine
TAIL = RATE // 50  # the last 20 ms of the session

PROGRAM = """\
format: 1
id: org.test.tail
version: 1.0.0
title: Tail test
language: en
audio: {cue: none, fade_out: 0s}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: closing, voice: audio/v.wav}
"""


def _voice() -> npt.NDArray[np.float64]:
    """A sweep from 200 Hz to 2 kHz at half scale to the last sample: one place it aligns."""
    t = np.arange(round(SECONDS * RATE)) / RATE
    f0, f1 = 200.0, 2000.0
    return 0.5 * np.sin(2 * np.pi * (f0 * t + (f1 - f0) * t * t / (2 * SECONDS)))


@pytest.fixture
def program_dir(tmp_path: Path) -> Path:
    root = tmp_path / "prog"
    write_wav(root / "audio" / "v.wav", _voice())
    (root / "program.yaml").write_text(PROGRAM)
    return root


@pytest.fixture
def rendered(program_dir: Path, tmp_path: Path) -> npt.NDArray[np.float32]:
    out = tmp_path / "r.wav"
    assert main(["render", str(program_dir), "--session", "s1", "-o", str(out), "--float"]) == 0
    rate, data = read_wav(out)
    assert rate == RATE and len(data) == round(SECONDS * RATE)
    return data


def _aligned_tail(
    recorded: npt.NDArray[np.float32], rendered: npt.NDArray[np.float32]
) -> tuple[float, int]:
    """(correlation of render's last 20 ms with the recording there, samples missing at the end).

    The recording starts after the session did; the offset is found by cross-correlation of
    the left channels over everything both hold.
    """
    x = recorded[:, 0].astype(np.float64)
    r = rendered[:, 0].astype(np.float64)
    assert len(x) > RATE // 2, f"only {len(x)} samples were recorded"
    n = 1 << int(np.ceil(np.log2(len(x) + len(r))))
    corr = np.fft.irfft(np.fft.rfft(x, n) * np.conj(np.fft.rfft(r, n)), n)
    best = int(np.argmax(corr))
    lag = best if best < n // 2 else best - n  # x[lag + j] is r[j]
    end = lag + len(r)  # where render's end falls in the recording
    heard = np.nonzero(np.abs(x[max(lag, 0) : min(end, len(x))]) > 0.05)[0]
    last_heard = (heard[-1] + max(lag, 0) - lag) if len(heard) else -1
    missing = len(r) - 1 - int(last_heard)
    if end > len(x):
        return 0.0, missing
    a, b = r[-TAIL:], x[end - TAIL : end]
    denom = float(np.sqrt(np.sum(a * a) * np.sum(b * b)))
    return (float(np.sum(a * b)) / denom if denom > 0 else 0.0), missing


def _assert_tail_heard(
    recorded: npt.NDArray[np.float32], rendered: npt.NDArray[np.float32]
) -> None:
    corr, missing = _aligned_tail(recorded, rendered)
    assert missing <= 48 and corr > 0.95, (
        f"the device played the session only up to {missing} samples "
        f"({missing / RATE * 1000:.0f} ms) before its end; last 20 ms correlate {corr:.3f}"
    )


@pytest.fixture
def sink(paced_sink: None) -> None:
    """The paced sound device (the session's `paced_sink`, started once)."""


def test_play_in_the_terminal_lets_the_last_sample_be_heard(
    program_dir: Path,
    rendered: npt.NDArray[np.float32],
    private_home: Path,
    sink: None,
    tmp_path: Path,
) -> None:
    assert main(["import", str(program_dir)]) == 0
    env = {**os.environ, "VALLEI_PLAYER_HOME": str(private_home)}
    command = [sys.executable, "-m", "vallei_player", "play", "org.test.tail", "--session", "s1"]
    said = tmp_path / "said.txt"
    with said.open("w") as out:
        proc = subprocess.Popen(
            command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
        try:
            recording = soundserver.StreamRecording(
                soundserver.stream_of(proc.pid), tmp_path / "rec.f32"
            )
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0 and "Completed" in said.read_text(), said.read_text()
    _assert_tail_heard(recording.finish(), rendered)


@pytest.fixture
def app_player(sink: None) -> Iterator[Callable[[Path], Player]]:
    """A Player on the sound device, as the app's playback makes it."""
    made: list[Player] = []

    def make(root: Path) -> Player:
        player = Player(SoundDeviceOutput(None), rate=RATE)
        player.open(load_program(root), "s1")
        made.append(player)
        return player

    yield make
    for p in made:
        p.close()


def test_the_players_finished_comes_after_the_device_played_the_last_sample(
    program_dir: Path,
    rendered: npt.NDArray[np.float32],
    app_player: Callable[[Path], Player],
    tmp_path: Path,
) -> None:
    player = app_player(program_dir)
    player.play()
    recording = soundserver.StreamRecording(
        soundserver.stream_of(os.getpid()), tmp_path / "rec.f32"
    )
    finished = threading.Event()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not finished.is_set():
        if any(isinstance(e, Finished) for e in player.drain_events()):
            finished.set()
        time.sleep(0.01)
    assert finished.is_set(), player.snapshot()
    # The app closes the session once it is finished: only what was played by then counts.
    player.close()
    _assert_tail_heard(recording.finish(), rendered)
