"""Narration drafts: the phase's script spoken by espeak-ng in the programme's language.

A draft lets a coach hear the timing before recording; it is saved as `NAME.draft.opus`
(core.program.DRAFT_MARK), which `validate` and the Studio show as a synthetic draft, and
which a recording replaces in one step (it gets its own name, the draft's file stays until
the coach deletes it).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.problems import UserError
from ..i18n import _
from .recording_edit import _segment, export_opus

# espeak-ng's voices for the languages a programme usually speaks; others by their base tag
VOICES = {"en": "en-gb", "nl": "nl", "de": "de", "fr": "fr-fr"}


def espeak_voice(language: str) -> str:
    base = language.split("-")[0].lower()
    return VOICES.get(base, base)


def make_draft(script: str, language: str, out: Path) -> Path:
    """Speak `script` into `out` (Opus); UserError when espeak-ng is missing or refuses."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise UserError(
            _("a draft voice needs espeak-ng, which is not installed (apt-get install espeak-ng)")
        )
    with tempfile.TemporaryDirectory(prefix="vallei-draft-") as tmp:
        wav = Path(tmp) / "draft.wav"
        done = subprocess.run(
            [
                program,
                "-v",
                espeak_voice(language),
                "-s",
                "140",
                "-g",
                "6",
                "-w",
                str(wav),
                "--stdin",
            ],
            input=script.encode("utf-8"),
            capture_output=True,
            timeout=300,
        )
        if done.returncode != 0 or not wav.is_file():
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise UserError(
                _("espeak-ng could not speak the script ({reason})").format(reason=reason[0])
            )
        export_opus(_segment(wav), out)
    return out
