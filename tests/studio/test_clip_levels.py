"""The levels warnings of `validate` (clipped, noise in the pauses, needing more than +15 dB)
are shown in the Studio on the phase whose clip they concern, and in the problems list."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import numpy as np

from vallei_player.core.authoring import TemplateChoice, create_programme

RATE = 48_000


def _wav(path: Path, x: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(np.round(np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())


def _tone(seconds: float, amplitude: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return amplitude * np.sin(2 * np.pi * 220 * t)


def test_each_phase_shows_the_warnings_of_its_own_voice(tmp_path: Path, studio_window: Any) -> None:
    loud = tmp_path / "loud.wav"
    _wav(loud, _tone(4.0, 1.0))  # peaks at full scale: clipped
    quiet = tmp_path / "quiet.wav"
    rng = np.random.default_rng(3)
    x = rng.normal(0, 0.004, 8 * RATE)  # hiss at about -48 dBFS, heard in the pauses
    for k in range(0, 8, 2):  # a second of soft voice (about -33 dBFS), a second of pause
        x[k * RATE : (k + 1) * RATE] += _tone(1.0, 0.03)
    _wav(quiet, x)

    doc = create_programme(tmp_path / "p", TemplateChoice("single", "Calm", language="en"))
    window = studio_window(doc)
    page = window.session_page
    window.show_session(0)
    page.phases.setCurrentRow(0)
    window.voice.import_file(loud)
    page.phases.setCurrentRow(4)  # the closing (rows: settle, the wave block, its 2, closing)
    window.voice.import_file(quiet)

    page.phases.setCurrentRow(0)
    first = window.voice.state.text()
    assert "is clipped" in first
    assert "noise" not in first and "is quiet" not in first
    page.phases.setCurrentRow(4)
    second = window.voice.state.text()
    assert "has noise of" in second and "is quiet" in second and "needs +" in second
    assert "is clipped" not in second
    page.phases.setCurrentRow(2)
    assert "⚠" not in window.voice.state.text()  # a phase without a voice: nothing to say

    rows = [page.phases.item(i).text() for i in range(page.phases.count())]
    assert rows[0].endswith("⚠ 1 level warning") and rows[4].endswith("⚠ 2 level warnings")
    assert not any("⚠" in row for row in rows[1:4])  # the wave block has no clips
    listed = [window.problems.list.item(i).text() for i in range(window.problems.list.count())]
    assert sum("is clipped" in line for line in listed) == 1
    assert sum("is quiet" in line for line in listed) == 1
    assert window.studio.valid  # warnings, not errors: it still publishes
