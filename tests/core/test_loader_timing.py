"""Timing settings that cannot be what the coach meant are warned about (issue 11 item 9).

Expectations from PROGRAM_FORMAT.md's timeline semantics: the bed fades out over the
session's last `fade_out`; a bed change crossfades over `crossfade` centred on the boundary;
the cue of a phase starts at the phase's start.
"""

from __future__ import annotations

import sys
from pathlib import Path

from locations import DATA

from vallei_player.core.program import check_program

sys.path.insert(0, str(DATA / "hostile"))
import hostile_packs

HEAD = "format: 1\nid: org.example.timing\nversion: 1.0.0\ntitle: Timing\nlanguage: en\n"


def warnings_of(tmp_path: Path, body: str) -> list[str]:
    folder = tmp_path / "prog"
    (folder / "audio").mkdir(parents=True)
    (folder / "audio" / "a.wav").write_bytes(hostile_packs.wav_bytes(seconds=1.0))
    (folder / "audio" / "b.wav").write_bytes(hostile_packs.wav_bytes(seconds=1.0, seed=2))
    (folder / "audio" / "long-bell.wav").write_bytes(hostile_packs.wav_bytes(seconds=4.0))
    (folder / "program.yaml").write_text(HEAD + body, encoding="utf-8")
    program, problems = check_program(folder)
    assert program is not None, [str(p) for p in problems]
    return [f"{p.location.line}: {p.message}" for p in problems if not p.is_error]


def test_a_sensible_programme_gets_no_timing_warning(tmp_path: Path) -> None:
    assert (
        warnings_of(
            tmp_path,
            """\
audio: {bed: audio/a.wav, fade_out: 3s, crossfade: 2s}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, duration: 10s}
      - {kind: rest, duration: 10s, bed: audio/b.wav, cue: audio/long-bell.wav}
      - {kind: closing, duration: 5s}
""",
        )
        == []
    )


def test_fade_out_longer_than_the_session(tmp_path: Path) -> None:
    assert warnings_of(
        tmp_path,
        """\
audio: {bed: audio/a.wav, cue: none}
sessions:
  - id: s1
    title: One
    audio: {fade_out: 20s}
    phases:
      - {kind: settle, duration: 5s}
      - {kind: closing, duration: 3s}
""",
    ) == [
        "8: fade_out is 20s, longer than session 's1' (8s): the background fades from before "
        "the start; shorten fade_out"
    ]


def test_fade_out_longer_than_the_last_phase(tmp_path: Path) -> None:
    [warning] = warnings_of(
        tmp_path,
        """\
audio: {bed: audio/a.wav, fade_out: 4s, cue: none}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, duration: 30s}
      - {kind: closing, duration: 3s}
""",
    )
    assert warning.startswith("8: fade_out is 4s, longer than the last phase of session 's1'")


def test_fade_out_without_a_bed_changes_nothing_and_is_not_warned(tmp_path: Path) -> None:
    assert (
        warnings_of(
            tmp_path,
            """\
audio: {fade_out: 60s, cue: none}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, duration: 5s}
""",
        )
        == []
    )


def test_a_crossfade_longer_than_the_phases_it_joins(tmp_path: Path) -> None:
    [warning] = warnings_of(
        tmp_path,
        """\
audio: {bed: audio/a.wav, fade_out: 1s, cue: none}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, duration: 3s}
      - {kind: rest, duration: 20s, bed: audio/b.wav, crossfade: 8s}
""",
    )
    assert warning.startswith("12: the crossfade of 8s between the beds here")
    assert "one lasts only 3s" in warning


def test_a_cue_longer_than_its_phase(tmp_path: Path) -> None:
    assert warnings_of(
        tmp_path,
        """\
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, duration: 10s}
      - {kind: rest, duration: 2s, cue: audio/long-bell.wav}
      - {kind: closing, duration: 10s, cue: none}
""",
    ) == [
        "11: the cue 'audio/long-bell.wav' lasts 4s, longer than this phase (2s): it sounds "
        "on under the next phase; use a shorter cue or lengthen the phase"
    ]
