"""Helpers for engine tests: clips we synthesise, programs built straight from the model."""

from __future__ import annotations

import subprocess
import time
import wave
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

import numpy as np
import numpy.typing as npt

from vallei_player.core.audiofiles import ClipInfo, probe_clip
from vallei_player.core.program import BUILTIN_CUE, AudioSettings, Phase, Program, Schedule, Session
from vallei_player.core.store import builtin_bell
from vallei_player.engine import NullOutput, Player

RATE = 48_000
Frames = npt.NDArray[np.float32]


def write_wav(path: Path, data: npt.NDArray[np.floating], rate: int = RATE) -> Path:
    """16-bit PCM WAV; `data` is (frames,) mono or (frames, channels)."""
    if data.ndim == 1:
        data = data[:, None]
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(data.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.rint(np.clip(data, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def quantised(data: npt.NDArray[np.floating]) -> Frames:
    """What a 16-bit WAV of `data` decodes to, as engine stereo float32."""
    q = (np.rint(np.clip(data, -1, 1) * 32767) / 32768).astype(np.float32)
    if q.ndim == 1:
        q = q[:, None]
    return np.repeat(q, 2, axis=1) if q.shape[1] == 1 else q


def tone(
    seconds: float, freq: float, amp: float = 0.5, rate: int = RATE
) -> npt.NDArray[np.float64]:
    t = np.arange(round(seconds * rate)) / rate
    return amp * np.sin(2 * np.pi * freq * t)


def dc(frames: int, value: float, channels: int = 2) -> npt.NDArray[np.float64]:
    return np.full((frames, channels), value)


ENCODERS = {
    "flac": ["-c:a", "flac"],
    "ogg": ["-c:a", "libvorbis", "-q:a", "4"],
    "opus": ["-c:a", "libopus", "-b:a", "96k"],
    "mp3": ["-c:a", "libmp3lame", "-b:a", "128k"],
    "m4a": ["-c:a", "aac", "-b:a", "128k"],
}


def encode(src: Path, dst: Path) -> Path:
    codec = ENCODERS[dst.suffix.lstrip(".")]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src), *codec, str(dst)],
        check=True,
    )
    return dst


def audio(**kw: object) -> AudioSettings:
    base: dict[str, object] = {"cue": None, "bed": None, "bed_gain_db": 0.0, "cue_gain_db": 0.0}
    base.update(kw)
    return AudioSettings(**base)  # type: ignore[arg-type]


def phase(
    index: int,
    *,
    voice: str | None = None,
    seconds: float | Fraction | None = None,
    settings: AudioSettings | None = None,
    kind: str = "settle",
) -> Phase:
    return Phase(
        index=index,
        kind=kind,  # type: ignore[arg-type]
        title=None,
        voice=voice,
        script=None,
        duration=None if seconds is None else Fraction(seconds),
        level=0.2,
        speaker=None,
        prompt=None,
        audio=settings or audio(),
    )


def make_program(
    root: Path, phases: Sequence[Phase], session_audio: AudioSettings | None = None
) -> Program:
    session = Session("s1", "Session", 1, None, tuple(phases), (), session_audio or audio(), 0)
    return Program(
        1,
        "org.test.engine",
        "1.0.0",
        "Test",
        "en",
        None,
        None,
        Schedule(),
        audio(),
        (),
        (session,),
        root,
    )


def lookup_for(root: Path) -> Callable[[str], ClipInfo]:
    """Clip info by reference; BUILTIN_CUE is the bundled bell."""
    return lambda ref: probe_clip(builtin_bell() if ref == BUILTIN_CUE else root / ref)


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout  # only so that a broken player cannot hang the run
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def playing(
    player_for: Callable[[NullOutput, Program], Player], program: Program
) -> tuple[NullOutput, Player]:
    """A player of session s1 on a manual, capturing null output, once it plays."""
    out = NullOutput("manual", capture=True)
    player = player_for(out, program)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    return out, player
