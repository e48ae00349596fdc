"""A small programme whose clips are levelled (voices, a bed and a cue), for the tests
that check its loudness is measured when it is installed."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

PROGRAM_ID = "org.test.measured"
CLIPS = 4

PROGRAM = """\
format: 1
id: org.test.measured
version: 1.0.0
title: Measured at import
language: en
audio: {bed: bed.wav, bed_gain: -20dB, cue: cue.wav}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, voice: quiet.wav, duration: 3s}
      - {kind: closing, voice: loud.wav, duration: 3s}
"""


def _wav(path: Path, seconds: float, amp: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = (amp * rng.uniform(-1, 1, round(seconds * 48_000)) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48_000)
        w.writeframes(data.tobytes())


def programme(folder: Path) -> Path:
    folder.mkdir(parents=True)
    _wav(folder / "quiet.wav", 2.0, 0.02, 1)
    _wav(folder / "loud.wav", 2.5, 0.5, 2)
    _wav(folder / "bed.wav", 1.0, 0.1, 3)
    _wav(folder / "cue.wav", 0.3, 0.3, 4)
    (folder / "program.yaml").write_text(PROGRAM, encoding="utf-8")
    return folder
