"""The loudness meter against ffmpeg's `ebur128=peak=true`, on real recordings no one here made
(a human voice, Dutch speech, music, the bundled sounds), and on signals whose loudness
BS.1770 itself gives."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from locations import REPO

from vallei_player.engine.loudness import LoudnessMeter, Measurement

RATE = 48_000
DUTCH = Path("/usr/share/games/fillets-ng/sound")
MUSIC = Path("/usr/share/asterisk/moh/macroform-cold_day.wav")
VOICE = Path("/usr/share/sounds/alsa/Front_Center.wav")  # a human voice, 48 kHz mono


def decoded(path: Path) -> npt.NDArray[np.float32]:
    """The file as the engine plays it: 48 kHz stereo float32 from ffmpeg."""
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "2", "-ar", str(RATE),
         "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return np.frombuffer(raw, dtype=np.float32).reshape(-1, 2)


def ffmpeg_ebur128(frames: npt.NDArray[np.float32]) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of the same samples, as ffmpeg prints them (0.1)."""
    out = subprocess.run(
        ["ffmpeg", "-nostats", "-hide_banner", "-f", "f32le", "-ar", str(RATE), "-ac", "2",
         "-i", "-", "-af", "ebur128=peak=true", "-f", "null", "-"],
        input=np.ascontiguousarray(frames, dtype=np.float32).tobytes(), capture_output=True,
        check=True,
    ).stderr.decode()  # fmt: skip
    summary = out[out.rindex("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary)
    assert integrated and peak, summary
    return float(integrated.group(1)), float(peak.group(1))


def measure(frames: npt.NDArray[np.float32], piece: int = 1 << 15) -> Measurement:
    meter = LoudnessMeter(RATE)
    for start in range(0, len(frames), piece):
        meter.feed(frames[start : start + piece])
    return meter.result()


def dutch_voice() -> Path:
    files = sorted(DUTCH.glob("*/nl/*.ogg")) if DUTCH.exists() else []
    if not files:
        pytest.skip("fillets-ng-data-nl (Dutch speech) is not installed: bash .ci/setup.sh --test")
    return max(files[:200], key=lambda p: p.stat().st_size)


def real_recordings() -> list[Path]:
    found = [VOICE, Path("/usr/share/sounds/freedesktop/stereo/complete.oga")]
    found += [REPO / "audio" / "bed-zee.ogg", REPO / "audio" / "bell.flac"]
    if MUSIC.exists():
        found.append(MUSIC)
    return [p for p in found if p.exists()]


# ffmpeg prints one decimal: a difference of 0.1 LU plus its rounding
TOLERANCE_LU = 0.1 + 0.05
TOLERANCE_TP_DB = 0.2


@pytest.mark.parametrize("path", real_recordings(), ids=lambda p: p.name)
def test_real_recordings_agree_with_ffmpeg(path: Path) -> None:
    frames = decoded(path)
    ours = measure(frames)
    integrated, true_peak = ffmpeg_ebur128(frames)
    assert ours.integrated_lufs is not None and ours.true_peak_dbtp is not None
    assert abs(ours.integrated_lufs - integrated) <= TOLERANCE_LU
    assert abs(ours.true_peak_dbtp - true_peak) <= TOLERANCE_TP_DB
    assert ours.seconds == pytest.approx(len(frames) / RATE)


@pytest.mark.parametrize("target", [-34.0, -22.0, -10.0])
def test_dutch_speech_recorded_at_three_levels_agrees_with_ffmpeg(target: float) -> None:
    speech = decoded(dutch_voice())
    reference, _ = ffmpeg_ebur128(speech)
    level = (speech * np.float32(10 ** ((target - reference) / 20))).astype(np.float32)
    ours = measure(level, piece=12_345)  # an odd piece size: chunking must not matter
    integrated, true_peak = ffmpeg_ebur128(level)
    assert ours.integrated_lufs is not None and ours.true_peak_dbtp is not None
    assert abs(ours.integrated_lufs - integrated) <= TOLERANCE_LU
    assert abs(ours.integrated_lufs - target) <= TOLERANCE_LU
    assert abs(ours.true_peak_dbtp - true_peak) <= TOLERANCE_TP_DB


def test_a_1khz_tone_at_minus_20_dbfs_in_both_channels_is_minus_20_lufs() -> None:
    """BS.1770-4: a 0 dBFS 1 kHz sine in one channel reads -3.01 LUFS; in two, 0 LUFS."""
    t = np.arange(20 * RATE) / RATE
    tone = (0.1 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    both = measure(np.stack([tone, tone], axis=1))
    left_only = measure(np.stack([tone, np.zeros_like(tone)], axis=1))
    assert both.integrated_lufs == pytest.approx(-20.0, abs=0.02)
    assert left_only.integrated_lufs == pytest.approx(-23.01, abs=0.02)


def test_true_peak_sees_the_peak_between_samples() -> None:
    """A sine at a quarter of the rate sampled 45 degrees off its crests: every sample is at
    0.707 of the amplitude (-3 dB), the waveform between them reaches the full amplitude."""
    n = np.arange(10 * RATE)
    wave = (0.5 * np.sin(np.pi / 2 * n + np.pi / 4)).astype(np.float32)
    m = measure(np.stack([wave, wave], axis=1))
    assert m.sample_peak_dbfs == pytest.approx(20 * np.log10(0.5 * np.sqrt(0.5)), abs=0.01)
    assert m.true_peak_dbtp == pytest.approx(20 * np.log10(0.5), abs=0.1)


def test_the_noise_floor_is_the_level_in_the_pauses() -> None:
    speech = decoded(VOICE)
    rng = np.random.default_rng(7)
    noise_rms = 10 ** (-55 / 20)
    pause = np.zeros((3 * RATE, 2), dtype=np.float32)
    clip = np.concatenate([pause, speech, pause, speech, pause])
    clip += (rng.standard_normal(len(clip)) * noise_rms).astype(np.float32)[:, None]
    m = measure(clip)
    assert m.noise_floor_dbfs == pytest.approx(-55.0, abs=1.5)
    t = np.arange(5 * RATE) / RATE
    drone = np.repeat((0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)[:, None], 2, 1)
    assert measure(drone).noise_floor_dbfs is None  # no pauses, nothing to judge
    assert measure(np.concatenate([pause, speech, pause])).noise_floor_dbfs is None  # edited
    assert measure(pause).noise_floor_dbfs is None  # digital silence has no floor
    assert measure(pause).integrated_lufs is None


def test_where_a_clip_sounds_bridges_short_gaps_and_not_long_ones() -> None:
    speech = decoded(VOICE)  # 1.4 s of words
    gap_short = np.zeros((RATE, 2), dtype=np.float32)  # 1 s: between phrases
    gap_long = np.zeros((4 * RATE, 2), dtype=np.float32)  # 4 s: a pause
    clip = np.concatenate([gap_long, speech, gap_short, speech, gap_long, speech, gap_long])
    sounding = measure(clip).sounding
    assert len(sounding) == 2
    (a0, a1), (b0, b1) = sounding
    words = len(speech) / RATE
    assert 4.0 <= a0 <= 4.0 + 0.3 and 4 + 2 * words + 1 - 0.3 <= a1 <= 4 + 2 * words + 1 + 0.1
    assert a1 + 4.0 - 0.2 <= b0 <= a1 + 4.3 and b1 <= len(clip) / RATE - 4.0 + 0.1


def test_a_clip_shorter_than_one_block_is_measured_whole() -> None:
    t = np.arange(RATE // 5) / RATE  # 200 ms, as a short cue
    tone = (0.1 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32)
    m = measure(np.stack([tone, tone], axis=1))
    assert m.integrated_lufs == pytest.approx(-20.0, abs=0.2)
