"""The Studio as a program on a real X server (Xvfb): `vallei-player studio FOLDER` opens,
the coach edits by keyboard only (Alt+T to the title, type, Enter, Ctrl+S, Ctrl+W), the
file is saved with the title (and the id made from it) changed, and the process ends with 0
and no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vallei_player.core.authoring import TemplateChoice, create_programme


def _free_display() -> int:
    # this project's own range first (the helpers' displays), then any free one
    for n in (*range(66, 70), *range(150, 250)):
        if not Path(f"/tmp/.X{n}-lock").exists():
            return n
    pytest.skip("no free X display number")


@pytest.fixture
def x_display() -> Iterator[str]:
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        pytest.skip("Xvfb and xdotool are needed (apt-get install xvfb xdotool)")
    number = _free_display()
    xvfb = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.05)
    else:
        xvfb.terminate()
        pytest.skip("Xvfb did not start")
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(5)


def _xdotool(display: str, *args: str) -> str:
    done = subprocess.run(
        ["xdotool", *args],
        env=dict(os.environ, DISPLAY=display),
        capture_output=True,
        text=True,
        timeout=20,
    )
    return done.stdout.strip()


@pytest.mark.xvfb
@pytest.mark.slow
def test_edit_by_keyboard_save_and_quit(x_display: str, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    create_programme(folder, TemplateChoice("single", "Evening"))
    before = (folder / "program.yaml").read_text(encoding="utf-8")
    env = dict(
        os.environ, DISPLAY=x_display, VALLEI_PLAYER_HOME=str(tmp_path / "home"), LANGUAGE="en"
    )
    env.pop("QT_QPA_PLATFORM", None)
    studio = subprocess.Popen(
        [sys.executable, "-m", "vallei_player", "studio", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        window = ""
        for _ in range(600):  # a loaded 2-core machine may take a while to start Qt
            window = _xdotool(x_display, "search", "--name", "Coach Studio")
            if window:
                break
            time.sleep(0.1)
        assert window, "the Studio window did not appear"
        wid = window.splitlines()[0]
        time.sleep(2.0)  # mapped is not yet drawn and taking keys on a loaded machine
        _xdotool(x_display, "windowfocus", "--sync", wid)
        time.sleep(0.5)
        for keys in (["alt+t"], ["ctrl+a"]):
            _xdotool(x_display, "key", "--window", wid, *keys)
            time.sleep(0.2)
        _xdotool(x_display, "type", "--window", wid, "--delay", "20", "Keyboard evening")
        for keys in ("Return", "ctrl+s", "ctrl+w"):
            time.sleep(0.6)
            _xdotool(x_display, "key", "--window", wid, keys)
        _out, err = studio.communicate(timeout=30)
    finally:
        if studio.poll() is None:
            studio.kill()
    assert studio.returncode == 0, err
    assert "Traceback" not in err
    after = (folder / "program.yaml").read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    # the title, and the id made from it (it was still the one made from the old title)
    assert changed == ["id: keyboard-evening", "title: Keyboard evening"]
