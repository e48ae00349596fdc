"""Make the demo programs' voice clips from the `script:` fields of their program.yaml.

    .venv/bin/python programs/_build/make_narration.py            # every bundled program
    .venv/bin/python programs/_build/make_narration.py programs/taster-en --force

The script text in program.yaml is the one source of truth: the captions the player
shows and the words the clip speaks are the same. A clip used by several phases must
carry the same script everywhere (checked). A clip whose script has not changed since it
was made is left alone: the script's hash is stored in the Opus file's tags.

The voice is espeak-ng (GPL-3.0; the generated audio carries no licence of espeak's), made
calm: a slower rate, a lower pitch, a longer pause between sentences and a longer one
still at a blank line. Then sox takes out rumble and the harshest highs and adds a
little room (without dither, so every run makes the same files), the clip is normalised
to about -20 dBFS RMS while speaking (peak at most -1 dBFS), and ffmpeg encodes it as
Opus in Ogg, 48 kHz mono, 28 kbit/s.

Needs: espeak-ng, sox, ffmpeg on PATH; numpy and PyYAML.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

PROGRAMS = Path(__file__).resolve().parent.parent
RATE = 48_000
ESPEAK_RATE = 22_050  # what espeak-ng writes

# language -> (espeak-ng voice, words per minute, pitch 0..99)
VOICES = {"nl": ("nl", 128, 36), "en": ("en-gb", 132, 34)}
SENTENCE_PAUSE = 0.9  # seconds of silence between sentences
PARAGRAPH_PAUSE = 2.2  # ... and at a blank line in the script
LEAD_IN, TAIL = 0.4, 1.2
TARGET_RMS_DB, PEAK_LIMIT_DB = -20.0, -1.0
SOX_EFFECTS = ["highpass", "70", "lowpass", "5000", "reverb", "18", "60", "35", "0", "8", "-9"]
OPUS = ["-c:a", "libopus", "-b:a", "28k", "-application", "audio", "-ac", "1"]
SETTINGS_TAG = "espeak-ng/sox/opus v1"  # change this to force every clip to be remade


@dataclass(frozen=True)
class Clip:
    program: Path
    path: str  # relative to the program folder
    script: str
    language: str

    @property
    def file(self) -> Path:
        return self.program / self.path

    @property
    def stamp(self) -> str:
        voice = VOICES[self.language]
        # Line breaks inside a paragraph do not change what is said; blank lines do.
        said = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", self.script.strip()))
        text = f"{SETTINGS_TAG}|{voice}|{said}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def walk_phases(phases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for entry in phases:
        if "repeat" in entry:
            out += walk_phases(entry["phases"])
        else:
            out.append(entry)
    return out


def clips_of(program: Path) -> list[Clip]:
    data = yaml.safe_load((program / "program.yaml").read_text(encoding="utf-8"))
    language = str(data["language"]).split("-")[0]
    if language not in VOICES:
        raise SystemExit(f"{program.name}: no narration voice for language '{language}'")
    found: dict[str, Clip] = {}
    for session in data["sessions"]:
        for phase in walk_phases(session["phases"]):
            voice, script = phase.get("voice"), phase.get("script")
            if not voice:
                continue
            if not script:
                raise SystemExit(
                    f"{program.name}/{session['id']}: '{voice}' has no script to speak"
                )
            clip = Clip(program, voice, script, language)
            earlier = found.setdefault(voice, clip)
            if earlier.script.strip() != clip.script.strip():
                raise SystemExit(f"{program.name}: '{voice}' is given two different scripts")
    return list(found.values())


def sentences(paragraph: str) -> list[str]:
    text = " ".join(paragraph.split())
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def speak(sentence: str, language: str, work: Path) -> np.ndarray:
    """One sentence from espeak-ng as float samples at espeak's rate, silence trimmed."""
    voice, wpm, pitch = VOICES[language]
    out = work / "sentence.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(wpm), "-p", str(pitch), "-w", str(out), sentence],
        check=True,
    )
    with wave.open(str(out), "rb") as w:
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768
    loud = np.flatnonzero(np.abs(x) > 0.003)
    if loud.size == 0:
        raise SystemExit(f"espeak-ng said nothing for: {sentence!r}")
    if rate != ESPEAK_RATE:
        raise SystemExit(f"espeak-ng wrote {rate} Hz audio; this script expects {ESPEAK_RATE} Hz")
    return x[max(loud[0] - 220, 0) : loud[-1] + 660]


