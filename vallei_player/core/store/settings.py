"""The app's settings: one typed structure declaring each setting once, kept in settings.json.

`SettingValues` is the declaration: each field is one setting with its type (the
annotation), default, bounds or choices and translatable title (`declared(...)`), and a
value that breaks its declaration cannot be made (`__post_init__` checks). Code reads
`settings.values.discreet_mode` (a bool, known to mypy) and changes one with
`settings.change("discreet_mode", True)`, which checks it.

The practice schedule (days, time) belongs to the journal, not here: it is part of the
participant's course. A settings file that cannot be used, whatever is in it (any depth,
size or encoding), is moved aside (never silently discarded) and the defaults are used;
`Settings.load` says so in `notice`.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ...i18n import N_, _
from ..problems import os_reason
from . import paths
from .atomic import atomic_write_text

# A settings file is a few hundred bytes; anything far larger is not ours and is not read
# whole into memory (a hostile or runaway file must not exhaust it).
MAX_FILE_BYTES = 64 * 1024
# Device names and programme ids are short; a longer text is not a value we wrote.
MAX_TEXT_LENGTH = 1000


@dataclass(frozen=True)
class Setting:
    """What the declaration says about one setting."""

    key: str
    type: type
    default: object
    title: str  # English source text marked N_(); shown translated with _()
    choices: tuple[object, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def check(self, value: object) -> object:
        """The value if it is valid for this setting (an int where a float is declared
        becomes a float), else raise ValueError."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and self.type is not bool:
            raise ValueError(f"{self.key}: expected {self.type.__name__}")
        if not isinstance(value, self.type):
            raise ValueError(f"{self.key}: expected {self.type.__name__}")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{self.key}: not a finite number")
        if isinstance(value, str):
            if len(value) > MAX_TEXT_LENGTH:
                raise ValueError(f"{self.key}: too long")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate from a "\udXXX" escape
                raise ValueError(f"{self.key}: not text") from None
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.key}: must be one of {', '.join(map(str, self.choices))}")
        if isinstance(value, int | float) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"{self.key}: at least {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"{self.key}: at most {self.maximum}")
        return value


def declared(
    default: Any,
    title: str,
    *,
    choices: tuple[object, ...] = (),
    minimum: float | None = None,
    maximum: float | None = None,
) -> Any:
    """A field of `SettingValues`: its default and what `Setting` adds to the annotation."""
    spec = {"title": title, "choices": choices, "minimum": minimum, "maximum": maximum}
    return field(default=default, metadata={"setting": spec})


@dataclass(frozen=True)
class SettingValues:
    """Every setting of the app, once: type, default, bounds and title."""

    language: str = declared("system", N_("Language"), choices=("system", "en", "nl"))
    discreet_mode: bool = declared(False, N_("Discreet mode"))
    reminders: bool = declared(True, N_("Remind me at practice time"))
    remind_minutes_before: int = declared(
        0, N_("Remind me this many minutes before"), minimum=0, maximum=120
    )
    keep_in_tray: bool = declared(
        True, N_("Keep running in the system tray when the window is closed")
    )
    audio_device: str = declared("", N_("Sound output device"))
    voice_volume: float = declared(1.0, N_("Voice volume"), minimum=0.0, maximum=1.0)
    bed_volume: float = declared(1.0, N_("Background volume"), minimum=0.0, maximum=1.0)
    lock_after_minutes: int = declared(
        0, N_("Lock after this many idle minutes (0: never)"), minimum=0, maximum=240
    )
    active_program: str = declared("", N_("Active program"))
    welcome_done: bool = declared(False, N_("Welcome shown"))
    # Asked on the Welcome screen with no answer chosen beforehand: "" until answered.
    remind_when_closed: str = declared(
        "", N_("Remind me even when the window is closed"), choices=("", "yes", "no")
    )
    # The start (ISO, with its offset) of the last practice slot a reminder was shown for.
    reminded_slot: str = declared("", N_("Last practice time reminded of"))

    def __post_init__(self) -> None:
        for setting in SETTINGS:
            checked = setting.check(getattr(self, setting.key))
            object.__setattr__(self, setting.key, checked)  # 1 -> 1.0 where a float is declared

    @classmethod
    def from_stored(cls, stored: dict[str, object]) -> SettingValues:
        """The stored values that fit their declaration; defaults for the rest and for
        unknown keys (a file written by a newer or older version, or edited by hand)."""
        usable: dict[str, object] = {}
        for key, value in stored.items():
            setting = _BY_KEY.get(key)
            if setting is None:
                continue
            try:
                usable[key] = setting.check(value)
            except ValueError:
                continue
        return cls(**usable)  # type: ignore[arg-type]  # each value checked just above


def _declared_settings() -> tuple[Setting, ...]:
    found = []
    for f in fields(SettingValues):
        spec = f.metadata["setting"]
        kind = {"str": str, "bool": bool, "int": int, "float": float}[str(f.type)]
        assert f.default is not MISSING
        found.append(Setting(f.name, kind, f.default, **spec))
    return tuple(found)


SETTINGS: tuple[Setting, ...] = _declared_settings()
_BY_KEY = {s.key: s for s in SETTINGS}


def setting(key: str) -> Setting:
    """The declaration of one setting (KeyError for a key that is not declared)."""
    return _BY_KEY[key]


class Settings:
    """The participant's settings as stored in `path`, and what to tell them about the file."""

    def __init__(self, values: SettingValues | None = None, path: Path | None = None) -> None:
        self.values = values or SettingValues()
        self.path = path
        self.notice: str | None = None  # set when the stored file was unusable

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or paths.settings_path()
        try:
            with path.open("rb") as f:
                raw = f.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return cls(path=path)
        except OSError as e:  # a folder of that name, no permission...: defaults, file untouched
            settings = cls(path=path)
            settings.notice = _(
                "The settings file {path} cannot be read ({reason}); the default settings are used."
            ).format(path=path, reason=os_reason(e))
            return settings
        stored = _parse(raw)
        if stored is None:
            return cls._unreadable(path)
        return cls(SettingValues.from_stored(stored), path=path)

    @classmethod
    def _unreadable(cls, path: Path) -> Settings:
        """Keep a damaged file aside (never discard it) and use the defaults."""
        settings = cls(path=path)
        aside = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(aside)
        except OSError:  # a read-only data folder: leave it where it is
            settings.notice = _(
                "The settings file {path} could not be read; the default settings are used."
            ).format(path=path)
            return settings
        settings.notice = _(
            "The settings file could not be read and was kept aside as {name}; "
            "the default settings are used."
        ).format(name=aside.name)
        return settings

    def change(self, key: str, value: object) -> None:
        """Set one setting by its key (the UI's widgets are made per key); KeyError for an
        undeclared key, ValueError for a value outside its declaration."""
        checked = setting(key).check(value)
        self.values = replace(self.values, **{key: checked})  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        return {s.key: getattr(self.values, s.key) for s in SETTINGS}

    def save(self) -> None:
        path = self.path or paths.settings_path()
        atomic_write_text(path, json.dumps(self.as_dict(), indent=2, sort_keys=True) + "\n")


def _parse(raw: bytes) -> dict[str, object] | None:
    """The JSON object in a settings file, or None when it is not one we can use: too large,
    not UTF-8, not JSON, nested too deep for the parser, or not an object."""
    if len(raw) > MAX_FILE_BYTES:
        return None
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # a BOM from a Windows editor is fine
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: 100,000 nested "[" exhaust the parser's stack; still just a bad file.
        return None
    if not isinstance(data, dict):
        return None
    return data
