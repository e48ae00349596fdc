"""Loading valid programs: the spec's own example, defaults, overrides, repeats, packs."""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from locations import DATA

from vallei_player.core.problems import ProgramError, UserError
from vallei_player.core.program import (
    BUILTIN_CUE,
    DEFAULT_DAYS,
    check_program,
    clip_lookup,
    load_program,
    session_timeline,
)
from vallei_player.core.store import builtin_bell

EXAMPLE = DATA / "format-example"
EXAMPLE_AUDIO = {  # every file PROGRAM_FORMAT.md's example names, with a plausible length
    "audio/bell.ogg": 1.0,
    "audio/waves.ogg": 4.0,
    "audio/stil.ogg": 4.0,
    "audio/w1/aankomen.ogg": 2.5,
    "audio/w1/opwinding.ogg": 3.0,
    "audio/w1/rust.ogg": 2.0,
    "audio/w1/afronden.ogg": 6.0,  # longer than fade_out (5s), as a real closing is
}


def tone(path: Path, seconds: float, rate: int = 48000, codec: str = "libvorbis") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         f"sine=frequency=440:sample_rate={rate}:duration={seconds}", "-c:a", codec, str(path)],
        check=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("example") / "basis"
    shutil.copytree(EXAMPLE, folder)
    for name, seconds in EXAMPLE_AUDIO.items():
        tone(folder / name, seconds)
    return folder


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "program.yaml").write_text(text)
    return folder


HEAD = "format: 1\nid: org.example.t\nversion: 1.0.0\ntitle: T\nlanguage: en\n"


def test_the_spec_example_is_valid_verbatim(example: Path) -> None:
    spec = Path("/work/shared/PROGRAM_FORMAT.md")
    if spec.exists():  # the copy in tests/data is the spec's YAML, byte for byte
        assert (EXAMPLE / "program.yaml").read_text() in spec.read_text()
    program, problems = check_program(example)
    assert problems == ()
    assert program is not None
    assert (program.id, program.version, program.title) == (
        "org.example.vallei-basis", "1.2.0", "Valleiorgasme — basiscursus",
    )  # fmt: skip
    assert program.version_key == (1, 2, 0)
    assert program.author is not None and program.author.contact == "https://example.org"
    assert program.schedule.days == ("mon", "wed", "fri") and program.schedule.time == "20:00"
    assert program.audio.bed_gain_db == -18.0 and program.audio.crossfade == 3


def test_repeats_expand_in_order_with_overrides(example: Path) -> None:
    session = load_program(example).sessions[0]
    kinds = [p.kind for p in session.phases]
    assert kinds == ["settle"] + ["arousal", "rest"] * 3 + ["closing"]
    assert [p.index for p in session.phases] == list(range(8))
    assert [p.repeat_path for p in session.phases] == [(), (0,), (0,), (1,), (1,), (2,), (2,), ()]
    rest, arousal, closing = session.phases[2], session.phases[1], session.phases[7]
    assert rest.audio.bed == "audio/stil.ogg" and arousal.audio.bed == "audio/waves.ogg"
    assert closing.audio.cue is None and arousal.audio.cue == "audio/bell.ogg"
    assert closing.duration is None and closing.level == 0.1 and session.phases[0].level == 0.2
    assert [p.id for p in session.reflection] == ["body", "block", "mood"]
    assert session.reflection[0].labels == ("gespannen", "ontspannen")
    assert session.reflection[2].options == ("fijn", "neutraal", "lastig")


def test_timeline_takes_voice_length_when_no_duration(example: Path) -> None:
    program = load_program(example)
    timeline = session_timeline(program, "w1-1", rate=44100)
    starts = [p.start for p in timeline.phases]
    assert starts[:3] == [0, 180 * 44100, 420 * 44100]
    assert timeline.phases[-1].length == round(6.0 * 44100)
    assert timeline.length == (3 + 3 * 6) * 60 * 44100 + round(6.0 * 44100)


def test_unknown_session_lists_the_ids(example: Path) -> None:
    with pytest.raises(UserError, match="w1-1"):
        session_timeline(load_program(example), "w9-9")


def test_clip_lookup_uses_what_validation_probed(example: Path) -> None:
    program = load_program(example)
    assert set(program.clips) == set(EXAMPLE_AUDIO)
    lookup = clip_lookup(program)
    info = lookup("audio/w1/rust.ogg")
    assert (info.format, info.rate, info.frames) == ("vorbis", 48000, 96000)


