"""Importing a 300 MB pack against `unzip -t` on the same file, and the import's peak memory.

Targets (the issue): import time at most 2x `unzip -t`; peak RSS of the import at most
150 MB. The pack holds program.yaml and six WAV files of generated noise (about 50 MB each,
which deflate cannot shrink), made by `vallei-player pack`. Both figures are printed side
by side; the exit code is 1 when a target is missed.

    .venv/bin/python tests/perf/bench_import.py [--mb 300]
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RATE = 48000


def noise_wav(path: Path, megabytes: float, seed: int) -> None:
    frames = int(megabytes * 1_000_000 / 4)  # stereo 16-bit
    data_len = frames * 4
    header = b"RIFF" + struct.pack("<I", 36 + data_len) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 2, RATE, RATE * 4, 4, 16)
    header += b"data" + struct.pack("<I", data_len)
    import random

    rng = random.Random(seed)
    with path.open("wb") as f:
        f.write(header)
        left = data_len
        while left:
            # Full-scale white noise: real audio that deflate cannot shrink.
            chunk = rng.randbytes(min(left, 1 << 20))
            f.write(chunk)
            left -= len(chunk)


def build_program(folder: Path, total_mb: int, files: int = 6) -> None:
    (folder / "audio").mkdir(parents=True)
    sessions = []
    for i in range(files):
        noise_wav(folder / "audio" / f"voice{i}.wav", total_mb / files, seed=i)
        sessions.append(
            f"  - id: s{i + 1}\n    title: Session {i + 1}\n    phases:\n"
            f"      - {{kind: settle, voice: audio/voice{i}.wav}}\n"
        )
    (folder / "program.yaml").write_text(
        "format: 1\nid: org.example.bench\nversion: 1.0.0\ntitle: Bench\nlanguage: en\n"
        "sessions:\n" + "".join(sessions),
        encoding="utf-8",
    )


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in bytes (this child only) and the exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and proc.stderr is not None:
        sys.stderr.write(proc.stderr.read().decode("utf-8", "replace"))
    return seconds, usage.ru_maxrss * 1024, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=300)
    args = parser.parse_args()
    if shutil.which("unzip") is None:
        print("unzip is not installed (apt-get install unzip)")
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        tmp_path = Path(tmp)
        env = dict(os.environ, VALLEI_PLAYER_HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO))
        build_program(tmp_path / "prog", args.mb)
        pack = tmp_path / "bench.vallei"
        vp = [sys.executable, "-m", "vallei_player"]
        _, _, rc = timed([*vp, "pack", str(tmp_path / "prog"), "-o", str(pack)], env)
        if rc != 0:
            return 1
        size_mb = pack.stat().st_size / 1e6
        # Warm the page cache for both, so neither pays for the first read from disk (in
        # pieces: a big buffer here would be counted in the children's RSS after fork).
        with pack.open("rb") as f:
            while f.read(1 << 20):
                pass
        unzip_s, unzip_rss, rc1 = timed(["unzip", "-tqq", str(pack)], env)
        import_s, import_rss, rc2 = timed([*vp, "import", str(pack)], env)
        ratio = import_s / unzip_s
        print(f"pack: {size_mb:.0f} MB")
        print(f"{'':24}{'time':>10}{'peak RSS':>12}")
        print(f"{'unzip -t (reference)':24}{unzip_s:>9.2f}s{unzip_rss / 1e6:>10.0f} MB")
        print(f"{'vallei-player import':24}{import_s:>9.2f}s{import_rss / 1e6:>10.0f} MB")
        print(f"import / unzip -t: {ratio:.2f}x (target <= 2x); import RSS target <= 150 MB")
        ok = rc1 == 0 and rc2 == 0 and ratio <= 2.0 and import_rss <= 150e6
        print("OK" if ok else "TARGET MISSED")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
