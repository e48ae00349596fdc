"""`vallei-player play`: plays on the sound device and logs the attempt as the app does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "engine"))
from enginekit import tone, write_wav

from vallei_player.cli import main

REPO = Path(__file__).resolve().parent.parent.parent

PROGRAM = """\
format: 1
id: org.test.play
version: 1.0.0
title: Play test
language: en
audio: {cue: none, fade_out: 1s}
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, voice: audio/v.wav, duration: 10s}
      - {kind: arousal, duration: 10s}
      - {kind: closing, duration: 10s}
  - id: s2
    title: Two
    phases:
      - {kind: settle, voice: audio/v.wav}
"""


@pytest.fixture
def installed(tmp_path: Path, private_home: Path) -> str:
    root = tmp_path / "prog"
    write_wav(root / "audio" / "v.wav", tone(1, 440, 0.3))
    (root / "program.yaml").write_text(PROGRAM)
    assert main(["import", str(root)]) == 0
    return "org.test.play"


def test_a_program_that_is_not_installed_is_one_clear_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["play", "org.nobody.here"]) == 1
    err = capsys.readouterr().err
    assert "org.nobody.here" in err and "Traceback" not in err


def test_an_unknown_session_is_refused(installed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", installed, "--session", "w9"]) == 1
    err = capsys.readouterr().err
    assert "w9" in err and "s1" in err


@pytest.fixture
def sink(paced_sink: None) -> None:
    """The paced sound device (the session's `paced_sink`, started once)."""


def _start_play(program_id: str, home: Path) -> tuple[subprocess.Popen[str], float]:
    env = {**os.environ, "VALLEI_PLAYER_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "vallei_player", "play", program_id],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # "Playing 'One' (s1) of Play test."
    assert first.startswith("Playing"), first + (proc.stderr.read() if proc.stderr else "")
    second = proc.stdout.readline()  # the first phase line: sound has started
    assert second.startswith("phase 1/3"), second
    return proc, time.monotonic()


def _log(home: Path) -> list[dict[str, object]]:
    env = {**os.environ, "VALLEI_PLAYER_HOME": str(home)}
    out = subprocess.run(
        [sys.executable, "-m", "vallei_player", "log", "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    entries: list[dict[str, object]] = json.loads(out.stdout)
    return entries


@pytest.mark.sounddevice
def test_a_killed_play_leaves_an_incomplete_attempt_with_what_was_heard(
    installed: str, private_home: Path, sink: None
) -> None:
    proc, started = _start_play(installed, private_home)
    time.sleep(12)
    proc.send_signal(signal.SIGKILL)
    heard = time.monotonic() - started
    proc.wait(timeout=10)
    entries = _log(private_home)
    assert len(entries) == 1
    attempt = entries[0]
    assert attempt["session"] == "s1" and attempt["completed"] is False
    assert abs(float(attempt["listened_s"]) - heard) <= 5.0, (attempt, heard)  # type: ignore[arg-type]


@pytest.mark.sounddevice
def test_sigterm_stops_cleanly_and_logs_a_partial_session(
    installed: str, private_home: Path, sink: None
) -> None:
    proc, started = _start_play(installed, private_home)
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    heard = time.monotonic() - started
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 143, err
    assert "logged as not completed" in out and "Traceback" not in err
    attempt = _log(private_home)[0]
    assert attempt["completed"] is False and attempt["reason"] == "stopped"
    assert attempt["ended"] is not None
    assert abs(float(attempt["listened_s"]) - heard) <= 1.0, (attempt, heard)  # type: ignore[arg-type]


@pytest.mark.sounddevice
def test_in_a_terminal_space_pauses_and_q_stops(
    installed: str, private_home: Path, sink: None
) -> None:
    from ptyplay import Terminal

    term = Terminal(installed, private_home)
    try:
        term.read_until(b"phase 1/3 Settle")
        assert b"Space: pause/resume" in term.seen
        term.type(b" ", b"(paused)")
        os.write(term.leader, b" ")  # resume
        time.sleep(0.5)
        term.type(b"q", b"logged as not completed")
        assert term.proc.wait(timeout=10) == 0
    finally:
        term.close()
    attempt = _log(private_home)[0]
    assert attempt["completed"] is False and attempt["pauses"] == 1


def test_an_unknown_device_is_refused_before_anything_is_logged(
    installed: str, private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["play", installed, "--device", "no-such-card"]) == 1
    err = capsys.readouterr().err
    assert "no sound output matches 'no-such-card'" in err and "Traceback" not in err
    assert _log(private_home) == []
