"""Media controls: the app as an MPRIS2 player on the session D-Bus.

Media keys, headset buttons and the GNOME/KDE media controls find players by the bus name
`org.mpris.MediaPlayer2.*` and talk to `/org/mpris/MediaPlayer2` through two interfaces:
`org.mpris.MediaPlayer2` (who the player is, Raise, Quit) and `org.mpris.MediaPlayer2.Player`
(PlayPause, Next, ..., PlaybackStatus, Metadata, CanGoNext, ...). What those answer is
computed from the Playback each time it is asked, so it cannot drift from the player's
state; every change is announced with `PropertiesChanged`, which is how those controls keep
their buttons and titles current (Qt does not send it for adaptors by itself).

In discreet mode the desktop must not learn what is playing: Identity is the neutral name,
no desktop entry is named, the bus name is a generic one and the title is neutral.

D-Bus here is local inter-process communication through the session bus's Unix socket
(tests/test_no_network.py allows QtDBus by name for that reason).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Property, QObject, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection, QDBusObjectPath

from . import identity
from .context import AppContext
from .desktop_bus import dbus_interface, properties_changed
from .i18n import tr
from .wave import KIND_NAMES, PHASE

OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT_INTERFACE = "org.mpris.MediaPlayer2"
PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
TRACK_PATH = "/org/valleiplayer/phase/{index}"
STATUS = {"playing": "Playing", "paused": "Paused"}  # everything else is "Stopped"


def bus_name(discreet: bool) -> str:
    """One name per running app (a second user's app on the same bus is another player)."""
    name = identity.NEUTRAL_ID if discreet else "vallei_player"
    return f"org.mpris.MediaPlayer2.{name}.instance{os.getpid()}"


@dbus_interface(ROOT_INTERFACE)
class RootAdaptor(QDBusAbstractAdaptor):
    """org.mpris.MediaPlayer2: the player's name, and bringing the window forward."""

    def __init__(self, owner: MediaControls) -> None:
        super().__init__(owner)
        self.owner = owner

    def _identity(self) -> str:
        return identity.display_name(self.owner.discreet)

    def _desktop_entry(self) -> str:
        return "" if self.owner.discreet else identity.APP_ID

    def _true(self) -> bool:
        return True

    def _false(self) -> bool:
        return False

    def _none(self) -> list[str]:
        return []

    Identity = Property(str, _identity)
    DesktopEntry = Property(str, _desktop_entry)
    CanQuit = Property(bool, _true)
    CanRaise = Property(bool, _true)
    HasTrackList = Property(bool, _false)
    # Qt type names where D-Bus needs the exact type (`as`, `x`, `a{sv}`); the stubs want a type.
    SupportedUriSchemes = Property("QStringList", _none)  # type: ignore[arg-type]
    SupportedMimeTypes = Property("QStringList", _none)  # type: ignore[arg-type]

    @Slot()
    def Raise(self) -> None:
        self.owner.window.bring_back()

    @Slot()
    def Quit(self) -> None:
        self.owner.window.quit()


@dbus_interface(PLAYER_INTERFACE)
class PlayerAdaptor(QDBusAbstractAdaptor):
    """org.mpris.MediaPlayer2.Player: the transport, on the app's one Playback."""

    def __init__(self, owner: MediaControls) -> None:
        super().__init__(owner)
        self.owner = owner

    # -- methods ----------------------------------------------------------------------------
    @Slot()
    def Next(self) -> None:
        self.owner.playback.next_phase()

    @Slot()
    def Previous(self) -> None:
        self.owner.playback.previous_phase()

    @Slot()
    def Pause(self) -> None:
        self.owner.playback.pause()

    @Slot()
    def PlayPause(self) -> None:
        self.owner.playback.toggle()

    @Slot()
    def Stop(self) -> None:
        self.owner.playback.stop()

    @Slot()
    def Play(self) -> None:
        # Only a paused session resumes: a headset button never starts a session on its own.
        if self.owner.playback.state == "paused":
            self.owner.playback.toggle()

    @Slot("qlonglong")
    def Seek(self, offset: int) -> None:
        pass

    @Slot(QDBusObjectPath, "qlonglong")
    def SetPosition(self, track: QDBusObjectPath, position: int) -> None:
        pass

    @Slot(str)
    def OpenUri(self, uri: str) -> None:
        pass

    # -- properties -------------------------------------------------------------------------
    def _status(self) -> str:
        return self.owner.values()["PlaybackStatus"]  # type: ignore[no-any-return]

    def _metadata(self) -> dict[str, Any]:
        return self.owner.values()["Metadata"]  # type: ignore[no-any-return]

    def _position(self) -> int:
        return self.owner.position_us()

    def _volume(self) -> float:
        return float(self.owner.context.settings.values.voice_volume)

    def _set_volume(self, value: float) -> None:
        self.owner.playback.set_voice_volume(min(1.0, max(0.0, float(value))))

    def _rate(self) -> float:
        return 1.0

    def _can(self, name: str) -> bool:
        return bool(self.owner.values()[name])

    def _can_go_next(self) -> bool:
        return self._can("CanGoNext")

    def _can_go_previous(self) -> bool:
        return self._can("CanGoPrevious")

    def _can_play(self) -> bool:
        return self._can("CanPlay")

    def _can_pause(self) -> bool:
        return self._can("CanPause")

    def _false(self) -> bool:
        return False

    def _true(self) -> bool:
        return True

    PlaybackStatus = Property(str, _status)
    Metadata = Property("QVariantMap", _metadata)  # type: ignore[arg-type]
    Position = Property("qlonglong", _position)  # type: ignore[arg-type]
    Volume = Property(float, _volume, _set_volume)
    Rate = Property(float, _rate)
    MinimumRate = Property(float, _rate)
    MaximumRate = Property(float, _rate)
    CanGoNext = Property(bool, _can_go_next)
    CanGoPrevious = Property(bool, _can_go_previous)
    CanPlay = Property(bool, _can_play)
    CanPause = Property(bool, _can_pause)
    CanSeek = Property(bool, _false)
    CanControl = Property(bool, _true)


class MediaControls(QObject):
    """Registers the MPRIS player and announces every change of what it reports."""

    def __init__(
        self, context: AppContext, window: Any, connection: QDBusConnection | None = None
    ) -> None:
        super().__init__()
        self.context = context
        self.window = window
        self.playback = window.playback
        self.bus = connection if connection is not None else QDBusConnection.sessionBus()
        self.root = RootAdaptor(self)
        self.player = PlayerAdaptor(self)
        self._phase_index = 0
        self._name = ""
        self._announced: dict[str, dict[str, Any]] = {}
        self.registered = self.bus.isConnected() and self.bus.registerObject(OBJECT_PATH, self)
        if not self.registered:
            return  # no session bus (a bare machine, a test offscreen): no media controls
        self._claim_name()
        self._announced = {ROOT_INTERFACE: self.root_values(), PLAYER_INTERFACE: self.values()}
        self.playback.state_changed.connect(lambda _: self.announce())
        self.playback.opened.connect(self._opened)
        self.playback.phase_changed.connect(self._phase_entered)
        context.language_changed.connect(self.announce)
        context.settings_changed.connect(self._setting_changed)

    @property
    def discreet(self) -> bool:
        return bool(self.context.settings.values.discreet_mode)

    def _claim_name(self) -> None:
        wanted = bus_name(self.discreet)
        if wanted == self._name:
            return
        if self._name:
            self.bus.unregisterService(self._name)
        self._name = wanted if self.bus.registerService(wanted) else ""

    def close(self) -> None:
        if self.registered:
            if self._name:
                self.bus.unregisterService(self._name)
            self.bus.unregisterObject(OBJECT_PATH)
            self.registered = False

    # -- what the player reports ------------------------------------------------------------
    def root_values(self) -> dict[str, Any]:
        return {"Identity": self.root._identity(), "DesktopEntry": self.root._desktop_entry()}

    def values(self) -> dict[str, Any]:
        """The Player properties that change, as the controls should see them now."""
        state = self.playback.state
        active = self.playback.active
        return {
            "PlaybackStatus": STATUS.get(state, "Stopped"),
            "Metadata": self.metadata(),
            "Volume": float(self.context.settings.values.voice_volume),
            "CanGoNext": active and state != "preparing",
            "CanGoPrevious": active and state != "preparing",
            "CanPlay": state == "paused",
            "CanPause": state == "playing",
        }

    def metadata(self) -> dict[str, Any]:
        timeline = self.playback.timeline
        if not self.playback.active or timeline is None or not timeline.phases:
            return {"mpris:trackid": QDBusObjectPath(NO_TRACK)}
        index = min(self._phase_index, len(timeline.phases) - 1)
        data: dict[str, Any] = {
            "mpris:trackid": QDBusObjectPath(TRACK_PATH.format(index=index)),
            # Microseconds. PySide6 sends a Python int below 2**31 as a 32-bit integer, not
            # the spec's int64; the controls read either as a number.
            "mpris:length": timeline.length * 1_000_000 // timeline.rate,
        }
        if self.discreet:
            data["xesam:title"] = tr("Audio")
            return data
        phase = timeline.phases[index].phase
        session = self.playback.session
        program = self.playback.program
        data["xesam:title"] = phase.title or tr(KIND_NAMES.get(phase.kind, PHASE))
        data["xesam:album"] = session.title if session is not None else ""
        data["xesam:artist"] = [program.title] if program is not None else []
        return data

    def position_us(self) -> int:
        player = self.playback.player
        if player is None or not self.playback.active:
            return 0
        snap = player.snapshot()
        return int(snap.position) * 1_000_000 // int(snap.rate)

    # -- announcing changes -----------------------------------------------------------------
    def _opened(self) -> None:
        self._phase_index = 0
        self.announce()

    def _phase_entered(self, index: int) -> None:
        self._phase_index = index
        self.announce()

    def _setting_changed(self, key: str) -> None:
        if key == "discreet_mode":
            self._claim_name()
        if key in ("discreet_mode", "voice_volume"):
            self.announce()

    def announce(self) -> None:
        """Sends PropertiesChanged for each interface whose reported values changed."""
        if not self.registered:
            return
        for interface, now in (
            (ROOT_INTERFACE, self.root_values()),
            (PLAYER_INTERFACE, self.values()),
        ):
            before = self._announced.get(interface, {})
            changed = {k: v for k, v in now.items() if _comparable(before.get(k)) != _comparable(v)}
            self._announced[interface] = now
            if changed:
                self.bus.send(properties_changed(OBJECT_PATH, interface, changed))


def _comparable(value: Any) -> Any:
    """Values as plain data (QDBusObjectPath compares by identity)."""
    if isinstance(value, QDBusObjectPath):
        return ("path", value.path())
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return value
