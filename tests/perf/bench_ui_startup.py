"""Cold start of the app to an interactive main window, against a bare PySide6 window.

Both are measured in the same run and the same way: a fresh `python` process builds its
window, shows it, and when its event loop first runs with the window shown (the window is
interactive) it writes the wall-clock time to a stamp file; the figure is that time minus
the moment the process was spawned, median of 3 after one warm-up each (so both read their
files from the page cache), the two alternating so that both see the same machine load.
The whole process time (for the app including the journal and library work started after
the first paint, which quitting waits for) is printed beside it. The app's data folder is
prepared once beforehand (demo programs installed, journal created): the very first run is
a different matter from a start. Bytecode is cached as in an installed app (see main()).
Target: the app within 1.5x of the bare window.

    .venv/bin/python tests/perf/bench_ui_startup.py            # offscreen
    DISPLAY=:99 .venv/bin/python tests/perf/bench_ui_startup.py --x11
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RUNS = 3
TARGET = 1.5

BARE = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1100, 740)
window.show()
def ready():
    with open(os.environ["VALLEI_PLAYER_STARTUP_STAMP"], "w") as f:
        f.write(f"{time.time():.6f}\\n")
    QTimer.singleShot(0, app.quit)
QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""


def once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds to interactive, seconds to exit) for one fresh process."""
    stamp = Path(tempfile.mktemp(prefix="vallei-stamp-"))
    env = dict(env, VALLEI_PLAYER_STARTUP_STAMP=str(stamp))
    spawned = time.time()
    began = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    total = time.perf_counter() - began
    ready = float(stamp.read_text(encoding="utf-8")) - spawned
    stamp.unlink()
    return ready, total


def medians(bare: list[str], app: list[str], env: dict[str, str]) -> list[tuple[float, float]]:
    """Median (interactive, process) of each; runs alternate so both see the same load."""
    once(bare, env)  # warm-up: page cache and bytecode cache
    once(app, env)
    runs: dict[int, list[tuple[float, float]]] = {0: [], 1: []}
    for _ in range(RUNS):
        for k, cmd in enumerate((bare, app)):
            runs[k].append(once(cmd, env))
    return [
        (statistics.median(r for r, _ in runs[k]), statistics.median(t for _, t in runs[k]))
        for k in (0, 1)
    ]


def main() -> int:
    env = dict(os.environ)
    if "--x11" in sys.argv:
        env.pop("QT_QPA_PLATFORM", None)
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["VALLEI_PLAYER_HOME"] = tempfile.mkdtemp(prefix="vallei-bench-")
    # An installed app has its bytecode compiled; this machine sets PYTHONDONTWRITEBYTECODE,
    # which would make every start compile the app's sources anew. The warm-up run writes
    # the bytecode (for both processes) into a private cache folder.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="vallei-pycache-")
    env["VALLEI_PLAYER_EXIT_AFTER_MS"] = "0"
    python = sys.executable
    app_cmd = [python, "-m", "vallei_player"]
    first = dict(env, VALLEI_PLAYER_EXIT_AFTER_MS="2000")
    first.pop("VALLEI_PLAYER_STARTUP_STAMP", None)
    subprocess.run(app_cmd, env=first, cwd=REPO, check=True)  # first run: demos, journal
    (bare_ready, bare_total), (app_ready, app_total) = medians([python, "-c", BARE], app_cmd, env)
    ratio = app_ready / bare_ready
    print(f"bare PySide6 window : interactive {bare_ready:.3f} s, process {bare_total:.3f} s")
    print(f"vallei-player app   : interactive {app_ready:.3f} s, process {app_total:.3f} s")
    verdict = "OK" if ratio <= TARGET else "OVER"
    print(f"ratio (interactive) : {ratio:.2f}x, target <= {TARGET}x: {verdict} (medians of {RUNS})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
