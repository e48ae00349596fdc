"""Audio engine benchmarks: each figure printed beside its reference, measured in the same run.

    .venv/bin/python tests/perf/bench_engine.py [latency|memory|speed|cpu|all]

- latency: Play -> first non-silent sample handed to the device, on a session whose voice is
  a 10-minute MP3; prepared (opened, clips cached) must be <= 150 ms and cold (empty cache,
  open + play) <= 1 s. Reference: pydub loading the same MP3 whole, the wait before a
  whole-file decoder could hand over its first sample.
- memory: peak RSS rendering and playing a 60-minute session of three 20-minute MP3s, beside
  a 10-minute one (nearly flat), must be <= 200 MB. Reference: pydub decoding one 20-minute
  MP3 whole. ffmpeg's own peak is shown apart (it is a separate, short-lived process).
- speed: render of that 60-minute session, cold (decoding included) and warm, in multiples of
  real time, >= 60x. Reference: ffmpeg decoding the same three files to null.
- cpu: CPU seconds per audio second while playing to the PulseAudio null sink (the player's
  own CPU plus the sound server's), from the slope between a short and a long run, beside
  ffplay playing the same mixdown. Needs PulseAudio (started here if installed).

Test audio (70 minutes of MP3) is generated once into $TMPDIR/vallei-bench.
Each measured run is a child process so that its peak RSS is its own.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
import soundserver  # noqa: E402

DATA = Path(tempfile.gettempdir()) / "vallei-bench"
HOME = DATA / "home"
RATE = 48_000


# -- test material --------------------------------------------------------------------------


def _mp3(name: str, seconds: int, freq: int) -> Path:
    path = DATA / name
    if not path.exists():
        print(f"  making {name} ({seconds} s)...", flush=True)
        src = (
            f"sine=f={freq}:d={seconds}:sample_rate=48000[a];"
            f"anoisesrc=d={seconds}:c=pink:a=0.08:r=48000[b];"
            "[a][b]amix=inputs=2:normalize=0,volume=0.6,aformat=channel_layouts=stereo"
        )
        tmp = path.with_suffix(".tmp.mp3")
        subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-y", "-filter_complex", src,
             "-c:a", "libmp3lame", "-b:a", "128k", str(tmp)],
            check=True,
        )  # fmt: skip
        tmp.replace(path)
    return path


def _program(name: str, voices: list[Path]) -> Path:
    """A program folder whose session s1 plays `voices` one per phase, over a bed, with cues."""
    root = DATA / name
    (root / "audio").mkdir(parents=True, exist_ok=True)
    for v in voices:
        target = root / "audio" / v.name
        if not target.exists():
            os.link(v, target)
    bed = root / "audio" / "bed.ogg"
    if not bed.exists():
        shutil.copy(REPO / "audio" / "bed-zee.ogg", bed)
    phases = "\n".join(f"      - {{kind: settle, voice: audio/{v.name}}}" for v in voices)
    (root / "program.yaml").write_text(
        "format: 1\nid: org.bench." + name + "\nversion: 1.0.0\ntitle: Bench\nlanguage: en\n"
        "audio: {bed: audio/bed.ogg}\nsessions:\n  - id: s1\n    title: One\n    phases:\n"
        + phases
        + "\n"
    )
    return root


def material() -> dict[str, Path]:
    DATA.mkdir(parents=True, exist_ok=True)
    parts = [_mp3(f"part{i}.mp3", 1200, 150 + 50 * i) for i in (1, 2, 3)]
    ten = _mp3("voice10.mp3", 600, 220)
    short = DATA / "voice40.mp3"
    if not short.exists():
        subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(parts[0]), "-t", "40",
             "-c:a", "libmp3lame", "-b:a", "128k", str(short)],
            check=True,
        )  # fmt: skip
    return {
        "parts": parts[0],
        "p60": _program("p60", parts),
        "p10": _program("p10", [ten]),
        "p40": _program("p40", [short]),
        "ten": ten,
    }


def clear_cache() -> None:
    shutil.rmtree(HOME / "cache", ignore_errors=True)


# -- child processes --------------------------------------------------------------------------


def child(mode: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "VALLEI_PLAYER_HOME": str(HOME), "PYTHONWARNINGS": "ignore"}
    out = subprocess.run(
        [sys.executable, __file__, "_" + mode, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"child {mode} failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _report(**extra: Any) -> None:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "rss_mb": me.ru_maxrss / 1024,
        "ffmpeg_rss_mb": kids.ru_maxrss / 1024,
        "cpu_s": me.ru_utime + me.ru_stime,
        **extra,
    }))  # fmt: skip


def _child_render(program: str, out: str) -> None:
    from vallei_player.cli import main

    started = time.monotonic()
    assert main(["render", program, "--session", "s1", "-o", out]) == 0
    _report(wall_s=time.monotonic() - started)


def _child_play_fast(program: str) -> None:
    from vallei_player.core.program import load_program
    from vallei_player.engine import NullOutput, Player

    started = time.monotonic()
    player = Player(NullOutput("fast", blocksize=4096))
    player.open(load_program(program), "s1")
    player.play()
    while player.snapshot().state != "finished":
        time.sleep(0.05)
    audio_s = player.snapshot().listened_s
    player.close()
    _report(wall_s=time.monotonic() - started, audio_s=audio_s)


def _child_pydub(path: str) -> None:
    import warnings

    warnings.simplefilter("ignore")
    from pydub import AudioSegment

    started = time.monotonic()
    seg = AudioSegment.from_file(path, codec="mp3")
    _report(wall_s=time.monotonic() - started, audio_s=len(seg) / 1000)


def _child_device_play(program: str) -> None:
    from vallei_player.core.program import load_program
    from vallei_player.engine import Player, SoundDeviceOutput

    player = Player(SoundDeviceOutput())
    player.open(load_program(program), "s1")
    player.play()
    while player.snapshot().state not in ("finished", "stopped"):
        time.sleep(0.03)  # the CLI and the app poll like this
    audio_s = player.snapshot().listened_s
    player.close()
    _report(audio_s=audio_s)


# -- sections --------------------------------------------------------------------------------


def latency(m: dict[str, Path]) -> None:
    from vallei_player.core.program import load_program
    from vallei_player.engine import Player
    from vallei_player.engine import session as engine_session

    os.environ["VALLEI_PLAYER_HOME"] = str(HOME)
    program = load_program(m["p10"])
    device = _device_output()

    def first_sound(prepare: bool) -> tuple[float, float]:
        output, heard = device()
        player = Player(output)
        t0 = time.monotonic()
        player.open(program, "s1")
        opened = time.monotonic() - t0
        if prepare:
            time.sleep(0.5)  # the app opens while the participant reads the session's description
            t0 = time.monotonic()
        player.play()
        while not heard:
            time.sleep(0.0005)
            if time.monotonic() - t0 > 20:
                raise SystemExit("no sound within 20 s")
        player.close()
        return opened, heard[0] - t0

    clear_cache()
    engine_session._shared.clear()
    _, cold = first_sound(prepare=False)
    session = engine_session.open_session(program, "s1")  # let the decode finish: "prepared"
    for clip in session.clips.values():
        clip.wait_done()
    session.close()
    from vallei_player.core.audiofiles import probe as audioprobe
    from vallei_player.engine import cache

    cache._keys.clear()  # as in a new process: the clips are hashed and probed again
    audioprobe.clear_cache()
    opened, prepared = first_sound(prepare=True)
    _, warm = first_sound(prepare=False)
    ref = child("pydub", str(m["ten"]))
    print("\nlatency: Play -> first non-silent sample handed to the device (10-minute MP3 voice)")
    print(f"  prepared (opened, cached):  {prepared * 1000:7.1f} ms   limit 150 ms")
    print(f"  open on a warm cache:       {opened * 1000:7.1f} ms")
    print(f"  open + play -> sound, again: {warm * 1000:6.1f} ms  (same process, clips hashed)")
    print(f"  cold (empty cache):         {cold * 1000:7.1f} ms   limit 1000 ms")
    print(f"  reference, pydub whole-file load of the same MP3: {ref['wall_s'] * 1000:7.1f} ms")


def _device_output() -> Any:
    """A factory of (output, heard) where heard gets the time of the first non-silent sample."""
    from vallei_player.engine.outputs import Feed, NullOutput, SoundDeviceOutput

    use_device = _pulse()

    class Probe:
        def __init__(self, feed: Feed, heard: list[float]) -> None:
            self.feed, self.heard = feed, heard

        def fill(self, out: Any) -> bool:
            more = self.feed.fill(out)
            if not self.heard and out.any():
                self.heard.append(time.monotonic())
            return more

        def ready(self, frames: int) -> bool:
            return self.feed.ready(frames)

    def make() -> tuple[Any, list[float]]:
        heard: list[float] = []
        base = SoundDeviceOutput if use_device else NullOutput
        if not use_device:
            print("  (no PulseAudio: a paced null output stands in for the device)")

        class Output(base):  # type: ignore[misc, valid-type]
            def start(self, feed: Feed, on_end: Any) -> None:
                super().start(Probe(feed, heard), on_end)

        return (Output() if use_device else Output("paced")), heard

    return make


def _pulse() -> bool:
    return soundserver.ensure() is None


def memory(m: dict[str, Path]) -> None:
    out = DATA / "out.wav"
    print("\nmemory: peak RSS (MB), this process only; ffmpeg's peak apart")
    rows = []
    for name, label in (("p10", "10-minute"), ("p60", "60-minute")):
        clear_cache()
        r = child("render", str(m[name]), str(out))
        p = child("play_fast", str(m[name]))
        rows.append((label, r, p))
    for label, r, p in rows:
        print(
            f"  {label} session: render {r['rss_mb']:6.1f}   play {p['rss_mb']:6.1f}   "
            f"(ffmpeg {r['ffmpeg_rss_mb']:.1f})   limit 200"
        )
    ref = child("pydub", str(m["parts"]))
    print(f"  reference, pydub decoding one 20-minute MP3 whole: {ref['rss_mb']:6.1f}")
    out.unlink(missing_ok=True)


def speed(m: dict[str, Path]) -> None:
    out = DATA / "out.wav"
    files = sorted(m["p60"].glob("audio/part*.mp3"))
    started = time.monotonic()
    for f in files:
        decode = ["ffmpeg", "-nostdin", "-v", "error", "-i", str(f), "-f", "null", "-"]
        subprocess.run(decode, check=True)
    ref = time.monotonic() - started
    clear_cache()
    cold = child("render", str(m["p60"]), str(out))["wall_s"]
    warm = child("render", str(m["p60"]), str(out))["wall_s"]
    print("\nspeed: rendering the 60-minute session (3600 s of audio), times real time")
    print(
        f"  render, cold cache (decoding included): {3600 / cold:6.1f}x  ({cold:.1f} s)   min 60x"
    )
    print(f"  render, warm cache:                     {3600 / warm:6.1f}x  ({warm:.1f} s)")
    print(f"  reference, ffmpeg decoding the three MP3s to null: {3600 / ref:6.1f}x  ({ref:.1f} s)")
    out.unlink(missing_ok=True)


def cpu(m: dict[str, Path]) -> None:
    import psutil

    if not _pulse():
        print("\ncpu: skipped, PulseAudio is not available")
        return
    pid = soundserver.server_pid()
    if pid is None:
        print("\ncpu: skipped, the sound server's process is not known")
        return
    server = psutil.Process(pid)

    def server_cpu() -> float:
        t = server.cpu_times()
        return float(t.user + t.system)

    def run_ours(program: Path) -> tuple[float, float]:
        before = server_cpu()
        r = child("device_play", str(program))
        return r["cpu_s"], server_cpu() - before

    def run_ffplay(mix: Path) -> tuple[float, float]:
        before, t0 = server_cpu(), resource.getrusage(resource.RUSAGE_CHILDREN)
        play = ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet", str(mix)]
        subprocess.run(play, check=True)
        t1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (t1.ru_utime + t1.ru_stime) - (t0.ru_utime + t0.ru_stime), server_cpu() - before

    # (own, server) CPU seconds per run; the best of two runs per length, the slope between lengths
    runs: dict[str, dict[int, tuple[float, float]]] = {"ours": {}, "ffplay": {}}
    lengths = (10, 30)
    for seconds in lengths:
        program = _program(f"p{seconds}s", [_cut(m, seconds)])
        mix = DATA / f"mix{seconds}.wav"
        child("render", str(program), str(mix))
        runs["ours"][seconds] = min(run_ours(program), run_ours(program), key=sum)
        runs["ffplay"][seconds] = min(run_ffplay(mix), run_ffplay(mix), key=sum)
    print("\ncpu: CPU ms per audio second playing to the PulseAudio null sink")
    print("     (slope between a 10 s and a 30 s run, best of two; the server's share includes")
    print("      the keep-alive stream, the same for both)")
    span = lengths[1] - lengths[0]
    for who, label in (("ours", "vallei-player"), ("ffplay", "reference, ffplay, same mixdown")):
        (o1, s1), (o2, s2) = runs[who][lengths[0]], runs[who][lengths[1]]
        own, srv = (o2 - o1) / span * 1000, (s2 - s1) / span * 1000
        fixed = (o1 + s1) * 1000 - (own + srv) * lengths[0]
        total = own + srv
        parts = f"own {own:5.1f} + server {srv:5.1f} = {total:5.1f}"
        print(f"  {label:33s} {parts}  (+ {fixed:.0f} ms fixed)")


def _cut(m: dict[str, Path], seconds: int) -> Path:
    path = DATA / f"voice{seconds}s.mp3"
    if not path.exists():
        subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(m["parts"]), "-t", str(seconds),
             "-c:a", "libmp3lame", "-b:a", "128k", str(path)],
            check=True,
        )  # fmt: skip
    return path


SECTIONS = {"latency": latency, "memory": memory, "speed": speed, "cpu": cpu}
CHILDREN = {
    "_render": _child_render,
    "_play_fast": _child_play_fast,
    "_pydub": _child_pydub,
    "_device_play": _child_device_play,
}


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what in CHILDREN:
        CHILDREN[what](*sys.argv[2:])
        return
    if what != "all" and what not in SECTIONS:
        raise SystemExit(f"usage: bench_engine.py [{'|'.join(SECTIONS)}|all]")
    m = material()
    for name, section in SECTIONS.items():
        if what in ("all", name):
            section(m)


if __name__ == "__main__":
    main()
