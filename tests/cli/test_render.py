"""`vallei-player render`: the exact mixdown, written atomically, with clear refusals."""

from __future__ import annotations

import sys
import textwrap
import wave
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "engine"))
from enginekit import dc, quantised, read_wav, tone, write_wav

from vallei_player.cli import main
from vallei_player.core.program import db_to_linear, load_program
from vallei_player.engine import decode, open_session

PROGRAM = """\
format: 1
id: org.test.render
version: 1.0.0
title: Render test
language: en
audio:
  cue: none
  bed: audio/bed.wav
  fade_out: 1s
  loudness: off                    # this test is about timing: files as they are
sessions:
  - id: s1
    title: One
    phases:
      - {kind: settle, voice: audio/v.wav, duration: 2s}
      - {kind: rest, duration: 1.5s, cue: audio/cue.wav}
      - {kind: closing, voice: audio/v.wav}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "prog"
    write_wav(root / "audio" / "v.wav", tone(1.25, 440, 0.4))
    write_wav(root / "audio" / "bed.wav", dc(24_000, 0.05))
    write_wav(root / "audio" / "cue.wav", dc(100, 0.3))
    (root / "program.yaml").write_text(PROGRAM)
    return root


def test_render_writes_the_exact_session_and_says_what_it_wrote(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "s1.wav"
    assert main(["render", str(folder), "--session", "s1", "-o", str(out), "--float"]) == 0
    said = capsys.readouterr().out
    assert "00:04.75" in said and "3 phases" in said and "228000 samples" in said
    rate, got = read_wav(out)
    assert rate == 48_000 and got.shape == (228_000, 2)
    session = open_session(load_program(folder), "s1")
    try:
        np.testing.assert_array_equal(got, session.mixer.mix(0, 228_000))
    finally:
        session.close()
    # the voice starts at 0 and 3.5 s exactly; the cue at 2 s (phase 2), none at 3.5 s
    voice = quantised(tone(1.25, 440, 0.4))[:, 0]
    bed_start = got[:, 0] - got[:, 1]  # channels agree: the mix is dual mono
    assert not bed_start.any()
    assert got[1, 0] == pytest.approx(voice[1], abs=1e-6)  # the bed starts from silence
    assert got[int(3.5 * 48_000) + 1, 0] == pytest.approx(
        voice[1] + got[int(3.5 * 48_000), 0], abs=1e-6
    )
    assert got[2 * 48_000, 0] == pytest.approx(
        quantised(dc(1, 0.3))[0, 0] * db_to_linear(-6) + quantised(dc(1, 0.05))[0, 0] * 0.1,
        abs=1e-6,
    )


def test_sixteen_bit_render_and_rate(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "s1.wav"
    assert (
        main(
            [
                "render",
                str(folder / "program.yaml"),
                "--session",
                "s1",
                "-o",
                str(out),
                "--rate",
                "44100",
            ]
        )
        == 0
    )
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 44_100)
        assert w.getnframes() == (2 * 44_100) + round(1.5 * 44_100) + round(1.25 * 44_100)


def test_render_from_a_pack(folder: Path, tmp_path: Path) -> None:
    pack = tmp_path / "p.vallei"
    assert main(["pack", str(folder), "-o", str(pack)]) == 0
    out = tmp_path / "from-pack.wav"
    assert main(["render", str(pack), "--session", "s1", "-o", str(out)]) == 0
    assert read_wav(out)[1].shape == (228_000, 2)


def test_refusals_are_one_clear_message_and_change_nothing(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "keep.wav"
    out.write_bytes(b"old")
    assert main(["render", str(folder), "--session", "w9", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "no session 'w9'" in err and "s1" in err and "Traceback" not in err
    assert (
        main(["render", str(folder), "--session", "s1", "-o", str(tmp_path / "no" / "x.wav")]) == 1
    )
    assert "does not exist" in capsys.readouterr().err
    monkeypatch.setenv("VALLEI_PLAYER_FFMPEG", str(tmp_path / "no-ffmpeg"))
    decode.forget_ffmpeg()
    try:
        assert main(["render", str(folder), "--session", "s1", "-o", str(out)]) == 1
        assert "VALLEI_PLAYER_FFMPEG is set to" in capsys.readouterr().err
    finally:
        decode.forget_ffmpeg()
    assert out.read_bytes() == b"old"


def test_render_never_overwrites_the_apps_own_data(
    folder: Path, private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = private_home / "settings.json"
    settings.write_text('{"language": "nl"}')
    assert main(["render", str(folder), "--session", "s1", "-o", str(settings)]) == 1
    assert "own data files" in capsys.readouterr().err
    assert settings.read_text() == '{"language": "nl"}'


def test_a_voice_longer_than_its_phase_is_refused_with_its_line(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PROGRAM.replace("voice: audio/v.wav, duration: 2s", "voice: audio/v.wav, duration: 1s")
    (folder / "program.yaml").write_text(textwrap.dedent(text))
    out = tmp_path / "x.wav"
    assert main(["render", str(folder), "--session", "s1", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "program.yaml:" in err and "v.wav" in err and "Traceback" not in err
    assert not out.exists()
