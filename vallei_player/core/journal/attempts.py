"""Attempts and reflection answers: the SQL behind the practice log.

An attempt row is written the moment a session starts, with reason "interrupted" and no end,
and is brought up to date at every checkpoint. A crash therefore leaves exactly what the log
should show: an incomplete attempt, interrupted, with the listened time of its last
checkpoint. Answers are upserted on every edit as drafts (`final` = 0) until submitted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import apsw

from ..program import Prompt
from .lived import levels_by_attempt, phase_times_by_attempt
from .records import (
    REASON_INTERRUPTED,
    Answer,
    AnswerValue,
    Attempt,
    from_text,
    maybe_time,
    to_text,
)

_COLUMNS = (
    "id, program_id, program_version, session_id, started, ended, listened_s, "
    "phases_completed, pauses, skips, completed, reason, saved"
)


def ensure_program(db: apsw.Connection, program_id: str, version: str, at: datetime) -> None:
    """Attempts may come before an install record (a program played straight from a folder)."""
    db.execute(
        "INSERT OR IGNORE INTO programs (id, version, title, installed) VALUES (?, ?, '', ?)",
        (program_id, version, to_text(at)),
    )


def start(
    db: apsw.Connection, program_id: str, program_version: str, session_id: str, started: datetime
) -> int:
    with db:
        ensure_program(db, program_id, program_version, started)
        db.execute(
            "INSERT INTO attempts (program_id, program_version, session_id, started, saved, "
            "listened_s, completed, reason) VALUES (?, ?, ?, ?, ?, 0, 0, ?)",
            (
                program_id,
                program_version,
                session_id,
                to_text(started),
                to_text(started),
                REASON_INTERRUPTED,
            ),
        )
        attempt_id = int(db.last_insert_rowid())
    return attempt_id


def checkpoint(
    db: apsw.Connection,
    attempt_id: int,
    listened_s: float,
    phases_completed: int,
    pauses: int,
    skips: int,
    at: datetime,
) -> None:
    db.execute(
        "UPDATE attempts SET listened_s = ?, phases_completed = ?, pauses = ?, skips = ?, "
        "saved = ? WHERE id = ? AND ended IS NULL",
        (float(listened_s), phases_completed, pauses, skips, to_text(at), attempt_id),
    )
    _require(db, attempt_id)


def finish(
    db: apsw.Connection,
    attempt_id: int,
    completed: bool,
    reason: str,
    ended: datetime,
    listened_s: float,
    phases_completed: int,
    pauses: int,
    skips: int,
) -> None:
    db.execute(
        "UPDATE attempts SET ended = ?, saved = ?, completed = ?, reason = ?, listened_s = ?, "
        "phases_completed = ?, pauses = ?, skips = ? WHERE id = ?",
        (
            to_text(ended),
            to_text(ended),
            int(completed),
            reason,
            float(listened_s),
            phases_completed,
            pauses,
            skips,
            attempt_id,
        ),
    )
    _require(db, attempt_id)


def save_answer(
    db: apsw.Connection,
    attempt_id: int,
    prompt: Prompt,
    value: AnswerValue,
    final: bool,
    at: datetime,
) -> None:
    if value is not None and not isinstance(value, (str, int)):
        raise TypeError("an answer is text, a whole number or None")
    db.execute(
        "INSERT INTO answers (attempt_id, prompt_id, value, ask, type, final, updated) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id, prompt_id) DO UPDATE SET "
        "value = excluded.value, ask = excluded.ask, type = excluded.type, "
        "final = excluded.final, updated = excluded.updated",
        (attempt_id, prompt.id, value, prompt.ask, prompt.type, int(final), to_text(at)),
    )


def load(
    db: apsw.Connection,
    program_id: str | None = None,
    since: date | None = None,
    attempt_id: int | None = None,
) -> list[Attempt]:
    where: list[str] = []
    params: list[str | int] = []
    if program_id is not None:
        where.append("program_id = ?")
        params.append(program_id)
    if since is not None:
        # `since` is a date on the participant's calendar: from local midnight.
        midnight = datetime(since.year, since.month, since.day).astimezone()
        where.append("started >= ?")
        params.append(to_text(midnight))
    if attempt_id is not None:
        where.append("id = ?")
        params.append(attempt_id)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    answers = _answers(db, clause, params)
    levels = levels_by_attempt(db, clause, params)
    times = phase_times_by_attempt(db, clause, params)
    rows = db.execute(f"SELECT {_COLUMNS} FROM attempts{clause} ORDER BY started, id", params)
    return [
        replace(
            _attempt(row, answers.get(row[0], ())),
            levels=tuple(levels.get(row[0], ())),
            phase_listened=tuple(times.get(row[0], ())),
        )
        for row in rows
    ]


def _answers(db: apsw.Connection, clause: str, params: list[str | int]) -> dict[int, list[Answer]]:
    by_attempt: dict[int, list[Answer]] = defaultdict(list)
    rows = db.execute(
        "SELECT attempt_id, prompt_id, ask, type, value, final, updated FROM answers "
        f"WHERE attempt_id IN (SELECT id FROM attempts{clause}) ORDER BY attempt_id, rowid",
        params,
    )
    for attempt_id, prompt_id, ask, kind, value, final, updated in rows:
        by_attempt[attempt_id].append(
            Answer(prompt_id, ask, kind, value, bool(final), from_text(updated))
        )
    return by_attempt


def _attempt(row: Any, answers: list[Answer] | tuple[Answer, ...]) -> Attempt:
    (
        id_,
        program_id,
        version,
        session_id,
        started,
        ended,
        listened,
        phases,
        pauses,
        skips,
        completed,
        reason,
        saved,
    ) = row
    return Attempt(
        id=id_,
        program_id=program_id,
        program_version=version,
        session_id=session_id,
        started=from_text(started),
        ended=maybe_time(ended),
        listened_s=float(listened),
        phases_completed=phases,
        pauses=pauses,
        skips=skips,
        completed=bool(completed),
        reason=reason,
        answers=tuple(answers),
        saved=maybe_time(saved),
    )


def _require(db: apsw.Connection, attempt_id: int) -> None:
    if db.changes() == 0:
        raise KeyError(f"no open attempt {attempt_id}")
