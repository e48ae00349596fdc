"""`plan`, `log` and `calendar` on the command line, with a really installed program."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from locations import PROGRAMS

from vallei_player import cli
from vallei_player.core.journal import Journal
from vallei_player.core.store import Settings

DEMO = PROGRAMS / "vallei-basis-nl"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def installed(capsys: pytest.CaptureFixture[str]) -> str:
    code, _out, err = run(capsys, "import", str(DEMO))
    assert code == 0, err
    with Journal.open() as j:
        [record] = j.programs()
    return record.program_id


def test_without_a_program_plan_says_to_import_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "plan")
    assert code == 1
    assert "vallei-player import" in err and "Traceback" not in err


def test_plan_lists_the_coming_slots_as_json(
    capsys: pytest.CaptureFixture[str], installed: str
) -> None:
    code, out, _ = run(capsys, "plan", "--weeks", "2", "--json")
    assert code == 0
    slots = json.loads(out)
    assert len(slots) >= 6
    assert set(slots[0]) == {"date", "time", "program", "session_id", "status"}
    coming = [s for s in slots if s["status"] in ("due", "coming")]
    assert coming[0]["program"] == installed and coming[0]["time"] == "20:00"
    assert len({s["date"] for s in slots}) == len(slots)
    code, out, _ = run(capsys, "plan")
    assert code == 0 and coming[0]["session_id"] in out


def test_plan_rejects_a_bad_week_count(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["plan", "--weeks", "zero"])
    assert exit_.value.code == 2


def test_log_shows_every_attempt_with_its_answers(
    capsys: pytest.CaptureFixture[str], installed: str
) -> None:
    from vallei_player.core.packs import library

    program = library.load(installed)
    session = program.sessions[0]
    started = datetime.now(UTC) - timedelta(hours=2)
    with Journal.open() as j:
        aid = j.start_attempt(program.id, program.version, session.id, started)
        for prompt in session.reflection[:1]:
            j.save_answer(aid, prompt, 4 if prompt.type == "scale" else "rustig", final=True)
        j.finish_attempt(
            aid,
            completed=False,
            reason="stopped",
            ended=started + timedelta(minutes=7),
            listened_s=420.0,
            phases_completed=2,
            pauses=1,
            skips=0,
        )
        j.start_attempt(program.id, program.version, session.id, started + timedelta(minutes=8))
    code, out, _ = run(capsys, "log", "--json")
    assert code == 0
    first, crashed = json.loads(out)
    assert first["program"] == installed and first["session"] == session.id
    assert (first["listened_s"], first["completed"], first["reason"]) == (420.0, False, "stopped")
    assert (first["phases_completed"], first["pauses"], first["skips"]) == (2, 1, 0)
    assert first["program_version"] == program.version and first["ended"] is not None
    assert len(first["answers"]) == 1
    assert (crashed["completed"], crashed["reason"], crashed["ended"]) == (
        False,
        "interrupted",
        None,
    )
    code, out, _ = run(capsys, "log")
    assert "not completed (stopped)" in out and "    7 min  " in out


def test_calendar_writes_an_ics_that_parses(
    capsys: pytest.CaptureFixture[str], installed: str, tmp_path
) -> None:
    target = tmp_path / "practice.ics"
    code, _out, err = run(capsys, "calendar", "-o", str(target))
    assert code == 0, err
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 3
    assert all("Vallei practice" in str(e["summary"]) for e in events)
    assert {str(e["rrule"]["byday"][0]) for e in events} == {"MO", "WE", "FR"}


def test_calendar_in_discreet_mode_names_no_program(
    capsys: pytest.CaptureFixture[str], installed: str, tmp_path
) -> None:
    settings = Settings.load()
    settings.change("discreet_mode", True)
    settings.save()
    target = tmp_path / "private.ics"
    assert run(capsys, "calendar", "-o", str(target))[0] == 0
    text = target.read_text()
    assert "Personal time" in text and "Vallei" not in text and installed not in text


def test_an_encrypted_journal_opens_with_the_environment_passphrase(
    capsys: pytest.CaptureFixture[str], installed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.open() as j:
        j.set_passphrase("lente")
    monkeypatch.delenv("VALLEI_PLAYER_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # noqa: SIM115 - not a terminal
    code, _, err = run(capsys, "log")
    assert code == 1 and "VALLEI_PLAYER_PASSPHRASE" in err
    monkeypatch.setenv("VALLEI_PLAYER_PASSPHRASE", "verkeerd")
    code, _, err = run(capsys, "plan")
    assert code == 1 and "does not open the journal" in err
    monkeypatch.setenv("VALLEI_PLAYER_PASSPHRASE", "lente")
    assert run(capsys, "plan", "--json")[0] == 0
