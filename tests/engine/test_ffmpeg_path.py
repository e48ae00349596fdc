"""Which ffmpeg runs: one on PATH or an absolute VALLEI_PLAYER_FFMPEG, never one planted in
the current folder (issue 9 item 8, issue 10 item 11)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from enginekit import dc, write_wav

from vallei_player.engine import decode
from vallei_player.engine.decode import FfmpegMissing, find_ffmpeg

REAL = shutil.which("ffmpeg")
pytestmark = pytest.mark.skipif(REAL is None, reason="needs ffmpeg on PATH")

PROGRAM = """\
format: 1
id: org.example.plant
version: 1.0.0
title: Plant
language: en
author: {name: X}
schedule: {sessions_per_week: 1, days: [mon]}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, voice: v.wav}
"""


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder holding an executable `ffmpeg` that leaves a mark when it runs; the test's
    current folder."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    script = folder / "ffmpeg"
    script.write_text(f"#!/bin/sh\necho planted > '{folder / 'RAN'}'\nexit 1\n")
    script.chmod(0o755)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("VALLEI_PLAYER_FFMPEG", raising=False)
    decode.forget_ffmpeg()
    yield folder
    decode.forget_ffmpeg()


def test_an_ffmpeg_in_the_current_folder_is_never_chosen(
    planted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert REAL is not None
    real_dir = os.path.dirname(REAL)
    # empty and relative PATH entries mean the current folder as well
    for path in (real_dir, f":{real_dir}", f".:{real_dir}", f"bin:{real_dir}:"):
        monkeypatch.setenv("PATH", path)
        decode.forget_ffmpeg()
        assert find_ffmpeg() == os.path.join(real_dir, "ffmpeg"), path
    monkeypatch.setenv("PATH", ".")
    decode.forget_ffmpeg()
    with pytest.raises(FfmpegMissing, match="apt install ffmpeg"):
        find_ffmpeg()


def test_a_command_run_in_a_folder_with_a_planted_ffmpeg_does_not_run_it(
    planted: Path, tmp_path: Path
) -> None:
    program = tmp_path / "prog"
    write_wav(program / "v.wav", dc(4800, 0.1))
    (program / "program.yaml").write_text(PROGRAM)
    out = subprocess.run(
        [sys.executable, "-m", "vallei_player", "render", str(program), "--session", "s1",
         "-o", str(tmp_path / "out.wav")],
        cwd=planted, capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k != "VALLEI_PLAYER_FFMPEG"},
    )  # fmt: skip
    assert not (planted / "RAN").exists(), "the planted ffmpeg ran"
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "out.wav").stat().st_size > 4800 * 4


def test_the_override_must_be_an_absolute_path_to_a_program(
    planted: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VALLEI_PLAYER_FFMPEG", "ffmpeg")  # would be the planted one
    with pytest.raises(FfmpegMissing, match="'ffmpeg', which is not an absolute path"):
        find_ffmpeg()
    monkeypatch.setenv("VALLEI_PLAYER_FFMPEG", str(tmp_path / "nothing-here"))
    with pytest.raises(FfmpegMissing, match="but there is no program there that can be run"):
        find_ffmpeg()
    monkeypatch.setenv("VALLEI_PLAYER_FFMPEG", str(REAL))
    assert find_ffmpeg() == REAL
    assert not (planted / "RAN").exists()
