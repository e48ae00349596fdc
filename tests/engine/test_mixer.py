"""The mixer renders timing programs exactly per PROGRAM_FORMAT.md's timeline semantics."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from enginekit import RATE, audio, dc, make_program, phase, quantised, tone, write_wav

from vallei_player.core.problems import ProgramError
from vallei_player.core.program import db_to_linear
from vallei_player.engine import OpenSession
from vallei_player.engine.limiter import CEILING

Opener = Callable[..., OpenSession]


def test_lengths_phase_starts_and_voices_sample_exact(tmp_path: Path, opener: Opener) -> None:
    write_wav(tmp_path / "a.wav", dc(1000, 0.1))
    write_wav(tmp_path / "b.wav", dc(24_001, 0.2))  # sets its phase's length
    write_wav(tmp_path / "c.wav", dc(500, 0.3))
    phases = [
        phase(0, voice="a.wav", seconds=0.5),
        phase(1, voice="b.wav"),
        phase(2, voice="c.wav", seconds="0.25"),
        phase(3, seconds=1),
    ]
    session = opener(make_program(tmp_path, phases))
    tl = session.timeline
    assert [p.start for p in tl.phases] == [0, 24_000, 48_001, 60_001]
    assert tl.length == 108_001
    out = session.mixer.mix(0, tl.length)
    expected = np.zeros((tl.length, 2), np.float32)
    expected[0:1000] = quantised(dc(1000, 0.1))
    expected[24_000:48_001] = quantised(dc(24_001, 0.2))
    expected[48_001:48_501] = quantised(dc(500, 0.3))
    np.testing.assert_array_equal(out, expected)
    # Past the end and before the start there is only silence.
    assert not session.mixer.mix(tl.length - 10, 100)[10:].any()
    assert not session.mixer.mix(-100, 100).any()


def test_cues_start_exactly_at_phase_boundaries_but_not_the_first(
    tmp_path: Path, opener: Opener
) -> None:
    write_wav(tmp_path / "cue.wav", dc(200, 0.4))
    cue = audio(cue="cue.wav", cue_gain_db=-6.0)
    phases = [
        phase(0, seconds=0.1, settings=cue),
        phase(1, seconds=0.1, settings=cue),
        phase(2, seconds=0.1, settings=audio(cue=None)),  # cue: none
        phase(3, seconds=0.1, settings=cue),
    ]
    session = opener(make_program(tmp_path, phases))
    out = session.mixer.mix(0, session.timeline.length)
    onsets = np.flatnonzero(np.diff(np.concatenate(([0.0], (out[:, 0] != 0).astype(float)))) > 0)
    assert onsets.tolist() == [4800, 14_400]
    level = quantised(dc(1, 0.4))[0, 0] * np.float32(db_to_linear(-6.0))
    np.testing.assert_allclose(out[4800:5000], level, rtol=1e-6)
    assert not out[5000:14_400].any()


def test_a_voice_clip_longer_than_its_phase_is_refused(tmp_path: Path, opener: Opener) -> None:
    write_wav(tmp_path / "long.wav", dc(RATE * 2, 0.1))
    with pytest.raises(ProgramError, match=r"long\.wav.*longer than the phase"):
        opener(make_program(tmp_path, [phase(0, voice="long.wav", seconds=1)]))


def test_bed_crossfade_is_equal_power_and_centred_on_the_boundary(
    tmp_path: Path, opener: Opener
) -> None:
    write_wav(tmp_path / "a.wav", dc(RATE, 0.5))
    write_wav(tmp_path / "b.wav", dc(RATE, 0.25))
    a = audio(bed="a.wav", crossfade=1)
    b = audio(bed="b.wav", crossfade=1)
    phases = [phase(0, seconds=4, settings=a), phase(1, seconds=4, settings=b)]
    session = opener(make_program(tmp_path, phases, audio(fade_out=1)))
    out = session.mixer.mix(3 * RATE, 2 * RATE)[:, 0].astype(np.float64)
    t = np.arange(3 * RATE, 5 * RATE) - (4 * RATE - RATE // 2)  # from the window start
    x = np.clip((t + 0.5) / RATE, 0, 1)
    qa, qb = quantised(dc(1, 0.5))[0, 0], quantised(dc(1, 0.25))[0, 0]
    expected = qa * np.cos(np.pi / 2 * x) + qb * np.sin(np.pi / 2 * x)
    np.testing.assert_allclose(out, expected, atol=2e-7)
    # the window: exactly the old bed before it, exactly the new one after it
    assert out[RATE // 2 - 1] == pytest.approx(qa, abs=1e-7)
    assert out[RATE // 2 + RATE] == pytest.approx(qb, abs=1e-7)


def test_bed_loops_without_a_seam_and_fades_in_and_out(tmp_path: Path, opener: Opener) -> None:
    # 0.5 s holding exactly 50 periods of 100 Hz: a seamless loop file
    loop = np.repeat(tone(0.5, 100, 0.5)[:, None], 2, axis=1)
    write_wav(tmp_path / "bed.wav", loop)
    settings = audio(bed="bed.wav", fade_out=1)
    session = opener(make_program(tmp_path, [phase(0, seconds=5, settings=settings)], settings))
    out = session.mixer.mix(0, 5 * RATE)
    tiled = np.tile(quantised(loop), (10, 1)).astype(np.float64)
    t = np.arange(5 * RATE)
    fade_in = 0.5 - 0.5 * np.cos(np.pi * np.clip((t + 0.5) / (2 * RATE), 0, 1))
    fade_out = 0.5 - 0.5 * np.cos(np.pi * np.clip((5 * RATE - t - 0.5) / RATE, 0, 1))
    np.testing.assert_allclose(out, tiled * (fade_in * fade_out)[:, None], atol=2e-7)
    # at every seam (each 0.5 s) the step is no larger than anywhere inside the loop
    steps = np.abs(np.diff(out[2 * RATE : 4 * RATE, 0]))
    seams = [k * RATE // 2 - 2 * RATE - 1 for k in range(5, 8)]
    assert max(steps[s] for s in seams) <= steps.max() + 1e-6


def test_a_loud_mix_is_limited_and_blocks_agree_with_the_whole(
    tmp_path: Path, opener: Opener
) -> None:
    write_wav(tmp_path / "v.wav", tone(2, 220, 0.9))
    write_wav(tmp_path / "bed.wav", np.repeat(tone(1, 330, 0.9)[:, None], 2, axis=1))
    loud = audio(bed="bed.wav", bed_gain_db=6.0, voice_gain_db=6.0)
    session = opener(
        make_program(tmp_path, [phase(0, voice="v.wav", seconds=3, settings=loud)], loud)
    )
    mixer = session.mixer
    whole = mixer.mix(0, 3 * RATE)
    assert np.abs(mixer.mix_unlimited(0, 3 * RATE)).max() > 2.0
    assert np.abs(whole).max() <= CEILING
    # the voice's last second is under the ceiling and must come through untouched...
    quiet = mixer.mix_unlimited(int(2.2 * RATE), int(0.5 * RATE))
    if np.abs(quiet).max() <= CEILING:
        np.testing.assert_array_equal(whole[int(2.2 * RATE) : int(2.7 * RATE)], quiet)
    # ...and any block boundaries give the same samples as one whole mix
    rng = np.random.default_rng(7)
    cuts = np.sort(rng.choice(np.arange(1, 3 * RATE), 40, replace=False))
    pieces = [
        mixer.mix(int(a), int(b - a)) for a, b in zip([0, *cuts], [*cuts, 3 * RATE], strict=True)
    ]
    np.testing.assert_array_equal(np.concatenate(pieces), whole)


def test_gains_and_the_bed_under_a_voice(tmp_path: Path, opener: Opener) -> None:
    write_wav(tmp_path / "v.wav", dc(RATE, 0.2))
    write_wav(tmp_path / "bed.wav", dc(RATE, 0.4))
    s = audio(bed="bed.wav", bed_gain_db=-20.0, voice_gain_db=-3.0, fade_out=1)
    session = opener(make_program(tmp_path, [phase(0, voice="v.wav", seconds=6, settings=s)], s))
    out = session.mixer.mix(3 * RATE, 1)[0, 0]
    qv, qb = quantised(dc(1, 0.2))[0, 0], quantised(dc(1, 0.4))[0, 0]
    assert out == pytest.approx(qb * db_to_linear(-20.0), abs=1e-7)  # voice over at 1 s
    first = session.mixer.mix(RATE // 2, 1)[0, 0]
    fade = 0.5 - 0.5 * np.cos(np.pi * (RATE // 2 + 0.5) / (2 * RATE))
    assert first == pytest.approx(
        qv * db_to_linear(-3.0) + qb * db_to_linear(-20.0) * fade, abs=1e-7
    )
