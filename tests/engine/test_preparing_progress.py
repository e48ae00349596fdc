"""A session's start reports how far it is prepared (issue 12, "a preparing state with
progress"): rising fractions of the first phase's audio, ending with exactly 1.0."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from enginekit import RATE, lookup_for, wait_for, write_wav

from vallei_player.core.program import load_program
from vallei_player.engine import open_session
from vallei_player.engine.cache import PcmCache

PROGRAM = """\
format: 1
id: org.test.preparing
version: 1.0.0
title: Preparing
language: en
audio: {loudness: -18LUFS, bed: bed.wav, bed_gain: -12dB}
sessions:
  - id: s1
    title: Three voices
    phases:
      - {kind: settle, voice: v1.wav, duration: 9s}
      - {kind: arousal, voice: v2.wav, duration: 4s}
      - {kind: closing, voice: v3.wav, duration: 4s}
"""


def test_fractions_rise_to_one_while_the_first_phase_is_decoded_and_measured(
    tmp_path: Path, cache: PcmCache
) -> None:
    root = tmp_path / "prog"
    root.mkdir()
    rng = np.random.default_rng(7)
    for name, seconds in (("v1.wav", 8.0), ("v2.wav", 3.0), ("v3.wav", 3.0), ("bed.wav", 2.0)):
        write_wav(root / name, 0.2 * rng.uniform(-1, 1, round(seconds * RATE)))
    (root / "program.yaml").write_text(PROGRAM)
    program = load_program(root)
    seen: list[float] = []
    lock = threading.Lock()

    def heard(fraction: float) -> None:
        with lock:
            seen.append(fraction)

    session = open_session(
        program, "s1", RATE, lookup=lookup_for(root), cache=cache, on_progress=heard
    )
    # A private home for every test: nothing was decoded or measured before this open.
    try:
        wait_for(lambda: bool(seen) and seen[-1] == 1.0)
        first = session.timeline.phases[0].phase
        assert session.clips[str(first.voice)].done  # measured from the whole clip
        assert session.measuring is not None and session.measuring.measured(str(first.voice))
    finally:
        session.close()
    assert seen == sorted(seen) and len(set(seen)) == len(seen)  # rising, never repeated
    assert 0.0 <= seen[0] < 1.0 and seen[-1] == 1.0
    assert len(seen) >= 2
