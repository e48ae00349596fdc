"""Benchmark: how long `probe_clip` takes per file, beside ffmpeg decoding the same file.

Run: .venv/bin/python tests/perf/bench_audiofiles.py [minutes]   (default 5)
Makes one file per kind the player reads (WAV, RF64, FLAC, Vorbis, Opus, MP3 with and
without a Xing tag, AAC and ALAC in .m4a, AAC in .mov) from the same tone with ffmpeg, then
times, in this one run: the probe with a cold cache (median of 5), and the engine's own
ffmpeg command decoding the file to 48 kHz stereo float (`engine.decode.ffmpeg_command`,
median of 3), which is what validation spares by not decoding.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from vallei_player.core.audiofiles import clear_cache, probe_clip
from vallei_player.engine.decode import ffmpeg_command

KINDS = {  # file name -> ffmpeg encoder arguments
    "s16.wav": ["-c:a", "pcm_s16le"],
    "rf64.wav": ["-c:a", "pcm_s16le", "-rf64", "always"],
    "tone.flac": ["-c:a", "flac"],
    "tone.ogg": ["-c:a", "libvorbis"],
    "tone.opus": ["-c:a", "libopus"],
    "vbr.mp3": ["-c:a", "libmp3lame", "-q:a", "4"],
    "cbr-no-xing.mp3": ["-c:a", "libmp3lame", "-b:a", "128k", "-write_xing", "0"],
    "aac.m4a": ["-c:a", "aac"],
    "alac.m4a": ["-c:a", "alac"],
    "aac.mov": ["-c:a", "aac"],
}


def median_seconds(run: Callable[[], object], times: int) -> float:
    spans = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spans.append(time.perf_counter() - start)
    return statistics.median(spans)


def make(folder: Path, minutes: float) -> list[Path]:
    seconds = minutes * 60
    source = folder / "source.wav"
    graph = (
        f"sine=f=440:r=48000:d={seconds}[a];anoisesrc=r=48000:a=0.02:d={seconds}[b];"
        "[a][b]amix=inputs=2:normalize=0,aformat=channel_layouts=stereo"
    )
    ffmpeg = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    subprocess.run([*ffmpeg, "-filter_complex", graph, str(source)], check=True, timeout=600)
    cmd = [*ffmpeg, "-i", str(source)]
    paths = []
    for name, args in KINDS.items():
        paths.append(folder / name)
        cmd += [*args, str(paths[-1])]
    subprocess.run(cmd, check=True, timeout=1800)
    return paths


def main() -> None:
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    with tempfile.TemporaryDirectory(prefix="bench-audiofiles-") as tmp:
        files = make(Path(tmp), minutes)
        print(f"{minutes:g}-minute 48 kHz stereo files; probe cold (median of 5) vs ffmpeg decode")
        print(f"{'file':18} {'MB':>6} {'probe ms':>9} {'decode ms':>10} {'decode/probe':>13}")
        for path in files:
            info = probe_clip(path)

            def probe(path: Path = path) -> None:
                clear_cache()
                probe_clip(path)

            cmd = ffmpeg_command("ffmpeg", path, info, 48000)

            def decode(cmd: list[str] = cmd) -> None:
                subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, timeout=600)

            probe_s, decode_s = median_seconds(probe, 5), median_seconds(decode, 3)
            size = path.stat().st_size / 1e6
            print(f"{path.name:18} {size:6.1f} {probe_s * 1e3:9.2f} {decode_s * 1e3:10.0f} "
                  f"{decode_s / probe_s:12.0f}x")  # fmt: skip


if __name__ == "__main__":
    main()
