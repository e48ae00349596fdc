"""`render` writes the same bytes as before the render speed-up (issue 11, "Speed").

The expected hashes were taken from the renderer as it was before it was made faster
(main at e6e46c1), whose samples the sample-exact tests (test_mixer.py, test_engine_spec.py,
tests/cli/test_render.py) verify. The programmes use every path of the mixer: voices
(mono and stereo, 16-bit, float and FLAC), voice, cue and bed gains, a cue per phase, a bed
that loops, changes gain inside its run, changes to another bed and to none, the session's
fade-in and fade-out, and a loud phase that the limiter turns down. Every input is lossless
and at the render's rate, so ffmpeg decodes it exactly on any machine (no resampler and no
lossy decoder in the hashes).
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from enginekit import write_wav

from vallei_player.cli import main

FULL = """\
format: 1
id: org.test.identical
version: 1.0.0
title: Identical
language: en
audio: {loudness: off, cue: audio/cue.wav, cue_gain: -3dB, bed: audio/bed-a.wav, bed_gain: -10dB,
        crossfade: 1s, fade_out: 2s}
sessions:
  - id: s1
    title: Everything
    phases:
      - {kind: settle, voice: audio/v1.wav, duration: 5s}
      - {kind: arousal, voice: audio/v2.wav, voice_gain: +3dB, bed_gain: -4dB}
      - {kind: rest, duration: 2.5s, bed: audio/bed-b.flac, crossfade: 0.5s}
      - {kind: closing, voice: audio/v3.flac, bed: none, cue: none}
  - id: s2
    title: Quiet
    audio: {cue: none, bed: audio/bed-b.flac, bed_gain: -20dB, fade_out: 0.25s}
    phases:
      - {kind: settle, voice: audio/v1.wav, duration: 4.3s}
      - {kind: closing, voice: audio/v3.flac}
"""


def _noise(seconds: float, rate: int, seed: int, amp: float) -> npt.NDArray[np.float64]:
    rng = np.random.default_rng(seed)
    n = round(seconds * rate)
    t = np.arange(n) / rate
    return amp * (0.6 * np.sin(2 * np.pi * 330 * t) + 0.4 * rng.uniform(-1, 1, n))


def _float_wav(path: Path, data: npt.NDArray[np.float64], rate: int) -> None:
    """32-bit float stereo WAV (WAVE_FORMAT_IEEE_FLOAT)."""
    import struct

    frames = data.astype("<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 2, rate, rate * 8, 8, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(frames)) + frames
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def _flac(path: Path, data: npt.NDArray[np.float64], rate: int) -> None:
    wav = write_wav(path.with_suffix(".src.wav"), data, rate)
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav), "-c:a", "flac", str(path)],
        check=True,
    )
    wav.unlink()


def _programme(root: Path, rate: int) -> Path:
    audio = root / "audio"
    audio.mkdir(parents=True)
    write_wav(audio / "v1.wav", _noise(4.0, rate, 1, 0.3), rate)
    loud = np.stack((_noise(3.0, rate, 2, 0.9), _noise(3.0, rate, 3, 0.8)), axis=1)
    _float_wav(audio / "v2.wav", loud, rate)  # +3 dB over a bed: the limiter works here
    _flac(audio / "v3.flac", _noise(2.2, rate, 4, 0.25), rate)
    t = np.arange(round(0.4 * rate)) / rate
    write_wav(audio / "cue.wav", 0.5 * np.sin(2 * np.pi * (600 + 900 * t) * t), rate)
    bed_a = np.stack((_noise(1.3, rate, 5, 0.5), _noise(1.3, rate, 6, 0.5)), axis=1)
    write_wav(audio / "bed-a.wav", bed_a, rate)
    _flac(audio / "bed-b.flac", _noise(0.7, rate, 7, 0.6), rate)
    (root / "program.yaml").write_text(FULL)
    return root


# (session, rate, --float) -> sha256 of the WAV file, from the renderer before the speed-up
EXPECTED = {
    ("s1", 48_000, False): "c38c5cb5a6a62a0e50b0852d6402c40fde462743ddec2175ac240508318f4d3e",
    ("s1", 48_000, True): "da533174a89a7a176ed9af33ca13037bf495692c058368b9f20d90728b6b5817",
    ("s2", 48_000, False): "7f8ea8949c0144b863d126471e0120835dad2b37dfadc7f33c2fd88e4c150cde",
    ("s1", 44_100, False): "30f4f78e99b146855a778b191959c7d3a26c280d41ec548b6e951f5339f79f41",
    ("s1", 44_100, True): "b3060fc8b45efc67f98628c988e0d058932dd95f5206508340a47dfce205b215",
    ("s2", 22_050, True): "38cd3bd470d4886812402188df29c70a90c98b921eeb2561e4e05dd512ea37fc",
}


@pytest.mark.parametrize(("session", "rate", "as_float"), list(EXPECTED))
def test_render_writes_the_same_bytes_as_before(
    session: str, rate: int, as_float: bool, tmp_path: Path
) -> None:
    root = _programme(tmp_path / "prog", rate)
    out = tmp_path / "out.wav"
    args = ["render", str(root), "--session", session, "-o", str(out), "--rate", str(rate)]
    assert main([*args, "--float"] if as_float else args) == 0
    got = hashlib.sha256(out.read_bytes()).hexdigest()
    assert got == EXPECTED[(session, rate, as_float)]
