"""Files coaches really bring: ALAC, QuickTime .mov (also at 96 kHz), AAC whose edit list
ends before its last frame, AAC from a transcoded voice, raw AAC, fragmented MP4, and files
cut short while copying.

Every file is made here with ffmpeg. A clip lasts what ffmpeg's decode of it gives (issue 10
item 8: the timeline of a phase without a duration is that length), so each expected length
is counted from a decode, never taken from the probe. A file cut short must be refused with
where it really ends (again from the decode) and what its header claims (issue 11 item 8).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from vallei_player.core.audiofiles import ProbeError, clear_cache, probe_clip

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")

TONE = "sine=frequency=440:sample_rate={rate}:duration={seconds}"
# Clicks over a quiet tone: Vorbis switches to short blocks at each click, as it does at the
# consonants of speech, which leaves uneven frame timestamps in an AAC made from it.
CLICKS = "aevalsrc='if(lt(mod(t,0.25),0.01),random(0)*2-1,0.01*sin(2*PI*440*t))':s=22050:d=3"


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=120)


def decoded_frames(path: Path) -> int:
    """Frames ffmpeg decodes from the first audio stream, at the file's own rate."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0",
         "-f", "f32le", "-c:a", "pcm_f32le", "-ac", "1", "pipe:1"],
        capture_output=True, timeout=120,
    )  # fmt: skip
    return len(out.stdout) // 4


def tone(folder: Path, rate: int, channels: int, seconds: str) -> Path:
    src = folder / f"tone-{rate}-{channels}-{seconds}.wav"
    if not src.exists():
        ffmpeg("-f", "lavfi", "-i", TONE.format(rate=rate, seconds=seconds),
               "-ac", str(channels), "-c:a", "pcm_s16le", str(src))  # fmt: skip
    return src


MP4_CASES = {  # name -> (rate, channels, seconds, ffmpeg arguments after the tone input)
    "alac-44k-stereo.m4a": (44100, 2, "1.2345", ["-c:a", "alac"]),
    "alac-48k-mono.m4a": (48000, 1, "1.2345", ["-c:a", "alac"]),
    "alac-96k-24bit.m4a": (96000, 2, "1.2345", ["-c:a", "alac", "-sample_fmt", "s32p"]),
    "aac-only.mov": (44100, 1, "1.2345", ["-c:a", "aac"]),
    "pcm.mov": (48000, 2, "1.2345", ["-c:a", "pcm_s16le"]),
    # Over 65,535 Hz a .mov describes its sound in QuickTime's version-2 layout.
    "alac-96k.mov": (96000, 2, "1.2345", ["-c:a", "alac"]),
    "pcm-96k-mono.mov": (96000, 1, "1.2345", ["-c:a", "pcm_s24le"]),
    # 103,441 samples: AAC's last frame holds only the last 17, and the edit list, counted
    # in milliseconds, ends before that frame starts; ffmpeg then leaves the frame out.
    "aac-edit-ends-early.m4a": (44100, 2, "2.3456", ["-c:a", "aac"]),
    "aac-edit-ends-early.mov": (44100, 1, "2.3456", ["-c:a", "aac"]),
    "aac-edit-ends-in-last-frame.m4a": (48000, 2, "2.3456", ["-c:a", "aac"]),
}


@pytest.mark.parametrize("name", MP4_CASES)
def test_alac_and_quicktime_files_last_what_ffmpeg_decodes(tmp_path: Path, name: str) -> None:
    rate, channels, seconds, args = MP4_CASES[name]
    out = tmp_path / name
    ffmpeg("-i", str(tone(tmp_path, rate, channels, seconds)), *args, str(out))
    info = probe_clip(out)
    assert (info.format, info.rate, info.channels) == ("m4a", rate, channels)
    assert info.frames == decoded_frames(out)


def test_an_alac_file_whose_entry_states_another_rate_plays_at_its_own(tmp_path: Path) -> None:
    """ffmpeg 9 writes 48000 in the sample entry's rate field of a 96 kHz ALAC file; the
    ALAC configuration inside the entry says 96000, and that is what it decodes at."""
    out = tmp_path / "hires.m4a"
    ffmpeg("-i", str(tone(tmp_path, 96000, 2, "1.2345")), "-c:a", "alac", str(out))
    data = bytearray(out.read_bytes())
    entry = data.index(b"alac", data.index(b"moov")) - 4  # the sample entry, in stsd
    data[entry + 32 : entry + 36] = (48000 << 16).to_bytes(4, "big")  # 16.16 fixed point
    out.write_bytes(bytes(data))
    info = probe_clip(out)
    assert (info.rate, info.channels) == (96000, 2)
    assert info.frames == decoded_frames(out) == round(1.2345 * 96000)


def test_a_phone_video_plays_its_sound(tmp_path: Path) -> None:
    """A .mov with a video track and an AAC track (what a phone records) is audio like .m4a."""
    out = tmp_path / "recording.mov"
    ffmpeg("-f", "lavfi", "-i", "testsrc=s=160x120:r=25:d=2", "-i",
           str(tone(tmp_path, 48000, 2, "2")), "-c:v", "mpeg4", "-c:a", "aac", "-shortest",
           str(out))  # fmt: skip
    info = probe_clip(out)
    assert (info.format, info.rate, info.channels) == ("m4a", 48000, 2)
    assert info.frames == decoded_frames(out)


