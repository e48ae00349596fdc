"""A real recording (issue 14, item 3): a tone played into the PulseAudio null sink is
recorded from its monitor through sounddevice's InputStream; after trimming and levelling,
the clip holds the tone at the programme's target (+-1 LU) with about half a second of room
tone on each side, and the rendered session has it at the phase start."""

from __future__ import annotations

import math
import subprocess
import time
import wave
from pathlib import Path

import numpy as np
import pytest
import soundserver

from vallei_player.core.program import check_program, session_timeline

RATE = 48_000
TARGET = -18.0


def _noise_and_tone(path: Path) -> None:
    """1.5 s of room tone (noise at about -60 dBFS), 3 s of 440 Hz at -30 dBFS over it, 1.5 s
    of room tone; 16-bit stereo WAV at 48 kHz."""
    rng = np.random.default_rng(14)
    n = int(6 * RATE)
    signal = rng.normal(0, 10 ** (-60 / 20), n)
    t = np.arange(int(3 * RATE)) / RATE
    signal[int(1.5 * RATE) : int(4.5 * RATE)] += (
        10 ** (-30 / 20) * math.sqrt(2) * np.sin(2 * math.pi * 440 * t)
    )
    pcm = np.round(np.clip(signal, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(np.repeat(pcm[:, None], 2, axis=1).tobytes())


def _read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
        return data.reshape(-1, w.getnchannels()) / 32768.0


def _sounding_seconds(x: np.ndarray, above_db: float) -> float:
    """From the first to the last 10 ms window louder than `above_db` (mean square, dBFS)."""
    w = RATE // 100
    n = len(x) // w
    power = np.mean(np.square(x[: n * w]).reshape(n, -1), axis=1)
    loud = np.flatnonzero(10 * np.log10(power + 1e-20) > above_db)
    return float((loud[-1] - loud[0] + 1) * w / RATE)


def _db(x: np.ndarray) -> float:
    return 10 * math.log10(max(float(np.mean(np.square(x))), 1e-20))


@pytest.mark.sounddevice
@pytest.mark.slow
def test_a_recorded_tone_is_trimmed_levelled_and_starts_the_phase(tmp_path: Path) -> None:
    why_not = soundserver.ensure()
    if why_not:
        pytest.skip(why_not)
    from pydub import AudioSegment

    from vallei_player.engine import Take, finish_take, integrated_lufs, open_session, render

    played = tmp_path / "tone.wav"
    _noise_and_tone(played)
    raw = tmp_path / "take.wav"
    # The shared paced sink's monitor is the default source; tests/conftest.py keeps the other
    # sound-server tests waiting while this one records, so only the tone is in it.
    take = Take(raw, device="pulse")
    take.start()
    time.sleep(0.5)
    subprocess.run(["paplay", "--latency-msec=100", str(played)], check=True, timeout=30)
    time.sleep(0.5)
    meter_seconds = take.meter().seconds
    recorded = take.stop()
    assert recorded == pytest.approx(meter_seconds, abs=0.2)
    assert recorded > 6.5  # the whole tone and its room tone are in the take

    folder = tmp_path / "programme"
    (folder / "audio").mkdir(parents=True)
    clip = folder / "audio" / "s1" / "02-voice.opus"
    finished = finish_take(raw, clip, TARGET)
    seg = AudioSegment.from_file(str(clip))
    assert integrated_lufs(seg) == pytest.approx(TARGET, abs=1.0)
    # the tone as the take holds it (a real stream may stretch it by a drop-out or two)
    tone_span = _sounding_seconds(_read_wav(raw), -45.0)
    assert tone_span == pytest.approx(3.0, abs=0.5)
    assert finished.seconds == pytest.approx(tone_span + 2 * 0.5, abs=0.05)  # + room tone twice
    samples = np.array(seg.get_array_of_samples(), dtype=np.float64).reshape(-1, seg.channels)
    samples /= 32768.0
    head = samples[: int(0.4 * seg.frame_rate)]
    body = samples[int(0.7 * seg.frame_rate) : int(3.3 * seg.frame_rate)]
    assert _db(head) < _db(body) - 20  # the first 0.4 s is room tone, not tone
    assert _db(head) > -100  # ... and not digital silence

    (folder / "program.yaml").write_text(
        "format: 1\nid: org.example.rec\nversion: 1.0.0\ntitle: Rec\nlanguage: en\n"
        "audio: {cue: none, fade_out: 0s}\n"
        "sessions:\n  - id: s1\n    title: One\n    phases:\n"
        "      - {kind: settle, duration: 2s}\n"
        "      - {kind: rest, voice: audio/s1/02-voice.opus}\n",
        encoding="utf-8",
    )
    program, problems = check_program(folder)
    assert program is not None, problems
    timeline = session_timeline(program, "s1")
    start = timeline.phases[1].start
    assert start == 2 * RATE
    out = tmp_path / "session.wav"
    render(open_session(program, "s1", RATE).mixer, out)
    mix = _read_wav(out)
    before = mix[start - int(0.3 * RATE) : start]
    room = mix[start : start + int(0.4 * RATE)]
    tone = mix[start + int(0.7 * RATE) : start + int(3.3 * RATE)]
    assert _db(before) < -100  # the settle phase is silent: no voice, no bed, no cue
    assert _db(room) < _db(tone) - 20
    # -18 LUFS for a mono clip heard on both channels: each channel's mean square is
    # 10^((-18 + 0.691) / 10) / 2 (BS.1770 sums the channels); a 440 Hz tone is barely
    # changed by K-weighting
    assert _db(tone) == pytest.approx(TARGET + 0.691 - 3.0103, abs=1.0)
