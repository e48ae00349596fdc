"""`validate` reports each clip's levels and warns about what levelling cannot mend; `info`
shows each voice's measured loudness and applied gain (issue 11 item 2)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "engine"))
from enginekit import tone, write_wav

from vallei_player.cli import main
from vallei_player.i18n import set_language

RATE = 48_000
HEAD = """\
format: 1
id: org.test.levels
version: 1.0.0
title: Levels
language: en
audio: {{cue: none{audio}}}
sessions:
  - id: s1
    title: One
    phases:
"""


def write_program(root: Path, voices: dict[str, np.ndarray], audio: str = "") -> Path:
    lines = [HEAD.format(audio=audio)]
    for name, samples in voices.items():
        write_wav(root / "audio" / f"{name}.wav", samples)
        lines.append(f"      - {{kind: rest, voice: audio/{name}.wav}}\n")
    (root / "program.yaml").write_text("".join(lines))
    return root


def with_pauses(samples: np.ndarray, noise_dbfs: float | None = None) -> np.ndarray:
    """Speech-like: the tone in 1 s bursts with 1 s pauses, optional noise throughout."""
    pause = np.zeros(RATE)
    clip = np.concatenate([pause, samples[:RATE], pause, samples[RATE : 2 * RATE], pause])
    if noise_dbfs is not None:
        rng = np.random.default_rng(3)
        clip = clip + rng.standard_normal(len(clip)) * 10 ** (noise_dbfs / 20)
    return clip


def test_validate_lists_the_levels_of_every_clip_and_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_program(
        tmp_path / "p",
        {
            "fine": with_pauses(tone(2, 1000, 0.1)),  # about -21 LUFS with its pauses
            "quiet": with_pauses(tone(2, 1000, 0.008)),  # about -43 LUFS: +25 dB needed
            "clipped": with_pauses(np.clip(tone(2, 1000, 1.6), -1, 1)),
            "noisy": with_pauses(tone(2, 1000, 0.1), noise_dbfs=-40),
        },
    )
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    warnings = [line for line in lines if ": warning: " in line]
    assert len(warnings) == 3, out
    assert "'audio/quiet.wav' is quiet (" in warnings[0] and "dB to reach -18 LUFS" in warnings[0]
    assert "'audio/clipped.wav' is clipped" in warnings[1]
    assert "'audio/noisy.wav' has noise of -40 dBFS in its pauses" in warnings[2]
    assert all(w.startswith(f"{folder / 'program.yaml'}:") for w in warnings)
    table = lines[lines.index("Levels as played (EBU R128):") + 1 :]
    fine = next(row for row in table if row.strip().startswith("audio/fine.wav"))
    # the tone at 0.1 (-20 dBFS): its true peak; levelled by what brings its loudness to -18
    lufs = float(fine.split()[1])
    assert -21.5 < lufs < -20.0 and "true peak -20.0 dBTP" in fine
    assert f"levelled by {-18 - lufs:+.1f} dB" in fine
    assert "noise floor -inf dBFS" in fine  # its pauses are digital silence
    assert lines[-1] == f"{folder}: OK, 1 session, 3 warnings"


def test_with_loudness_off_a_voice_far_from_the_others_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_program(
        tmp_path / "p",
        {
            "a": with_pauses(tone(2, 1000, 0.1)),  # -20 LUFS
            "b": with_pauses(tone(2, 1000, 0.09)),  # -21 LUFS
            "c": with_pauses(tone(2, 1000, 0.02)),  # -34 LUFS: 13 LU under
        },
        audio=", loudness: off",
    )
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, out
    # 0.02 against the middle one's 0.09: 20 log10(0.02 / 0.09) = -13.1 LU
    assert "'audio/c.wav' is -13.1 LU from the other voices" in warnings[0]
    assert "loudness off" in out


def test_info_shows_each_voices_loudness_and_gain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_program(tmp_path / "p", {"v": tone(2, 1000, 0.05)})  # -26 LUFS
    assert main(["info", "--json", str(folder)]) == 0
    phase = json.loads(capsys.readouterr().out)["sessions"][0]["phases"][0]
    assert phase["voice_lufs"] == pytest.approx(-26.0, abs=0.1)
    assert phase["voice_gain_db"] == pytest.approx(8.0, abs=0.1)
    assert main(["info", str(folder)]) == 0
    assert "voice audio/v.wav (-26.0 LUFS, +8.0 dB)" in capsys.readouterr().out
    assert main(["info", "--json", "--no-levels", str(folder)]) == 0
    assert "voice_lufs" not in json.loads(capsys.readouterr().out)["sessions"][0]["phases"][0]


def test_the_level_warnings_read_in_dutch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_program(tmp_path / "p", {"zacht": with_pauses(tone(2, 1000, 0.008))})
    set_language("nl")
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "warning: 'audio/zacht.wav' is zacht (" in out
    assert "Niveaus zoals ze klinken (EBU R128):" in out