def test_aac_made_from_a_vorbis_voice_lasts_what_ffmpeg_decodes(tmp_path: Path) -> None:
    vorbis, aac = tmp_path / "voice.ogg", tmp_path / "voice.m4a"
    ffmpeg("-f", "lavfi", "-i", CLICKS, "-c:a", "libvorbis", str(vorbis))
    ffmpeg("-i", str(vorbis), "-c:a", "aac", str(aac))
    assert probe_clip(aac).frames == decoded_frames(aac)


@pytest.mark.parametrize("tagged", [False, True], ids=["plain", "with-id3"])
def test_raw_aac_is_refused_with_the_way_to_m4a(tmp_path: Path, tagged: bool) -> None:
    out = tmp_path / "voice.aac"
    tags = ["-write_id3v2", "1", "-metadata", "title=Rust"] if tagged else []
    ffmpeg("-i", str(tone(tmp_path, 44100, 2, "1")), "-c:a", "aac", "-f", "adts", *tags, str(out))
    assert out.read_bytes()[:3] == b"ID3" if tagged else out.read_bytes()[0] == 0xFF
    with pytest.raises(ProbeError) as caught:
        probe_clip(out)
    message = str(caught.value)
    assert "raw AAC" in message and ".m4a" in message
    assert "MP3" not in message


def test_a_fragmented_mp4_is_refused_with_advice(tmp_path: Path) -> None:
    out = tmp_path / "stream.mp4"
    ffmpeg("-i", str(tone(tmp_path, 48000, 2, "1")), "-c:a", "aac",
           "-movflags", "frag_keyframe+empty_moov", str(out))  # fmt: skip
    with pytest.raises(ProbeError, match=r"fragmented MP4 .* export the audio again as an \.m4a"):
        probe_clip(out)


CUT_CASES = {  # name -> (ffmpeg arguments, whether the header states the length)
    "lame-vbr.mp3": (["-c:a", "libmp3lame", "-q:a", "4"], True),
    "tone.flac": (["-c:a", "flac"], True),
    "tone.wav": (["-c:a", "pcm_s16le"], True),
    "moov-first.m4a": (["-c:a", "aac", "-movflags", "+faststart"], True),
    "tone.ogg": (["-c:a", "libvorbis"], False),
    "tone.opus": (["-c:a", "libopus"], False),
}
WHOLE, KEPT = 14.3, 4.5  # seconds: the recording, and the share of its bytes that arrived


@pytest.mark.parametrize("name", CUT_CASES)
def test_a_file_cut_short_is_refused_saying_where_it_ends(tmp_path: Path, name: str) -> None:
    args, states_length = CUT_CASES[name]
    whole = tmp_path / f"whole-{name}"
    ffmpeg("-i", str(tone(tmp_path, 48000, 2, str(WHOLE))), *args, str(whole))
    assert probe_clip(whole).frames == decoded_frames(whole)  # the whole file is fine
    data = whole.read_bytes()
    cut = tmp_path / name
    cut.write_bytes(data[: int(len(data) * KEPT / WHOLE)])
    ends = decoded_frames(cut) / 48000  # every codec here decodes at 48 kHz
    clear_cache()
    with pytest.raises(ProbeError) as caught:
        probe_clip(cut)
    message = str(caught.value)
    found = re.match(r"is damaged: it ends after (\d+\.\d) s", message)
    assert found, message
    # within a tenth of a second of where the decode stops (M4A's figure is estimated from
    # the share of audio bytes present, the others count frames or pages)
    assert abs(float(found[1]) - ends) <= 0.15, (message, ends)
    if states_length:
        assert f"although its header says {WHOLE} s" in message
    else:
        assert "without the end mark" in message
    assert "Copy it again, or export it again" in message


def test_a_streamed_wav_without_a_stated_size_is_whole(tmp_path: Path) -> None:
    """Recorders that stream write 0xFFFFFFFF as the data size: that is not damage."""
    wav = tmp_path / "stream.wav"
    ffmpeg("-i", str(tone(tmp_path, 22050, 1, "1.5")), "-c:a", "pcm_s16le", str(wav))
    data = bytearray(wav.read_bytes())
    at = data.index(b"data") + 4
    data[at : at + 4] = b"\xff\xff\xff\xff"
    wav.write_bytes(bytes(data))
    assert probe_clip(wav).frames == decoded_frames(wav) == round(1.5 * 22050)


def test_a_flac_behind_an_id3_tag_is_still_flac(tmp_path: Path) -> None:
    """Some taggers put an ID3v2 tag in front of a FLAC file; the content still decides."""
    flac = tmp_path / "plain.flac"
    ffmpeg("-i", str(tone(tmp_path, 44100, 2, "1.2345")), "-c:a", "flac", str(flac))
    frame = b"TIT2" + (5).to_bytes(4, "big") + b"\0\0" + b"\0Rust"
    tagged = tmp_path / "tagged.flac"
    tagged.write_bytes(b"ID3\x03\x00\x00" + len(frame).to_bytes(4, "big") + frame
                       + flac.read_bytes())  # fmt: skip
    info = probe_clip(tagged)
    assert (info.format, info.frames) == ("flac", round(1.2345 * 44100))
