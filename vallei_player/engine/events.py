"""What the player tells its owner: `Player.snapshot()` and `Player.drain_events()`.

Both are plain values, made by the caller's thread or the mixing thread, never by the audio
callback; the GUI polls them on its own timer and turns them into Qt signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlayerState = Literal["idle", "preparing", "playing", "paused", "finished", "stopped"]


@dataclass(frozen=True)
class PlayerSnapshot:
    state: PlayerState
    position: int  # session sample the listener has reached
    phase_index: int  # -1 when no session is open
    length: int  # session length in samples
    rate: int
    listened: int  # samples actually handed to the device
    message: str | None  # why the player is paused or stopped, for the user
    voice_volume: float = 1.0
    bed_volume: float = 1.0

    @property
    def position_s(self) -> float:
        return self.position / self.rate

    @property
    def length_s(self) -> float:
        return self.length / self.rate

    @property
    def listened_s(self) -> float:
        return self.listened / self.rate


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
