"""What the app costs while it waits in the tray (issue 15 item 5), beside a bare PySide6
tray icon, measured in the same run the same way.

Each runs on its own Xvfb display with a real tray (`trayer`): the app started as at login
(`--background`: tray icon, reminders, journal open, no window), the bare one a
QSystemTrayIcon with a menu in an event loop. After SETTLE seconds the process's CPU time
(user + system, /proc/PID/stat) is read at the start and end of WINDOW seconds; CPU% is that
over the wall time, as a share of one core. RSS is VmRSS at the end (and VmHWM, the peak).
Targets: at most 0.2% of one core and 120 MB.

    .venv/bin/python tests/perf/bench_tray_idle.py [--window 60] [--displays 71-72]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SETTLE = 8.0
CPU_TARGET = 0.2  # percent of one core
RSS_TARGET_MB = 120

BARE = """
import sys
from PySide6.QtGui import QAction, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
app = QApplication(sys.argv)
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(22, 22)
pixmap.fill()
icon = QSystemTrayIcon(QIcon(pixmap))
menu = QMenu()
menu.addAction(QAction("Quit", menu))
icon.setContextMenu(menu)
icon.show()
print("tray", QSystemTrayIcon.isSystemTrayAvailable(), flush=True)
sys.exit(app.exec())
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def measure(
    command: list[str], display: int, env: dict[str, str], window: float
) -> dict[str, float]:
    xvfb = subprocess.Popen(
        ["Xvfb", f":{display}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    env = dict(env, DISPLAY=f":{display}")
    env.pop("QT_QPA_PLATFORM", None)
    tray = subprocess.Popen(["trayer", "--edge", "top"], env=env, stderr=subprocess.DEVNULL)
    time.sleep(1)
    proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL)
    try:
        time.sleep(SETTLE)
        assert proc.poll() is None, f"{command} ended early"
        cpu0, t0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(window)
        cpu1, t1 = cpu_seconds(proc.pid), time.monotonic()
        rss, peak = memory_mb(proc.pid)
        return {"cpu_percent": 100 * (cpu1 - cpu0) / (t1 - t0), "rss_mb": rss, "peak_mb": peak}
    finally:
        for p in (proc, tray, xvfb):
            p.terminate()
            p.wait(20)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--displays", default="71-72")
    args = parser.parse_args()
    for tool in ("Xvfb", "trayer"):
        if shutil.which(tool) is None:
            print(f"{tool} is needed (apt-get install xvfb trayer)")
            return 1
    low, _, high = args.displays.partition("-")
    displays = (int(low), int(high or low))
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, VALLEI_PLAYER_HOME=home, PYTHONDONTWRITEBYTECODE="")
        # The data folder as after the first day: demos installed, journal made, Welcome done.
        subprocess.run([sys.executable, "-m", "vallei_player", "programs"], env=env, cwd=REPO,
                       capture_output=True, check=True)  # fmt: skip
        (Path(home) / "settings.json").write_text('{"welcome_done": true}', "utf-8")
        app = measure([sys.executable, "-m", "vallei_player", "--background"], displays[0], env,
                      args.window)  # fmt: skip
        bare = measure([sys.executable, "-c", BARE], displays[1], env, args.window)
    print(f"idle in the tray over {args.window:.0f} s (after {SETTLE:.0f} s to settle):")
    print(f"{'':28}{'CPU (% of a core)':>20}{'RSS MB':>10}{'peak MB':>10}")
    for name, m in (("app --background", app), ("bare PySide6 tray icon", bare)):
        print(f"{name:28}{m['cpu_percent']:>20.3f}{m['rss_mb']:>10.1f}{m['peak_mb']:>10.1f}")
    print(f"{'target (the app)':28}{CPU_TARGET:>20.3f}{RSS_TARGET_MB:>10}")
    tick = 100 / os.sysconf("SC_CLK_TCK") / args.window  # the kernel counts CPU time in ticks
    print(f"(CPU time is counted in ticks: one tick over the window is {tick:.3f}%)")
    ok = app["cpu_percent"] <= CPU_TARGET and app["rss_mb"] <= RSS_TARGET_MB
    print("within the targets" if ok else "OVER the targets")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
