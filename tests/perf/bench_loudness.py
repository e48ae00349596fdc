"""Benchmark: loudness analysis of 10 minutes of voice, ours beside ffmpeg's ebur128.

Run: .venv/bin/python tests/perf/bench_loudness.py [minutes]   (default 10)
Makes a voice clip of real Dutch speech (fillets-ng-data-nl, sentences back to back, as a
mono Vorbis file at 48 kHz: a coach's usual recording), then times, in this one run and on
the same file (medians of 3):
- ours, analysis only: `LoudnessMeter` over the 48 kHz stereo PCM the engine plays, fed from
  memory as the PCM cache holds it (integrated loudness, true peak, noise floor, where it
  sounds). Reference: at most 0.3 s per 10 minutes of voice (issue 11).
- ours, cold: `measure_clip` on the file with an empty store (ffmpeg decode + analysis) and
  warm (read back from the store).
- ffmpeg `-af ebur128=peak=true` on the same file (decode + its analysis), and ffmpeg merely
  decoding it, so the analysis share of each can be read off.
CPU seconds of this process are given beside wall time: the machine is shared.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the engine runs

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from vallei_player.core.audiofiles import probe_clip
from vallei_player.engine import loudness_store
from vallei_player.engine.decode import ffmpeg_command, find_ffmpeg
from vallei_player.engine.loudness import LoudnessMeter

DUTCH = Path("/usr/share/games/fillets-ng/sound")
PIECE = 307_200  # what the store feeds the meter at a time


def timed(run: Callable[[], object], times: int = 3) -> tuple[float, float, object]:
    """(median wall s, median CPU s of this process, last result)."""
    walls, cpus = [], []
    result: object = None
    for _ in range(times):
        w, c = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


def child_seconds(cmd: list[str]) -> tuple[float, float]:
    """(wall s, user+sys CPU s) of a child process, median of 3."""
    walls, cpus = [], []
    for _ in range(3):
        before = os.times()
        w = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        walls.append(time.perf_counter() - w)
        after = os.times()
        cpus.append(
            after.children_user - before.children_user + after.children_system
            - before.children_system
        )  # fmt: skip
    return statistics.median(walls), statistics.median(cpus)


def make_voice(folder: Path, minutes: float) -> Path:
    files = sorted(DUTCH.glob("*/nl/*.ogg"))
    if not files:
        sys.exit("fillets-ng-data-nl is not installed: bash .ci/setup.sh --test")
    listing = folder / "list.txt"
    listing.write_text("".join(f"file '{f}'\n" for f in files))
    out = folder / "voice.ogg"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
         "-t", str(minutes * 60), "-ac", "1", "-ar", "48000", "-c:a", "libvorbis", str(out)],
        check=True,
    )  # fmt: skip
    return out


def main() -> None:
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["VALLEI_PLAYER_HOME"] = str(folder / "home")
        voice = make_voice(folder, minutes)
        info = probe_clip(voice)
        ffmpeg = find_ffmpeg()
        raw = subprocess.run(
            ffmpeg_command(ffmpeg, voice, info, 48_000), check=True, capture_output=True
        ).stdout
        pcm = np.frombuffer(raw, dtype=np.float32).reshape(-1, 2)
        seconds = len(pcm) / 48_000

        def analyse() -> object:
            meter = LoudnessMeter(48_000)
            for start in range(0, len(pcm), PIECE):
                meter.feed(pcm[start : start + PIECE])
            return meter.result()

        wall, cpu, result = timed(analyse)
        per10 = 600 / seconds

        def cold() -> object:
            loudness_store.forget_memo()
            for entry in (folder / "home").rglob("*.json"):
                entry.unlink()
            return loudness_store.measure_clip(voice, info)

        cold_wall, cold_cpu, _ = timed(cold)

        def warm() -> object:
            loudness_store.forget_memo()
            return loudness_store.measure_clip(voice, info)

        warm_wall, warm_cpu, _ = timed(warm)
        ff = child_seconds(
            [ffmpeg, "-nostats", "-i", str(voice), "-af", "ebur128=peak=true", "-f", "null", "-"]
        )
        decode = child_seconds(
            [*ffmpeg_command(ffmpeg, voice, info, 48_000)[:-1], "-f", "null", "-"]
        )
        print(f"load average {os.getloadavg()[0]:.1f}")
        print(f"voice: {seconds / 60:.1f} min of Dutch speech, mono Vorbis 48 kHz; {result}")
        print("figures per 10 minutes of voice (wall s / CPU s)")
        rows = [
            ("ours, analysis of the decoded PCM", wall, cpu, "   reference: <= 0.3 s"),
            ("ours, cold (decode + analysis)", cold_wall, cold_cpu, "   + ffmpeg's own CPU"),
            ("ours, warm (from the store)", warm_wall, warm_cpu, ""),
            ("ffmpeg ebur128=peak=true", ff[0], ff[1], "   (its decode included)"),
            ("ffmpeg decode only", decode[0], decode[1], ""),
            ("ffmpeg's analysis (ebur128 - decode)", ff[0] - decode[0], ff[1] - decode[1], ""),
        ]
        for name, w, c, note in rows:
            print(f"  {name:<36} {w * per10:6.3f} / {c * per10:6.3f}{note}")


if __name__ == "__main__":
    main()
