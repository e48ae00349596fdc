"""New programmes from the Studio's templates validate as they are, in the programme's
language, with ids the format accepts (issue 14, item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vallei_player.core.authoring import (
    TemplateChoice,
    create_programme,
    id_from_title,
    text_value,
    unique_id,
)
from vallei_player.core.problems import UserError
from vallei_player.core.program import check_program


def test_a_course_of_weeks_times_sessions_with_a_wave_block(tmp_path: Path) -> None:
    create_programme(
        tmp_path / "c",
        TemplateChoice("course", "Slow waves", weeks=2, sessions_per_week=3, waves=4),
    )
    program, problems = check_program(tmp_path / "c")
    assert program is not None, problems
    assert problems == ()
    assert [s.id for s in program.sessions] == ["w1-1", "w1-2", "w1-3", "w2-1", "w2-2", "w2-3"]
    assert [s.week for s in program.sessions] == [1, 1, 1, 2, 2, 2]
    assert program.schedule.sessions_per_week == 3
    kinds = [p.kind for p in program.sessions[0].phases]
    assert kinds == ["settle"] + ["arousal", "rest"] * 4 + ["closing"]
    assert program.id == "slow-waves"


def test_couples_listening_has_turns_a_and_b_with_prompts(tmp_path: Path) -> None:
    create_programme(
        tmp_path / "c", TemplateChoice("couples", "Listening", sessions_per_week=2, waves=2)
    )
    program, problems = check_program(tmp_path / "c")
    assert program is not None, problems
    turns = [p for p in program.sessions[0].phases if p.kind == "turn"]
    assert [t.speaker for t in turns] == ["A", "B", "A", "B"]
    assert all(t.prompt for t in turns)


def test_a_single_session_in_dutch_has_dutch_words(tmp_path: Path) -> None:
    create_programme(tmp_path / "s", TemplateChoice("single", "Eén keer", language="nl"))
    program, problems = check_program(tmp_path / "s")
    assert program is not None, problems
    assert len(program.sessions) == 1
    assert program.language == "nl"
    assert program.sessions[0].title == "Eén keer"
    assert program.sessions[0].phases[0].script.startswith("Welkom")


def test_creating_over_an_existing_programme_is_refused(tmp_path: Path) -> None:
    create_programme(tmp_path / "p", TemplateChoice("single", "First"))
    before = (tmp_path / "p" / "program.yaml").read_bytes()
    with pytest.raises(UserError, match=r"already holds a program\.yaml"):
        create_programme(tmp_path / "p", TemplateChoice("single", "Second"))
    assert (tmp_path / "p" / "program.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Vallei — basiscursus", "vallei-basiscursus"),
        ("Één week: rust & adem", "een-week-rust-adem"),
        ("Ab", "programme-ab"),
        ("???", "programme"),
        ("x" * 150, "x" * 100),
    ],
)
def test_programme_id_from_the_title(title: str, expected: str) -> None:
    assert id_from_title(title) == expected


def test_a_duplicated_session_gets_a_free_id() -> None:
    assert unique_id("w1-1", ["w1-1", "w1-1-2"]) == "w1-1-3"
    assert unique_id("w1-2", ["w1-1"]) == "w1-2"


@pytest.mark.parametrize("text", ["20:00", "no", "1.0", "# not a comment", "a: b", " lead"])
def test_text_the_loader_would_misread_is_written_so_it_reads_back(text: str) -> None:
    """The loader reads YAML 1.1 (PyYAML): the value written must come back as the text typed."""
    import io

    import yaml
    from ruamel.yaml import YAML

    out = io.StringIO()
    YAML(typ="rt").dump({"k": text_value(text)}, out)
    assert yaml.safe_load(out.getvalue()) == {"k": text}
