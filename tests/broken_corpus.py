"""The broken-program corpus (tests/data/broken), made ready to check: each folder breaks one
rule of format v1; a few need audio made next to them, which `prepare` does."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

from locations import DATA

BROKEN = DATA / "broken"


def write_tone_wav(path: Path, seconds: float, rate: int = 8000) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x10\x00" * round(seconds * rate))


def prepare(name: str, tmp_path: Path) -> Path:
    """A copy of the broken program, with the audio its rule needs made here."""
    folder = tmp_path / name
    shutil.copytree(BROKEN / name, folder)
    if name in ("path-wrong-case", "voice-too-long"):
        write_tone_wav(folder / "audio" / "voice.wav", 3.0)
    if name == "link-outside":
        write_tone_wav(tmp_path / "outside.wav", 1.0)
        (folder / "audio").mkdir()
        (folder / "audio" / "link.wav").symlink_to(tmp_path / "outside.wav")
    return folder
