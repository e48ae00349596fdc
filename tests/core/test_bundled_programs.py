"""The bundled demo programs and sounds are what a participant meets first: they must load
without a single complaint, last what their descriptions promise, and sound right."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from locations import PROGRAMS, REPO

from vallei_player.core.program import Program, check_program, session_timeline
from vallei_player.core.store import builtin_bell

RATE = 48_000
BUNDLED = sorted(p.parent.name for p in PROGRAMS.glob("*/program.yaml"))
COURSE, COUPLES, TASTER = "vallei-basis-nl", "luisteren-om-beurten-nl", "taster-en"


def load(name: str) -> Program:
    program, problems = check_program(PROGRAMS / name)
    assert program is not None, [str(p) for p in problems]
    return program


def minutes(program: Program, session_id: str) -> float:
    return session_timeline(program, session_id).length / RATE / 60


def build_module(name: str, folder: Path = REPO / "programs" / "_build") -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def decode(path: Path) -> np.ndarray:
    """The generator's own decoder, so the tests hear the files as the generator checked them."""
    sounds: Any = build_module("make_sounds", REPO / "audio")
    return np.asarray(sounds.decode(path))


def test_the_three_demo_programs_are_bundled() -> None:
    assert sorted([COURSE, COUPLES, TASTER]) == BUNDLED


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_program_loads_without_errors_or_warnings(name: str) -> None:
    program, problems = check_program(PROGRAMS / name)
    assert [str(p) for p in problems] == []
    assert program is not None
    assert program.id.startswith("org.vallei.") and program.version == "1.0.0"
    for session in program.sessions:  # every voice clip fits its phase
        session_timeline(program, session.id)


def test_demo_languages_cover_dutch_and_english() -> None:
    assert {name: load(name).language for name in BUNDLED} == {
        COURSE: "nl",
        COUPLES: "nl",
        TASTER: "en",
    }


@pytest.mark.parametrize("name", BUNDLED)
def test_every_text_a_participant_reads_or_hears_is_filled_in(name: str) -> None:
    program = load(name)
    assert program.description and program.description.strip()
    for session in program.sessions:
        assert session.description and session.description.strip(), session.id
        assert session.reflection, f"{session.id} asks nothing afterwards"
        for prompt in session.reflection:
            assert prompt.ask.strip(), prompt.id
            if prompt.type == "choice":
                assert len(prompt.options) >= 2 and all(o.strip() for o in prompt.options)
        for phase in session.phases:
            assert phase.voice, f"{session.id} phase {phase.index} has no voice"
            assert phase.script and phase.script.strip(), f"{session.id} phase {phase.index}"
            if phase.kind == "turn":
                assert phase.prompt and phase.prompt.strip(), f"{session.id} phase {phase.index}"


@pytest.mark.parametrize("name", BUNDLED)
def test_no_text_pressures_or_judges(name: str) -> None:
    text = (PROGRAMS / name / "program.yaml").read_text(encoding="utf-8").lower()
    for phrase in ("je moet", "you must", "you have to", "streak", "failed", "mislukt"):
        assert phrase not in text


def test_course_has_eighteen_sessions_three_a_week_for_six_weeks() -> None:
    program = load(COURSE)
    assert len(program.sessions) == 18
    assert [s.week for s in program.sessions] == [w for w in range(1, 7) for _ in range(3)]
    assert program.schedule.sessions_per_week == 3
    assert program.audio.bed == "audio/zee.ogg"


def test_course_sessions_last_fifteen_to_thirty_minutes() -> None:
    program = load(COURSE)
    lengths = {s.id: minutes(program, s.id) for s in program.sessions}
    assert all(15 <= m <= 30 for m in lengths.values()), lengths


def test_course_sessions_are_settle_waves_closing() -> None:
    program = load(COURSE)
    for session in program.sessions:
        kinds = [p.kind for p in session.phases]
        waves = (len(kinds) - 2) // 2
        assert waves >= 2
        assert kinds == ["settle", *["arousal", "rest"] * waves, "closing"], session.id


