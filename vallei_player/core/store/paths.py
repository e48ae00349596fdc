"""Where the user's data lives: one folder, `VALLEI_PLAYER_HOME` or the platform's data folder.

Everything private (library, journal, settings, caches, backups) sits under this one folder
so that "delete all my data" and a portable install are one folder each.
"""

from __future__ import annotations

import os
from pathlib import Path

from ...i18n import _
from ..problems import UserError, os_reason

ENV_HOME = "VALLEI_PLAYER_HOME"


class DataFolderError(UserError, OSError):
    """The data folder is not a folder or cannot be created (an OSError too, for old callers)."""


def data_dir() -> Path:
    """The user's data folder, created on first use with owner-only permissions.

    Raises DataFolderError when that is impossible (VALLEI_PLAYER_HOME names a file, the
    parent is read-only...), saying which folder and how to choose another.
    """
    override = os.environ.get(ENV_HOME)
    path = data_location()
    if path.is_dir():
        return path
    how = (
        _("set {env} to a folder you can write to")
        if override
        else _("make sure it can be created, or set {env} to a folder you can write to")
    ).format(env=ENV_HOME)
    not_a_folder = _("The data folder {path} is not a folder; {how}.")
    if path.exists() or path.is_symlink():
        raise DataFolderError(not_a_folder.format(path=path, how=how))
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        raise DataFolderError(not_a_folder.format(path=path, how=how)) from None
    except OSError as e:
        raise DataFolderError(
            _("The data folder {path} cannot be created ({reason}); {how}.").format(
                path=path, reason=os_reason(e), how=how
            )
        ) from None
    return path


def data_location() -> Path:
    """Where the data folder is (or would be), without creating it."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("vallei-player", appauthor=False))


OWN_FOLDERS = ("library", "cache", "backups", "staging", "logs")
OWN_FILES = ("journal.sqlite3", "settings.json")


def is_own_data(path: Path) -> bool:
    """Whether `path` (existing or not, links resolved) is one of the app's own files: the
    journal (and its -wal/-shm), the settings, or anything in the library, caches or backups.
    Other files in the data folder (a portable install's reports) are the user's own."""
    try:
        target = Path(path).resolve()
        home = data_location().resolve()
        inside = target.relative_to(home)
    except (ValueError, OSError, RuntimeError):
        return False
    first = inside.parts[0] if inside.parts else ""
    return first in OWN_FOLDERS or any(first.startswith(name) for name in OWN_FILES)


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
    if path.is_dir():
        return path
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        if path.is_dir():  # made by another process just now
            return path
        raise DataFolderError(
            _(
                "{path} is in the way: the data folder needs a folder of that name; move it aside."
            ).format(path=path)
        ) from None
    except OSError as e:
        raise DataFolderError(
            _(
                "The folder {path} cannot be created ({reason}); check that the data folder "
                "{folder} can be written, or set {env} to one that can."
            ).format(path=path, reason=os_reason(e), folder=path.parent, env=ENV_HOME)
        ) from None
    return path
