"""Levels per clip and the ducking of the bed, sample by sample, with the expected values
written from PROGRAM_FORMAT.md ("Levels", "Ducking") and issue 11: voices to the target, bed
and cue to the target plus bed_gain / cue_gain, the same file always the same gain, measured
once per content; the bed 8 dB down while a voice sounds, 150 ms down, 600 ms up, no clicks."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from enginekit import (
    RATE,
    audio,
    dc,
    lookup_for,
    make_program,
    phase,
    quantised,
    tone,
    write_wav,
)  # fmt: skip

from vallei_player.core.program import BUILTIN_ASK
from vallei_player.engine import OpenSession, loudness_store
from vallei_player.engine.cache import content_key

Opener = Callable[..., OpenSession]


def db(x: float) -> float:
    return float(20 * np.log10(x))


def steady_amplitude(frames: npt.NDArray[np.float32]) -> float:
    """The amplitude of a sine from its RMS over whole cycles (left channel)."""
    return float(np.sqrt(2 * np.mean(frames[:, 0].astype(np.float64) ** 2)))


@pytest.fixture
def levelled(tmp_path: Path) -> Path:
    """1 kHz tones whose loudness BS.1770 gives: amplitude a in both channels is 20 log10(a)
    LUFS. Voice -26 LUFS, cue -12 LUFS, bed -6 LUFS."""
    root = tmp_path / "prog"
    write_wav(root / "voice.wav", tone(2.0, 1000, 0.05))
    write_wav(root / "cue.wav", tone(0.5, 1000, 0.25))
    write_wav(root / "bed.wav", tone(1.0, 1000, 0.5))
    return root


def test_voice_cue_and_bed_sit_at_the_target_plus_their_gains(
    levelled: Path, opener: Opener
) -> None:
    settings = audio(
        bed="bed.wav", cue="cue.wav", bed_gain_db=-20.0, cue_gain_db=-6.0, loudness_lufs=-18.0,
        fade_out=0,
    )  # fmt: skip
    program = make_program(
        levelled,
        [
            phase(0, seconds=4, settings=settings),
            phase(1, seconds=2, settings=settings),  # the cue alone, at 4 s
            phase(2, voice="voice.wav", seconds=3, settings=replace(settings, cue=None)),
        ],
        session_audio=settings,
    )
    session = opener(program)
    mix = session.mixer.mix_unlimited
    # the bed alone, after its 2 s fade-in: -18 - 20 = -38 LUFS
    assert db(steady_amplitude(mix(3 * RATE, RATE // 2))) == pytest.approx(-38.0, abs=0.05)
    # the cue: -18 - 6 = -24 LUFS (the bed lies under it; take the bed away by its known level)
    bed = mix(3 * RATE, RATE // 2)
    cue_and_bed = mix(4 * RATE, RATE // 2)
    assert db(steady_amplitude(cue_and_bed - bed)) == pytest.approx(-24.0, abs=0.05)
    # the voice, from 6 s: at the target
    voice_and_bed = mix(6 * RATE, RATE // 2)
    assert db(steady_amplitude(voice_and_bed - bed)) == pytest.approx(-18.0, abs=0.05)


def test_loudness_off_plays_every_clip_at_its_plain_gain(levelled: Path, opener: Opener) -> None:
    settings = audio(bed="bed.wav", bed_gain_db=-20.0, loudness_lufs=None, fade_out=0)
    program = make_program(
        levelled,
        [phase(0, seconds=3, settings=settings), phase(1, voice="voice.wav", settings=settings)],
        settings,
    )
    mix = opener(program).mixer.mix_unlimited
    bed_only = mix(2 * RATE, RATE // 2)  # its fade-in is over, the voice starts at 3 s
    assert db(steady_amplitude(bed_only)) == pytest.approx(db(0.5) - 20, abs=0.01)
    voice = mix(3 * RATE, RATE // 2) - bed_only
    assert db(steady_amplitude(voice)) == pytest.approx(db(0.05), abs=0.01)


def test_the_same_file_gets_the_same_gain_at_any_rate(levelled: Path, opener: Opener) -> None:
    settings = audio(loudness_lufs=-18.0)
    program = make_program(levelled, [phase(0, voice="voice.wav", settings=settings)], settings)
    at_48 = steady_amplitude(opener(program, 48_000).mixer.mix(RATE // 2, RATE))
    at_44 = steady_amplitude(opener(program, 44_100).mixer.mix(44_100 // 2, 44_100))
    assert at_44 == pytest.approx(at_48, rel=1e-4)
    assert db(at_48) == pytest.approx(-18.0, abs=0.05)


def test_a_very_quiet_voice_is_raised_by_24_db_at_most(tmp_path: Path, opener: Opener) -> None:
    root = tmp_path / "prog"
    write_wav(root / "whisper.wav", tone(1.0, 1000, 0.002))  # -54 LUFS: 36 dB under -18
    settings = audio(loudness_lufs=-18.0)
    program = make_program(root, [phase(0, voice="whisper.wav", settings=settings)], settings)
    got = steady_amplitude(opener(program).mixer.mix(RATE // 4, RATE // 2))
    assert db(got) == pytest.approx(db(0.002) + 24.0, abs=0.1)


def test_a_file_is_measured_once_and_the_stored_measurement_is_reused(
    levelled: Path, opener: Opener, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = audio(loudness_lufs=-18.0)
    program = make_program(levelled, [phase(0, voice="voice.wav", settings=settings)], settings)
    first = opener(program).mixer.mix(0, RATE)
    entry = private_home / "cache" / "loudness" / f"{content_key(levelled / 'voice.wav')}.json"
    stored = json.loads(entry.read_text())
    assert stored["integrated_lufs"] == pytest.approx(db(0.05), abs=0.05)
    loudness_store.forget_memo()  # as a new process would

    def no_measuring(*_args: object) -> None:
        raise AssertionError("measured again although the store has it")

    with monkeypatch.context() as m:
        m.setattr(loudness_store, "_measure", no_measuring)
        np.testing.assert_array_equal(opener(program).mixer.mix(0, RATE), first)
    # a damaged entry is measured again, and the same gain comes out
    entry.write_text("{not json")
    loudness_store.forget_memo()
    np.testing.assert_array_equal(opener(program).mixer.mix(0, RATE), first)
    assert json.loads(entry.read_text())["method"] == loudness_store.METHOD


# -- ducking ---------------------------------------------------------------------------------

BED = round(0.05 * 32767) / 32768  # a constant bed as 16-bit: each sample BED x ducking gain
DUCK_DB = 8.0
ATTACK, RELEASE = round(0.150 * RATE), round(0.600 * RATE)


def spoken(tmp_path: Path) -> tuple[Path, npt.NDArray[np.float64]]:
    """A 6 s voice clip that sounds from 1.0 s to 3.0 s, and its samples."""
    samples = np.concatenate([np.zeros(RATE), tone(2.0, 440, 0.3), np.zeros(3 * RATE)])
    root = tmp_path / "prog"
    write_wav(root / "voice.wav", samples)
    write_wav(root / "bed.wav", dc(RATE, BED))
    return root, samples


def expected_duck(t: npt.NDArray[np.float64], start: int, end: int) -> npt.NDArray[np.float64]:
    """The spec's shape: down over 150 ms before the voice, 8 dB under while it sounds, up
    over 600 ms after it, raised cosines."""
    depth = 10 ** (-DUCK_DB / 20)
    w = np.zeros_like(t)
    down = (t >= start - ATTACK) & (t < start)
    x = (t[down] - (start - ATTACK) + 0.5) / ATTACK
    w[down] = 0.5 - 0.5 * np.cos(np.pi * x)
    w[(t >= start) & (t < end)] = 1.0
    up = (t >= end) & (t < end + RELEASE)
    x = (t[up] - end + 0.5) / RELEASE
    w[up] = 0.5 + 0.5 * np.cos(np.pi * x)
    return 1.0 - w * (1.0 - depth)


def test_the_bed_ducks_8_db_under_the_voice_sample_by_sample(
    tmp_path: Path, opener: Opener
) -> None:
    root, voice = spoken(tmp_path)
    plain = audio(bed="bed.wav", loudness_lufs=None)
    ducking = audio(bed="bed.wav", loudness_lufs=None, duck_db=DUCK_DB)
    program = make_program(
        root,
        [
            phase(0, seconds=3, settings=plain),  # the bed's 2 s fade-in is over by 3 s
            phase(1, voice="voice.wav", seconds=6, settings=ducking),
            phase(2, seconds=2, settings=plain),
        ],
        session_audio=audio(bed="bed.wav", loudness_lufs=None, fade_out=0),
    )
    session = opener(program)
    start, length = 2 * RATE + RATE // 2, 8 * RATE
    got = session.mixer.mix(start, length).astype(np.float64)
    t = np.arange(start, start + length, dtype=np.float64)
    voice_part = np.zeros(length)
    s1 = 3 * RATE
    voice_part[s1 - start : s1 - start + len(voice)] = quantised(voice)[:, 0]
    bed_gain = (got[:, 0] - voice_part) / BED
    expected = expected_duck(t, s1 + RATE, s1 + 3 * RATE)
    np.testing.assert_allclose(bed_gain, expected, atol=2e-5)
    assert np.array_equal(got[:, 0], got[:, 1])
    # no clicks: the gain never moves faster than the attack's raised cosine allows
    steepest = np.pi / 2 * (1 - 10 ** (-DUCK_DB / 20)) / ATTACK
    assert np.abs(np.diff(bed_gain)).max() <= steepest * 1.01 + 2e-5
    # the same samples in any block size, as render and play mix them
    pieces = [session.mixer.mix(a, 1000) for a in range(start, start + length, 1000)]
    np.testing.assert_array_equal(np.concatenate(pieces).astype(np.float64), got)


def test_duck_off_on_a_phase_leaves_the_bed_alone(tmp_path: Path, opener: Opener) -> None:
    root, voice = spoken(tmp_path)
    plain = audio(bed="bed.wav", loudness_lufs=None)
    program = make_program(
        root,
        [
            phase(0, seconds=3, settings=plain),
            phase(1, voice="voice.wav", seconds=6, settings=plain),
        ],
        session_audio=replace(plain, fade_out=Fraction(0)),
    )
    got = opener(program).mixer.mix(3 * RATE, 6 * RATE)[:, 0].astype(np.float64)
    bed_gain = (got - quantised(voice)[:, 0]) / BED
    np.testing.assert_allclose(bed_gain[:-1], 1.0, atol=5e-5)  # (a 0 s fade is 1 sample)


def test_the_ask_level_chime_is_levelled_as_the_phases_cue(levelled: Path, opener: Opener) -> None:
    settings = audio(cue_gain_db=-6.0, loudness_lufs=-18.0, fade_out=0)
    asking = replace(phase(0, seconds=10, settings=settings), ask_level=True)
    session = opener(make_program(levelled, [asking], settings))
    chime = loudness_store.measure_clip(
        session.program.clip_path(BUILTIN_ASK), lookup_for(levelled)(BUILTIN_ASK)
    )
    assert chime.integrated_lufs is not None
    gain = session.mixer._fore[0].level()  # asked for when first mixed
    assert db(gain) == pytest.approx(-18.0 - 6.0 - chime.integrated_lufs, abs=0.01)
