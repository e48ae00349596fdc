"""CPU while playing, with the Player view on screen, against ffplay on the same audio.

The app runs under Xvfb (started here when DISPLAY is not set) and plays the first session
of the bundled English taster to the PulseAudio null sink (started here when no sound
server answers) with the Player view showing; ffplay plays the same session's mixdown
(`vallei-player render`) to the same sink. The figure is CPU seconds (user + system, all
threads) per second of audio heard, for the player's process, over the same stretch of
audio; the sound server's share is printed beside it. Median of 3 runs each.
Target: the app within 1.5x of ffplay.

    .venv/bin/python tests/perf/bench_ui_playing_cpu.py [SECONDS]
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import soundserver  # noqa: E402

PROGRAM = REPO / "programs" / "taster-en"
SESSION = "arriving"
RUNS = 3
TARGET = 1.5


def pulse_pid() -> int | None:
    return soundserver.server_pid()


def ensure_pulse() -> None:
    """The paced null sink (ENVIRONMENT.md), started here when it is not there."""
    why_not = soundserver.ensure()
    if why_not is not None:
        raise SystemExit(why_not)


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb on a free display number, once its socket is there."""
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X{n}-lock").exists())
    proc = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.05)
    return proc, f":{number}"


def cpu_of(pid: int | None) -> float:
    if pid is None:
        return 0.0
    import psutil

    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def run_ffplay(wav: Path, seconds: float) -> tuple[float, float]:
    """(ffplay CPU, sound server CPU) per audio second."""
    import psutil

    server = pulse_pid()
    before = cpu_of(server)
    proc = psutil.Popen(
        ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet", "-t", str(seconds), str(wav)],
        stdin=subprocess.DEVNULL,
    )
    used = 0.0
    while proc.poll() is None:
        try:
            t = proc.cpu_times()
            used = t.user + t.system + t.children_user + t.children_system
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    return used / seconds, (cpu_of(server) - before) / seconds


def run_app(seconds: float, env: dict[str, str]) -> tuple[float, float]:
    """(app CPU, sound server CPU) per audio second, measured inside the app while it plays."""
    server = pulse_pid()
    before = cpu_of(server)
    out = subprocess.run(
        [sys.executable, "-X", "faulthandler", __file__, "--app", str(seconds)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"the app failed ({out.returncode}):\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["view"] != "player" or not result["visible"]:
        raise SystemExit(f"the Player view was not on screen: {result}")
    return result["cpu"] / result["audio"], (cpu_of(server) - before) / result["audio"]


def app_mode(seconds: float) -> None:
    """Inside the app's process: start the session, show the Player, measure while it plays."""
    from PySide6.QtCore import QTimer

    from vallei_player.core.store import Settings
    from vallei_player.ui.app import build, make_application

    app = make_application([])
    settings = Settings.load()
    settings.change("welcome_done", True)
    settings.change("active_program", "org.vallei.taster-en")
    context, window = build(settings)
    window.show()
    playback = window.playback
    mark: dict[str, float] = {}

    def started() -> None:
        snap = playback.player.snapshot() if playback.player is not None else None
        if snap is None or snap.state != "playing" or snap.listened < 48_000:  # past 1 s
            QTimer.singleShot(100, started)
            return
        mark["cpu"], mark["heard"] = time.process_time(), snap.listened / snap.rate
        QTimer.singleShot(int(seconds * 1000), finished)

    def finished() -> None:
        snap = playback.player.snapshot()
        cpu = time.process_time() - mark["cpu"]
        audio = snap.listened / snap.rate - mark["heard"]
        print(
            json.dumps(
                {
                    "cpu": cpu,
                    "audio": audio,
                    "view": window.current_view(),
                    "visible": window.view("player").wave.isVisible(),
                }
            )
        )
        window.quit()

    def begin() -> None:
        if context.program is None or not context.journal_open:
            QTimer.singleShot(100, begin)
            return
        window.start_session(SESSION)
        QTimer.singleShot(100, started)

    QTimer.singleShot(0, begin)
    app.exec()


def main() -> int:
    if "--app" in sys.argv:
        app_mode(float(sys.argv[-1]))
        return 0
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    if shutil.which("ffplay") is None:
        print("ffplay is not installed (apt-get install ffmpeg): no reference to compare with")
        return 2
    ensure_pulse()
    xvfb = None
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    if not env.get("DISPLAY"):
        xvfb, env["DISPLAY"] = start_xvfb()
    env["VALLEI_PLAYER_HOME"] = tempfile.mkdtemp(prefix="vallei-cpu-")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="vallei-pycache-")
    try:
        wav = Path(env["VALLEI_PLAYER_HOME"]) / "session.wav"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "vallei_player",
                "render",
                str(PROGRAM),
                "--session",
                SESSION,
                "-o",
                str(wav),
            ],
            env=env,
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        ff = [run_ffplay(wav, seconds) for _ in range(RUNS)]
        ours = [run_app(seconds, env) for _ in range(RUNS)]
    finally:
        if xvfb is not None:
            xvfb.terminate()
        soundserver.stop()
    ff_cpu, ff_server = statistics.median(c for c, _ in ff), statistics.median(s for _, s in ff)
    app_cpu, app_server = (
        statistics.median(c for c, _ in ours),
        statistics.median(s for _, s in ours),
    )
    ratio = app_cpu / ff_cpu
    per_s = "ms CPU per audio second"
    print(f"ffplay        : {ff_cpu * 1000:.1f} {per_s} (+ {ff_server * 1000:.1f} ms sound server)")
    print(
        f"vallei-player : {app_cpu * 1000:.1f} {per_s} (+ {app_server * 1000:.1f} ms sound server),"
        " Player view on screen"
    )
    verdict = "OK" if ratio <= TARGET else "OVER"
    print(
        f"ratio         : {ratio:.2f}x, target <= {TARGET}x: {verdict} "
        f"(medians of {RUNS}, {seconds:g} s of audio each)"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
