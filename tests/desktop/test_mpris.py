"""Media controls (issue 15 item 7): the app is an MPRIS2 player on the session bus.

Another process (gdbus, as a media-key daemon or the GNOME/KDE controls would) calls the
methods and reads the properties on a private bus daemon; a listener on the same bus
collects every PropertiesChanged the app sends.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from bushelp import gvariant_to_python

PATH = "/org/mpris/MediaPlayer2"
ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"


class Listener:
    """Every PropertiesChanged on the bus, as `gdbus monitor` prints it (another process):
    (interface, changed, invalidated-as-printed)."""

    def __init__(self, address: str, service: str) -> None:
        self.proc = subprocess.Popen(
            ["gdbus", "monitor", "--address", address, "--dest", service],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def seen(self) -> list[tuple[str, dict[str, Any], str]]:
        found = []
        for line in list(self.lines):
            head, _, body = line.partition("org.freedesktop.DBus.Properties.PropertiesChanged ")
            if body and head.startswith(PATH):
                interface, rest = body.strip()[2:].split("', ", 1)
                values, _, invalidated = rest.rpartition(", ")
                found.append((interface, gvariant_to_python(values), invalidated.rstrip(")")))
        return found

    def last(self, key: str) -> Any:
        for _, values, _ in reversed(self.seen):
            if key in values:
                return values[key]
        raise AssertionError(f"no PropertiesChanged for {key}: {self.seen}")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=5)


@pytest.fixture
def player(make_app: Any, connection: Any, private_bus: Any, qtbot: Any) -> Iterator[Any]:
    from vallei_player.ui.mpris import MediaControls

    def make(discreet: bool = False) -> tuple[Any, Any, str, Listener]:
        app = make_app(tray=False)
        app.context.set_setting("discreet_mode", discreet)
        qtbot.waitUntil(lambda: app.context.program is not None, timeout=5000)
        controls = MediaControls(app.context, app.window, connection)
        app.window.media_controls = controls
        assert controls.registered
        service = next(n for n in private_bus.names() if n.startswith(ROOT + "."))
        listener = Listener(private_bus.address, service)
        listeners.append(listener)
        qtbot.wait(300)  # the monitor is subscribed
        return app, controls, service, listener

    listeners: list[Listener] = []
    yield make
    for listener in listeners:
        listener.close()


def _playing(app: Any, qtbot: Any) -> Any:
    app.window.start_session("w1-1")
    playback = app.window.playback
    qtbot.waitUntil(lambda: playback.state == "playing", timeout=5000)
    app.play_frames(4800)
    return playback


def test_the_player_is_found_by_its_bus_name_and_names_itself(
    player: Any, private_bus: Any
) -> None:
    _, _, service, _ = player()
    assert service == f"org.mpris.MediaPlayer2.vallei_player.instance{os.getpid()}"
    assert private_bus.get(service, PATH, ROOT, "Identity") == "Vallei Player"
    assert private_bus.get(service, PATH, ROOT, "DesktopEntry") == "vallei-player"
    assert private_bus.get(service, PATH, ROOT, "CanRaise") is True
    assert private_bus.get(service, PATH, PLAYER, "PlaybackStatus") == "Stopped"
    for name in ("CanGoNext", "CanGoPrevious", "CanPlay", "CanPause", "CanSeek"):
        assert private_bus.get(service, PATH, PLAYER, name) is False, name
    assert private_bus.get(service, PATH, PLAYER, "CanControl") is True
    metadata = private_bus.get(service, PATH, PLAYER, "Metadata")
    assert metadata == {"mpris:trackid": "/org/mpris/MediaPlayer2/TrackList/NoTrack"}


def test_methods_drive_the_session_and_every_change_is_announced(
    player: Any, private_bus: Any, qtbot: Any
) -> None:
    app, _, service, listener = player()
    playback = _playing(app, qtbot)
    qtbot.waitUntil(lambda: any(v.get("PlaybackStatus") == "Playing" for _, v, _ in listener.seen))
    assert all(invalidated == "@as []" for *_, invalidated in listener.seen), listener.seen
    assert private_bus.get(service, PATH, PLAYER, "PlaybackStatus") == "Playing"
    metadata = private_bus.get(service, PATH, PLAYER, "Metadata")
    assert metadata["xesam:title"] == "Arriving"  # the first phase's own title
    assert metadata["xesam:album"] == "First steps"  # the session
    assert metadata["xesam:artist"] == ["Tiny course"]
    assert metadata["mpris:length"] == 8_000_000  # 2 + 3 + 2 + 1 s, in microseconds
    assert private_bus.get(service, PATH, PLAYER, "Position") == 100_000  # 4800 of 48 000
    for name in ("CanGoNext", "CanGoPrevious", "CanPause"):
        assert private_bus.get(service, PATH, PLAYER, name) is True, name
    assert private_bus.get(service, PATH, PLAYER, "CanPlay") is False

    private_bus.call(service, PATH, PLAYER + ".Next")
    playback.poll()
    assert playback.player.snapshot().phase_index == 1
    qtbot.waitUntil(lambda: listener.last("Metadata")["xesam:title"] == "Arousal")
    assert private_bus.get(service, PATH, PLAYER, "Metadata")["xesam:title"] == "Arousal"

    private_bus.call(service, PATH, PLAYER + ".Previous")  # within 3 s: the phase before
    playback.poll()
    assert playback.player.snapshot().phase_index == 0
    qtbot.waitUntil(lambda: listener.last("Metadata")["xesam:title"] == "Arriving")

    private_bus.call(service, PATH, PLAYER + ".PlayPause")
    playback.poll()
    assert playback.state == "paused"
    qtbot.waitUntil(lambda: listener.last("PlaybackStatus") == "Paused")
    assert listener.last("CanPlay") is True and listener.last("CanPause") is False
    assert private_bus.get(service, PATH, PLAYER, "PlaybackStatus") == "Paused"

    private_bus.call(service, PATH, PLAYER + ".Play")
    playback.poll()
    assert playback.state == "playing"
    qtbot.waitUntil(lambda: listener.last("PlaybackStatus") == "Playing")

    private_bus.call(service, PATH, PLAYER + ".Pause")
    playback.poll()
    assert playback.state == "paused"
    qtbot.waitUntil(lambda: listener.last("PlaybackStatus") == "Paused")
    private_bus.call(service, PATH, PLAYER + ".PlayPause")
    playback.poll()
    assert playback.state == "playing"

    private_bus.call(service, PATH, PLAYER + ".Stop")
    playback.poll()
    assert playback.state == "stopped"
    qtbot.waitUntil(lambda: listener.last("PlaybackStatus") == "Stopped")
    assert listener.last("CanGoNext") is False
    assert listener.last("Metadata") == {
        "mpris:trackid": "/org/mpris/MediaPlayer2/TrackList/NoTrack"
    }
    assert private_bus.get(service, PATH, PLAYER, "Position") == 0


def test_play_never_starts_a_session_by_itself(player: Any, private_bus: Any, qtbot: Any) -> None:
    app, _, service, _ = player()
    private_bus.call(service, PATH, PLAYER + ".Play")
    private_bus.call(service, PATH, PLAYER + ".PlayPause")
    qtbot.wait(50)
    assert app.window.playback.state == "idle"


def test_discreet_mode_names_neither_the_app_nor_what_plays(
    player: Any, private_bus: Any, qtbot: Any
) -> None:
    app, _, service, listener = player(discreet=True)
    assert "vallei" not in service.lower()
    assert private_bus.get(service, PATH, ROOT, "Identity") == "Audio"
    assert private_bus.get(service, PATH, ROOT, "DesktopEntry") == ""
    _playing(app, qtbot)
    qtbot.waitUntil(lambda: any("Metadata" in v for _, v, _ in listener.seen))
    metadata = private_bus.get(service, PATH, PLAYER, "Metadata")
    assert metadata["xesam:title"] == "Audio"
    assert not {"xesam:album", "xesam:artist"} & set(metadata)
    sent = repr([values for _, values, _ in listener.seen])
    for revealing in ("Arriving", "First steps", "Tiny course", "Vallei"):
        assert revealing not in sent

    # Switched off while it plays: the controls see the neutral player go and the named one
    # appear (they follow the bus names), with the real titles.
    app.context.set_setting("discreet_mode", False)
    named = f"org.mpris.MediaPlayer2.vallei_player.instance{os.getpid()}"
    names = private_bus.names()
    assert named in names and service not in names
    assert private_bus.get(named, PATH, ROOT, "Identity") == "Vallei Player"
    assert private_bus.get(named, PATH, PLAYER, "Metadata")["xesam:title"] == "Arriving"


def test_raise_brings_the_hidden_window_back(player: Any, private_bus: Any, qtbot: Any) -> None:
    app, _, service, _ = player()
    app.window.hide()
    private_bus.call(service, PATH, ROOT + ".Raise")
    qtbot.waitUntil(app.window.isVisible)
