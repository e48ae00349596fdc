"""The engine's promises with the numbers written out (issue 10 item 12: mutants that lived).

Expectations come from the specification, not from the code under test:
- the limiter (limiter.py's formula; PROGRAM_FORMAT.md "the mix never clips"): |x| <= 0.97,
  no hard clipping, the gain a smooth ramp that starts at most 15 ms (1.5 windows of 10 ms)
  before a loud passage and is fully down 5 ms before its first peak;
- the ramps (stream.py, docs/architecture.md): 10 ms = 480 frames of a raised cosine,
  up[k] = 0.5 - 0.5 cos(pi (k + 0.5) / 480), down[k] = up[479 - k], around pause, resume and
  skip, nothing else changed;
- volumes (docs/architecture.md): applied from the next sample mixed, under half a second
  after the call, with a 20 ms (960-frame) glide;
- Next (docs/architecture.md): Skipped(from, to) comes before the PhaseEntered it causes, so a
  recorder driven by the events never counts the phase left by Next as completed.
Sounds are constant (DC) or whole-period tones so that every expected sample is a number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from enginekit import (
    RATE,
    audio,
    dc,
    make_program,
    phase,
    playing,
    quantised,
    wait_for,
    write_wav,
)

from vallei_player.core.program import Program
from vallei_player.engine import NullOutput, OpenSession, PhaseEntered, Player, Skipped

CEILING = 0.97
R = 480  # 10 ms ramps at 48 kHz
K = np.arange(R, dtype=np.float64)
UP = 0.5 - 0.5 * np.cos(np.pi * (K + 0.5) / R)
DOWN = UP[::-1]


def sine(seconds: float, freq: float, amp: float) -> np.ndarray:
    t = np.arange(round(seconds * RATE))
    return amp * np.sin(2 * np.pi * freq * t / RATE)


# -- the limiter -----------------------------------------------------------------------------


def test_the_ramp_formula_spot_values() -> None:
    # written out once, so that the formula above is the one meant
    assert UP[0] == pytest.approx(2.6772991517654e-06, rel=1e-9)
    assert UP[239] == pytest.approx(0.49836375674673666, rel=1e-12)
    assert UP[240] == pytest.approx(0.5016362432532633, rel=1e-12)
    assert UP[479] == pytest.approx(0.9999973227008483, rel=1e-12)


def loud_session(tmp_path: Path, opener: Callable[..., OpenSession]) -> tuple[np.ndarray, ...]:
    """1 s quiet (250 Hz, 0.2), 0.5 s a 375 Hz tone 12 dB over the ceiling, 1 s quiet."""
    write_wav(tmp_path / "quiet.wav", sine(1, 250, 0.2))
    write_wav(tmp_path / "loud.wav", sine(0.5, 375, CEILING))  # 128 samples a period
    plus12 = audio(voice_gain_db=12.0)
    phases = [
        phase(0, voice="quiet.wav", seconds=1),
        phase(1, voice="loud.wav", seconds=0.5, settings=plus12),
        phase(2, voice="quiet.wav", seconds=1),
    ]
    session = opener(make_program(tmp_path, phases))
    mixer = session.mixer
    length = int(2.5 * RATE)
    out = np.concatenate([mixer.mix(a, min(4800, length - a)) for a in range(0, length, 4800)])
    quiet = quantised(sine(1, 250, 0.2))[:, 0]
    loud = quantised(sine(0.5, 375, CEILING))[:, 0] * np.float32(10 ** (12 / 20))
    given = np.concatenate([quiet, loud, quiet]).astype(np.float64)
    return out[:, 0].astype(np.float64), given


def test_a_tone_12_db_over_the_ceiling_is_turned_down_smoothly_not_clipped(
    tmp_path: Path, opener: Callable[..., OpenSession]
) -> None:
    out, given = loud_session(tmp_path, opener)
    assert np.abs(given).max() > 3.8  # the input really is 12 dB over
    assert np.abs(out).max() <= np.float32(CEILING)
    # Turned down, not clipped: in the loud part the output is the tone times one gain, so
    # the tone keeps its shape and comes out at the ceiling (its peak sample is at 0.97).
    t1, t2 = RATE + R // 2, int(1.5 * RATE) - R // 2
    ratio = out[t1:t2][np.abs(given[t1:t2]) > 0.1] / given[t1:t2][np.abs(given[t1:t2]) > 0.1]
    floor = CEILING / np.abs(given[RATE : int(1.5 * RATE)]).max()
    np.testing.assert_allclose(ratio, floor, rtol=1e-5)
    assert np.abs(out[t1:t2]).max() == pytest.approx(CEILING, rel=1e-5)
    # No discontinuity: no step larger than the steepest step of the tone itself at 0.97
    # (2 pi f / rate per sample); a hard clip would have steps four times as large.
    own_slope = CEILING * 2 * math.sin(math.pi * 375 / RATE)
    assert np.abs(np.diff(out[RATE - 2 * R : int(1.5 * RATE) + 2 * R])).max() <= own_slope * 1.01


def test_the_limiter_gain_moves_only_within_its_look_ahead(
    tmp_path: Path, opener: Callable[..., OpenSession]
) -> None:
    out, given = loud_session(tmp_path, opener)
    start, end = RATE, int(1.5 * RATE)  # the loud part
    floor = CEILING / np.abs(given[start:end]).max()
    sounding = np.abs(given) > 0.02
    gain = np.full(len(out), np.nan)
    gain[sounding] = out[sounding] / given[sounding]
    # untouched until 15 ms before the loud part and again 15 ms after it, sample for sample
    np.testing.assert_array_equal(out[: start - 720], given[: start - 720].astype(np.float32))
    np.testing.assert_array_equal(out[end + 720 :], given[end + 720 :].astype(np.float32))
    # fully down from 5 ms before the first loud peak until 5 ms after the last
    peaks = np.flatnonzero(np.abs(given) == np.abs(given).max())
    held = gain[peaks[0] - 240 : peaks[-1] + 240]
    np.testing.assert_allclose(held[~np.isnan(held)], floor, rtol=1e-5)
    # and in between a ramp that only goes one way (down before, up after)
    before = gain[start - 720 : peaks[0] - 240]
    after = gain[peaks[-1] + 240 : end + 720]
    before, after = before[~np.isnan(before)], after[~np.isnan(after)]
    assert (np.diff(before) <= 1e-6).all() and (np.diff(after) >= -1e-6).all()
    assert before[0] > 0.99 and after[-1] > 0.99


@pytest.mark.parametrize("sign", [1.0, -1.0])
@pytest.mark.parametrize("loud_channel", [0, 1])
def test_a_step_to_a_loud_level_gets_a_linear_10_ms_gain_ramp_in_its_look_ahead(
    tmp_path: Path, opener: Callable[..., OpenSession], sign: float, loud_channel: int
) -> None:
    """limiter.py: low(t) is the least need within 10 ms of t, the gain its 10 ms mean; so for
    a step from quiet to loud at T the gain is 1 up to T - 720, falls in a straight line over
    480 frames and holds from T - 240; after the loud part it comes back the same way.
    Either channel, either polarity."""
    other = 1 - loud_channel

    def level(loud: float, quiet: float, seconds: float) -> np.ndarray:
        frames = np.empty((round(seconds * RATE), 2))
        frames[:, loud_channel], frames[:, other] = sign * loud, sign * quiet
        return frames

    write_wav(tmp_path / "quiet.wav", level(0.2, 0.1, 1))
    write_wav(tmp_path / "loud.wav", level(CEILING, 0.1, 0.5))
    phases = [
        phase(0, voice="quiet.wav", seconds=1),
        phase(1, voice="loud.wav", seconds=0.5, settings=audio(voice_gain_db=12.0)),
        phase(2, voice="quiet.wav", seconds=1),
    ]
    mixer = opener(make_program(tmp_path, phases)).mixer
    length = int(2.5 * RATE)
    out = np.concatenate([mixer.mix(a, min(4800, length - a)) for a in range(0, length, 4800)])
    boost = np.float32(10 ** (12 / 20))
    quiet, loud = quantised(level(0.2, 0.1, 1)), quantised(level(CEILING, 0.1, 0.5)) * boost
    given = np.concatenate([quiet, loud, quiet]).astype(np.float64)
    start, end = RATE, int(1.5 * RATE)
    floor = CEILING / np.abs(loud).max()
    t = np.arange(length)
    down = np.clip(t - start + 720, 0, 480) / 480  # how far the ramp before the step has gone
    up = np.clip(end + 720 - t, 0, 480) / 480  # and the one after it
    gain = 1 - (1 - floor) * np.minimum(down, up)
    np.testing.assert_allclose(out, given * gain[:, None], rtol=2e-6, atol=1e-7)
    assert np.abs(out).max() <= np.float32(CEILING)
    # a block of one frame is limited like any other
    for at in (start - 500, start, start + 7, end - 1, end + 300):
        np.testing.assert_array_equal(mixer.mix(at, 1), out[at : at + 1])


def test_moving_min_is_the_least_of_each_window() -> None:
    # limiter.moving_min's contract: y[i] = min(x[i : i + k]) for i in 0..len(x) - k
    from vallei_player.engine.limiter import moving_min

    rng = np.random.default_rng(3)
    for n, k in ((1, 1), (5, 5), (6, 5), (37, 5), (100, 9), (961, 961), (2000, 961)):
        x = rng.random(n)
        expected = [x[i : i + k].min() for i in range(n - k + 1)]
        np.testing.assert_array_equal(moving_min(x, k), expected)
    assert len(moving_min(rng.random(4), 5)) == 0


# -- pause, resume and skip ramps ------------------------------------------------------------


@pytest.fixture
def steady(tmp_path: Path) -> Program:
    """Phase 0: 0.5 for 2 s; phase 1: 0.25 for 2 s; phase 2: 0.5 for 2 s (no bed, no cue)."""
    write_wav(tmp_path / "half.wav", dc(2 * RATE, 0.5))
    write_wav(tmp_path / "quarter.wav", dc(2 * RATE, 0.25))
    phases = [
        phase(0, voice="half.wav", seconds=2),
        phase(1, voice="quarter.wav", seconds=2),
        phase(2, voice="half.wav", seconds=2),
    ]
    return make_program(tmp_path, phases)


def test_pause_and_resume_ramp_down_and_up_over_480_frames(
    steady: Program, player_for: Callable[[NullOutput, Program], Player]
) -> None:
    out, player = playing(player_for, steady)
    out.pull(1000)
    player.pause()
    out.pull(1000)
    assert player.snapshot().position == 1000 + 480
    player.resume()
    out.pull(1000)
    got = out.captured()[:, 0].astype(np.float64)
    expected = np.concatenate([
        np.full(1000, 0.5),
        0.5 * DOWN, np.zeros(520),
        0.5 * UP, np.full(520, 0.5),
    ])  # fmt: skip
    np.testing.assert_allclose(got, expected, atol=1e-7)
    np.testing.assert_array_equal(out.captured()[:, 0], out.captured()[:, 1])


def test_next_ramps_down_here_and_up_at_the_next_phase(
    steady: Program, player_for: Callable[[NullOutput, Program], Player]
) -> None:
    out, player = playing(player_for, steady)
    out.pull(1000)
    player.next_phase()
    out.pull(2000)
    got = out.captured()[:, 0].astype(np.float64)
    expected = np.concatenate([
        np.full(1000, 0.5),
        0.5 * DOWN,  # phase 0 fades out where it was...
        0.25 * UP,  # ...and phase 1 (0.25) fades in from its first sample
        np.full(2000 - 2 * 480, 0.25),
    ])  # fmt: skip
    np.testing.assert_allclose(got, expected, atol=1e-7)
    assert player.snapshot().position == 2 * RATE + 2000 - 480


def test_a_skip_while_paused_resumes_at_the_target_with_one_ramp_up(
    steady: Program, player_for: Callable[[NullOutput, Program], Player]
) -> None:
    out, player = playing(player_for, steady)
    out.pull(1000)
    player.pause()
    out.pull(480)
    player.next_phase()
    out.pull(500)  # still paused: silence
    assert player.snapshot().position == 2 * RATE
    player.resume()
    out.pull(1000)
    got = out.captured()[:, 0].astype(np.float64)
    expected = np.concatenate([
        np.full(1000, 0.5), 0.5 * DOWN, np.zeros(500), 0.25 * UP, np.full(520, 0.25),
    ])  # fmt: skip
    np.testing.assert_allclose(got, expected, atol=1e-7)


def test_next_reports_the_skip_before_the_phase_it_enters(
    steady: Program, player_for: Callable[[NullOutput, Program], Player]
) -> None:
    out, player = playing(player_for, steady)
    out.pull(1000)
    player.next_phase()
    out.pull(1000)
    seen: list[object] = []

    def entered_phase_1() -> bool:
        seen.extend(player.drain_events())
        return PhaseEntered(1) in seen

    wait_for(entered_phase_1)
    assert seen == [PhaseEntered(0), Skipped(0, 1), PhaseEntered(1)]


# -- live volume -----------------------------------------------------------------------------


def test_a_volume_change_glides_over_20_ms_and_is_heard_within_half_a_second(
    steady: Program, player_for: Callable[[NullOutput, Program], Player]
) -> None:
    out, player = playing(player_for, steady)
    out.pull(1000)
    player.set_voice_volume(0.5)
    for _ in range(40):
        out.pull(1000)
    got = out.captured()[:, 0].astype(np.float64)
    moving = np.flatnonzero((got < 0.5) & (got > 0.25))
    first, last = int(moving[0]), int(moving[-1])
    assert (got[:first] == 0.5).all() and (got[last + 1 :] == 0.25).all()
    assert (np.diff(got[first - 1 : last + 2]) < 0).all()  # one way, no step back
    assert first - 1000 < RATE // 2  # heard within half a second of the call
    assert 959 <= last - first + 1 <= 960  # a 20 ms glide: 960 frames, the ends excluded
    # smooth: no step much larger than the glide's mean step (a linear glide's is 1.0x)
    assert np.abs(np.diff(got[first - 1 : last + 2])).max() <= 1.6 * 0.25 / 960
    assert player.snapshot().voice_volume == 0.5


def test_no_limited_sample_is_above_the_ceiling_not_even_by_rounding() -> None:
    """limiter.py: every mixed sample within |x| <= CEILING (as the float32 the output
    carries), for loud noise of many levels in both channels, ramps included."""
    from vallei_player.engine.limiter import MARGIN, limit

    rng = np.random.default_rng(7)
    ceiling = np.float32(CEILING)
    n = 4800 + 2 * MARGIN
    for amp in (1.0, 1.5, 2.0, 3.88, 4.0, 8.0):  # 3.88: about 12 dB over the ceiling
        noise = rng.uniform(-amp, amp, (n, 2)).astype(np.float32)
        for freq in (100.0, 441.0, 1000.0, 3000.0):
            tone = (amp * np.sin(2 * np.pi * freq * np.arange(n) / RATE)).astype(np.float32)
            for frames in (noise, np.stack([tone, tone], axis=1)):
                out = limit(frames)
                assert len(out) == 4800
                assert np.abs(out).max() <= ceiling, (amp, freq)
