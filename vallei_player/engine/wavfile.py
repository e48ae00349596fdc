"""The WAV writer, and `render`: the mixer's samples, in order, into a stereo WAV file.

The header is our own (the stdlib `wave` module writes integer PCM only, and `render
--float` needs IEEE float). Files are written atomically: a failed or interrupted render
leaves the old file, if any, untouched. Float files hold exactly the mixer's samples;
16-bit files hold round(x * 32767), no dither, so two renders are byte-identical.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from ..core.problems import UserError
from ..core.store import atomic_writer
from ..i18n import _
from .frames import Frames
from .mixer import Mixer

RENDER_BLOCK = 48_000  # one second per pull: large enough that the limiter's margins are cheap
_MAX_DATA = 0xFFFFFFFF - 64


def wav_header(rate: int, frames: int, *, float32: bool) -> bytes:
    """RIFF/WAVE header for interleaved stereo: 16-bit PCM, or 32-bit IEEE float with `fact`."""
    channels = 2
    width = 4 if float32 else 2
    data = frames * channels * width
    if float32:
        fmt = struct.pack(
            "<HHIIHHH", 3, channels, rate, rate * channels * width, channels * width, 32, 0
        )
        extra = b"fact" + struct.pack("<II", 4, frames)
    else:
        fmt = struct.pack(
            "<HHIIHH", 1, channels, rate, rate * channels * width, channels * width, 16
        )
        extra = b""
    body = (
        b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + extra
        + b"data"
        + struct.pack("<I", data)
    )
    return b"RIFF" + struct.pack("<I", len(body) + data) + body


class WavWriter:
    """Appends blocks of (frames, 2) float32 to an open binary file."""

    def __init__(self, f: IO[bytes], rate: int, frames: int, *, float32: bool = False) -> None:
        width = 4 if float32 else 2
        if frames * 2 * width > _MAX_DATA:
            raise UserError(
                _(
                    "the session is too long for one WAV file (over 4 GB); render it as 16-bit "
                    "(leave out --float) or at a lower --rate"
                )
            )
        self.f = f
        self.float32 = float32
        self.frames = frames
        self.written = 0
        self._scaled = np.empty((0, 2), dtype=np.float32)  # reused: see Mixer's _Scratch
        self._pcm = np.empty((0, 2), dtype="<i2")
        f.write(wav_header(rate, frames, float32=float32))

    def write(self, block: Frames) -> None:
        if self.float32:
            self.f.write(np.ascontiguousarray(block, dtype="<f4").data.cast("B"))
        else:
            self.f.write(self._to_pcm16(block).data.cast("B"))
        self.written += len(block)

    def _to_pcm16(self, block: Frames) -> npt.NDArray[np.int16]:
        """round(clip(x, -1, 1) * 32767) as 16-bit, in buffers kept from block to block.

        Clipping after scaling is the same: 32767 is a whole number, so clip and round
        commute, and float32 scaling is monotonic.
        """
        n = len(block)
        if len(self._scaled) < n:
            self._scaled = np.empty((n, 2), dtype=np.float32)
            self._pcm = np.empty((n, 2), dtype="<i2")
        scaled, pcm = self._scaled[:n], self._pcm[:n]
        np.multiply(block, np.float32(32767.0), out=scaled)
        np.clip(scaled, -32767.0, 32767.0, out=scaled)
        np.rint(scaled, out=scaled)
        np.copyto(pcm, scaled, casting="unsafe")
        return pcm


def render(
    mixer: Mixer,
    out_path: Path,
    *,
    float32: bool = False,
    block: int = RENDER_BLOCK,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the whole session to `out_path` atomically; returns the number of frames."""
    total = mixer.length
    buffer = np.empty((min(block, total), 2), dtype=np.float32)  # one for the whole render
    with atomic_writer(Path(out_path), mode=0o644) as f:
        writer = WavWriter(f, mixer.rate, total, float32=float32)
        for start in range(0, total, block):
            n = min(block, total - start)
            writer.write(mixer.mix(start, n, out=buffer[:n]))
            if progress is not None:
                progress(min(start + block, total), total)
    return total
