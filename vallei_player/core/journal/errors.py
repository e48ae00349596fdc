"""What can go wrong when opening the journal, as messages a participant can act on."""

from __future__ import annotations

from pathlib import Path

from ..problems import UserError


class JournalError(UserError):
    """The journal cannot be used right now; the message says why and what to do."""


class JournalLocked(JournalError):
    """The journal is protected by a passphrase that was not given, or not the right one.

    Nothing was read or changed: the file is exactly as it was.
    """


class JournalCorrupt(JournalError):
    """The journal file is damaged. It has been kept aside (renamed), never overwritten.

    `aside` is where the damaged file now is; opening the journal again starts a new, empty
    one (or the participant restores a backup from `backups`).
    """

    def __init__(self, message: str, aside: Path, backups: tuple[Path, ...] = ()) -> None:
        super().__init__(message)
        self.aside = aside
        self.backups = backups