def test_course_waves_grow_over_the_weeks() -> None:
    program = load(COURSE)
    per_week: dict[int, tuple[int, float, float]] = {}
    for session in program.sessions:
        timeline = session_timeline(program, session.id)
        arousal = [tp for tp in timeline.phases if tp.phase.kind == "arousal"]
        figures = (
            len(arousal),
            sum(tp.length for tp in arousal) / RATE,
            max(tp.phase.level for tp in arousal),
        )
        assert per_week.setdefault(session.week, figures) == figures, "sessions of a week differ"
    weeks = [per_week[w] for w in range(1, 7)]
    counts, seconds, levels = zip(*weeks, strict=True)
    assert list(counts) == sorted(counts) and counts[-1] > counts[0]
    assert all(a < b for a, b in itertools.pairwise(seconds))
    assert all(a < b for a, b in itertools.pairwise(levels))


def test_couples_turns_alternate_a_and_b_five_minutes_each() -> None:
    program = load(COUPLES)
    assert program.schedule.sessions_per_week == 3
    for session in program.sessions:
        timeline = session_timeline(program, session.id)
        kinds = [tp.phase.kind for tp in timeline.phases]
        assert kinds[0] == "settle" and kinds[-1] == "closing"
        turns = [tp for tp in timeline.phases if tp.phase.kind == "turn"]
        assert len(turns) >= 2 and len(turns) == len(kinds) - 2
        assert [tp.phase.speaker for tp in turns] == ["A", "B"] * (len(turns) // 2)
        assert all(tp.length == 5 * 60 * RATE for tp in turns)
        assert all(tp.phase.audio.cue == "audio/wissel.flac" for tp in turns)


def test_taster_is_one_week_of_short_sessions() -> None:
    program = load(TASTER)
    assert {s.week for s in program.sessions} == {1}
    assert 2 <= len(program.sessions) <= 3
    assert all(8 <= minutes(program, s.id) <= 12 for s in program.sessions)


@pytest.mark.parametrize("name", BUNDLED)
def test_voice_clips_speak_the_script_shown_on_screen(name: str) -> None:
    """Each clip carries the hash of the script it was made from (make_narration.py)."""
    narration = build_module("make_narration")
    for clip in narration.clips_of(PROGRAMS / name):
        assert narration.current_stamp(clip.file) == clip.stamp, f"{clip.path} is out of date"


def test_builtin_bell_is_a_soft_cue() -> None:
    bell = decode(builtin_bell())
    assert 2.5 <= bell.shape[0] / RATE <= 4
    assert -6.5 < 20 * np.log10(np.abs(bell).max()) < -5.5
    assert np.abs(bell[:48]).max() < 0.01, "the first millisecond must not click"
    assert np.abs(bell[-480:]).max() < 0.001, "the bell dies away before the file ends"


@pytest.mark.parametrize("bed", ["bed-zee.ogg", "bed-warm.ogg"])
def test_beds_loop_without_a_click(bed: str) -> None:
    x = decode(REPO / "audio" / bed).astype(np.float64)
    assert x.shape[0] == 96 * RATE
    steps = np.abs(np.diff(x, axis=0)).max(axis=1)
    seam = np.abs(x[0] - x[-1]).max()
    nearby = np.median(np.concatenate([steps[-100:], steps[:100]]))
    assert seam <= steps.max() and seam <= 4 * nearby


def test_bundled_audio_stays_small() -> None:
    total = sum(
        p.stat().st_size
        for d in ("audio", "programs")
        for p in (REPO / d).rglob("*")
        if p.is_file()
    )
    assert total < 25 * 1024 * 1024


@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ("vallei-basis-nl/audio/zee.ogg", "bed-zee.ogg"),
        ("taster-en/audio/warm.ogg", "bed-warm.ogg"),
        ("luisteren-om-beurten-nl/audio/wissel.flac", "wissel.flac"),
        ("luisteren-om-beurten-nl/audio/bel.flac", "bell.flac"),
    ],
)
def test_programs_carry_the_current_bundled_sounds(copy: str, original: str) -> None:
    assert (PROGRAMS / copy).read_bytes() == (REPO / "audio" / original).read_bytes()
