"""The lived wave: arousal levels given while listening, and the time heard in each phase.

Both live in the journal file like everything else the participant produces, so they are
encrypted with it, backed up with it and erased with it. A level is written the moment it is
given (one INSERT, no transaction of its own needed); the time per phase is brought up to
date at the recorder's checkpoints. Nothing here is ever written to a log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

import apsw

from .records import LivedLevel, to_text

LOWEST, HIGHEST = 0, 10

V3 = """
CREATE TABLE levels (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    at_s REAL NOT NULL,
    position_s REAL NOT NULL,
    phase INTEGER NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 10),
    given TEXT NOT NULL
);
CREATE INDEX levels_by_attempt ON levels(attempt_id);
CREATE TABLE phase_times (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    phase INTEGER NOT NULL,
    listened_s REAL NOT NULL,
    PRIMARY KEY (attempt_id, phase)
);
"""
"""Schema version 3: levels per attempt and listened seconds per phase (older files gain
two empty tables; nothing they hold changes)."""


def record_level(
    db: apsw.Connection,
    attempt_id: int,
    at_s: float,
    phase: int,
    level: int,
    position_s: float,
    given: datetime,
) -> None:
    if isinstance(level, bool) or not isinstance(level, int) or not LOWEST <= level <= HIGHEST:
        raise ValueError("a lived level is a whole number from 0 to 10")
    db.execute(
        "INSERT INTO levels (attempt_id, at_s, position_s, phase, level, given) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (attempt_id, float(at_s), float(position_s), int(phase), level, to_text(given)),
    )


def save_phase_times(db: apsw.Connection, attempt_id: int, times: Mapping[int, float]) -> None:
    with db:
        for phase, seconds in times.items():
            db.execute(
                "INSERT INTO phase_times (attempt_id, phase, listened_s) VALUES (?, ?, ?) "
                "ON CONFLICT (attempt_id, phase) DO UPDATE SET listened_s = excluded.listened_s",
                (attempt_id, int(phase), float(seconds)),
            )


def levels_by_attempt(
    db: apsw.Connection, clause: str, params: list[str | int]
) -> dict[int, list[LivedLevel]]:
    found: dict[int, list[LivedLevel]] = defaultdict(list)
    rows = db.execute(
        "SELECT attempt_id, at_s, phase, level, position_s FROM levels "
        f"WHERE attempt_id IN (SELECT id FROM attempts{clause}) ORDER BY attempt_id, rowid",
        params,
    )
    for attempt_id, at_s, phase, level, position_s in rows:
        found[attempt_id].append(LivedLevel(float(at_s), int(phase), int(level), float(position_s)))
    return found


def phase_times_by_attempt(
    db: apsw.Connection, clause: str, params: list[str | int]
) -> dict[int, list[tuple[int, float]]]:
    found: dict[int, list[tuple[int, float]]] = defaultdict(list)
    rows = db.execute(
        "SELECT attempt_id, phase, listened_s FROM phase_times "
        f"WHERE attempt_id IN (SELECT id FROM attempts{clause}) ORDER BY attempt_id, phase",
        params,
    )
    for attempt_id, phase, seconds in rows:
        found[attempt_id].append((int(phase), float(seconds)))
    return found
