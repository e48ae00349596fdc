"""Helpers for engine tests: clips we synthesise, programs built straight from the model."""

from __future__ import annotations

import struct
import subprocess
import time
import wave
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

from vallei_player.core.audiofiles import ClipInfo, probe_clip
from vallei_player.core.program import (
    BUILTIN_ASK,
    BUILTIN_CUE,
    AudioSettings,
    Phase,
    Program,
    Schedule,
    Session,
)
from vallei_player.core.store import builtin_ask_chime, builtin_bell
from vallei_player.engine import NullOutput, Player
from vallei_player.engine.outputs import Feed

RATE = 48_000
Frames = npt.NDArray[np.float32]
Out = TypeVar("Out", bound=NullOutput)


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
    base: dict[str, object] = {
        "cue": None, "bed": None, "bed_gain_db": 0.0, "cue_gain_db": 0.0, "loudness_lufs": None,
    }  # fmt: skip
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
    """Clip info by reference; BUILTIN_CUE is the bundled bell, BUILTIN_ASK the chime."""
    builtin = {BUILTIN_CUE: builtin_bell(), BUILTIN_ASK: builtin_ask_chime()}
    return lambda ref: probe_clip(builtin.get(ref, root / ref))


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout  # only so that a broken player cannot hang the run
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def playing(
    player_for: Callable[[Out, Program], Player], program: Program, out: Out | None = None
) -> tuple[Out, Player]:
    """A player of session s1 on `out` (a manual, capturing null output), once it plays."""
    if out is None:
        out = cast(Out, CapturingOutput("manual"))
    player = player_for(out, program)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    return out, player


class CapturingOutput(NullOutput):
    """A null output that keeps every buffer it hands over, to compare sample by sample."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._blocks: list[npt.NDArray[np.float32]] = []

    def _hand_over(self, feed: Feed, out: npt.NDArray[np.float32]) -> None:
        super()._hand_over(feed, out)
        self._blocks.append(out.copy())

    def captured(self) -> npt.NDArray[np.float32]:
        if not self._blocks:
            return np.zeros((0, 2), dtype=np.float32)
        return np.concatenate(self._blocks)


class StopCountingOutput(CapturingOutput):
    """A manual capturing null output that counts how often it was told to stop (let the
    device go)."""

    def __init__(self) -> None:
        super().__init__("manual")
        self.stops = 0

    def stop(self) -> None:
        self.stops += 1
        super().stop()


def read_wav(path: Path) -> tuple[int, npt.NDArray[np.float32]]:
    """Read a WAV the engine wrote (16-bit or float stereo) as float32."""
    raw = Path(path).read_bytes()
    if raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise ValueError("not a WAV file")
    pos, rate, code, bits, data = 12, 0, 0, 0, b""
    while pos + 8 <= len(raw):
        cid, size = raw[pos : pos + 4], struct.unpack("<I", raw[pos + 4 : pos + 8])[0]
        body = raw[pos + 8 : pos + 8 + size]
        if cid == b"fmt ":
            code, _, rate = struct.unpack("<HHI", body[:8])
            bits = struct.unpack("<H", body[14:16])[0]
        elif cid == b"data":
            data = body
        pos += 8 + size + (size & 1)
    if code == 3 and bits == 32:
        samples = np.frombuffer(data, dtype="<f4").astype(np.float32)
    elif code == 1 and bits == 16:
        samples = (np.frombuffer(data, dtype="<i2") / 32767.0).astype(np.float32)
    else:
        raise ValueError(f"unsupported WAV format {code}/{bits}")
    return rate, samples.reshape(-1, 2)
