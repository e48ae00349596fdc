"""Soak: the real app for an hour on a real X server with a window manager (issue 12, major 7).

    python tests/perf/soak_app.py [--minutes 60] [--run-minutes 20] [--display 49]

Starts Xvfb and openbox on the display, then the app again and again on one data folder,
each run `--run-minutes` long: sessions of the tiny course played (paused, resumed, Next,
stopped, finished, reflected on or left for later) while the views are switched every few
seconds; each run ends with Quit, as a participant would. The sound goes to whatever
PulseAudio server the environment names (source .ci/sound-server.sh first).

Prints one line per run (exit code, seconds, actions done, sessions played, resident memory
at the start and the end of the run) and a verdict. A run fails on a non-zero exit, any
"Fatal Python error", a traceback, or a hang (no exit within a minute of its Quit).
Not part of the suite: it takes an hour.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TINY = REPO / "tests" / "ui" / "data" / "tiny"
ACTIONS = (
    "start", "journal", "player", "pause", "library", "player", "resume", "next", "home",
    "settings", "player", "stop_or_finish", "reflection", "journal", "home",
)  # fmt: skip


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def drive(run_s: float) -> int:
    """One run of the app, in this process (started by `main` below with --drive)."""
    from PySide6.QtCore import QTimer

    from vallei_player.core.packs import library
    from vallei_player.core.problems import UserError
    from vallei_player.core.store import Settings
    from vallei_player.ui.app import build, make_application

    app = make_application([])
    settings = Settings.load()
    with contextlib.suppress(UserError):  # installed by an earlier run
        library.install(TINY)
    settings.change("welcome_done", True)
    settings.change("active_program", "org.example.tiny-course")
    context, window = build(settings)
    window.show()
    began = time.monotonic()
    done = {"actions": 0, "sessions": 0, "rss_start": rss_mb(), "rss_end": 0.0}
    step = [0]

    def act() -> None:
        if time.monotonic() - began > run_s:
            done["rss_end"] = rss_mb()
            print(json.dumps(done), flush=True)
            window.quit()
            return
        action = ACTIONS[step[0] % len(ACTIONS)]
        step[0] += 1
        playback = window.playback
        if action == "start":
            if not playback.active and context.program is not None and context.journal_open:
                session = context.program.sessions[done["sessions"] % len(context.program.sessions)]
                window.start_session(session.id)
                done["sessions"] += 1
        elif action in ("journal", "library", "settings", "home", "player"):
            window.show_view(action)
        elif action == "pause" and playback.state == "playing":
            playback.player.pause()
        elif action == "resume" and playback.state == "paused":
            playback.player.play()
        elif action == "next" and playback.state == "playing":
            playback.player.next_phase()
        elif action == "stop_or_finish" and playback.active and step[0] % 2:
            playback.stop()
        elif action == "reflection" and window.current_view() == "reflection":
            reflection = window.view("reflection")
            reflection.finish() if step[0] % 3 else reflection.later()
        done["actions"] += 1
        QTimer.singleShot(1500, act)

    QTimer.singleShot(1000, act)
    return int(app.exec())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--run-minutes", type=float, default=20.0)
    parser.add_argument("--display", type=int, default=49)
    parser.add_argument("--drive", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive is not None:
        return drive(args.drive)
    if shutil.which("Xvfb") is None:
        print("Xvfb is not installed", file=sys.stderr)
        return 2
    display = f":{args.display}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    time.sleep(1.5)
    env = dict(os.environ, DISPLAY=display)
    env.pop("QT_QPA_PLATFORM", None)
    wm = subprocess.Popen(["openbox"], env=env) if shutil.which("openbox") else None
    time.sleep(0.5)
    failures = 0
    runs = 0
    total_s = args.minutes * 60
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="vallei-soak-") as home:
            env["VALLEI_PLAYER_HOME"] = home
            while time.monotonic() - started < total_s - 5:
                run_s = min(args.run_minutes * 60, total_s - (time.monotonic() - started))
                runs += 1
                t0 = time.monotonic()
                try:
                    out = subprocess.run(
                        [sys.executable, __file__, "--drive", str(run_s)],
                        env=env, cwd=REPO, capture_output=True, text=True, timeout=run_s + 60,
                    )  # fmt: skip
                    code, stdout, stderr = out.returncode, out.stdout, out.stderr
                except subprocess.TimeoutExpired as e:
                    code, stdout, stderr = -999, str(e.stdout or ""), "hang: no exit after Quit"
                figures: dict[str, Any] = {}
                for line in stdout.splitlines():
                    if line.startswith("{"):
                        figures = json.loads(line)
                bad = code != 0 or "Fatal Python error" in stderr or "Traceback" in stderr
                failures += bad
                print(
                    f"run {runs}: exit {code}, {time.monotonic() - t0:.0f} s, "
                    f"{figures.get('actions', 0)} actions, {figures.get('sessions', 0)} sessions, "
                    f"memory {figures.get('rss_start', 0):.0f} -> "
                    f"{figures.get('rss_end', 0):.0f} MB" + (" FAILED" if bad else ""),
                    flush=True,
                )
                if bad:
                    print(stderr[-3000:], flush=True)
    finally:
        if wm is not None:
            wm.terminate()
        xvfb.terminate()
    verdict = "clean" if not failures else f"{failures} of {runs} runs failed"
    print(f"soak: {runs} runs over {(time.monotonic() - started) / 60:.1f} minutes, {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
