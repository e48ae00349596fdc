"""The sound outputs this computer offers, for the app's Settings (no Qt here).

`output_devices()` lists each output once by name, with PortAudio's index and whether it is
the system's default output. It never raises: without PortAudio (the library missing or
failing to start) or without any output, the list is simply empty and the app offers only
"System default". The list is read afresh each time (portaudio.py), so a headset plugged in
or a sound system started after the app is there; that takes a moment, so callers run it off
the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import portaudio


@dataclass(frozen=True)
class OutputDevice:
    name: str
    index: int  # PortAudio's device index (valid until the device list changes)
    is_default: bool


def output_devices() -> list[OutputDevice]:
    """The sound outputs, each name once (the first host API that offers it), default marked."""
    try:
        with portaudio.fresh() as sd:
            devices: Iterable[Mapping[str, Any]] = sd.query_devices()
            default = _default_output(sd.default.device)
    except (OSError, ImportError):  # PortAudio is not installed, or cannot be loaded
        return []
    except Exception:  # PortAudio failed to start or to scan: no list, the default still plays
        return []
    return outputs_from(devices, default)


def outputs_from(devices: Iterable[Mapping[str, Any]], default: int | None) -> list[OutputDevice]:
    """The outputs among PortAudio's device records (kept apart so it can be tested alone)."""
    found: list[OutputDevice] = []
    names: set[str] = set()
    for index, device in enumerate(devices):
        name = str(device.get("name", "")).strip()
        if int(device.get("max_output_channels", 0) or 0) <= 0 or not name or name in names:
            continue
        names.add(name)
        found.append(OutputDevice(name, int(device.get("index", index)), index == default))
    return found


def _default_output(setting: Any) -> int | None:
    """sounddevice's default.device is an (input, output) pair, -1 or None when unset."""
    try:
        output = setting[1]
    except (TypeError, IndexError, KeyError):
        output = setting
    return int(output) if isinstance(output, int) and output >= 0 else None
