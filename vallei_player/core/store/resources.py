"""Where the bundled sounds (`audio/`) and demo programs (`programs/`) are.

In a source checkout or an editable install they sit beside the package; an installed
wheel carries them under `<prefix>/share/vallei-player/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]  # vallei_player/


def _find(name: str) -> Path:
    candidates = (
        _PACKAGE.parent / name,
        Path(sys.prefix) / "share" / "vallei-player" / name,
    )
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def bundled_audio_dir() -> Path:
    return _find("audio")


def bundled_programs_dir() -> Path:
    return _find("programs")


def builtin_bell() -> Path:
    """The default cue (PROGRAM_FORMAT.md: `cue` defaults to the built-in bell)."""
    return bundled_audio_dir() / "bell.flac"
