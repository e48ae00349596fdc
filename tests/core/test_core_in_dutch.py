"""Core speaks the user's language: a Dutch user gets Dutch problems from the loader, the
pack reader, the calendar and the OS-refusal words, with real plural forms."""

from __future__ import annotations

import errno
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_journal_support import make_program

from vallei_player.core.packs import unpacked
from vallei_player.core.practice import PracticeSchedule, build_calendar
from vallei_player.core.problems import (
    Location,
    Problem,
    ProgramError,
    UserError,
    os_reason,
)
from vallei_player.core.program import check_program
from vallei_player.i18n import set_language

SCHEDULE = """\
format: 1
id: org.example.days
version: 1.0.0
title: Days
language: nl
schedule: {{sessions_per_week: 3, days: [{days}]}}
sessions:
  - {{id: s1, title: Een, phases: [{{kind: settle, duration: 10s}}]}}
"""


def warning_for(days: str, tmp_path: Path) -> str:
    (tmp_path / "program.yaml").write_text(SCHEDULE.format(days=days), encoding="utf-8")
    program, problems = check_program(tmp_path)
    assert program is not None and len(problems) == 1
    return str(problems[0])


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        (
            "en",
            "'days' lists 1 day but sessions_per_week is 3; the planner suggests 1 a week",
            "'days' lists 2 days but sessions_per_week is 3; the planner suggests 2 a week",
        ),
        (
            "nl",
            "'days' noemt 1 dag, maar sessions_per_week is 3; de planner stelt 1 per week voor",
            "'days' noemt 2 dagen, maar sessions_per_week is 3; de planner stelt 2 per week voor",
        ),
    ],
)
def test_a_schedule_warning_takes_the_plural_form(
    language: str, one: str, two: str, tmp_path: Path
) -> None:
    set_language(language)
    assert warning_for("mon", tmp_path) == f"{tmp_path}/program.yaml:6:40: warning: {one}"
    assert warning_for("mon, fri", tmp_path) == f"{tmp_path}/program.yaml:6:40: warning: {two}"


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "en",
            [
                "p.yaml:1:1: error: first",
                "p.yaml:1:1: error: first (and 1 more problem)",
                "p.yaml:1:1: error: first (and 2 more problems)",
            ],
        ),
        (
            "nl",
            [
                "p.yaml:1:1: fout: first",
                "p.yaml:1:1: fout: first (en nog 1 probleem)",
                "p.yaml:1:1: fout: first (en nog 2 problemen)",
            ],
        ),
    ],
)
def test_a_program_error_for_people_counts_the_rest_in_their_language(
    language: str, texts: list[str]
) -> None:
    set_language(language)
    first = Problem(Location("p.yaml", 1, 1), "first")
    more = Problem(Location("p.yaml", 2, 1), "more", "warning")
    shown = [str(ProgramError([first, *[more] * k])) for k in (0, 1, 2)]
    assert shown == texts
    assert str(first) == "p.yaml:1:1: error: first"  # the CLI's line keeps its token


def test_a_dutch_validation_error_from_the_loader(tmp_path: Path) -> None:
    set_language("nl")
    (tmp_path / "program.yaml").write_text(SCHEDULE.format(days="mon, mon"), encoding="utf-8")
    program, problems = check_program(tmp_path)
    assert program is None
    assert [p.message for p in problems if p.is_error] == ["'mon' staat twee keer in 'days'"]


def test_an_unknown_session_is_refused_in_dutch() -> None:
    set_language("nl")
    program = make_program(2)
    with pytest.raises(UserError) as refused:
        program.require_session("s9")
    assert str(refused.value) == (f"'{program.id}' heeft geen sessie 's9'; de sessies zijn: s1, s2")


def test_a_pack_is_refused_in_dutch(tmp_path: Path) -> None:
    set_language("nl")
    pack = tmp_path / "kapot.vallei"
    pack.write_bytes(b"dit is geen zip-bestand")
    with pytest.raises(ProgramError) as refused, unpacked(pack):
        pass
    assert refused.value.problems[0].message == (
        "is geen Vallei-pakket (geen zip-bestand) of is beschadigd. "
        "Vraag je coach om een nieuwe kopie van het pakket."
    )


def test_the_os_refusals_people_meet_are_dutch_and_others_keep_the_system_words() -> None:
    set_language("nl")
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "de schijf is vol"
    assert os_reason(OSError(errno.EACCES, "Permission denied")) == "geen toestemming"
    assert os_reason(OSError(errno.ECHILD, "No child processes")) == "no child processes"
    set_language("en")
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "no space left on device"


def test_the_discreet_calendar_says_personal_time_in_dutch() -> None:
    set_language("nl")
    program = make_program(3)
    now = datetime(2025, 3, 18, 12, tzinfo=UTC)
    schedule = PracticeSchedule(("mon",), "20:00", "Europe/Amsterdam", date(2025, 3, 1))
    discreet = build_calendar(program, schedule, [], now, timedelta(minutes=20), discreet=True)
    assert b"SUMMARY:Persoonlijke tijd" in discreet
    shown = build_calendar(program, schedule, [], now, timedelta(minutes=20))
    assert f"SUMMARY:Vallei-oefening: {program.title}".encode() in shown
