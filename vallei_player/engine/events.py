"""What the player tells its owner, drained by polling `Player.drain_events()`.

Events are plain values, created by the caller's thread or the mixing thread, never by the
audio callback; the GUI turns them into Qt signals on its own timer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhaseEntered:
    index: int


@dataclass(frozen=True)
class Paused:
    pass


@dataclass(frozen=True)
class Resumed:
    pass


@dataclass(frozen=True)
class Skipped:
    """A jump by next/previous phase or seek; `to_index` is the phase count past the last phase."""

    from_index: int
    to_index: int


@dataclass(frozen=True)
class Finished:
    pass


@dataclass(frozen=True)
class Stopped:
    pass


@dataclass(frozen=True)
class DeviceError:
    message: str


PlayerEvent = PhaseEntered | Paused | Resumed | Skipped | Finished | Stopped | DeviceError
