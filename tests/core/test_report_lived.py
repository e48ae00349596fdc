"""The lived wave in the coach's report: JSON per session (planned phases with the seconds
heard, levels in order), CSV with one charting row per level."""

from __future__ import annotations

import csv
import io
from datetime import date

from test_report import (
    NOW,
    _report,
    journal,  # noqa: F401  (the fixture)
)

from vallei_player.core.journal import Journal
from vallei_player.core.practice.report import CSV_COLUMNS, gather_report, to_csv


def _with_levels(j: Journal) -> None:
    first = j.attempts()[0].id
    j.record_level(first, at_s=30.0, phase=0, level=3, position_s=30.0)
    j.record_level(first, at_s=95.5, phase=1, level=6, position_s=95.5)
    j.save_phase_times(first, {0: 60.0, 1: 300.0})


def test_json_sessions_carry_the_planned_phases_and_the_levels(journal: Journal) -> None:  # noqa: F811
    _with_levels(journal)
    [program] = _report(journal)["programs"]  # type: ignore[index]
    first, second, _third = program["sessions"]
    assert first["levels"] == [
        {"at_s": 30.0, "phase": 0, "level": 3, "position_s": 30.0},
        {"at_s": 95.5, "phase": 1, "level": 6, "position_s": 95.5},
    ]
    assert second["levels"] == []
    phases = first["phases"]
    assert [p["index"] for p in phases] == list(range(len(phases)))
    assert {"title", "kind", "level", "start_s", "planned_s", "listened_s"} <= set(phases[0])
    assert [p["listened_s"] for p in phases[:2]] == [60.0, 300.0]
    assert all(p["listened_s"] == 0.0 for p in phases[2:])  # never heard: skipped
    assert phases[1]["start_s"] == phases[0]["start_s"] + phases[0]["planned_s"]
    assert all(p["listened_s"] is None for p in second["phases"])  # not kept for it


def test_csv_gives_each_level_a_row_a_spreadsheet_can_chart(journal: Journal) -> None:  # noqa: F811
    _with_levels(journal)
    report = gather_report(
        journal, program_id="org.example.test", since=None, until=date(2026, 3, 20),
        include_text=True, language="en", now=NOW,
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    levels = [r for r in rows if r["row"] == "level"]
    assert [(r["level_at_minutes"], r["level_phase"], r["level"]) for r in levels] == [
        ("0.5", "1", "3"),
        ("1.59", "2", "6"),
    ]
    assert {r["date"] for r in levels} == {"2026-03-02"}
    assert all(r["question_id"] == "" for r in levels)
    answers = [r for r in rows if r["row"] == "answer"]
    assert answers and all(r["level"] == "" for r in answers)
    assert tuple(rows[0]) == CSV_COLUMNS
