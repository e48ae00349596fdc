"""Render speed beside ffmpeg's, measured in the same run (issue 11, "Speed").

    .venv/bin/python tests/perf/bench_render.py [runs]

The 60-minute benchmark session of bench_engine.py (three 20-minute 48 kHz MP3 voices over a
looping bed, with cues) is rendered to a 16-bit WAV as a user would (`vallei-player render`,
a whole process), and set beside ffmpeg working on the same three MP3s:

- warm render (every clip already in the PCM cache) beside ffmpeg merely decoding the MP3s
  to null: the render mixes PCM that is already decoded, so it must be at least as fast
  (>= 1.0x);
- cold render (empty cache: decoding into the cache included) beside ffmpeg decoding and
  converting to the cache's format (the same ffmpeg command the cache runs: f32le stereo at
  48 kHz, to null), which is what the cold render has to wait for.

Each figure is the median of `runs` (default 3) whole processes, in multiples of real time,
with the wall time and the peak RSS. Test audio is made once into $TMPDIR/vallei-bench.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
import bench_engine  # noqa: E402  (its test material and data folder)

AUDIO_S = 3600.0


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one whole process (its own rusage, from wait4)."""
    started = time.monotonic()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({proc.returncode})")
    return wall, usage.ru_maxrss / 1024


def _median(runs: int, measure: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    got = [measure() for _ in range(runs)]
    return statistics.median(w for w, _ in got), max(r for _, r in got)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    m = bench_engine.material()
    program = m["p60"]
    mp3s = sorted(program.glob("audio/part*.mp3"))
    out = bench_engine.DATA / "bench-render.wav"
    env = {**os.environ, "VALLEI_PLAYER_HOME": str(bench_engine.HOME), "PYTHONWARNINGS": "ignore"}
    render = [sys.executable, "-m", "vallei_player", "render", str(program)]
    render += ["--session", "s1", "-o", str(out)]

    def ffmpeg(*convert: str) -> tuple[float, float]:
        wall = 0.0
        rss = 0.0
        for f in mp3s:
            w, r = _timed(["ffmpeg", "-nostdin", "-v", "error", "-i", str(f), *convert, "-f"]
                          + (["f32le"] if convert else ["null"]) + ["-y", os.devnull])  # fmt: skip
            wall, rss = wall + w, max(rss, r)
        return wall, rss

    def cold() -> tuple[float, float]:
        bench_engine.clear_cache()
        return _timed(render, env)

    print(f"render speed: the 60-minute session ({AUDIO_S:.0f} s of audio), median of {runs}")
    _timed(render, env)  # fills the cache and the page cache: the warm runs start alike
    warm_s, warm_rss = _median(runs, lambda: _timed(render, env))
    decode_s, _ = _median(runs, ffmpeg)
    cold_s, cold_rss = _median(runs, cold)
    convert_s, _ = _median(runs, lambda: ffmpeg("-ac", "2", "-ar", "48000", "-c:a", "pcm_f32le"))
    out.unlink(missing_ok=True)

    def row(label: str, seconds: float, rss: float | None = None) -> str:
        memory = f"   peak RSS {rss:5.1f} MB" if rss is not None else ""
        return f"  {label:<46} {AUDIO_S / seconds:7.1f}x  ({seconds:5.2f} s){memory}"

    print(row("warm render (clips cached), whole process", warm_s, warm_rss))
    print(row("reference: ffmpeg decoding the three MP3s", decode_s))
    print(f"  warm render / ffmpeg decode: {decode_s / warm_s:.2f}x   (must be >= 1.0x)")
    print(row("cold render (decoding included)", cold_s, cold_rss))
    print(row("reference: ffmpeg decode + convert to f32le 48k", convert_s))
    print(f"  cold render / ffmpeg decode + convert: {convert_s / cold_s:.2f}x")


if __name__ == "__main__":
    main()
