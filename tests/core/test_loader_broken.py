"""The broken-program corpus: each folder in tests/data/broken breaks one rule of format v1.

Every one must fail with an error at the right line and a message that says what to do,
from `check_program` and (for a few) through the real CLI, never with a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from broken_corpus import BROKEN, prepare
from locations import REPO

from vallei_player.core.program import check_program

# folder, expected line, a fragment of the message (the YAML marks the line with "# <-")
EXPECTED: list[tuple[str, int, str]] = [
    ("bare-number-duration", 11, "write it as 90s"),
    ("clock-duration", 11, "write it as 1m30s"),
    ("unknown-key-typo", 11, "did you mean 'duration'?"),
    ("missing-title", 1, "needs 'title:'"),
    ("format-2", 1, "reads format 1"),
    ("version-not-semver", 3, "MAJOR.MINOR.PATCH"),
    ("language-underscore", 5, "write nl-NL"),
    ("program-id-uppercase", 2, "lowercase letters"),
    ("session-id-spaces", 7, "lowercase letters, digits and hyphens"),
    ("session-id-twice", 12, "used twice"),
    ("duplicate-key", 12, "appears twice"),
    ("anchor", 10, "anchors"),
    ("kind-typo", 10, "did you mean 'arousal'?"),
    ("turn-without-speaker", 10, "needs 'speaker: A'"),
    ("speaker-on-rest", 11, "only applies to kind: turn"),
    ("no-voice-no-duration", 10, "needs a 'duration:'"),
    ("level-too-high", 12, "from 0 to 1"),
    ("repeat-too-many", 10, "from 1 to 20"),
    ("repeat-three-deep", 14, "nest at most 2"),
    ("path-dotdot", 11, "leaves the program folder"),
    ("path-absolute", 11, "is absolute"),
    ("path-backslash", 11, "backslashes"),
    ("path-wrong-case", 11, "did you mean 'audio/voice.wav'?"),
    ("not-audio", 11, "looks like a text file"),
    ("voice-too-long", 10, "lasts 3s but the phase's duration is 2s"),
    ("link-outside", 11, "outside the program folder"),
    ("gain-without-unit", 7, "write it as -18dB"),
    ("scale-min-above-max", 11, "must be less than"),
    ("choice-one-option", 10, "at least 2 options"),
    ("labels-three", 10, "exactly 2"),
    ("yaml-syntax", 12, "while parsing a flow sequence that starts at line 11"),
    ("python-tag", 11, "tag"),
    ("time-25", 7, "HH:MM"),
    ("weekday-typo", 8, "did you mean 'mon'?"),
    ("sessions-empty", 6, "at least one session"),
    ("phase-without-kind", 10, "needs 'kind:'"),
    ("tab-indent", 10, "YAML syntax"),
    ("bom", 1, "byte-order mark"),
    ("not-utf8", 11, "not UTF-8"),
    ("nul-byte", 8, "NUL"),
]


def test_the_corpus_covers_every_folder() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(n for n, _, _ in EXPECTED)
    assert len(EXPECTED) >= 25


@pytest.mark.parametrize(("name", "line", "fragment"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_broken_program_fails_at_its_line(
    name: str, line: int, fragment: str, tmp_path: Path
) -> None:
    folder = prepare(name, tmp_path)
    program, problems = check_program(folder)
    assert program is None
    errors = [p for p in problems if p.is_error]
    shown = "\n".join(str(p) for p in problems)
    assert any(p.location.line == line and fragment in p.message for p in errors), shown
    for problem in problems:  # every message names the file as given, with line and column
        assert str(problem).startswith(f"{folder}/program.yaml:")


def test_a_file_with_many_mistakes_reports_them_all(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    (folder / "program.yaml").write_text(
        "format: 1\nid: org.example.many\nversion: 1.0\ntitle: Many\nlanguage: en\n"
        "sessions:\n  - id: s1\n    title: One\n    phases:\n"
        "      - {kind: settle, duration: 90}\n"
        "      - {kind: rest, duraton: 2m}\n"
        "      - {kind: turn, duration: 5m}\n"
    )
    _, problems = check_program(folder)
    lines = sorted({p.location.line for p in problems if p.is_error})
    assert lines == [3, 10, 11, 12]


@pytest.mark.parametrize("name", ["bare-number-duration", "anchor", "not-utf8", "link-outside"])
def test_the_cli_reports_broken_programs_without_traceback(name: str, tmp_path: Path) -> None:
    folder = prepare(name, tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "vallei_player", "validate", str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr + out.stdout
    first = out.stdout.splitlines()[0]
    assert first.startswith(f"{folder}/program.yaml:") and ": error: " in first
    assert out.stdout.splitlines()[-1].endswith("in 1 program")


@pytest.mark.parametrize("word", ["false", "no", "off", "0"])
def test_a_cue_or_bed_of_false_says_write_none(word: str, tmp_path: Path) -> None:
    folder = tmp_path / "prog"
    folder.mkdir()
    (folder / "program.yaml").write_text(
        "format: 1\nid: org.example.cue\nversion: 1.0.0\ntitle: Cue\nlanguage: en\n"
        f"audio: {{cue: {word}, bed: {word}}}\n"
        "sessions:\n  - id: s1\n    title: One\n    phases:\n      - {kind: rest, duration: 2s}\n",
        encoding="utf-8",
    )
    program, problems = check_program(folder)
    assert program is None
    messages = sorted(p.message for p in problems)
    assert messages == [
        f"write 'bed: none' for no bed ('{word}' would be a file name)",
        f"write 'cue: none' for no cue ('{word}' would be a file name)",
    ]
