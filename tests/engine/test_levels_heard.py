"""Every voice at the same level (issue 11's "done when"): Dutch speech recorded at -34, -22
and -10 LUFS plays within 1 LU of the -18 LUFS target, in `render` and in `play` (the paced
PulseAudio sink's monitor, recorded with parec). The loudness of what comes out is measured by
ffmpeg's ebur128, not by the meter under test."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soundserver
from enginekit import RATE, read_wav

from vallei_player.cli import main
from vallei_player.core.program import load_program, session_timeline

REPO = Path(__file__).resolve().parent.parent.parent
DUTCH = Path("/usr/share/games/fillets-ng/sound")
RECORDED_AT = (-34.0, -22.0, -10.0)
TARGET = -18.0

PROGRAM = """\
format: 1
id: org.test.levels
version: 1.0.0
title: Levels
language: nl
audio: {{cue: none, fade_out: 0s{extra}}}
sessions:
  - id: s1
    title: Een
    phases:
      - {{kind: settle, duration: 1s}}
      - {{kind: settle, voice: audio/zacht.wav, duration: {seconds}s}}
      - {{kind: arousal, voice: audio/midden.wav, duration: {seconds}s}}
      - {{kind: closing, voice: audio/luid.wav, duration: {seconds}s}}
"""


def ebur128(frames: npt.NDArray[np.float32] | Path) -> float:
    """ffmpeg's integrated loudness of samples (48 kHz stereo float32) or of a file."""
    if isinstance(frames, Path):
        source, data = ["-i", str(frames)], None
    else:
        source = ["-f", "f32le", "-ar", str(RATE), "-ac", "2", "-i", "-"]
        data = np.ascontiguousarray(frames, dtype=np.float32).tobytes()
    out = subprocess.run(
        ["ffmpeg", "-nostats", "-hide_banner", *source, "-af", "ebur128", "-f", "null", "-"],
        input=data, capture_output=True, check=True,
    ).stderr.decode()  # fmt: skip
    found = re.search(r"I:\s+(-?[\d.]+) LUFS", out[out.rindex("Summary:") :])
    assert found, out[-500:]
    return float(found.group(1))


def speech() -> Path:
    files = sorted(DUTCH.glob("*/nl/*.ogg")) if DUTCH.exists() else []
    if not files:
        pytest.skip("fillets-ng-data-nl (Dutch speech) is not installed: bash .ci/setup.sh --test")
    # a sentence of about 4 s (Vorbis at ~10 kB/s): the play test lasts three of them
    return min(files[:300], key=lambda p: abs(p.stat().st_size - 40_000))


