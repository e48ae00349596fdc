"""Benchmark: open a journal holding ten years of thrice-weekly practice and compute every figure.

Target: under 100 ms for open (with its integrity check) + the whole log with reflections +
the plan + week figures + consistency + reminders. Printed next to a reference measured in
the same run on the same file: a bare stdlib `sqlite3` connect + SELECT count(*).

    .venv/bin/python tests/perf/bench_journal.py
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "core")]

from test_journal_support import PROMPTS, make_program  # noqa: E402

from vallei_player.core.journal import Journal  # noqa: E402
from vallei_player.core.practice import PracticeSchedule, consistency, plan, reminders, week_figures  # noqa: E402

YEARS = 10
NOW = datetime(2035, 3, 7, 12, tzinfo=UTC)
START = date(2025, 3, 3)
REFLECTION = "Ik merkte dat mijn adem rustiger werd na de tweede golf; mijn schouders ontspanden."


def build(path: Path) -> int:
    program = make_program(36)
    with Journal.open(path, clock=lambda: NOW) as j:
        j.record_install(program.id, program.version, program.title)
        j.set_schedule(
            program.id, PracticeSchedule(("mon", "wed", "fri"), "20:00", "Europe/Amsterdam", START)
        )
        count = 0
        with j._db:  # one transaction for the fixture; the app commits each write
            day = START
            while day < NOW.date():
                if day.weekday() in (0, 2, 4) and (day.toordinal() % 11):  # a few misses
                    started = datetime(day.year, day.month, day.day, 19, 2, tzinfo=UTC)
                    session = program.sessions[count % len(program.sessions)]
                    aid = j.start_attempt(program.id, program.version, session.id, started)
                    j.save_answer(aid, PROMPTS[0], f"{REFLECTION} ({count})", final=True)
                    j.save_answer(aid, PROMPTS[1], count % 11, final=True)
                    done = count % 7 != 0
                    j.finish_attempt(
                        aid,
                        completed=done,
                        reason="finished" if done else "stopped",
                        ended=started + timedelta(minutes=25),
                        listened_s=1500.0 if done else 600,
                        phases_completed=4 if done else 1,
                        pauses=count % 3,
                        skips=0,
                    )
                    count += 1
                day += timedelta(days=1)
    return count


def figures_run(path: Path) -> float:
    program = make_program(36)
    began = time.perf_counter()
    with Journal.open(path, clock=lambda: NOW) as j:
        schedule = j.schedule(program.id)
        assert schedule is not None
        attempts = j.attempts(program.id)
        plan(program, schedule, attempts, NOW, weeks=4)
        weeks = week_figures(program, schedule, attempts, NOW)
        consistency(program, schedule, attempts, NOW)
        reminders(program, schedule, attempts, NOW)
    elapsed = time.perf_counter() - began
    assert len(weeks) > 500 and len(attempts) > 1300
    return elapsed


def reference_run(path: Path) -> float:
    began = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("SELECT count(*) FROM attempts").fetchone()
    db.close()
    return time.perf_counter() - began


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["VALLEI_PLAYER_HOME"] = home
        path = Path(home) / "journal.sqlite3"
        count = build(path)
        ours = [figures_run(path) for _ in range(7)]
        ref = [reference_run(path) for _ in range(7)]
        ms, ref_ms = statistics.median(ours) * 1000, statistics.median(ref) * 1000
        print(f"journal: {count} attempts over {YEARS} years, {path.stat().st_size // 1024} KiB")
        print(
            f"open + log + plan + week figures + consistency + reminders: {ms:.1f} ms "
            f"(median of 7; target < 100 ms) {'OK' if ms < 100 else 'TOO SLOW'}"
        )
        print(f"reference, bare sqlite3 connect + SELECT count(*):          {ref_ms:.2f} ms")


if __name__ == "__main__":
    main()
