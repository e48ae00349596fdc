"""The command line in Dutch (LANGUAGE=nl): validation messages at the same FILE:LINE:COL,
Dutch summaries with real plural forms, argparse's words and the commands' own errors.

The Dutch expected here is the translation as the catalogue's translator wrote it; the
locations, `error:`/`warning:` and technical tokens (90s, 'duration', FILE:LINE:COL) are the
CLI contract (CLI.md) and stay as they are in every language.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from broken_corpus import BROKEN, prepare
from locations import REPO

from vallei_player.cli import main
from vallei_player.i18n import set_language

LINE = re.compile(r"^(?P<where>.+:\d+:\d+: (?:error|warning)): (?P<message>.+)$")


def validate_in(language: str, paths: list[Path]) -> list[str]:
    env = dict(os.environ, LANGUAGE=language)
    done = subprocess.run(
        [sys.executable, "-m", "vallei_player", "validate", *map(str, paths)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stdout.splitlines()


def test_validate_in_dutch_gives_every_problem_in_dutch_at_the_same_place(tmp_path: Path) -> None:
    folders = [prepare(p.name, tmp_path) for p in sorted(BROKEN.iterdir())]
    english = validate_in("en", folders)
    dutch = validate_in("nl", folders)
    assert len(dutch) == len(english) > len(folders)
    en_problems = [LINE.match(line) for line in english[:-1]]
    nl_problems = [LINE.match(line) for line in dutch[:-1]]
    assert all(en_problems) and all(nl_problems), dutch
    for en, nl in zip(en_problems, nl_problems, strict=True):
        assert en is not None and nl is not None
        assert nl["where"] == en["where"]  # same file, line, column and severity word
        assert nl["message"] != en["message"], nl["message"]  # and said in Dutch
    errors, warnings, programs = map(int, re.findall(r"\d+", english[-1]))
    assert english[-1] == f"{errors} errors, {warnings} warnings in {programs} programs"
    assert dutch[-1] == f"{errors} fouten, {warnings} waarschuwingen in {programs} programma's"


def test_some_dutch_validation_messages_word_for_word(tmp_path: Path) -> None:
    cases = ["bare-number-duration", "kind-typo", "missing-title", "path-dotdot"]
    folders = [prepare(name, tmp_path) for name in cases]
    dutch = validate_in("nl", folders)
    yaml = [f"{folder}/program.yaml" for folder in folders]
    assert dutch == [
        f"{yaml[0]}:11:19: error: 'duration': '90' heeft geen eenheid; schrijf het als 90s "
        "(of in minuten, zoals 4m)",
        f"{yaml[1]}:10:15: error: 'kind' kan niet 'arousel' zijn; bedoel je 'arousal'?",
        f"{yaml[2]}:1:1: error: het programma heeft 'title:' nodig",
        f"{yaml[3]}:11:16: error: het pad '../outside.ogg' bij 'voice' gaat buiten de "
        "programmamap ('..'); kopieer het bestand in plaats daarvan naar de map",
        "4 fouten, 0 waarschuwingen in 4 programma's",
    ]


PROGRAM = """\
format: 1
id: org.example.plural
version: 1.0.0
title: Plural
language: en
{schedule}
sessions:
{sessions}
"""
SESSION = "  - {{id: s{n}, title: S{n}, week: {week}, phases: [{{kind: settle, duration: 10s}}]}}"


def program(folder: Path, *, weeks: list[int], days_warning: bool = False) -> Path:
    """A valid program with one session per entry of `weeks`; warnings by construction: the
    schedule's days disagreeing with sessions_per_week, and a week after a later one."""
    folder.mkdir()
    schedule = "schedule: {sessions_per_week: 3, days: [mon]}" if days_warning else ""
    sessions = "\n".join(SESSION.format(n=i, week=w) for i, w in enumerate(weeks, 1))
    text = PROGRAM.format(schedule=schedule, sessions=sessions)
    (folder / "program.yaml").write_text(text, encoding="utf-8")
    return folder