def record_at(source: Path, target: float, out: Path) -> float:
    """A 16-bit mono WAV of `source` at about `target` LUFS, as a coach's recorder would make
    it (a loud one limited, not clipped); returns its loudness as ffmpeg measures it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    mono = out.with_suffix(".mono.wav")
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(source), "-ac", "1", "-ar", "48000",
         "-c:a", "pcm_f32le", str(mono)],
        check=True,
    )  # fmt: skip
    change = target - ebur128(mono)
    for _ in range(4):  # the limiter takes some loudness off a loud one: aim again
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(mono), "-af",
             f"volume={change:.2f}dB,alimiter=limit=0.98:level=false", "-c:a", "pcm_s16le",
             str(out)],
            check=True,
        )  # fmt: skip
        got = ebur128(out)
        if abs(got - target) <= 0.3:
            break
        change += target - got
    mono.unlink()
    return got


NAMES = ("zacht", "midden", "luid")


@dataclass(frozen=True)
class Voices:
    folder: Path
    levels: dict[str, float]  # name -> loudness of the recording (ffmpeg)


@pytest.fixture(scope="module")
def voices(tmp_path_factory: pytest.TempPathFactory) -> Voices:
    folder = tmp_path_factory.mktemp("voices")
    source = speech()
    made = {}
    for name, level in zip(NAMES, RECORDED_AT, strict=True):
        made[name] = record_at(source, level, folder / f"{name}.wav")
        assert abs(made[name] - level) <= 1.0, (name, made[name])
    return Voices(folder, made)


def program(tmp_path: Path, voices: Voices, extra: str = "") -> Path:
    root = tmp_path / "prog"
    (root / "audio").mkdir(parents=True)
    folder = voices.folder
    seconds = 0.0
    for name in NAMES:
        (root / "audio" / f"{name}.wav").write_bytes((folder / f"{name}.wav").read_bytes())
        seconds = max(seconds, len((folder / f"{name}.wav").read_bytes()) / 2 / RATE)
    (root / "program.yaml").write_text(PROGRAM.format(extra=extra, seconds=round(seconds + 0.5, 1)))
    return root


def phase_levels(root: Path, frames: npt.NDArray[np.float32], offset: int = 0) -> list[float]:
    timeline = session_timeline(load_program(root), "s1")
    voiced = [p for p in timeline.phases if p.phase.voice]
    return [ebur128(frames[offset + p.start : offset + p.end]) for p in voiced]


def rendered(root: Path, tmp_path: Path) -> npt.NDArray[np.float32]:
    out = tmp_path / "r.wav"
    assert main(["render", str(root), "--session", "s1", "-o", str(out), "--float"]) == 0
    rate, data = read_wav(out)
    assert rate == RATE
    return data


def test_render_brings_voices_from_minus_34_22_and_10_lufs_to_the_target(
    tmp_path: Path, voices: Voices
) -> None:
    root = program(tmp_path, voices)
    levels = phase_levels(root, rendered(root, tmp_path))
    print(f"recorded at {voices.levels} LUFS (mono); rendered at {levels} LUFS")
    assert all(abs(level - TARGET) <= 1.0 for level in levels), levels


def test_loudness_off_plays_the_files_as_recorded(tmp_path: Path, voices: Voices) -> None:
    root = program(tmp_path, voices, extra=", loudness: off")
    levels = phase_levels(root, rendered(root, tmp_path))
    # a mono recording plays in both channels: 3 dB above its own mono loudness
    expected = [voices.levels[n] + 3.0 for n in NAMES]
    assert levels == pytest.approx(expected, abs=0.3)


def _lag(recorded: npt.NDArray[np.float32], reference: npt.NDArray[np.float32]) -> int:
    """Where reference's first sample falls in the recording (cross-correlation)."""
    x, r = recorded[:, 0].astype(np.float64), reference[:, 0].astype(np.float64)
    n = 1 << int(np.ceil(np.log2(len(x) + len(r))))
    corr = np.fft.irfft(np.fft.rfft(x, n) * np.conj(np.fft.rfft(r, n)), n)
    best = int(np.argmax(corr))
    return best if best < n // 2 else best - n


@pytest.mark.sounddevice
def test_play_brings_the_same_voices_to_the_target_on_the_sound_device(
    tmp_path: Path, voices: Voices, paced_sink: None, private_home: Path
) -> None:
    root = program(tmp_path, voices)
    reference = rendered(root, tmp_path)
    assert main(["import", str(root)]) == 0
    env = {**os.environ, "VALLEI_PLAYER_HOME": str(private_home)}
    command = [sys.executable, "-m", "vallei_player", "play", "org.test.levels", "--session", "s1"]
    said = tmp_path / "said.txt"
    with said.open("w") as out:
        proc = subprocess.Popen(
            command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
        try:
            recording = soundserver.StreamRecording(
                soundserver.stream_of(proc.pid), tmp_path / "rec.f32"
            )
            proc.wait(timeout=90)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, said.read_text()
    heard = recording.finish()
    lag = _lag(heard, reference)
    # parec starts a moment after the stream did (in the session's first second, no voice)
    # and may miss its last moments (the last phase's half second after its voice)
    assert lag >= -RATE and lag + len(reference) - RATE // 2 <= len(heard), (lag, len(heard))
    pad = np.zeros((max(0, -lag), 2), dtype=np.float32)
    heard = np.concatenate([pad, heard, np.zeros((len(reference), 2), dtype=np.float32)])
    levels = phase_levels(root, heard, offset=max(lag, 0))
    print(f"played (parec of the sink's monitor) at {levels} LUFS")
    assert all(abs(level - TARGET) <= 1.0 for level in levels), levels
