"""`validate` on the audio files coaches really have: a recording cut short while copying and
a raw .aac file are refused at the line that names them, in English and in Dutch (issue 11
item 8); the numbers in the message are where ffmpeg's decode stops and what the header says.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from locations import REPO

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")

PROGRAM = """\
format: 1
id: org.example.files
version: 1.0.0
title: Files
language: nl
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, voice: audio/welkom.mp3}
      - {kind: closing, duration: 1m, cue: audio/bel.aac}
"""


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=120)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The program folder, and the seconds ffmpeg decodes from its cut-short voice."""
    folder = tmp_path_factory.mktemp("files")
    audio = folder / "audio"
    audio.mkdir()
    whole = folder / "whole.mp3"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=14.3",
           "-c:a", "libmp3lame", "-q:a", "4", str(whole))  # fmt: skip
    data = whole.read_bytes()
    (audio / "welkom.mp3").write_bytes(data[: len(data) * 45 // 143])  # 4.5 s of 14.3 s
    decoded = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(audio / "welkom.mp3"),
         "-f", "f32le", "-ac", "1", "pipe:1"],
        capture_output=True, timeout=60,
    ).stdout  # fmt: skip
    ffmpeg("-f", "lavfi", "-i", "sine=sample_rate=44100:duration=1", "-c:a", "aac",
           "-f", "adts", str(audio / "bel.aac"))  # fmt: skip
    (folder / "program.yaml").write_text(PROGRAM)
    return folder, len(decoded) / 4 / 44100


def validate(folder: Path, language: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANGUAGE": language}
    return subprocess.run(
        [sys.executable, "-m", "vallei_player", "validate", str(folder)],
        cwd=REPO, capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip


def test_a_cut_recording_and_raw_aac_are_refused_in_english(program: tuple[Path, float]) -> None:
    folder, ends = program
    out = validate(folder, "en")
    assert out.returncode == 1 and out.stderr == ""
    voice, cue, summary = out.stdout.splitlines()
    assert voice.startswith(f"{folder}/program.yaml:10:")
    assert voice.endswith(
        f"'audio/welkom.mp3' is damaged: it ends after {ends:.1f} s although its header says "
        "14.3 s; it was probably cut short while copying or downloading. Copy it again, or "
        "export it again from your audio editor"
    )
    assert cue.startswith(f"{folder}/program.yaml:11:")
    assert "'audio/bel.aac' is raw AAC audio" in cue and "save it as .m4a" in cue
    assert "MP3" not in cue
    assert summary.startswith("2 errors")


def test_the_same_refusals_in_dutch(program: tuple[Path, float]) -> None:
    folder, ends = program
    out = validate(folder, "nl")
    assert out.returncode == 1
    voice, cue, _summary = out.stdout.splitlines()
    said = f"{ends:.1f}".replace(".", ",")
    assert voice.endswith(
        f"'audio/welkom.mp3' is beschadigd: het houdt op na {said} s, terwijl volgens de "
        "bestandskop het geluid 14,3 s duurt; waarschijnlijk is het bij het kopiëren of "
        "downloaden afgebroken. Kopieer het opnieuw, of exporteer het opnieuw vanuit je "
        "geluidsbewerker"
    )
    assert "'audio/bel.aac' is kaal AAC-geluid" in cue and "sla het op als .m4a" in cue
