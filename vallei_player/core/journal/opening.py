"""Opening the journal for a command-line run, asking for the passphrase only when needed."""

from __future__ import annotations

import os
import sys

from ...i18n import _
from ..store import paths
from .crypto import FileKind, file_kind
from .errors import JournalLocked
from .journal import Journal

ENV_PASSPHRASE = "VALLEI_PLAYER_PASSPHRASE"
ENV_NEW_PASSPHRASE = "VALLEI_PLAYER_NEW_PASSPHRASE"


def has_passphrase() -> bool:
    """Whether the default journal is encrypted (read from its first bytes, without a key)."""
    from .switch import finish_interrupted

    path = paths.journal_path()
    finish_interrupted(path, paths.backups_dir())  # a switch killed half-way decides it
    return file_kind(path) is FileKind.ENCRYPTED


def open_for_cli() -> Journal:
    """The default journal; if it is encrypted, the passphrase comes from the environment
    (`VALLEI_PLAYER_PASSPHRASE`) or a hidden prompt on a terminal."""
    path = paths.journal_path()
    passphrase = None
    if file_kind(path) is FileKind.ENCRYPTED:
        passphrase = os.environ.get(ENV_PASSPHRASE) or _ask()
    return Journal.open(path, passphrase)


def _ask() -> str:
    if not sys.stdin.isatty():
        raise JournalLocked(
            _(
                "The journal is protected by a passphrase. Set VALLEI_PLAYER_PASSPHRASE, or "
                "run the command in a terminal to be asked for it."
            )
        )
    import getpass

    return getpass.getpass(_("Journal passphrase: "))