def narrate(clip: Clip, work: Path) -> np.ndarray:
    """The whole clip at 48 kHz, processed and normalised."""
    rate = ESPEAK_RATE
    parts: list[np.ndarray] = [np.zeros(int(LEAD_IN * rate))]
    paragraphs = [p for p in re.split(r"\n\s*\n", clip.script.strip()) if p.strip()]
    for p_index, paragraph in enumerate(paragraphs):
        said = sentences(paragraph)
        for s_index, sentence in enumerate(said):
            parts.append(speak(sentence, clip.language, work))
            last = s_index == len(said) - 1
            if last and p_index == len(paragraphs) - 1:
                pause = TAIL
            else:
                pause = PARAGRAPH_PAUSE if last else SENTENCE_PAUSE
            parts.append(np.zeros(int(pause * rate)))
    raw, done = work / "raw.wav", work / "done.wav"
    write_wav(raw, np.concatenate(parts), rate)
    subprocess.run(
        ["sox", "-D", "-R", str(raw), str(done), "rate", "-v", str(RATE), *SOX_EFFECTS], check=True
    )
    with wave.open(str(done), "rb") as w:
        y = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768
    return normalise(y)


def normalise(x: np.ndarray) -> np.ndarray:
    """Speech-active RMS to TARGET_RMS_DB, but never a peak above PEAK_LIMIT_DB."""
    frame = RATE // 50
    usable = x[: x.size // frame * frame].reshape(-1, frame)
    rms = np.sqrt((usable**2).mean(axis=1))
    active = rms[rms > rms.max() * 0.1]
    gain = 10 ** (TARGET_RMS_DB / 20) / np.sqrt((active**2).mean())
    gain = min(gain, 10 ** (PEAK_LIMIT_DB / 20) / np.abs(x).max())
    return x * gain


def write_wav(path: Path, x: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(x, -1, 32767 / 32768) * 32768).round().astype("<i2").tobytes())


def encode(x: np.ndarray, clip: Clip) -> None:
    clip.file.parent.mkdir(parents=True, exist_ok=True)
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(RATE), "-ac", "1", "-i", "-"]
    cmd += ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", *OPUS]
    cmd += ["-metadata", f"comment=vallei-narration {clip.stamp}", str(clip.file)]
    subprocess.run(cmd, input=x.astype("<f4").tobytes(), check=True)


def current_stamp(path: Path) -> str | None:
    if not path.is_file():
        return None
    cmd = [
        "ffprobe",
        "-v",
        "error",
        "-show_entries",
        "stream_tags=comment:format_tags=comment",
        "-of",
        "default=nw=1:nk=1",
        str(path),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    m = re.search(r"vallei-narration (\w+)", out)
    return m.group(1) if m else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Make the demo programs' voice clips from their scripts."
    )
    parser.add_argument(
        "programs", nargs="*", type=Path, help="program folders (default: all bundled)"
    )
    parser.add_argument(
        "--force", action="store_true", help="remake clips even when their script is unchanged"
    )
    args = parser.parse_args(argv)
    folders = args.programs or sorted(p.parent for p in PROGRAMS.glob("*/program.yaml"))
    made = kept = 0
    with tempfile.TemporaryDirectory() as tmp:
        for folder in folders:
            for clip in clips_of(folder):
                if not args.force and current_stamp(clip.file) == clip.stamp:
                    kept += 1
                    continue
                x = narrate(clip, Path(tmp))
                encode(x, clip)
                made += 1
                print(f"{folder.name}/{clip.path}: {x.size / RATE:.1f} s")
    print(f"{made} clips made, {kept} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
