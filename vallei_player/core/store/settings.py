"""The app's settings, declared once with type, default and title, kept in settings.json.

The practice schedule (days, time) belongs to the journal, not here: it is part of the
participant's course. A settings file that cannot be read is moved aside (never silently
discarded) and the defaults are used; `Settings.load` reports that as a notice.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .atomic import atomic_write_text


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    title: str  # English source text; the UI translates it
    choices: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def check(self, value: Any) -> Any:
        """The value if it is valid for this setting, else raise ValueError."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.type is int and isinstance(value, bool):
            raise ValueError(f"{self.key}: expected a whole number")
        if not isinstance(value, self.type):
            raise ValueError(f"{self.key}: expected {self.type.__name__}")
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.key}: must be one of {', '.join(map(str, self.choices))}")
        if isinstance(value, int | float):
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"{self.key}: at least {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"{self.key}: at most {self.maximum}")
        return value


SETTINGS: tuple[Setting, ...] = (
    Setting("language", str, "system", "Language", choices=("system", "en", "nl")),
    Setting("discreet_mode", bool, False, "Discreet mode"),
    Setting("reminders", bool, True, "Remind me at practice time"),
    Setting(
        "remind_minutes_before",
        int,
        0,
        "Remind me this many minutes before",
        minimum=0,
        maximum=120,
    ),
    Setting(
        "keep_in_tray", bool, True, "Keep running in the system tray when the window is closed"
    ),
    Setting("audio_device", str, "", "Sound output device"),
    Setting("voice_volume", float, 1.0, "Voice volume", minimum=0.0, maximum=1.0),
    Setting("bed_volume", float, 1.0, "Background volume", minimum=0.0, maximum=1.0),
    Setting(
        "lock_after_minutes",
        int,
        0,
        "Lock after this many idle minutes (0: never)",
        minimum=0,
        maximum=240,
    ),
    Setting("active_program", str, "", "Active program"),
    Setting("welcome_done", bool, False, "Welcome shown"),
    # The start (ISO, with offset) of the last practice slot a reminder was shown for.
    Setting("reminded_slot", str, "", "Last practice time reminded of"),
)
_BY_KEY = {s.key: s for s in SETTINGS}


class Settings:
    """Values for every declared setting; unknown or invalid stored values fall back to defaults."""

    def __init__(self, values: dict[str, Any] | None = None, path: Path | None = None) -> None:
        self._values = {s.key: s.default for s in SETTINGS}
        self.path = path
        self.notice: str | None = None  # set when the stored file was unusable
        for key, value in (values or {}).items():
            setting = _BY_KEY.get(key)
            if setting is None:
                continue
            try:
                self._values[key] = setting.check(value)
            except ValueError:
                continue

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or paths.settings_path()
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path=path)
        except OSError as e:  # a folder of that name, no permission...: defaults, file untouched
            settings = cls(path=path)
            reason = (e.strerror or type(e).__name__).lower()
            settings.notice = (
                f"The settings file {path} cannot be read ({reason}); the default settings "
                "are used."
            )
            return settings
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError):
            return cls._unreadable(path)
        return cls(data, path=path)

    @classmethod
    def _unreadable(cls, path: Path) -> Settings:
        """Keep a damaged file aside (never discard it) and use the defaults."""
        settings = cls(path=path)
        aside = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(aside)
        except OSError:  # a read-only data folder: leave it where it is
            settings.notice = (
                f"The settings file {path} could not be read; the default settings are used."
            )
            return settings
        settings.notice = (
            f"The settings file could not be read and was kept aside as {aside.name}; "
            "the default settings are used."
        )
        return settings

    def get(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        setting = _BY_KEY.get(key)
        if setting is None:
            raise KeyError(key)
        self._values[key] = setting.check(value)

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def save(self) -> None:
        path = self.path or paths.settings_path()
        atomic_write_text(path, json.dumps(self._values, indent=2, sort_keys=True) + "\n")


def setting(key: str) -> Setting:
    return _BY_KEY[key]
