"""A first play does not wait for the whole session to be measured (issue 11, item 2 and the
loudness report's "slower cold start"): the mixer asks for a clip's loudness only when it
mixes a sample that depends on it, and what it plays is still exactly what `render` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from enginekit import CapturingOutput, lookup_for, read_wav, wait_for, write_wav

from vallei_player.cli import main
from vallei_player.core.program import build_timeline, load_program
from vallei_player.engine import Player, loudness_store
from vallei_player.engine.cache import PcmCache
from vallei_player.engine.loudness import Measurement
from vallei_player.engine.mixer import Mixer

PROGRAM = """\
format: 1
id: org.test.ahead
version: 1.0.0
title: Ahead
language: en
audio: {loudness: -18LUFS, duck: 8dB, cue: cue.wav, bed: bed-a.wav, bed_gain: -12dB,
        crossfade: 1s, fade_out: 1s}
sessions:
  - id: s1
    title: Three voices
    phases:
      - {kind: settle, voice: v1.wav, duration: 4s}
      - {kind: arousal, voice: v2.wav, duration: 4s, bed: bed-b.wav}
      - {kind: closing, voice: v3.wav, duration: 4s, bed_gain: -6dB}
"""


def _speechlike(seconds: float, seed: int, amp: float) -> npt.NDArray[np.float64]:
    """Noise in bursts with pauses, so the voice has stretches to duck under."""
    rng = np.random.default_rng(seed)
    n = round(seconds * 48_000)
    t = np.arange(n) / 48_000
    return amp * rng.uniform(-1, 1, n) * (np.sin(2 * np.pi * 0.7 * t) > -0.3)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "prog"
    root.mkdir()
    write_wav(root / "v1.wav", _speechlike(3.0, 1, 0.02))  # recorded at three levels
    write_wav(root / "v2.wav", _speechlike(3.5, 2, 0.2))
    write_wav(root / "v3.wav", _speechlike(2.5, 3, 0.6))
    write_wav(root / "cue.wav", _speechlike(0.4, 4, 0.3))
    write_wav(root / "bed-a.wav", _speechlike(1.3, 5, 0.1))
    write_wav(root / "bed-b.wav", _speechlike(0.9, 6, 0.4))
    (root / "program.yaml").write_text(PROGRAM)
    return root


def test_the_first_second_is_mixed_without_the_later_voices_measured(root: Path) -> None:
    program = load_program(root)
    lookup = lookup_for(root)
    timeline = build_timeline(program.require_session("s1"), 48_000, lookup)
    cache = PcmCache(root.parent / "pcm")
    asked: list[str] = []

    def levels(ref: str) -> Measurement:
        asked.append(ref)
        return loudness_store.measure_clip(program.clip_path(ref), lookup(ref))

    try:
        mixer = Mixer(timeline, lambda ref: cache.clip(program.clip_path(ref), lookup(ref)), levels)
        assert asked == []  # building the mixer measures nothing
        mixer.mix(0, 48_000)
        assert set(asked) == {"v1.wav", "bed-a.wav"}  # the first phase's voice and bed only
        mixer.mix(timeline.length - 48_000, 48_000)  # the closing's voice and bed-a again
        assert set(asked) == {"v1.wav", "bed-a.wav", "v3.wav"}
        mixer.mix(0, timeline.length)
        assert set(asked) == {"v1.wav", "v2.wav", "v3.wav", "cue.wav", "bed-a.wav", "bed-b.wav"}
    finally:
        cache.close()


def test_a_first_play_with_nothing_measured_is_what_render_writes(
    root: Path, tmp_path: Path, player_for: Callable[..., Player], cache: PcmCache
) -> None:
    folder = loudness_store.default_folder()
    assert not folder.exists() or not any(folder.iterdir())  # nothing measured yet
    out = CapturingOutput("fast", blocksize=1000)
    player = player_for(out, load_program(root))
    player.play()
    wait_for(lambda: player.snapshot().state == "finished")
    assert len(list(folder.iterdir())) == 6  # the play measured (and stored) every clip
    loudness_store.forget_memo()  # render reads the store, as a later run would
    wav = tmp_path / "render.wav"
    assert main(["render", str(root), "--session", "s1", "-o", str(wav), "--float"]) == 0
    _, rendered = read_wav(wav)
    played = out.captured()
    np.testing.assert_array_equal(played[: len(rendered)], rendered)
    assert not played[len(rendered) :].any()
    # levelled, not as recorded: the first voice peaks at 0.02 in its file, about 18 dB more here
    assert np.abs(rendered[: 48_000 * 3]).max() > 0.1
