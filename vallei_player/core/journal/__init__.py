"""The practice journal: SQLite (apsw-sqlite3mc), one owner, WAL, migrations, encryption.

`Journal` is the API (journal.py); `open_for_cli` opens it for a command. Failures the
participant can act on are `UserError`s: `JournalLocked` (passphrase missing or wrong,
nothing changed) and `JournalCorrupt` (the damaged file was kept aside, never overwritten).
"""

from __future__ import annotations

from ..store import utc_now  # the one clock, handed out here for the journal's callers
from . import passphrases
from .errors import JournalCorrupt, JournalError, JournalLocked
from .journal import Journal
from .opening import ENV_NEW_PASSPHRASE, ENV_PASSPHRASE, has_passphrase, open_for_cli
from .records import Answer, AnswerValue, Attempt, InstalledRecord, LivedLevel, Note
from .schedule import PracticeSchedule, local_zone_name

__all__ = [
    "ENV_NEW_PASSPHRASE",
    "ENV_PASSPHRASE",
    "Answer",
    "AnswerValue",
    "Attempt",
    "InstalledRecord",
    "Journal",
    "JournalCorrupt",
    "JournalError",
    "JournalLocked",
    "LivedLevel",
    "Note",
    "PracticeSchedule",
    "has_passphrase",
    "local_zone_name",
    "open_for_cli",
    "passphrases",
    "utc_now",
]
