"""Reminders with the window closed (issue 15 item 5): asked on Welcome with no answer chosen
beforehand and changeable in Settings; yes writes an XDG autostart entry that starts the app
in the tray only (`--background`), no removes it; closing the window then keeps the app."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from locations import REPO


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The user's ~/.config for this test only (the autostart folder is in it)."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    yield home


def _entry(config_home: Path) -> configparser.SectionProxy | None:
    path = config_home / "autostart" / "vallei-player.desktop"
    if not path.exists():
        return None
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_welcome_asks_without_an_answer_chosen_and_yes_installs_the_entry(
    make_app: Any, qtbot: Any, config_home: Path
) -> None:
    app = make_app(welcome_done=False)
    welcome = app.view("welcome")
    qtbot.waitUntil(welcome.begin.isEnabled, timeout=5000)
    assert welcome.closed_question.text() == "Remind me even when the window is closed?"
    assert not welcome.closed_yes.isChecked() and not welcome.closed_no.isChecked()
    welcome.closed_yes.click()
    welcome.begin.click()
    entry = _entry(config_home)
    assert entry is not None
    assert entry["Type"] == "Application"
    assert entry["Exec"].endswith(" --background")
    assert entry["Name"] == "Vallei Player"
    assert app.context.settings.values.remind_when_closed == "yes"


@pytest.mark.parametrize("answer", ["no", ""])
def test_welcome_answered_no_or_not_at_all_installs_nothing(
    make_app: Any, qtbot: Any, config_home: Path, answer: str
) -> None:
    app = make_app(welcome_done=False)
    welcome = app.view("welcome")
    qtbot.waitUntil(welcome.begin.isEnabled, timeout=5000)
    if answer == "no":
        welcome.closed_no.click()
    welcome.begin.click()
    assert _entry(config_home) is None
    assert app.context.settings.values.remind_when_closed == answer


def test_settings_turns_it_on_and_off(make_app: Any, config_home: Path) -> None:
    app = make_app()
    settings = app.view("settings")
    assert settings.when_closed.text() == "Remind me even when the window is closed"
    assert not settings.when_closed.isChecked()
    settings.when_closed.setChecked(True)
    assert _entry(config_home) is not None
    settings.when_closed.setChecked(False)
    assert _entry(config_home) is None
    assert not (config_home / "autostart" / "vallei-player.desktop").exists()


def test_in_discreet_mode_the_entry_names_no_app(make_app: Any, config_home: Path) -> None:
    app = make_app()
    app.context.set_setting("remind_when_closed", "yes")
    app.context.set_setting("discreet_mode", True)  # switched on later: the entry follows
    entry = _entry(config_home)
    assert entry is not None
    assert entry["Name"] == "Audio"
    assert "Icon" not in entry and "Comment" not in entry
    text = (config_home / "autostart" / "vallei-player.desktop").read_text("utf-8")
    assert "Vallei" not in text and "ractice" not in text


def test_the_entry_is_a_valid_desktop_file(make_app: Any, config_home: Path) -> None:
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.skip("desktop-file-validate is not installed (desktop-file-utils)")
    app = make_app()
    app.context.set_setting("remind_when_closed", "yes")
    path = config_home / "autostart" / "vallei-player.desktop"
    done = subprocess.run([validate, str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout


def test_an_entry_that_cannot_be_written_is_said_plainly(
    make_app: Any, config_home: Path, qtbot: Any
) -> None:
    config_home.mkdir()
    (config_home / "autostart").write_text("a file where the folder should be", "utf-8")
    app = make_app()
    with qtbot.waitSignal(app.context.problem) as said:
        app.context.set_setting("remind_when_closed", "yes")
    message = said.args[0]
    assert message.startswith("The app could not be set to start at login.")
    assert "Reminders still come while the app is open." in message
    assert "Traceback" not in message


def test_closing_the_window_keeps_the_app_in_the_tray(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda *a: None)
    app = make_app(tray=True)
    app.context.set_setting("keep_in_tray", False)
    app.context.set_setting("remind_when_closed", "yes")
    app.window.close()
    assert not app.window.isVisible()
    assert not app.window._quitting  # still running, its reminders too
    assert app.window.tray.timer.isActive()


def _visible_windows(display: str, name: str) -> list[str]:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name],
        env=dict(os.environ, DISPLAY=display), capture_output=True, text=True,
    )  # fmt: skip
    return found.stdout.split()


@pytest.mark.xvfb
def test_started_at_login_it_shows_no_window_until_asked(tmp_path: Path) -> None:
    """`--background` on a real X server with a tray: the tray icon, no window; opening the
    app from the menu (a second start) brings the window."""
    from xdisplay import xvfb

    for tool in ("trayer", "xdotool"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    with xvfb() as display:
        env = dict(os.environ, DISPLAY=display, VALLEI_PLAYER_HOME=str(tmp_path / "home"))
        env.pop("QT_QPA_PLATFORM", None)
        tray = subprocess.Popen(["trayer", "--edge", "top"], env=env, stderr=subprocess.DEVNULL)
        command = [sys.executable, "-m", "vallei_player"]
        app = subprocess.Popen([*command, "--background"], cwd=REPO, env=env)
        try:
            deadline = time.monotonic() + 20
            while not (tmp_path / "home" / "library").exists() and time.monotonic() < deadline:
                time.sleep(0.2)  # the journal and the demos: it is running
            time.sleep(1.5)
            assert app.poll() is None
            assert _visible_windows(display, "Vallei Player") == []
            subprocess.run([*command], cwd=REPO, env=env, timeout=30, check=True)
            deadline = time.monotonic() + 10
            while not _visible_windows(display, "Vallei Player") and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _visible_windows(display, "Vallei Player") != []
        finally:
            app.terminate()
            app.wait(20)
            tray.terminate()
            tray.wait(5)
