"""Benchmark: the response times the unit tests used to assert, beside references from this run.

Run: .venv/bin/python tests/perf/bench_bounds.py
The unit tests check what a user notices that is not time (what got imported, that a hostile
input is refused and how much it wrote, that a clip is readable before its decode ends); the
times live here, each printed beside its old limit and a reference measured in the same run,
so a slow machine shows up in both columns instead of failing a test.

- `validate --help` start-up (limit 0.3 s) beside a bare `python -c pass`;
- the YAML node bound (limit 1 s) beside PyYAML parsing the same text;
- the loader on random YAML-ish text (limit 1 s per input) beside PyYAML on the same inputs;
- refusing the 2 GiB compression bomb (limit 5 s) beside zlib inflating as many bytes;
- the first half second of a clip still decoding (limit 2 s) beside ffmpeg decoding it whole;
- `Player.close()` after playing (limit 2 s) beside starting and joining an idle thread.
"""

from __future__ import annotations

import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "engine"))
sys.path.insert(0, str(REPO / "tests" / "data" / "hostile"))


def best_of(n: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def row(what: str, ours: float, limit: float, ref_name: str, ref: float) -> None:
    print(f"  {what:<44} {ours * 1000:8.1f} ms  (limit {limit * 1000:5.0f} ms)")
    print(f"    reference: {ref_name:<31} {ref * 1000:8.1f} ms")


def startup() -> None:
    def run(*args: str) -> Callable[[], object]:
        return lambda: subprocess.run([sys.executable, *args], capture_output=True, check=True)

    ours = best_of(5, run("-m", "vallei_player", "validate", "--help"))
    ref = best_of(5, run("-c", "pass"))
    row("vallei-player validate --help, best of 5", ours, 0.3, "python -c pass", ref)


def yaml_bound() -> None:
    from vallei_player.core.program.yamlsafe import MAX_NODES, parse_yaml

    wide = "[" + ",".join(["1"] * (MAX_NODES + 10)) + "]\n"
    ours = best_of(3, lambda: parse_yaml(wide.encode(), "p.yaml"))
    ref = best_of(3, lambda: yaml.safe_load(wide))
    row(f"YAML of {MAX_NODES + 10} values refused, best of 3", ours, 1.0, "yaml.safe_load", ref)


def fuzz_inputs(n: int = 300) -> list[bytes]:
    alphabet = [*"abc:-[]{}&*!|>#'\"\n\t ,?%@`09.~\\\x00\ufeff", "é", "—"]
    rng = random.Random(1)
    return [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))).encode(
            "utf-8", "surrogatepass"
        )
        for _ in range(n)
    ]


def fuzz() -> None:
    from vallei_player.core.problems import ProgramError
    from vallei_player.core.program import check_program

    folder = Path(tempfile.mkdtemp(prefix="vallei-bench-"))
    ours, ref = [], []
    for data in fuzz_inputs():
        (folder / "program.yaml").write_bytes(data)
        started = time.perf_counter()
        with contextlib.suppress(ProgramError):
            check_program(folder)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        with contextlib.suppress(yaml.YAMLError):
            yaml.safe_load(data)
        ref.append(time.perf_counter() - started)
    print(f"  check_program on {len(ours)} random YAML-ish inputs: "
          f"median {statistics.median(ours) * 1000:.2f} ms, slowest {max(ours) * 1000:.1f} ms "
          "(limit 1000 ms each)")  # fmt: skip
    print(f"    reference: yaml.safe_load, same inputs: median "
          f"{statistics.median(ref) * 1000:.2f} ms, slowest {max(ref) * 1000:.1f} ms")  # fmt: skip


def bomb() -> None:
    import hostile_packs

    from vallei_player.core.packs import read, unpacked
    from vallei_player.core.problems import ProgramError

    pack = Path(tempfile.mkdtemp(prefix="vallei-bench-")) / "bomb.vallei"
    pack.write_bytes(hostile_packs.CASES["bomb"][0]())
    written = [0]
    real = read.write_all

    def counting(fd: int, chunk: bytes) -> None:
        written[0] += len(chunk)
        real(fd, chunk)

    read.write_all = counting  # type: ignore[assignment]
    started = time.perf_counter()
    try:
        with unpacked(pack):
            pass
    except ProgramError:
        pass
    ours = time.perf_counter() - started
    read.write_all = real  # type: ignore[assignment]
    payload = hostile_packs.bomb_payload()
    started = time.perf_counter()
    inflater, done = zlib.decompressobj(-15), 0
    while done < written[0]:
        done += len(inflater.decompress(payload, 1 << 20))
        payload = inflater.unconsumed_tail
    ref = time.perf_counter() - started
    row(f"bomb refused after {written[0] >> 20} MiB written", ours, 5.0,
        f"zlib inflating {done >> 20} MiB", ref)  # fmt: skip


def read_while_decoding() -> None:
    from enginekit import RATE, tone, write_wav

    from vallei_player.core.audiofiles import probe_clip
    from vallei_player.engine.cache import PcmCache

    folder = Path(tempfile.mkdtemp(prefix="vallei-bench-"))
    src = write_wav(folder / "ten-minutes.wav", tone(600, 440, 0.3))
    cache = PcmCache(folder / "pcm")
    started = time.perf_counter()
    clip = cache.clip(src, probe_clip(src))
    clip.read(0, RATE // 2)
    first = time.perf_counter() - started
    clip.wait_done(300)
    cache.close()
    whole = best_of(1, lambda: subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(src), "-f", "f32le", "-ac", "2",
         "-ar", str(RATE), "-y", "/dev/null"], check=True))  # fmt: skip
    row("first 0.5 s of a 10-minute clip, cold cache", first, 2.0, "ffmpeg decoding it whole",
        whole)  # fmt: skip


def player_close() -> None:
    from enginekit import RATE, lookup_for, make_program, phase, tone, write_wav

    from vallei_player.engine import NullOutput, Player

    folder = Path(tempfile.mkdtemp(prefix="vallei-bench-"))
    write_wav(folder / "v.wav", tone(2, 440, 0.3))
    program = make_program(folder, [phase(0, voice="v.wav", seconds=3)])
    closes = []
    for _ in range(10):
        out = NullOutput("manual")
        player = Player(out)
        player.open(program, "s1", lookup=lookup_for(folder))
        player.play()
        while player.snapshot().state != "playing":
            time.sleep(0.002)
        out.pull(RATE // 10)
        started = time.perf_counter()
        player.close()
        closes.append(time.perf_counter() - started)

    def idle_thread() -> None:
        stop = threading.Event()
        t = threading.Thread(target=stop.wait)
        t.start()
        stop.set()
        t.join()

    ref = best_of(10, idle_thread)
    row("Player.close() while playing, slowest of 10", max(closes), 2.0,
        "start and join an idle thread", ref)  # fmt: skip


def main() -> None:
    print("Response times that unit tests no longer assert (ours, then the reference):")
    for part in (startup, yaml_bound, fuzz, bomb, read_while_decoding, player_close):
        part()


if __name__ == "__main__":
    main()
