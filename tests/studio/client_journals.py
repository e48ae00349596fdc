"""Two clients' JSON reports made as clients make them: the test programme imported, sessions
practised (levels given, time per phase kept, scale answers), then `vallei-player export
--format json`. Each client has a home of their own (VALLEI_PLAYER_HOME)."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from locations import DATA

from vallei_player.cli import main
from vallei_player.core.journal import Journal
from vallei_player.core.packs import library

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs

# (session, completed, minutes heard, seconds heard per phase, levels (position s, level), body)
Practice = tuple[str, bool, float, dict[int, float], list[tuple[float, int]], int]

ANNA: list[Practice] = [
    ("s1", True, 3.0, {0: 1.0, 1: 2.0}, [(0.5, 3), (2.0, 6)], 4),
    ("s2", False, 1.0, {0: 1.0, 1: 0.0}, [(0.8, 7)], 6),
]
BRAM: list[Practice] = [("s1", True, 3.0, {0: 1.0, 1: 2.0}, [(1.5, 2)], 8)]


def make_report(
    folder: Path, client: str, practice: list[Practice], now: datetime, every_days: int = 1
) -> Path:
    """`folder/<client>.json`, written by the real export from a journal of `practice`."""
    old_home = os.environ.get("VALLEI_PLAYER_HOME")
    os.environ["VALLEI_PLAYER_HOME"] = str(folder / f"home-{client}")
    try:
        source = folder / f"programme-{client}"
        for rel, data in hostile_packs.program_files("1.0.0").items():
            (source / rel).parent.mkdir(parents=True, exist_ok=True)
            (source / rel).write_bytes(data)
        assert main(["import", str(source)]) == 0
        program = library.load("org.example.test")
        body = next(p for p in program.session("s1").reflection if p.id == "body")
        with Journal.open() as journal:
            for k, (session, completed, minutes, times, levels, answer) in enumerate(practice):
                start = now - timedelta(days=every_days * (len(practice) - k), hours=2)
                a = journal.start_attempt(program.id, program.version, session, start)
                for position, level in levels:
                    journal.record_level(
                        a, at_s=position, phase=0, level=level, position_s=position
                    )
                journal.save_phase_times(a, times)
                journal.finish_attempt(
                    a, completed=completed, reason="finished" if completed else "stopped",
                    ended=start + timedelta(minutes=minutes), listened_s=minutes * 60,
                    phases_completed=2 if completed else 1, pauses=0, skips=0,
                )  # fmt: skip
                journal.save_answer(a, body, answer, final=True)
        out = folder / f"{client}.json"
        assert main(["export", "--format", "json", "-o", str(out)]) == 0
        return out
    finally:
        if old_home is None:
            os.environ.pop("VALLEI_PLAYER_HOME", None)
        else:
            os.environ["VALLEI_PLAYER_HOME"] = old_home


def two_reports(folder: Path) -> tuple[Path, Path]:
    now = datetime.now(UTC)
    folder.mkdir(parents=True, exist_ok=True)
    return make_report(folder, "anna", ANNA, now), make_report(folder, "bram", BRAM, now)