def broken(folder: Path) -> Path:
    folder.mkdir()
    (folder / "program.yaml").write_text("format: 1\n", encoding="utf-8")  # 5 keys missing
    return folder


def one_error(folder: Path) -> Path:
    program(folder, weeks=[1])
    text = (folder / "program.yaml").read_text(encoding="utf-8").replace("10s", "10")
    (folder / "program.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "{a}: OK, 1 session",
                "{b}: OK, 2 sessions, 1 warning",
                "{c}: OK, 2 sessions, 2 warnings",
                "0 errors, 3 warnings in 3 programs",
                "1 error, 0 warnings in 1 program",
                "2 errors, 0 warnings in 2 programs",
            ],
        ),
        (
            "nl",
            [
                "{a}: in orde, 1 sessie",
                "{b}: in orde, 2 sessies, 1 waarschuwing",
                "{c}: in orde, 2 sessies, 2 waarschuwingen",
                "0 fouten, 3 waarschuwingen in 3 programma's",
                "1 fout, 0 waarschuwingen in 1 programma",
                "2 fouten, 0 waarschuwingen in 2 programma's",
            ],
        ),
    ],
)
def test_counts_take_the_plural_form_of_the_language_for_0_1_and_2(
    language: str, expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = program(tmp_path / "a", weeks=[1])
    b = program(tmp_path / "b", weeks=[1, 1], days_warning=True)
    c = program(tmp_path / "c", weeks=[2, 1], days_warning=True)
    bad = one_error(tmp_path / "bad")
    set_language(language)
    outputs = []
    for paths in ([a], [b], [c], [a, b, c], [bad], [bad, bad]):
        main(["validate", *map(str, paths)])
        lines = capsys.readouterr().out.splitlines()
        outputs.append(lines[-1])
    assert outputs == [line.format(a=a, b=b, c=c) for line in expected]


def test_a_broken_program_in_dutch_on_stderr_counts_its_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("nl")
    assert main(["info", str(broken(tmp_path / "bare"))]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith(": error: het programma heeft 'id:' nodig")
    assert err[-1] == "5 fouten; er is niets veranderd."
    assert main(["info", str(one_error(tmp_path / "one"))]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "1 fout; er is niets veranderd."


def test_argparse_speaks_dutch_too(capsys: pytest.CaptureFixture[str]) -> None:
    set_language("nl")
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("gebruik: vallei-player validate [-h] [--no-levels] PATH")
    assert err[-1] == "vallei-player validate: fout: deze argumenten zijn nodig: PATH"
    with pytest.raises(SystemExit):
        main(["plan", "--weeks", "0"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "vallei-player plan: fout: argument --weeks: --weeks moet tussen 1 en 104 liggen"
    )
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    help_text = capsys.readouterr().out
    assert "opties:" in help_text and "toon deze hulptekst en stop" in help_text
    assert "een programmamap, de program.yaml daarin of een .vallei-pakket" in help_text


def test_argparse_is_english_again_after_a_dutch_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import argparse

    set_language("nl")
    main(["programs"])
    capsys.readouterr()
    set_language("en")
    parser = argparse.ArgumentParser(prog="other")
    assert parser.format_usage().startswith("usage: other")
    set_language("nl")  # our catalogue is no longer argparse's outside our command line
    assert argparse.ArgumentParser(prog="other").format_usage().startswith("usage: other")


def test_a_command_refuses_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    set_language("nl")
    assert main(["log", "--program", "org.example.nothing"]) == 1
    assert capsys.readouterr().err == (
        "vallei-player log: Het programma “org.example.nothing” is hier niet bekend. "
        "`vallei-player programs` toont de geïnstalleerde programma's.\n"
    )
    assert main(["programs"]) == 0
    assert capsys.readouterr().out == (
        "Er zijn geen programma's geïnstalleerd. "
        "Importeer er een met `vallei-player import FILE.vallei`.\n"
    )
