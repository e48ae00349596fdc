"""Where the user's data lives: one folder, `VALLEI_PLAYER_HOME` or the platform's data folder.

Everything private (library, journal, settings, caches, backups) sits under this one folder
so that "delete all my data" and a portable install are one folder each.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "VALLEI_PLAYER_HOME"


def data_dir() -> Path:
    """The user's data folder, created on first use with owner-only permissions."""
    override = os.environ.get(ENV_HOME)
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("vallei-player", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def library_dir() -> Path:
    return _sub("library")


def cache_dir() -> Path:
    return _sub("cache")


def backups_dir() -> Path:
    return _sub("backups")


def staging_dir() -> Path:
    return _sub("staging")


def journal_path() -> Path:
    return data_dir() / "journal.sqlite3"


def settings_path() -> Path:
    return data_dir() / "settings.json"


def _sub(name: str) -> Path:
    path = data_dir() / name
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
