"""The issue's "Done when" flow in the Studio, offscreen: from an empty folder a three-session
programme, two phases with recorded voices, one draft narration; the live check warns about
the draft; a preview plays through the engine; Publish asks to raise the version once the
content changed, and the pack installs into the app's library (issue 14, items 4, 6, 8)."""

from __future__ import annotations

import math
import shutil
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from vallei_player.core.authoring import TemplateChoice, create_programme
from vallei_player.core.packs import library


def _voice_wav(path: Path, seconds: float) -> None:
    t = np.arange(int(seconds * 48_000)) / 48_000
    tone = 0.1 * np.sin(2 * math.pi * 220 * t)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48_000)
        w.writeframes(np.round(tone * 32767).astype("<i2").tobytes())


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_empty_folder_to_an_installed_pack(
    studio_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vallei_player.engine import NullOutput

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    outputs: list[Any] = []

    def output() -> Any:
        out = NullOutput("manual")
        outputs.append(out)
        return out

    folder = tmp_path / "empty"
    folder.mkdir()
    doc = create_programme(
        folder, TemplateChoice("course", "Three evenings", weeks=1, sessions_per_week=3, waves=1)
    )
    window = studio_window(doc)
    window.preview.output_factory = output
    page = window.session_page
    # two recorded phases (imported takes) in sessions 1 and 2, a draft in session 3
    for session, seconds in ((0, 4.0), (1, 6.0)):
        take = tmp_path / f"take{session}.wav"
        _voice_wav(take, seconds)
        window.show_session(session)
        page.phases.setCurrentRow(0)
        window.voice.import_file(take)
    window.show_session(2)
    page.phases.setCurrentRow(0)
    window.voice.make_draft()
    assert "synthetic draft" in window.voice.state.text()
    voices = [s["phases"][0].get("voice") for s in doc.root["sessions"]]
    assert voices[0].startswith("audio/w1-1/") and voices[2].endswith(".draft.opus")
    assert window.studio.valid
    warnings = [p for p in window.studio.problems if not p.is_error]
    assert len(warnings) == 1 and "narration is a synthetic draft" in warnings[0].message

    # preview the second session from its first phase through the engine's player
    window.show_session(1)
    page.phases.setCurrentRow(0)
    window.preview.toggle()
    assert window.preview.player is not None
    window.preview.shutdown()

    # publish, change something, publish again: the second pack asks for a new version
    pack = tmp_path / "three-1.vallei"
    window.publisher.publish(pack)
    assert pack.is_file()
    assert "3 sessions" in told[-1] and "1 warning" in told[-1]
    window.show_session(0)
    page.phases.setCurrentRow(len(page.phases.rows) - 1)
    page.phase_fields.widgets["duration"].setText("4m")
    page.phase_fields.widgets["duration"].editingFinished.emit()
    second = tmp_path / "three-2.vallei"
    window.publisher.publish(second)
    assert doc.root["version"] == "0.1.1"
    result = library.install(second)
    assert result.program_id == "three-evenings"
    assert result.version == "0.1.1"
    assert len(library.load("three-evenings").sessions) == 3
