"""The journal's tables and the `PRAGMA user_version` ladder that brings any older file up to date.

Each step runs in one transaction together with the new user_version, so a power cut leaves
the file at the old version or the new one, never between. A new journal climbs the whole
ladder; an existing one is backed up (`VACUUM INTO`, see backups.py) before it climbs.

Version 1 was the first release's schema: programs, attempts with listened time and a
completed flag, and bare answers. Version 2 adds what crash-safe recording and the planner
need: program versions, the practice schedule, per-attempt checkpoints, pauses, skips,
phases completed and why it stopped, answer drafts with their prompt text, and free notes.
Version 3 adds the lived wave: levels given while listening and the time heard per phase
(lived.py).
"""

from __future__ import annotations

from collections.abc import Callable

import apsw

from .lived import V3

V1 = """
CREATE TABLE programs (
    id TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    title TEXT NOT NULL,
    installed TEXT NOT NULL
);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    program_id TEXT NOT NULL REFERENCES programs(id),
    session_id TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT,
    listened_s REAL NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE answers (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    prompt_id TEXT NOT NULL,
    value,
    PRIMARY KEY (attempt_id, prompt_id)
);
CREATE INDEX attempts_by_program ON attempts(program_id, started);
"""

V2 = """
ALTER TABLE programs ADD COLUMN removed TEXT;
CREATE TABLE program_versions (
    program_id TEXT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    installed TEXT NOT NULL,
    PRIMARY KEY (program_id, version)
);
INSERT INTO program_versions (program_id, version, installed)
    SELECT id, version, installed FROM programs;
CREATE TABLE schedules (
    program_id TEXT PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
    days TEXT NOT NULL,
    time TEXT NOT NULL,
    timezone TEXT NOT NULL,
    start TEXT,
    updated TEXT NOT NULL
);
ALTER TABLE attempts ADD COLUMN program_version TEXT NOT NULL DEFAULT '';
UPDATE attempts SET program_version =
    (SELECT version FROM programs WHERE programs.id = attempts.program_id);
ALTER TABLE attempts ADD COLUMN saved TEXT;
UPDATE attempts SET saved = coalesce(ended, started);
ALTER TABLE attempts ADD COLUMN phases_completed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN pauses INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN skips INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN reason TEXT NOT NULL DEFAULT 'interrupted';
UPDATE attempts SET reason = CASE
    WHEN completed THEN 'finished' WHEN ended IS NULL THEN 'interrupted' ELSE 'stopped' END;
ALTER TABLE answers ADD COLUMN ask TEXT NOT NULL DEFAULT '';
ALTER TABLE answers ADD COLUMN type TEXT NOT NULL DEFAULT 'text';
ALTER TABLE answers ADD COLUMN final INTEGER NOT NULL DEFAULT 1;
ALTER TABLE answers ADD COLUMN updated TEXT NOT NULL DEFAULT '';
UPDATE answers SET updated =
    (SELECT coalesce(ended, started) FROM attempts WHERE attempts.id = answers.attempt_id);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    written TEXT NOT NULL,
    updated TEXT NOT NULL,
    program_id TEXT REFERENCES programs(id) ON DELETE SET NULL,
    attempt_id INTEGER REFERENCES attempts(id) ON DELETE SET NULL,
    text TEXT NOT NULL
);
CREATE INDEX attempts_by_start ON attempts(started);
"""

STEPS: tuple[str, ...] = (V1, V2, V3)
CURRENT = len(STEPS)


def version(db: apsw.Connection) -> int:
    row = db.execute("PRAGMA user_version").fetchone()
    return int(row[0]) if row else 0


def migrate(
    db: apsw.Connection,
    target: int = CURRENT,
    before_step: Callable[[int], None] | None = None,
) -> int:
    """Climb from the file's version to `target`, one transaction per step; returns the old version.

    `before_step(from_version)` runs before the first step on a journal that already has data
    (the backup hook); a brand-new file has nothing to lose, so it gets no backup.
    """
    start = version(db)
    if start > CURRENT:
        raise ValueError(f"the journal was written by a newer version (schema {start})")
    if start < target and start > 0 and before_step is not None:
        before_step(start)
    for step in range(start, target):
        with db:
            db.execute(STEPS[step])
            db.execute(f"PRAGMA user_version = {step + 1}")
    return start
