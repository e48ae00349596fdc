"""The Journal: the one owner of the journal's SQLite connection.

Everything private the participant produces goes through here: installed programs, the
practice schedule, every attempt with its checkpoints, reflection answers (drafts as typed)
and free notes. One thread owns a Journal: the CLI's main thread, or the app's dedicated
journal worker (Anki serialises its collection the same way). Using it from another thread
is a programming error and raises at once instead of interleaving writes.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import apsw

from ...i18n import _
from ..problems import describe_os_error
from ..program import Prompt, Weekday
from ..store import Clock, paths, utc_now
from . import attempts as attempt_sql
from . import backups, crypto, lived, storage, switch
from .connection import open_database
from .records import AnswerValue, Attempt, InstalledRecord, Note, from_text, maybe_time, to_text
from .schedule import PracticeSchedule


class Journal:
    def __init__(
        self, db: apsw.Connection, path: Path, encrypted: bool, clock: Clock, backups_dir: Path
    ) -> None:
        self._conn: apsw.Connection | None = db
        self._owner = threading.get_ident()
        self.path = path
        self.encrypted = encrypted
        self.clock = clock
        self.backups_dir = backups_dir
        self.backup_problem: str | None = None

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        passphrase: str | None = None,
        *,
        clock: Clock = utc_now,
        backups_dir: Path | None = None,
        rolling_backups: bool = True,
    ) -> Journal:
        """Open (or create) the journal. Raises JournalLocked or JournalCorrupt (UserErrors).

        A passphrase creates a new journal encrypted; an existing unencrypted journal opens
        as it is (`encrypted` stays False; `set_passphrase` encrypts it).
        """
        path = Path(path) if path is not None else paths.journal_path()
        folder = backups_dir or (
            paths.backups_dir() if path == paths.journal_path() else path.parent / "backups"
        )
        now = clock()
        db, encrypted = open_database(path, passphrase, folder, now)
        journal = cls(db, path, encrypted, clock, folder)
        if rolling_backups:
            journal._take_rolling_backups(now)
        return journal

    def _take_rolling_backups(self, now: datetime) -> None:
        try:
            backups.rolling(self._db, self.backups_dir, now.astimezone())
        except (OSError, apsw.Error) as e:
            # A full disk must not lock the participant out of their journal; the app
            # shows `backup_problem` instead.
            found = storage.problem(e, self.path)
            why = (
                str(found)
                if found is not None
                else (describe_os_error(e) if isinstance(e, OSError) else str(e))
            )
            self.backup_problem = _("The daily backup could not be written: {why}").format(why=why)

    @property
    def _db(self) -> apsw.Connection:
        if self._conn is None:
            raise RuntimeError("the journal is closed")
        if threading.get_ident() != self._owner:
            raise RuntimeError("the journal belongs to the thread that opened it")
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            # Fold the WAL back into the main file so a closed journal is one file.
            # Best effort: when it cannot be done (busy, a full disk) the WAL keeps everything
            # and the next open folds it in.
            with contextlib.suppress(apsw.Error):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            conn.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- programs ---------------------------------------------------------------------------
    def record_install(self, program_id: str, version: str, title: str) -> None:
        at = to_text(self.clock())
        with self._db as db:
            db.execute(
                "INSERT INTO programs (id, version, title, installed) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET version = excluded.version, "
                "title = excluded.title, installed = excluded.installed, removed = NULL",
                (program_id, version, title, at),
            )
            db.execute(
                "INSERT OR IGNORE INTO program_versions (program_id, version, installed) "
                "VALUES (?, ?, ?)",
                (program_id, version, at),
            )

    def record_removal(self, program_id: str) -> None:
        """The program left the library; its log, answers and schedule stay."""
        self._db.execute(
            "UPDATE programs SET removed = ? WHERE id = ?", (to_text(self.clock()), program_id)
        )

    def programs(self, include_removed: bool = False) -> list[InstalledRecord]:
        """Known programs, most recently installed first."""
        rows = self._db.execute(
            "SELECT id, version, title, installed, removed FROM programs "
            "ORDER BY installed DESC, id"
        )
        found = [InstalledRecord(r[0], r[1], r[2], from_text(r[3]), maybe_time(r[4])) for r in rows]
        return [p for p in found if include_removed or p.removed is None]

    def versions(self, program_id: str) -> list[tuple[str, datetime]]:
        rows = self._db.execute(
            "SELECT version, installed FROM program_versions WHERE program_id = ? "
            "ORDER BY installed",
            (program_id,),
        )
        return [(r[0], from_text(r[1])) for r in rows]

    # --- schedule ---------------------------------------------------------------------------
    def schedule(self, program_id: str) -> PracticeSchedule | None:
        row = self._db.execute(
            "SELECT days, time, timezone, start FROM schedules WHERE program_id = ?", (program_id,)
        ).fetchone()
        if row is None:
            return None
        days: tuple[Weekday, ...] = tuple(row[0].split(","))
        start = date.fromisoformat(row[3]) if row[3] else None
        return PracticeSchedule(days, row[1], row[2], start)

    def set_schedule(self, program_id: str, schedule: PracticeSchedule) -> None:
        now = self.clock()
        with self._db as db:
            attempt_sql.ensure_program(db, program_id, "0.0.0", now)
            db.execute(
                "INSERT INTO schedules (program_id, days, time, timezone, start, updated) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (program_id) DO UPDATE SET "
                "days = excluded.days, time = excluded.time, timezone = excluded.timezone, "
                "start = excluded.start, updated = excluded.updated",
                (
                    program_id,
                    ",".join(schedule.days),
                    schedule.time,
                    schedule.timezone,
                    schedule.start.isoformat() if schedule.start else None,
                    to_text(now),
                ),
            )

    # --- attempts and answers ----------------------------------------------------------------
    def start_attempt(
        self, program_id: str, program_version: str, session_id: str, started: datetime
    ) -> int:
        return attempt_sql.start(self._db, program_id, program_version, session_id, started)

    def checkpoint(
        self,
        attempt_id: int,
        *,
        listened_s: float,
        phases_completed: int,
        pauses: int,
        skips: int,
        at: datetime,
    ) -> None:
        attempt_sql.checkpoint(
            self._db, attempt_id, listened_s, phases_completed, pauses, skips, at
        )

    def finish_attempt(
        self,
        attempt_id: int,
        *,
        completed: bool,
        reason: str,
        ended: datetime,
        listened_s: float,
        phases_completed: int,
        pauses: int,
        skips: int,
    ) -> None:
        attempt_sql.finish(
            self._db,
            attempt_id,
            completed,
            reason,
            ended,
            listened_s,
            phases_completed,
            pauses,
            skips,
        )

    def attempts(self, program_id: str | None = None, since: date | None = None) -> list[Attempt]:
        """The practice log, oldest first, each attempt with its answers."""
        return attempt_sql.load(self._db, program_id, since)

    def attempt(self, attempt_id: int) -> Attempt:
        found = attempt_sql.load(self._db, attempt_id=attempt_id)
        if not found:
            raise KeyError(attempt_id)
        return found[0]

    def save_answer(
        self, attempt_id: int, prompt: Prompt, value: AnswerValue, final: bool = False
    ) -> None:
        """Save an answer as typed (a draft) or submitted (`final`); each call is durable."""
        attempt_sql.save_answer(self._db, attempt_id, prompt, value, final, self.clock())

    def record_level(
        self, attempt_id: int, *, at_s: float, phase: int, level: int, position_s: float
    ) -> None:
        """One lived level (0-10), written at once (lived.py)."""
        lived.record_level(self._db, attempt_id, at_s, phase, level, position_s, self.clock())

    def save_phase_times(self, attempt_id: int, times: Mapping[int, float]) -> None:
        """Seconds heard in each phase so far (phase index -> seconds)."""
        lived.save_phase_times(self._db, attempt_id, times)

    # --- notes (kept in every journal and its backups; written by older versions) ----------
    def add_note(
        self, text: str, program_id: str | None = None, attempt_id: int | None = None
    ) -> int:
        at = to_text(self.clock())
        self._db.execute(
            "INSERT INTO notes (written, updated, program_id, attempt_id, text) "
            "VALUES (?, ?, ?, ?, ?)",
            (at, at, program_id, attempt_id, text),
        )
        return int(self._db.last_insert_rowid())

    def notes(self, program_id: str | None = None) -> list[Note]:
        sql = "SELECT id, written, updated, text, program_id, attempt_id FROM notes"
        params: tuple[Any, ...] = ()
        if program_id is not None:
            sql, params = sql + " WHERE program_id = ?", (program_id,)
        rows = self._db.execute(sql + " ORDER BY written, id", params)
        return [Note(r[0], from_text(r[1]), from_text(r[2]), r[3], r[4], r[5]) for r in rows]

    # --- passphrase and backups --------------------------------------------------------------
    def set_passphrase(self, passphrase: str | None) -> None:
        """Encrypt under a new passphrase, change it, or (None / "") remove it.

        Crash-safe (switch.py): killed at any moment, the journal opens with the old or the
        new passphrase and holds everything. Backups made under the old key (or none) are
        deleted and a fresh one is taken under the new key, so no copy is left that the old
        passphrase, or no passphrase, opens. Afterwards this Journal is open on the new file.
        """
        new = crypto.normalise(passphrase) if passphrase else None
        if new is None and not self.encrypted:
            return  # nothing to remove
        switch.change_key(self._db, self.path, self.backups_dir, new)
        self._conn = None
        now = self.clock()
        self._conn, self.encrypted = open_database(self.path, new, self.backups_dir, now)
        self._take_rolling_backups(now)

    def backup_now(self, target: Path) -> Path:
        """A consistent copy (encrypted when the journal is) at `target`."""
        return backups.vacuum_into(self._db, target)


# Every public method tells a storage failure (full disk, read-only file, busy) in words.
for _name, _member in list(vars(Journal).items()):
    if inspect.isfunction(_member) and not _name.startswith("_"):
        setattr(Journal, _name, storage.explained(_member))
