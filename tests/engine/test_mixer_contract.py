"""The mixer's rules with the numbers written out (mixer.py's docstring, PROGRAM_FORMAT.md's
"timeline semantics"; issue 10 item 12: mutants that lived).

Every clip is a constant (DC) or a ramp of distinct values, at 16 bits, so each expected
sample is a sum of known numbers: voice and cue of phase i from S_i, each times its gain
(loudness off here: voice_gain_db, cue_gain_db), overlapping sounds added, the listener's
voice volume on voices and cues and the bed volume on beds, silence outside [0, length).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from enginekit import RATE, audio, dc, make_program, phase, quantised, write_wav

from vallei_player.core.program import db_to_linear
from vallei_player.engine import OpenSession
from vallei_player.engine.mixer import Volume, read_looped_into

Opener = Callable[..., OpenSession]
Array = npt.NDArray[np.float64]


def ramp(frames: int, top: float = 0.5) -> Array:
    """Distinct values 1/frames .. 1 times `top`, left and right apart (right is half)."""
    v = np.arange(1, frames + 1, dtype=np.float64) / frames * top
    return np.stack([v, v / 2], axis=1)


def q(data: Array) -> Array:
    return quantised(data).astype(np.float64)


def in_blocks(mix: Callable[[int, int], npt.NDArray[np.float32]], start: int, end: int,
              size: int) -> Array:  # fmt: skip
    return np.concatenate([mix(a, min(size, end - a)) for a in range(start, end, size)]).astype(
        np.float64
    )


@pytest.fixture
def overlapping(tmp_path: Path, opener: Opener) -> tuple[OpenSession, Array]:
    """Three phases of 0.1, 0.1 and 0.2 s with voices in the first two; the 0.15 s cue of
    phase 1 runs on into phase 2, whose own cue starts at S_2 over its end."""
    write_wav(tmp_path / "v0.wav", ramp(3000, 0.3))
    write_wav(tmp_path / "v1.wav", dc(4000, 0.2))
    write_wav(tmp_path / "cue.wav", ramp(7200, 0.4))  # 0.15 s, longer than phase 1
    cue = audio(cue="cue.wav", cue_gain_db=-6.0, voice_gain_db=-3.0)
    phases = [
        phase(0, voice="v0.wav", seconds=0.1, settings=cue),
        phase(1, voice="v1.wav", seconds=0.1, settings=cue),
        phase(2, seconds=0.2, settings=cue),
    ]
    session = opener(make_program(tmp_path, phases))
    g_voice, g_cue = np.float32(db_to_linear(-3.0)), np.float32(db_to_linear(-6.0))
    expected = np.zeros((session.timeline.length, 2))
    expected[0:3000] += q(ramp(3000, 0.3)) * g_voice  # voice 0 at S_0; no cue in phase 0
    expected[4800:8800] += q(dc(4000, 0.2)) * g_voice  # voice 1 at S_1
    expected[4800:12_000] += q(ramp(7200, 0.4)) * g_cue  # cue 1 at S_1, into phase 2
    expected[9600:16_800] += q(ramp(7200, 0.4)) * g_cue  # cue 2 at S_2, over cue 1's end
    return session, expected


def test_overlapping_voices_and_cues_add_up_each_at_its_gain(
    overlapping: tuple[OpenSession, Array],
) -> None:
    session, expected = overlapping
    assert session.timeline.length == 19_200
    got = session.mixer.mix_unlimited(0, session.timeline.length).astype(np.float64)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("size", [1, 7, 480, 1000, 4801])
def test_any_block_size_gives_the_same_overlapping_mix(
    overlapping: tuple[OpenSession, Array], size: int
) -> None:
    session, expected = overlapping
    got = in_blocks(session.mixer.mix_unlimited, 0, session.timeline.length, size)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)
    # and a block that starts deep inside cue 1 (begun 6000 frames before) still holds it
    np.testing.assert_allclose(
        session.mixer.mix_unlimited(10_800, 5).astype(np.float64), expected[10_800:10_805],
        rtol=1e-6, atol=1e-7,
    )  # fmt: skip


def test_a_block_reaching_past_both_ends_is_silence_outside_the_session(
    overlapping: tuple[OpenSession, Array],
) -> None:
    session, expected = overlapping
    length = session.timeline.length
    got = session.mixer.mix_unlimited(-300, length + 600).astype(np.float64)
    np.testing.assert_array_equal(got[:300], 0)
    np.testing.assert_allclose(got[300 : 300 + length], expected, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(got[300 + length :], 0)
    # limited too: the mix is quiet, so the limiter leaves it as it is
    limited = session.mixer.mix(-300, length + 600).astype(np.float64)
    np.testing.assert_allclose(limited, got, rtol=1e-6, atol=1e-7)
    assert not session.mixer.mix(length, 500).any() and not session.mixer.mix(-500, 500).any()
    # blocks wholly outside, mixed after loud ones (whatever the mixer kept is not heard)
    session.mixer.mix_unlimited(4800, 9000)
    assert not session.mixer.mix_unlimited(length, 500).any()
    assert not session.mixer.mix_unlimited(-500, 500).any()


def test_mix_into_a_given_buffer_fills_that_buffer(
    overlapping: tuple[OpenSession, Array],
) -> None:
    session, expected = overlapping
    out = np.full((2000, 2), 7.0, dtype=np.float32)
    returned = session.mixer.mix(4000, 2000, out)
    np.testing.assert_allclose(out.astype(np.float64), expected[4000:6000], rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(returned, out)


@pytest.fixture
def voice_cue_bed(tmp_path: Path, opener: Opener) -> OpenSession:
    """A 0.3 voice, a 0.1 cue and a 0.4 bed (bed_gain 0 dB) in phase 1, from 2 s to 6 s."""
    write_wav(tmp_path / "v.wav", dc(RATE, 0.3))
    write_wav(tmp_path / "cue.wav", dc(RATE // 2, 0.1))
    write_wav(tmp_path / "bed.wav", dc(RATE, 0.4))
    s = audio(cue="cue.wav", cue_gain_db=0.0, bed="bed.wav", bed_gain_db=0.0, fade_out=1)
    phases = [phase(0, seconds=2, settings=s), phase(1, voice="v.wav", seconds=4, settings=s)]
    return opener(make_program(tmp_path, phases, s))


def test_voice_volume_is_on_voices_and_cues_bed_volume_on_the_bed(
    voice_cue_bed: OpenSession,
) -> None:
    mixer = voice_cue_bed.mixer
    v, c, b = (q(dc(1, x))[0, 0] for x in (0.3, 0.1, 0.4))
    at = 2 * RATE + 100  # voice, cue and bed all sound; the bed is past its 2 s fade-in
    np.testing.assert_allclose(mixer.mix_unlimited(at, 1)[0], v + c + b, rtol=1e-6)
    mixer.set_volumes(Volume(0.5), Volume(0.25))
    np.testing.assert_allclose(mixer.mix_unlimited(at, 1)[0], 0.5 * (v + c) + 0.25 * b, rtol=1e-6)
    # where only the bed sounds, only the bed volume counts; where only foreground, only voice
    np.testing.assert_allclose(mixer.mix_unlimited(3 * RATE + 100, 1)[0], 0.25 * b, rtol=1e-6)
    mixer.set_volumes(Volume(0.5), Volume(0.0))
    np.testing.assert_allclose(mixer.mix_unlimited(at, 1)[0], 0.5 * (v + c), rtol=1e-6)
    mixer.set_volumes(Volume(0.0), Volume(0.0))
    assert not mixer.mix(0, 6 * RATE).any()


def test_a_volume_moves_from_before_to_after_within_its_glide() -> None:
    vol = Volume(after=0.25, before=1.0, at=1000, glide=960)
    assert vol.at_sample(999) == 1.0  # before the glide: the old volume
    assert vol.at_sample(1960) == 0.25 and vol.at_sample(10**9) == 0.25  # after: the new one
    halfway = vol.at_sample(1480)  # a change arriving mid-glide starts from where it is
    assert 0.25 < halfway < 1.0 and halfway == pytest.approx(0.625, abs=0.75 / 960)
    assert vol.gains(0, 1000) == 1.0 and vol.gains(1960, 500) == 0.25
    g = np.asarray(vol.gains(900, 1200), dtype=np.float64)[:, 0]
    assert (g[:100] == 1.0).all() and (g[1060:] == 0.25).all()
    inside = g[100:1060]  # [at, at + glide): strictly between, one way, no step much larger
    assert ((inside < 1.0) & (inside > 0.25)).all()  # than the mean (a click would be)
    assert (np.diff(inside) < 0).all()
    assert np.abs(np.diff(g[99:1061])).max() <= 1.6 * 0.75 / 960

    # the same values however the glide is cut into blocks
    def block(a: int) -> Array:
        gains = np.asarray(vol.gains(a, 100), dtype=np.float64)
        return np.full(100, float(gains)) if gains.ndim == 0 else gains[:, 0]

    pieces = [block(a) for a in range(900, 2100, 100)]
    np.testing.assert_allclose(np.concatenate(pieces), g, rtol=1e-6)
    assert Volume().gains(0, 100) == 1.0 and Volume(0.5).gains(0, 100) == 0.5  # no glide


def test_a_volume_glide_in_the_mix_goes_from_the_old_to_the_new_level(
    voice_cue_bed: OpenSession,
) -> None:
    mixer = voice_cue_bed.mixer
    v, c = q(dc(1, 0.3))[0, 0], q(dc(1, 0.1))[0, 0]
    start = 2 * RATE + 4000  # voice and cue sound; bed volume stays 1
    base = mixer.mix_unlimited(start - 10, 2000).astype(np.float64)[:, 0]
    mixer.set_volumes(Volume(0.5, 1.0, start, 960), Volume())
    got = mixer.mix_unlimited(start - 10, 2000).astype(np.float64)[:, 0]
    fore = v + c
    np.testing.assert_allclose(got[:10], base[:10], rtol=1e-6)  # untouched before `at`
    np.testing.assert_allclose(got[970:], base[970:] - 0.5 * fore, rtol=1e-5)  # then halved
    assert (np.diff(got[10:970]) < 0).all()


def test_a_looped_read_repeats_the_clip_from_any_offset() -> None:
    class Clip:
        length = 5

        def read_into(self, start: int, out: npt.NDArray[np.float32]) -> None:
            assert start >= 0 and start + len(out) <= self.length
            out[:, 0] = np.arange(start, start + len(out))
            out[:, 1] = -out[:, 0]

    for offset, frames in ((0, 12), (3, 9), (7, 4), (12, 1), (5, 5)):
        out = np.full((frames, 2), 99.0, dtype=np.float32)
        read_looped_into(Clip(), offset, out)
        expected = (np.arange(offset, offset + frames) % 5).astype(np.float32)
        np.testing.assert_array_equal(out[:, 0], expected)
        np.testing.assert_array_equal(out[:, 1], -expected)

    class One:
        length = 1

        def read_into(self, start: int, out: npt.NDArray[np.float32]) -> None:
            assert start == 0 and len(out) == 1
            out[:] = 0.25

    out = np.zeros((6, 2), dtype=np.float32)
    read_looped_into(One(), 4, out)  # a one-frame clip repeated is that frame throughout
    assert (out == 0.25).all()

    class Empty:
        length = 0

        def read_into(self, start: int, out: npt.NDArray[np.float32]) -> None:
            raise AssertionError("nothing to read")

    out = np.full((4, 2), 99.0, dtype=np.float32)
    read_looped_into(Empty(), 3, out)
    assert not out.any()


def test_a_gain_of_exactly_twice_doubles_voice_cue_and_bed(tmp_path: Path, opener: Opener) -> None:
    # +6.0206 dB is an amplitude of 2.0 to the last bit: no gain is ever "too plain" to apply
    twice = 20 * np.log10(2.0)
    assert db_to_linear(twice) == 2.0
    write_wav(tmp_path / "v.wav", dc(RATE // 2, 0.1))
    write_wav(tmp_path / "cue.wav", dc(RATE // 4, 0.05))
    write_wav(tmp_path / "bed.wav", dc(RATE, 0.02))
    s = audio(cue="cue.wav", cue_gain_db=twice, voice_gain_db=twice, bed="bed.wav",
              bed_gain_db=twice, fade_out=1)  # fmt: skip
    phases = [phase(0, seconds=3, settings=s), phase(1, voice="v.wav", seconds=3, settings=s)]
    mixer = opener(make_program(tmp_path, phases, s)).mixer
    v, c, b = (q(dc(1, x))[0, 0] for x in (0.1, 0.05, 0.02))
    at = 3 * RATE  # S_1: voice, cue and bed (past its 2 s fade-in, before the fade-out)
    got = mixer.mix_unlimited(at, 2 * RATE).astype(np.float64)[:, 0]
    np.testing.assert_allclose(got[: RATE // 4], 2 * (v + c + b), rtol=1e-6)
    np.testing.assert_allclose(got[RATE // 4 : RATE // 2], 2 * (v + b), rtol=1e-6)
    np.testing.assert_allclose(got[RATE // 2 :], 2 * b, rtol=1e-6)
    # a block the voice alone fills among the foreground, and one in which it ends part-way
    lone = mixer.mix_unlimited(at + RATE // 4 + 10, 100).astype(np.float64)[:, 0]
    np.testing.assert_allclose(lone, 2 * (v + b), rtol=1e-6)
    part = mixer.mix_unlimited(at + RATE // 2 - 100, 200).astype(np.float64)[:, 0]
    np.testing.assert_allclose(part[:100], 2 * (v + b), rtol=1e-6)
    np.testing.assert_allclose(part[100:], 2 * b, rtol=1e-6)


def test_a_bed_that_starts_and_ends_mid_session_loops_from_its_window_start(
    tmp_path: Path, opener: Opener
) -> None:
    """beds.py (PROGRAM_FORMAT.md made exact): a bed that comes in at S plays its frame 0 at
    S - h (h = C // 2, C the crossfade) and fades in with sin(pi/2 x) over [S - h, S - h + C),
    x = (t - (S - h) + 0.5) / C; it goes out with cos(pi/2 x) around the next change; the
    session's first 2 s fade in with 0.5 - 0.5 cos(pi x) on top. Any block sizes agree."""
    loop = ramp(4100, 0.5)  # distinct values, so the loop's phase shows
    write_wav(tmp_path / "bed.wav", loop)
    with_bed = audio(bed="bed.wav", bed_gain_db=0.0, crossfade=1)
    without = audio(bed=None, crossfade=1)
    phases = [
        phase(0, seconds=2, settings=without),
        phase(1, seconds=3, settings=with_bed),
        phase(2, seconds=3, settings=without),
    ]
    session = opener(make_program(tmp_path, phases, audio(fade_out=1)))
    length = 8 * RATE
    t = np.arange(length, dtype=np.float64)
    c, h = RATE, RATE // 2
    s1, s2 = 2 * RATE, 5 * RATE
    sounding = (t >= s1 - h) & (t < s2 - h + c)
    index = (np.arange(length) - (s1 - h)) % len(loop)
    fade_in = np.sin(np.pi / 2 * np.clip((t - (s1 - h) + 0.5) / c, 0, 1))
    fade_out = np.cos(np.pi / 2 * np.clip((t - (s2 - h) + 0.5) / c, 0, 1))
    session_in = 0.5 - 0.5 * np.cos(np.pi * np.clip((t + 0.5) / (2 * RATE), 0, 1))
    expected = q(loop)[index] * (fade_in * fade_out * session_in * sounding)[:, None]
    whole = session.mixer.mix_unlimited(0, length).astype(np.float64)
    np.testing.assert_allclose(whole, expected, atol=2e-7)
    for size in (1000, 4801, 24_000):
        blocks = in_blocks(session.mixer.mix_unlimited, 0, length, size)
        np.testing.assert_allclose(blocks, whole, atol=1e-7)
