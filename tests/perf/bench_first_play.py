"""How long a first play waits for loudness measuring (issue 11 item 2), in one run:

    .venv/bin/python tests/perf/bench_first_play.py [PROGRAM_FOLDER [SESSION]]

Default: the bundled vallei-basis-nl, session w1-1 (15 minutes). Play -> first non-silent
sample handed to a null output, in a fresh data folder each time:
- cold: nothing decoded, nothing measured (the player measures the first phase's clips,
  and the rest ahead of their place);
- after import: the store holds every clip (`import` measured them), the PCM cache is cold.
Reference, measured here too: what main waited for before this change, every clip of the
session measured before the first sound (decode + analysis of all of them).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOME = Path(tempfile.mkdtemp(prefix="vallei-first-play-"))
os.environ["VALLEI_PLAYER_HOME"] = str(HOME)


def first_sound(folder: Path, session_id: str) -> float:
    from vallei_player.core.program import load_program
    from vallei_player.engine import NullOutput, Player
    from vallei_player.engine.outputs import Feed

    heard: list[float] = []

    class Probe:
        def __init__(self, feed: Feed) -> None:
            self.feed = feed

        def fill(self, out: object) -> bool:
            more = self.feed.fill(out)  # type: ignore[arg-type]
            if not heard and out.any():  # type: ignore[attr-defined]
                heard.append(time.monotonic())
            return more

        def ready(self, frames: int) -> bool:
            return self.feed.ready(frames)

    class Output(NullOutput):
        def start(self, feed: Feed, on_end: object) -> None:
            super().start(Probe(feed), on_end)  # type: ignore[arg-type]

    program = load_program(folder)
    player = Player(Output("paced"))
    t0 = time.monotonic()
    player.open(program, session_id)
    player.play()
    while not heard:
        time.sleep(0.001)
        if time.monotonic() - t0 > 60:
            raise SystemExit("no sound within 60 s")
    player.close()
    return heard[0] - t0


def fresh() -> None:
    from vallei_player.core.audiofiles import probe
    from vallei_player.engine import cache, loudness_store
    from vallei_player.engine import session as engine_session

    shutil.rmtree(HOME / "cache", ignore_errors=True)
    engine_session._shared.clear()
    cache._keys.clear()
    probe.clear_cache()
    loudness_store.forget_memo()


def measure_everything(folder: Path, session_id: str) -> float:
    """What open_session used to wait for: every clip of the session measured."""
    from vallei_player.core.program import build_timeline, clip_lookup, load_program
    from vallei_player.engine import loudness_store
    from vallei_player.engine.levels import needs_measuring

    program = load_program(folder)
    lookup = clip_lookup(program)
    t0 = time.monotonic()
    timeline = build_timeline(program.require_session(session_id), 48_000, lookup)
    for ref in needs_measuring(timeline):
        loudness_store.measure_clip(program.clip_path(ref), lookup(ref))
    return time.monotonic() - t0


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "programs" / "vallei-basis-nl"
    session_id = sys.argv[2] if len(sys.argv) > 2 else "w1-1"
    fresh()
    cold = first_sound(folder, session_id)
    fresh()
    everything = measure_everything(folder, session_id)  # leaves the store filled
    engine_session_reset()
    imported = first_sound(folder, session_id)
    load = os.getloadavg()[0]
    print(f"first play of {folder.name} {session_id}: Play -> first sound (load {load:.1f})")
    print(f"  cold, nothing measured:         {cold:6.2f} s")
    print(f"  after import (store filled):    {imported:6.2f} s")
    print(f"  reference, main before: every clip measured first: {everything:6.2f} s")
    shutil.rmtree(HOME, ignore_errors=True)


def engine_session_reset() -> None:
    """A new process after the import: cold PCM cache, the store kept."""
    from vallei_player.core.audiofiles import probe
    from vallei_player.engine import cache, loudness_store
    from vallei_player.engine import session as engine_session

    shutil.rmtree(HOME / "cache" / "pcm", ignore_errors=True)
    engine_session._shared.clear()
    cache._keys.clear()
    probe.clear_cache()
    loudness_store.forget_memo()


if __name__ == "__main__":
    main()
