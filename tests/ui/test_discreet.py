"""Discreet mode names and pictures nothing of the app (issue 12, major 2).

What a desktop shows of a window: its title (`_NET_WM_NAME`, to which Qt appends the
application's display name), its icon, its WM_CLASS and desktop-file id (by which taskbars
find the installed app's name and logo), and the tray. Checked in the app offscreen, and
on a real X server with xprop, for discreet mode on from the start and switched while the
app runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QGuiApplication, QIcon, QImage
from xdisplay import xvfb

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "vallei_player" / "ui" / "data"


def _image(icon: QIcon) -> QImage:
    return icon.pixmap(QSize(32, 32)).toImage()


def test_discreet_mode_switched_on_renames_everything_and_back(make_app: Any) -> None:
    app = make_app()
    app.context.set_setting("discreet_mode", True)
    assert QGuiApplication.applicationDisplayName() == "Audio"
    assert QGuiApplication.desktopFileName() == ""
    assert "vallei" not in QCoreApplication.applicationName().lower()
    assert app.window.windowTitle() == "Audio"
    neutral = _image(QIcon(str(DATA / "neutral.svg")))
    assert _image(app.window.windowIcon()) == neutral
    assert _image(QGuiApplication.windowIcon()) == neutral
    for name in ("journal", "library", "settings", "player"):
        app.window.show_view(name)
        assert app.window.windowTitle() == "Audio"
    app.context.set_setting("discreet_mode", False)
    assert QGuiApplication.applicationDisplayName() == "Vallei Player"
    assert QGuiApplication.desktopFileName() == "vallei-player"
    assert app.window.windowTitle() == "Player — Vallei Player"
    assert _image(app.window.windowIcon()) == _image(QIcon(str(DATA / "vallei-player.svg")))


def _xprop(window: int, display: str) -> str:
    out = subprocess.run(
        ["xprop", "-id", str(window)],
        capture_output=True,
        text=True,
        env=dict(os.environ, DISPLAY=display),
        timeout=10,
    )
    # The icon's pixels are numbers, not names; leave them out of what is searched.
    return "\n".join(line for line in out.stdout.splitlines() if not line.startswith("\t"))


@pytest.mark.xvfb
def test_on_a_real_x_server_no_window_names_the_app(tmp_path: Path) -> None:
    if shutil.which("xprop") is None:
        pytest.skip("xprop is not installed (apt-get install x11-utils)")
    with xvfb() as display:
        env = dict(os.environ, DISPLAY=display, VALLEI_PLAYER_HOME=str(tmp_path / "home"))
        env.pop("QT_QPA_PLATFORM", None)
        tray = None
        if shutil.which("trayer"):
            tray = subprocess.Popen(["trayer", "--edge", "top"], env=env, stderr=subprocess.DEVNULL)
        child = subprocess.Popen(
            [sys.executable, str(HERE / "discreet_driver.py"), "discreet"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdin is not None and child.stdout is not None
        try:
            steps = {}
            steps["started discreet"] = json.loads(child.stdout.readline())
            for command in ("off", "on"):
                child.stdin.write(command + "\n")
                child.stdin.flush()
                steps[f"switched {command}"] = json.loads(child.stdout.readline())
                if command == "off":
                    props = [_xprop(w, display) for w in steps["switched off"]["windows"]]
                    assert all('"vallei-player"' in p for p in props)  # back to the app's name
            for step in ("started discreet", "switched on"):
                for window in steps[step]["windows"]:
                    props = _xprop(window, display)
                    assert "_NET_WM_NAME" in props
                    assert "vallei" not in props.lower(), f"{step}:\n{props}"
            child.stdin.write("quit\n")
            child.stdin.flush()
            assert child.wait(20) == 0
        finally:
            if child.poll() is None:
                child.kill()
            if tray is not None:
                tray.terminate()
