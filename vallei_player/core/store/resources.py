"""Where the bundled sounds (`audio/`) and demo programs (`programs/`) are.

A wheel and the frozen app carry them inside the package, as `vallei_player/bundled/audio`
and `vallei_player/bundled/programs` (the build backend, `.ci/packaging/build_backend.py`,
copies them there); in a source checkout or an editable install they are the top-level
folders beside the package, where coaches and the sound scripts work on them.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]  # vallei_player/


def _find(name: str) -> Path:
    # Inside the package first: beside an installed package (site-packages/) a folder of
    # that name would belong to someone else.
    candidates = (_PACKAGE / "bundled" / name, _PACKAGE.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def bundled_audio_dir() -> Path:
    return _find("audio")


def bundled_programs_dir() -> Path:
    return _find("programs")


def builtin_bell() -> Path:
    """The default cue (PROGRAM_FORMAT.md: `cue` defaults to the built-in bell)."""
    return bundled_audio_dir() / "bell.flac"


def builtin_ask_chime() -> Path:
    """The "how high is it now?" chime that ends a phase with `ask_level: true`."""
    return bundled_audio_dir() / "vraag.flac"
