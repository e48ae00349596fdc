"""Benchmark: validate a 1,000-phase program (target < 1 s), next to plain YAML parsing of it.

Run: .venv/bin/python tests/perf/bench_validate.py
The program has 20 sessions of 50 phases, in block style with titles, scripts, levels and
per-phase audio, naming a few real audio files (Ogg Vorbis, MP3, FLAC, WAV) made with ffmpeg.
References measured in the same run: `yaml.safe_load` (PyYAML's pure-Python loader, what a
naive loader would use) and `yaml.load(..., CSafeLoader)` (libyaml, the fastest plain parse).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from vallei_player.core.audiofiles import clear_cache
from vallei_player.core.program import check_program

SESSIONS, PHASES = 20, 50
FILES = {"audio/voice.ogg": "libvorbis", "audio/voice.mp3": "libmp3lame",
         "audio/bell.flac": "flac", "audio/bed.wav": "pcm_s16le"}  # fmt: skip
KINDS = ("settle", "arousal", "rest", "closing")


def make_program(folder: Path) -> Path:
    (folder / "audio").mkdir(parents=True)
    for name, codec in FILES.items():
        subprocess.run(
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=f=330:sample_rate=44100:d=4",
             "-c:a", codec, str(folder / name)],
            check=True,
        )  # fmt: skip
    lines = [
        "format: 1", "id: org.example.bench", "version: 1.0.0", "title: Benchmark", "language: en",
        "audio:", "  cue: audio/bell.flac", "  bed: audio/bed.wav", "  bed_gain: -18dB",
        "reflection:", "  - id: body", "    ask: How is your body?", "    type: scale",
        "sessions:",
    ]  # fmt: skip
    for s in range(SESSIONS):
        lines += [f"  - id: s{s + 1}", f"    title: Session {s + 1}", "    phases:"]
        for p in range(PHASES):
            voice = "audio/voice.ogg" if p % 2 else "audio/voice.mp3"
            lines += [
                f"      - kind: {KINDS[p % 4]}",
                f"        title: Phase {p + 1}",
                f"        voice: {voice}",
                f"        script: Breathe in slowly and notice phase {p + 1}.",
                "        duration: 1m30s",
                f"        level: {0.1 + (p % 9) / 10:.1f}",
                "        bed_gain: -20dB",
            ]
    (folder / "program.yaml").write_text("\n".join(lines) + "\n")
    return folder


def best_of(n: int, fn: object) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="vallei-bench-"))
    try:
        make_program(folder)
        text = (folder / "program.yaml").read_text()

        def validate_cold() -> None:
            clear_cache()
            program, problems = check_program(folder)
            assert program is not None and not problems, problems
            assert sum(len(s.phases) for s in program.sessions) == SESSIONS * PHASES

        cold = best_of(5, validate_cold)
        warm = best_of(5, lambda: check_program(folder))
        pure = best_of(3, lambda: yaml.safe_load(text))
        libyaml = best_of(5, lambda: yaml.load(text, Loader=yaml.CSafeLoader))
        print(
            f"program.yaml: {len(text) // 1024} KiB, {SESSIONS * PHASES} phases, "
            f"{len(FILES)} audio files"
        )
        print(f"  vallei validate, cold probe cache : {cold * 1000:7.1f} ms   (target < 1000 ms)")
        print(f"  vallei validate, warm probe cache : {warm * 1000:7.1f} ms")
        print(f"  reference yaml.safe_load (Python) : {pure * 1000:7.1f} ms")
        print(f"  reference yaml.load CSafeLoader   : {libyaml * 1000:7.1f} ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
