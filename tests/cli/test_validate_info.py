"""`vallei-player validate` and `info` as coaches and scripts use them."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from locations import REPO

from vallei_player.cli import main

PROGRAM = """\
format: 1
id: org.example.cli
version: 2.0.1
title: Breathing basics
language: en-GB
sessions:
  - id: w1-1
    title: Arrive
    phases:
      - {kind: settle, title: Arriving, voice: audio/hello.wav, duration: 1m}
      - repeat: 2
        phases:
          - {kind: arousal, duration: 90s, level: 0.9}
          - {kind: rest, voice: audio/hello.wav}
  - id: w1-2
    title: Together
    phases:
      - {kind: turn, speaker: A, prompt: Tell what you noticed, duration: 2.5s}
"""


def make_program(folder: Path, text: str = PROGRAM) -> Path:
    (folder / "audio").mkdir(parents=True)
    with wave.open(str(folder / "audio" / "hello.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(b"\0\0" * 110250)  # 2.5 s
    (folder / "program.yaml").write_text(text)
    return folder


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vallei_player", *args],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_validate_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_program(tmp_path / "basics")
    assert main(["validate", "--no-levels", str(folder)]) == 0
    assert capsys.readouterr().out == f"{folder}: OK, 2 sessions\n"


def test_validate_reports_every_problem_then_a_summary(tmp_path: Path) -> None:
    good = make_program(tmp_path / "good")
    bad = make_program(
        tmp_path / "bad",
        PROGRAM.replace("duration: 1m}", "duration: 1s}").replace("level: 0.9", "levle: 0.9")
        + "schedule: {sessions_per_week: 2, days: [mon]}\n",
    )
    out = run_cli("validate", "--no-levels", str(good), str(bad))
    assert out.returncode == 1 and out.stderr == ""
    ok, *lines = out.stdout.splitlines()
    assert ok == f"{good}: OK, 2 sessions"
    yaml_file = f"{bad}/program.yaml"
    assert lines[0] == (
        f"{yaml_file}:10:9: error: the voice clip 'audio/hello.wav' lasts 2.5s but the phase's "
        "duration is 1s; lengthen the duration to at least 3s or leave it out so the phase "
        "lasts as long as the clip"
    )
    assert (
        lines[1]
        == f"{yaml_file}:13:44: error: unknown key 'levle' in a phase; did you mean 'level'?"
    )
    assert lines[2].startswith(f"{yaml_file}:19:40: warning: 'days' lists 1 day")
    assert lines[3] == "2 errors, 1 warning in 2 programs"


def test_validate_warnings_alone_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_program(tmp_path / "p", PROGRAM + "schedule: {days: [mon]}\n")
    assert main(["validate", str(folder / "program.yaml")]) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == f"{folder / 'program.yaml'}: OK, 2 sessions, 1 warning"
    )


def test_info_json_has_the_contract_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_program(tmp_path / "basics")
    assert main(["info", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [data[k] for k in ("id", "version", "title", "language")] == [
        "org.example.cli", "2.0.1", "Breathing basics", "en-GB",
    ]  # fmt: skip
    first, second = data["sessions"]
    assert (first["id"], first["title"], first["week"], second["week"]) == ("w1-1", "Arrive", 1, 1)
    phases = first["phases"]
    assert [p["index"] for p in phases] == [0, 1, 2, 3, 4]
    assert [p["kind"] for p in phases] == ["settle", "arousal", "rest", "arousal", "rest"]
    assert [p["title"] for p in phases] == ["Arriving", "Arousal", "Rest", "Arousal", "Rest"]
    assert [p["start_s"] for p in phases] == [0.0, 60.0, 150.0, 152.5, 242.5]
    assert [p["duration_s"] for p in phases] == [60.0, 90.0, 2.5, 90.0, 2.5]
    assert [p["voice"] for p in phases] == [
        "audio/hello.wav",
        None,
        "audio/hello.wav",
        None,
        "audio/hello.wav",
    ]
    assert [p["level"] for p in phases] == [0.2, 0.9, 0.3, 0.9, 0.3]
    assert first["duration_s"] == 245.0
    assert second["phases"][0]["duration_s"] == 2.5 and second["phases"][0]["title"] == "Turn"
    for phase in phases:
        assert set(phase) >= {"index", "kind", "title", "start_s", "duration_s", "voice", "level"}


def test_info_text_shows_the_timeline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_program(tmp_path / "basics")
    assert main(["info", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Breathing basics\n  id org.example.cli, version 2.0.1, language en-GB\n")
    assert "week 1  w1-1  Arrive  (4:05)" in out
    assert "    2      2:30  rest      Rest        0:02.5  level 0.3   voice audio/hello.wav" in out
    assert "    0      0:00  turn A    Turn    0:02.5  level 0.5" in out


def test_info_on_a_broken_program_is_one_clear_failure(tmp_path: Path) -> None:
    folder = make_program(tmp_path / "bad", PROGRAM.replace("duration: 90s", "duration: 90"))
    out = run_cli("info", str(folder))
    assert out.returncode == 1 and out.stdout == ""
    assert "Traceback" not in out.stderr
    assert (
        f"{folder}/program.yaml:13:39: error: 'duration': '90' has no unit; write it as 90s"
        in out.stderr
    )
    missing = run_cli("info", str(tmp_path / "nothing-here"))
    assert missing.returncode == 1 and "no such file or folder" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_validate_needs_a_path() -> None:
    out = run_cli("validate")
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_validate_a_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    packs = pytest.importorskip("vallei_player.core.packs", reason="core/packs.py not written yet")
    pack = packs.write_pack(make_program(tmp_path / "basics"), tmp_path / "basics.vallei")
    assert main(["validate", "--no-levels", str(pack)]) == 0
    assert capsys.readouterr().out == f"{pack}: OK, 2 sessions\n"
    assert main(["info", str(pack), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sessions"][0]["duration_s"] == 245.0


def test_info_names_untitled_phases_in_the_programs_language(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "vallei_player",
            "info",
            str(REPO / "programs" / "taster-en"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    titles = {
        p["kind"]: p["title"] for s in json.loads(out.stdout)["sessions"] for p in s["phases"]
    }
    assert titles["settle"] == "Settle"
    from vallei_player.core.program import kind_title

    assert kind_title("rest", "nl-BE") == "Rust"
    assert kind_title("settle", "de") == "Settle"


def test_info_json_carries_everything_the_text_shows_and_the_reflections(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 11 item 10, checked against the bundled duet programme's own program.yaml."""
    import yaml
    from locations import PROGRAMS

    folder = PROGRAMS / "luisteren-om-beurten-nl"
    source = yaml.safe_load((folder / "program.yaml").read_text(encoding="utf-8"))
    assert main(["info", str(folder), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["author"] == {"name": source["author"]["name"], "contact": None}
    assert info["schedule"] == source["schedule"]
    assert info["description"].split()[:3] == source["description"].split()[:3]
    first = info["sessions"][0]
    program_prompts = [p["id"] for p in source["reflection"]]
    assert [p["id"] for p in first["reflection"]][: len(program_prompts)] == program_prompts
    scale = next(p for p in first["reflection"] if p["type"] == "scale")
    assert {"min", "max", "labels"} <= set(scale)
    speakers = [p["speaker"] for p in first["phases"] if p["kind"] == "turn"]
    assert speakers and set(speakers) <= {"A", "B"}
    assert first["phases"][0]["cue"] is None  # no cue before the first phase
    turns = [p for p in first["phases"] if p["kind"] == "turn"]
    assert all(p["cue"] == source["audio"]["cue"] for p in turns)  # the programme's cue
    assert all({"bed", "prompt", "ask_level"} <= set(p) for p in first["phases"])