def test_builtin_bell_is_the_default_cue(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "p",
        HEAD + "sessions:\n  - {id: a, title: A, phases: [{kind: rest, duration: 1m}]}\n",
    )
    program = load_program(folder)
    assert program.sessions[0].phases[0].audio.cue == BUILTIN_CUE
    assert program.clip_path(BUILTIN_CUE) == builtin_bell()


def test_defaults_week_and_days_from_sessions_per_week(tmp_path: Path) -> None:
    sessions = "".join(
        f"  - {{id: s{i}, title: S, phases: [{{kind: rest, duration: 1m}}]}}\n" for i in range(5)
    )
    folder = write(
        tmp_path / "p", HEAD + "schedule: {sessions_per_week: 2}\nsessions:\n" + sessions
    )
    program = load_program(folder)
    assert [s.week for s in program.sessions] == [1, 1, 2, 2, 3]
    assert program.schedule.days == DEFAULT_DAYS[2]


def test_days_count_mismatch_is_a_warning(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "p",
        HEAD + "schedule: {sessions_per_week: 3, days: [mon, thu]}\n"
        "sessions:\n  - {id: a, title: A, phases: [{kind: rest, duration: 1m}]}\n",
    )
    program, problems = check_program(folder)
    assert program is not None and program.schedule.days == ("mon", "thu")
    assert [(p.severity, p.location.line) for p in problems] == [("warning", 6)]


def test_session_audio_overrides_program_audio(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "p",
        HEAD + "audio: {cue: none, fade_out: 8s}\nsessions:\n"
        "  - id: a\n    title: A\n    audio: {fade_out: 2.5s, voice_gain: +3dB}\n"
        "    phases:\n      - {kind: turn, speaker: B, prompt: Your turn, duration: 5m}\n",
    )
    session = load_program(folder).sessions[0]
    assert session.audio.fade_out == Fraction(5, 2) and session.audio.cue is None
    phase = session.phases[0]
    assert (phase.speaker, phase.prompt, phase.audio.voice_gain_db) == ("B", "Your turn", 3.0)


def test_yaml_11_surprises_reach_the_schema_as_text(tmp_path: Path) -> None:
    """`no` (Norwegian) is not False, `20:00` unquoted is not 1200, `0755` is not 493."""
    folder = write(
        tmp_path / "p",
        "format: 1\nid: org.example.no\nversion: 1.0.0\ntitle: 0755\nlanguage: no\n"
        "schedule: {time: 20:00}\n"
        "sessions:\n  - {id: a, title: yes, phases: [{kind: rest, duration: 1m}]}\n",
    )
    program = load_program(folder)
    assert (program.language, program.title, program.schedule.time) == ("no", "0755", "20:00")
    assert program.sessions[0].title == "yes"


def test_load_program_raises_with_every_problem(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "p",
        HEAD + "sessions:\n  - {id: A, title: A, phases: [{kind: x, duration: 3}]}\n",
    )
    with pytest.raises(ProgramError) as caught:
        load_program(folder)
    assert len(caught.value.problems) == 3


def test_path_forms_name_the_file_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "progs" / "demo", HEAD + "sessions: 3\n")
    monkeypatch.chdir(tmp_path)
    for given, shown in (
        ("progs/demo", "progs/demo/program.yaml"),
        ("progs/demo/", "progs/demo/program.yaml"),
        ("progs/demo/program.yaml", "progs/demo/program.yaml"),
    ):
        _, problems = check_program(given)
        assert str(problems[0]).startswith(f"{shown}:6:11: error: 'sessions' must be a list")
    _, problems = check_program("nowhere")
    assert str(problems[0]).startswith("nowhere:1:1: error: no such file or folder")
    (tmp_path / "empty").mkdir()
    _, problems = check_program("empty")
    assert "there is no program.yaml here" in str(problems[0])


def test_a_pack_is_checked_inside_and_named_in_messages(example: Path, tmp_path: Path) -> None:
    from vallei_player.core import packs

    pack = packs.write_pack(example, tmp_path / "basis.vallei")
    program, problems = packs.check_path(pack)
    assert problems == () and program is not None
    assert program.source == str(pack)
    # the unpacked copy is gone, but the timeline still knows every clip's length
    assert session_timeline(program, "w1-1").phases[-1].length == 288000
    broken = tmp_path / "broken.vallei"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    program, problems = packs.check_path(broken)
    assert program is None and str(problems[0]).startswith(str(broken))
