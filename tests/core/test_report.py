"""The coach report: weeks done against planned, each session with its answers, only what
the participant chose (period, program, free text), written atomically as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import stat
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from locations import DATA

from vallei_player.core.journal import Journal
from vallei_player.core.packs import library, write_pack
from vallei_player.core.practice import PracticeSchedule
from vallei_player.core.practice.report import (
    CSV_COLUMNS,
    build_program_report,
    gather_report,
    make_report,
    to_csv,
    to_json_dict,
    write_report,
)

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
SCHEDULE = PracticeSchedule(("mon", "wed", "fri"), "20:00", "Europe/Amsterdam", date(2026, 3, 2))


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    folder = tmp_path / "prog"
    for rel, data in hostile_packs.program_files().items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    library.install(write_pack(folder, tmp_path / "p.vallei"))
    program = library.load("org.example.test")
    j = Journal.open()
    j.set_schedule(program.id, SCHEDULE)
    prompts = {p.id: p for p in program.session("s1").reflection}
    # Mon 2 March (completed, answered), Wed 4 March (partial), Mon 9 March (completed)
    for day, session, done, minutes in (
        (2, "s1", True, 6.0),
        (4, "s2", False, 1.5),
        (9, "s1", True, 6.5),
    ):
        start = datetime(2026, 3, day, 19, 0, tzinfo=UTC)
        a = j.start_attempt(program.id, program.version, session, start)
        j.finish_attempt(
            a, completed=done, reason="finished" if done else "stopped",
            ended=start + timedelta(minutes=minutes), listened_s=minutes * 60,
            phases_completed=2 if done else 1, pauses=0, skips=0,
        )  # fmt: skip
        if session == "s1":
            j.save_answer(a, prompts["body"], 7, final=True)
            j.save_answer(a, prompts["mood"], "good", final=True)
            j.save_answer(a, prompts["block"], '=HYPERLINK("x")\nmy shoulders', final=True)
    yield j
    j.close()


def _report(journal: Journal, **kw: object) -> dict[str, object]:
    args = {"program_id": None, "since": None, "until": date(2026, 3, 20), "include_text": True,
            "language": "en", "now": NOW} | kw  # fmt: skip
    return to_json_dict(gather_report(journal, **args))  # type: ignore[arg-type]


def test_weeks_done_against_planned_and_minutes(journal: Journal) -> None:
    data = _report(journal)
    [program] = data["programs"]  # type: ignore[index]
    weeks = program["weeks"]
    # Both sessions were covered by Wednesday (half of s2 counts): the course was complete,
    # so Friday was not planned, and Monday's repeat of s1 is practice beyond the plan.
    assert [(w["week"], w["planned"], w["done"], w["extra"], w["minutes"]) for w in weeks] == [
        ("2026-W10", 2, 2, 0, 7.5),
        ("2026-W11", 0, 0, 1, 6.5),
    ]
    assert program["totals"] == {"planned": 2, "done": 2, "extra": 1, "minutes": 14.0}


def test_each_session_with_its_answers_in_local_time(journal: Journal) -> None:
    [program] = _report(journal)["programs"]  # type: ignore[index]
    first, second, third = program["sessions"]
    assert (first["date"], first["time"], first["session_title"]) == (
        "2026-03-02",
        "20:00",
        "First steps",
    )
    assert (first["status"], first["listened_minutes"], first["course_week"]) == (
        "completed",
        6.0,
        1,
    )
    assert second["status"] == "partial" and second["answers"] == []
    answers = {a["prompt_id"]: a for a in first["answers"]}
    assert answers["body"]["answer"] == 7
    assert answers["body"]["question"] == "How does your body feel?"
    assert answers["body"]["scale"] == "0 (tense) – 10 (relaxed)"
    assert answers["mood"]["answer"] == "good"
    assert answers["block"]["answer"].endswith("my shoulders")
    assert third["date"] == "2026-03-09"


def test_free_text_stays_out_unless_chosen(journal: Journal) -> None:
    data = _report(journal, include_text=False)
    assert data["includes_text"] is False
    text = json.dumps(data)
    assert "shoulders" not in text and "Where did you get stuck" not in text
    assert "How does your body feel?" in text


def test_period_limits_sessions_and_weeks(journal: Journal) -> None:
    data = _report(journal, since=date(2026, 3, 4), until=date(2026, 3, 8))
    assert data["period"] == {"from": "2026-03-04", "to": "2026-03-08"}
    [program] = data["programs"]  # type: ignore[index]
    assert [s["date"] for s in program["sessions"]] == ["2026-03-04"]
    assert [w["week"] for w in program["weeks"]] == ["2026-W10"]
    assert _report(journal, since=date(2026, 3, 15))["programs"] == []  # nothing practised


def test_csv_has_one_row_per_answer_and_defuses_formulas(journal: Journal, tmp_path: Path) -> None:
    report = gather_report(
        journal, program_id="org.example.test", since=None, until=date(2026, 3, 20),
        include_text=True, language="en", now=NOW,
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(to_csv(report))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = rows[1:]
    assert len(body) == 3 + 1 + 3  # two answered sessions with three answers, one without
    block = next(r for r in body if r[CSV_COLUMNS.index("question_id")] == "block")
    assert block[CSV_COLUMNS.index("answer")].startswith("'=HYPERLINK")
    out = tmp_path / "r.csv"
    write_report(report, out, "csv")
    assert out.read_bytes().decode("utf-8-sig") == to_csv(report)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.vallei", "prog", "r.csv"]


def test_other_programs_and_notes_never_leak_in(journal: Journal) -> None:
    start = datetime(2026, 3, 3, 19, 0, tzinfo=UTC)
    journal.start_attempt("org.example.other", "1.0.0", "x1", start)
    journal.add_note("a private note that is not for the coach")
    text = json.dumps(_report(journal))
    assert "org.example.other" not in text and "private note" not in text
    program = library.load("org.example.test")
    mine = build_program_report(
        program, SCHEDULE, journal.attempts(), since=None, until=date(2026, 3, 20),
        include_text=True, now=NOW,
    )  # fmt: skip
    assert {s.session_id for s in mine.sessions} == {"s1", "s2"}
    empty = make_report([], since=None, until=date(2026, 3, 20), include_text=False,
                        language="nl", now=NOW)  # fmt: skip
    assert to_json_dict(empty)["programs"] == []
