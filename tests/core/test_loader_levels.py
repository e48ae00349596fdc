"""The additive v1 keys for levels: `loudness`, `duck` (program, session, phase) and a
phase's `ask_level`, as PROGRAM_FORMAT.md describes them, and what a coach reads when one
is written wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from vallei_player.core.program import check_program, load_program
from vallei_player.i18n import set_language

HEAD = "format: 1\nid: org.example.t\nversion: 1.0.0\ntitle: T\nlanguage: en\n"
ONE_PHASE = "sessions:\n  - {id: a, title: A, phases: [{kind: rest, duration: 1m}]}\n"


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "program.yaml").write_text(text)
    return folder


def test_defaults_level_voices_at_minus_18_lufs_without_ducking(tmp_path: Path) -> None:
    program = load_program(write(tmp_path / "p", HEAD + ONE_PHASE))
    phase = program.sessions[0].phases[0]
    assert (phase.audio.loudness_lufs, phase.audio.duck_db, phase.ask_level) == (
        -18.0,
        None,
        False,
    )


def test_program_session_and_phase_levels_override_in_turn(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "p",
        HEAD + "audio: {loudness: -20LUFS, duck: 8dB}\nsessions:\n"
        "  - id: a\n    title: A\n    audio: {loudness: off, duck: 6.5dB}\n    phases:\n"
        "      - {kind: settle, duration: 1m}\n"
        "      - {kind: rest, duration: 1m, loudness: -23 LUFS, duck: off, ask_level: true}\n"
        "      - {kind: closing, duration: 1m, ask_level: false}\n"
        "  - id: b\n    title: B\n    phases: [{kind: rest, duration: 1m}]\n",
    )
    program = load_program(folder)
    assert (program.audio.loudness_lufs, program.audio.duck_db) == (-20.0, 8.0)
    a, b = program.sessions
    assert (a.audio.loudness_lufs, a.audio.duck_db) == (None, 6.5)
    levels = [(p.audio.loudness_lufs, p.audio.duck_db, p.ask_level) for p in a.phases]
    assert levels == [(None, 6.5, False), (-23.0, None, True), (None, 6.5, False)]
    phase = b.phases[0]
    assert (phase.audio.loudness_lufs, phase.audio.duck_db) == (-20.0, 8.0)


def test_ask_level_is_kept_on_repeated_phases(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "p",
        HEAD + "sessions:\n  - id: a\n    title: A\n    phases:\n"
        "      - repeat: 2\n        phases:\n"
        "          - {kind: arousal, duration: 1m, ask_level: true}\n"
        "          - {kind: rest, duration: 1m}\n",
    )
    phases = load_program(folder).sessions[0].phases
    assert [p.ask_level for p in phases] == [True, False, True, False]


BAD = [
    ("audio: {loudness: -18}\n", 6, 19, "'loudness': '-18' has no unit; write it as -18LUFS"),
    ("audio: {loudness: -18dB}\n", 6, 19, "'-18dB' is a gain; loudness is written in LUFS"),
    ("audio: {loudness: loud}\n", 6, 19, "'loud' is not a loudness; write it in LUFS"),
    ("audio: {loudness: -3LUFS}\n", 6, 19, "'-3LUFS' is outside -40LUFS..-10LUFS"),
    ("audio: {loudness: -60LUFS}\n", 6, 19, "'-60LUFS' is outside -40LUFS..-10LUFS"),
    ("audio: {duck: 8}\n", 6, 15, "'duck': '8' has no unit; write it as 8dB"),
    ("audio: {duck: -8dB}\n", 6, 15, "without a minus, like 8dB"),
    ("audio: {duck: 50dB}\n", 6, 15, "'50dB' is outside 0dB..40dB"),
    ("audio: {duck: yes}\n", 6, 15, "'yes' is not an amount to lower the bed by"),
    ("audio: {loudnes: -18LUFS}\n", 6, 9, "unknown key 'loudnes' in audio; did you mean 'loudness"),
]  # fmt: skip


@pytest.mark.parametrize(("audio", "line", "col", "message"), BAD)
def test_wrong_levels_are_located_and_say_how_to_write_them(
    tmp_path: Path, audio: str, line: int, col: int, message: str
) -> None:
    program, problems = check_program(write(tmp_path / "p", HEAD + audio + ONE_PHASE))
    assert program is None
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith(f"{tmp_path / 'p' / 'program.yaml'}:{line}:{col}: error:"), text
    assert message in text


@pytest.mark.parametrize("value", ["yes", "1", '"true"', "maybe"])
def test_ask_level_takes_only_true_or_false(tmp_path: Path, value: str) -> None:
    folder = write(
        tmp_path / "p",
        HEAD + "sessions:\n  - id: a\n    title: A\n    phases:\n"
        f"      - {{kind: rest, duration: 1m, ask_level: {value}}}\n",
    )
    program, problems = check_program(folder)
    assert program is None
    assert [p.location.line for p in problems] == [10]
    assert "'ask_level' must be true or false" in str(problems[0])


def test_fade_out_stays_a_session_setting_but_loudness_is_allowed_on_a_phase(
    tmp_path: Path,
) -> None:
    folder = write(
        tmp_path / "p",
        HEAD + "sessions:\n  - id: a\n    title: A\n    phases:\n"
        "      - {kind: rest, duration: 1m, loudness: -16LUFS, fade_out: 3s}\n",
    )
    _, problems = check_program(folder)
    assert [str(p).split(": error: ")[1].split(";")[0] for p in problems] == [
        "unknown key 'fade_out' in a phase"
    ]


def test_level_mistakes_read_in_dutch(tmp_path: Path) -> None:
    set_language("nl")
    try:
        _, problems = check_program(
            write(tmp_path / "p", HEAD + "audio: {loudness: -18dB, duck: -8dB}\n" + ONE_PHASE)
        )
    finally:
        set_language("en")
    texts = [str(p) for p in problems]
    assert len(texts) == 2
    assert "is een versterking" in texts[0] and "LUFS" in texts[0]
    assert "zonder min" in texts[1] and "8dB" in texts[1]
