"""Narration drafts (issue 14, item 4): espeak-ng speaks a phase's script in the programme's
language; validate warns "narration is a synthetic draft" at the phase that uses it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vallei_player.core.authoring import ProgramDocument, SetValue, TemplateChoice, create_programme
from vallei_player.core.program import check_program


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_draft_is_spoken_and_validate_warns_about_it(tmp_path: Path) -> None:
    from pydub import AudioSegment

    from vallei_player.engine import integrated_lufs, make_draft

    folder = tmp_path / "p"
    create_programme(folder, TemplateChoice("single", "Drafts", language="nl"))
    doc = ProgramDocument.open(folder)
    script = str(doc.get(("sessions", 0, "phases", 0, "script")))
    clip = make_draft(script, "nl", folder / "audio" / "session" / "01-settle.draft.opus")
    seg = AudioSegment.from_file(str(clip))
    assert 2.0 < len(seg) / 1000 < 15.0  # a sentence, spoken
    assert integrated_lufs(seg) is not None  # not silence
    SetValue(("sessions", 0, "phases", 0), "voice", "audio/session/01-settle.draft.opus").apply(doc)
    doc.save()
    program, problems = check_program(folder)
    assert program is not None, problems
    (warning,) = [p for p in problems if not p.is_error]
    assert "narration is a synthetic draft" in warning.message
    assert warning.location.line == doc.line_of(("sessions", 0, "phases", 0, "voice"))
