"""The audio probe agrees with what ffmpeg decodes, to the sample, without decoding.

Files are made at test time with ffmpeg from a generated tone, in every supported format at
22.05, 44.1 and 48 kHz, mono and stereo; then one ffmpeg run decodes them all and we compare
sample counts. Measured tolerance: exact for every format here (WAV, FLAC, Vorbis, Opus, MP3
with a LAME tag or plain CBR, M4A with AAC or ALAC, QuickTime .mov). One known exception is
documented in `test_vorbis_on_a_single_page_keeps_the_stated_length`. Files coaches bring
from elsewhere (cut short, raw AAC, phone videos) are in `test_audiofiles_real_world.py`.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from vallei_player.core.audiofiles import ProbeError, clear_cache, probe_clip

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")

RATES = (22050, 44100, 48000)
CHANNELS = (1, 2)
SECONDS = "1.2345"  # not a whole number of frames or blocks in any codec
ENCODINGS: dict[str, tuple[str, list[str]]] = {  # name -> (format judged by content, ffmpeg args)
    "s16.wav": ("wav", ["-c:a", "pcm_s16le"]),
    "f32.wav": ("wav", ["-c:a", "pcm_f32le"]),
    "s24-extensible.wav": ("wav", ["-c:a", "pcm_s24le"]),
    "rf64.wav": ("wav", ["-c:a", "pcm_s16le", "-rf64", "always"]),
    "tone.flac": ("flac", ["-c:a", "flac"]),
    "tone.ogg": ("vorbis", ["-c:a", "libvorbis"]),
    "tone.opus": ("opus", ["-c:a", "libopus"]),
    "vbr.mp3": ("mp3", ["-c:a", "libmp3lame", "-q:a", "4"]),
    "cbr-no-xing.mp3": ("mp3", ["-c:a", "libmp3lame", "-b:a", "96k", "-write_xing", "0"]),
    "tone.m4a": ("m4a", ["-c:a", "aac", "-b:a", "96k"]),
    "alac.m4a": ("m4a", ["-c:a", "alac"]),
    "aac.mov": ("m4a", ["-c:a", "aac", "-b:a", "96k"]),
}


def _encode(folder: Path, rate: int, channels: int) -> list[Path]:
    tone = f"sine=frequency=440:sample_rate={rate}:duration={SECONDS}"
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", tone]
    outs = []
    for name, (_fmt, args) in ENCODINGS.items():
        out = folder / f"{rate}-{channels}-{name}"
        cmd += ["-ac", str(channels), *args, str(out)]  # options apply per output file
        outs.append(out)
    subprocess.run(cmd, check=True, timeout=60)
    return outs


def _decoded_frames(files: list[Path]) -> dict[Path, int]:
    """Decode everything in one ffmpeg run to raw float32 at each file's own rate."""
    cmd = ["ffmpeg", "-v", "error", "-y"]
    for f in files:
        cmd += ["-i", str(f)]
    raws = []
    for i, f in enumerate(files):
        raw = f.with_name(f.name + ".raw")
        cmd += ["-map", f"{i}:a", "-f", "f32le", "-c:a", "pcm_f32le", str(raw)]
        raws.append(raw)
    subprocess.run(cmd, check=True, timeout=120)
    return {f: raw.stat().st_size for f, raw in zip(files, raws, strict=True)}


@pytest.fixture(scope="module")
def decoded(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, int]:
    folder = tmp_path_factory.mktemp("probe")
    files = [f for r, c in itertools.product(RATES, CHANNELS) for f in _encode(folder, r, c)]
    return _decoded_frames(files)


CASES = [(r, c, n) for r, c, n in itertools.product(RATES, CHANNELS, ENCODINGS)]


@pytest.mark.parametrize(
    ("rate", "channels", "name"), CASES, ids=[f"{r}-{c}-{n}" for r, c, n in CASES]
)
def test_probe_matches_ffmpeg_decode(
    decoded: dict[Path, int], rate: int, channels: int, name: str
) -> None:
    path = next(p for p in decoded if p.name == f"{rate}-{channels}-{name}")
    info = probe_clip(path)
    assert info.format == ENCODINGS[name][0]
    assert info.channels == channels
    assert info.rate == (48000 if name == "tone.opus" else rate)
    assert info.frames == decoded[path] // (4 * channels)
    if name.endswith((".wav", ".flac", "alac.m4a")):  # lossless: exactly the tone's length
        assert info.frames == round(float(SECONDS) * rate)


def test_vorbis_on_a_single_page_keeps_the_stated_length(tmp_path: Path) -> None:
    """A Vorbis clip so short that all its audio fits on one Ogg page: ffmpeg then outputs
    whole blocks (up to ~0.02 s more or less); we keep the length the stream states, which
    is the true one, and the engine pads or trims the decoded audio to it."""
    out = tmp_path / "short.ogg"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=sample_rate=48000:duration=0.3",
         "-c:a", "libvorbis", str(out)],
        check=True,
    )  # fmt: skip
    assert probe_clip(out).frames == 14400


@pytest.mark.parametrize(
    ("content", "looks"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "a PNG image"),
        (b"Take a deep breath and relax.\n", "a text file"),
        (b"<!DOCTYPE html><html><body>404</body></html>", "a web page (HTML)"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"PK\x03\x04" + b"\0" * 40, "a ZIP archive"),
        (bytes(range(200, 256)) * 4, "no audio format known"),
    ],
)
def test_non_audio_is_named_for_what_it_is(tmp_path: Path, content: bytes, looks: str) -> None:
    path = tmp_path / "voice.ogg"  # the name claims Ogg; the content decides
    path.write_bytes(content)
    with pytest.raises(ProbeError, match=re.escape(f"it looks like {looks}")):
        probe_clip(path)


def test_damaged_and_empty_files_are_probe_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(ProbeError, match="empty"):
        probe_clip(empty)
    cut = tmp_path / "cut.wav"
    cut.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00")
    with pytest.raises(ProbeError, match="damaged"):
        probe_clip(cut)
    fake_ogg = tmp_path / "fake.ogg"
    fake_ogg.write_bytes(b"OggS" + b"\0" * 100)
    with pytest.raises(ProbeError, match="damaged Ogg"):
        probe_clip(fake_ogg)
    only_sync = tmp_path / "sync.mp3"
    only_sync.write_bytes(b"\xff\xfb" + b"\0" * 20)
    with pytest.raises(ProbeError):
        probe_clip(only_sync)


def test_content_not_name_decides_and_the_cache_sees_edits(
    decoded: dict[Path, int], tmp_path: Path
) -> None:
    flac = next(p for p in decoded if p.name == "48000-2-tone.flac")
    disguised = tmp_path / "voice.mp3"
    disguised.write_bytes(flac.read_bytes())
    assert probe_clip(disguised).format == "flac"
    clear_cache()
    wav = next(p for p in decoded if p.name == "44100-1-s16.wav")
    disguised.write_bytes(wav.read_bytes())  # same path, new content and size
    assert probe_clip(disguised).format == "wav"


def test_a_real_recording(tmp_path: Path) -> None:
    sample = Path("/usr/share/sounds/alsa/Front_Center.wav")
    if not sample.exists():
        pytest.skip("no ALSA sample sounds on this machine")
    out = tmp_path / "front.mp3"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(sample), "-c:a", "libmp3lame", str(out)], check=True
    )
    decoded = _decoded_frames([out])[out]
    info = probe_clip(out)
    assert info.frames == decoded // (4 * info.channels)
