"""The paced PulseAudio null sink for tests and benchmarks that play to a real sound device.

ENVIRONMENT.md: PulseAudio's null sink keeps real time, and a stream that keeps it awake
avoids a 1-2 s stall at the start of every new stream. `.ci/test.sh` starts both; a test run
some other way starts what is missing here and `stop()` stops only what it started.

Whether a server and its keep-awake stream are there is asked of the server (pactl), never
of the process list: a pacat of another user, or of another machine sharing /proc (a chroot),
says nothing about the server this process talks to.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

_started_server = False
_keep_awake: subprocess.Popen[bytes] | None = None


def _pactl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=20)


def server_answers() -> bool:
    return shutil.which("pactl") is not None and _pactl("info").returncode == 0


def kept_awake() -> bool:
    """True when the server has a pacat stream playing into it (ours or anyone's)."""
    listed = _pactl("list", "sink-inputs")
    return listed.returncode == 0 and 'application.process.binary = "pacat"' in listed.stdout


def ensure() -> str | None:
    """Have the server and its keep-awake stream; None when ready, else why not (to skip)."""
    global _started_server, _keep_awake
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        return "PulseAudio is not installed (apt-get install pulseaudio pulseaudio-utils)"
    if not server_answers():
        done = subprocess.run(
            ["pulseaudio", "-D", "--exit-idle-time=-1"], capture_output=True, timeout=20
        )
        _started_server = _started_server or done.returncode == 0
        for _ in range(100):
            if server_answers():
                break
            time.sleep(0.1)
        else:
            return "PulseAudio could not be started"
    if not kept_awake():
        _keep_awake = subprocess.Popen(
            ["pacat", "--latency-msec=20", "/dev/zero"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):  # until the server lists it: streams opened after it do not stall
            if kept_awake():
                break
            time.sleep(0.05)
    probe = subprocess.run(
        [sys.executable, "-c", "import sounddevice as sd; sd.query_devices(kind='output')"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode != 0:
        return f"no sound output device: {probe.stderr.strip().splitlines()[-1:]}"
    return None


def server_pid() -> int | None:
    """The process id of the server we talk to (from the pid file beside its socket)."""
    info = _pactl("info")
    for line in info.stdout.splitlines():
        if line.startswith("Server String:"):
            socket = Path(line.split(":", 1)[1].strip().removeprefix("unix:"))
            try:
                return int((socket.parent / "pid").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                return None
    return None


def stop() -> None:
    """Stop what `ensure` started (nothing else)."""
    global _started_server, _keep_awake
    if _keep_awake is not None:
        _keep_awake.terminate()
        _keep_awake.wait(10)
        _keep_awake = None
    if _started_server:
        subprocess.run(["pulseaudio", "-k"], capture_output=True, timeout=20)
        _started_server = False


def _streams_of(pid: int) -> list[int]:
    """The sink inputs (streams) process `pid` has on the server now, oldest first."""
    listed = _pactl("list", "sink-inputs").stdout
    found: list[int] = []
    index: int | None = None
    for line in listed.splitlines():
        line = line.strip()
        if line.startswith("Sink Input #"):
            index = int(line.removeprefix("Sink Input #"))
        elif line == f'application.process.id = "{pid}"' and index is not None:
            found.append(index)
    return sorted(found)


def stream_of(pid: int, timeout: float = 60.0) -> str:
    """The sink input that process `pid` plays its sound through.

    PortAudio opens a short-lived stream and closes it again just before the one it plays
    through, so a stream counts once it is still there a quarter second after it was seen:
    a recorder attached to the short-lived one would hear nothing.
    """
    deadline = time.monotonic() + timeout
    candidate: int | None = None
    while time.monotonic() < deadline:
        found = _streams_of(pid)
        if candidate is not None and candidate in found:
            return str(candidate)
        candidate = found[-1] if found else None
        time.sleep(0.25 if candidate is not None else 0.02)
    raise AssertionError(f"process {pid} never opened a stream on the sound server")


class StreamRecording:
    """parec of one sink input, as 48 kHz float32 stereo, until the stream goes away."""

    RATE = 48_000

    def __init__(self, sink_input: str, path: Path) -> None:
        self.path = path
        self._file = path.open("wb")
        self._proc = subprocess.Popen(
            [
                "parec",
                f"--monitor-stream={sink_input}",
                "--format=float32le",
                f"--rate={self.RATE}",
                "--channels=2",
                "--latency-msec=10",
            ],
            stdout=self._file,
            stderr=subprocess.DEVNULL,
        )

    def finish(self) -> npt.NDArray[np.float32]:
        time.sleep(0.3)  # what the server still hands the recorder after the stream closed
        self._proc.terminate()
        self._proc.wait(10)
        self._file.close()
        raw = np.fromfile(self.path, dtype="<f4")
        return raw[: len(raw) // 2 * 2].reshape(-1, 2)
