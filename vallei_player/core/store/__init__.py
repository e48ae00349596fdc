"""The participant's data folder and how files in it change.

`paths` (one folder: `VALLEI_PLAYER_HOME` or the platform's), `atomic` (writes a reader
sees whole or not at all), `settings` (declared, typed settings in `settings.json`),
`erase` ("delete all my data"), `crashlog` (our own bugs, without user data),
`resources` (the bundled sounds and demo programmes) and `processes` (is a pid still running).
"""

from __future__ import annotations

from . import paths
from .atomic import (
    atomic_write_bytes,
    atomic_write_text,
    atomic_writer,
    check_output_file,
    fsync_dir,
)
from .clock import Clock, utc_now
from .crashlog import write_crash_log
from .erase import erase_all_data
from .paths import DataFolderError
from .processes import process_running
from .resources import builtin_ask_chime, builtin_bell, bundled_audio_dir, bundled_programs_dir
from .settings import SETTINGS, Setting, Settings, SettingValues, setting

__all__ = [
    "SETTINGS",
    "Clock",
    "DataFolderError",
    "Setting",
    "SettingValues",
    "Settings",
    "atomic_write_bytes",
    "atomic_write_text",
    "atomic_writer",
    "builtin_ask_chime",
    "builtin_bell",
    "bundled_audio_dir",
    "bundled_programs_dir",
    "check_output_file",
    "erase_all_data",
    "fsync_dir",
    "paths",
    "process_running",
    "setting",
    "utc_now",
    "write_crash_log",
]
