"""Decoding: safe ffmpeg, streaming into a bounded disk cache, readable before it is complete."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from enginekit import RATE, dc, quantised, tone, write_wav

from vallei_player.core.audiofiles import probe_clip
from vallei_player.engine import decode
from vallei_player.engine.cache import PcmCache
from vallei_player.engine.decode import DecodeError, FfmpegMissing, ffmpeg_command, find_ffmpeg


@pytest.fixture
def fake_ffmpeg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An 'ffmpeg' whose behaviour the test writes (python source in FAKE_FFMPEG_CODE)."""
    script = tmp_path / "ffmpeg"
    script.write_text(
        f"#!{sys.executable}\nimport os, sys, time\nexec(os.environ['FAKE_FFMPEG_CODE'])\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("VALLEI_PLAYER_FFMPEG", str(script))
    decode.forget_ffmpeg()
    yield script
    decode.forget_ffmpeg()


def test_ffmpeg_is_run_without_a_shell_on_one_pinned_file(tmp_path: Path) -> None:
    odd = write_wav(tmp_path / "a b; rm -rf ~ |x.wav", tone(0.1, 440))
    cmd = ffmpeg_command("ffmpeg", odd, probe_clip(odd), RATE)
    assert cmd[cmd.index("-protocol_whitelist") + 1] == "file"
    assert cmd[cmd.index("-i") - 2 : cmd.index("-i")] == ["-f", "wav"]  # demuxer pinned
    assert cmd[cmd.index("-i") + 1] == "file:" + str(odd.resolve())
    assert "-nostdin" in cmd
    # and it decodes, odd name and all
    cache = PcmCache(tmp_path / "pcm")
    clip = cache.clip(odd, probe_clip(odd))
    np.testing.assert_array_equal(clip.read(0, clip.length), quantised(tone(0.1, 440)))


def test_a_clip_can_be_read_while_it_is_still_decoding(
    tmp_path: Path, fake_ffmpeg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_wav(tmp_path / "long.wav", dc(10 * RATE, 0.1))
    gate = tmp_path / "go-on"
    # one second of PCM at once, then the rest only when the test opens the gate: the first
    # read must be answered while the decode is still held back, however slow the machine
    monkeypatch.setenv(
        "FAKE_FFMPEG_CODE",
        "import struct\nout = sys.stdout.buffer\nframe = struct.pack('<ff', 0.25, 0.25)\n"
        f"out.write(frame * {RATE}); out.flush()\n"
        "deadline = time.monotonic() + 60\n"
        f"while not os.path.exists({str(gate)!r}) and time.monotonic() < deadline:\n"
        "    time.sleep(0.01)\n"
        f"out.write(frame * {9 * RATE})\n",
    )
    cache = PcmCache(tmp_path / "pcm")
    clip = cache.clip(src, probe_clip(src))
    first = clip.read(0, RATE // 2)
    assert not clip.done
    assert (first == 0.25).all()
    gate.touch()
    clip.wait_done(60)
    assert clip.error is None and (clip.read(9 * RATE, 100) == 0.25).all()


def test_a_hung_ffmpeg_is_stopped_by_its_time_limit(
    tmp_path: Path, fake_ffmpeg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_wav(tmp_path / "v.wav", dc(RATE, 0.1))
    monkeypatch.setenv("FAKE_FFMPEG_CODE", "time.sleep(60)\n")
    monkeypatch.setattr(decode, "time_limit", lambda info: 0.5)
    cache = PcmCache(tmp_path / "pcm")
    clip = cache.clip(src, probe_clip(src))
    with pytest.raises(DecodeError, match=r"'v\.wav'.*took longer"):
        clip.read(0, 10)
    assert not list((tmp_path / "pcm").iterdir())  # nothing half-written is left


def test_a_failing_decode_names_the_file(
    tmp_path: Path, fake_ffmpeg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_wav(tmp_path / "v.wav", dc(RATE, 0.1))
    monkeypatch.setenv(
        "FAKE_FFMPEG_CODE", "sys.stderr.write('Invalid data found\\n'); sys.exit(1)\n"
    )
    clip = PcmCache(tmp_path / "pcm").clip(src, probe_clip(src))
    with pytest.raises(DecodeError, match=r"'v\.wav' could not be decoded \(Invalid data found\)"):
        clip.read(0, 10)


def test_missing_ffmpeg_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("VALLEI_PLAYER_FFMPEG", raising=False)
    decode.forget_ffmpeg()
    try:
        with pytest.raises(FfmpegMissing, match="apt install ffmpeg"):
            find_ffmpeg()
    finally:
        decode.forget_ffmpeg()


def test_cache_is_keyed_by_content_and_bounded(tmp_path: Path) -> None:
    a = write_wav(tmp_path / "a.wav", dc(RATE, 0.1))
    same = write_wav(tmp_path / "renamed.wav", dc(RATE, 0.1))
    b = write_wav(tmp_path / "b.wav", dc(RATE, 0.2))
    c = write_wav(tmp_path / "c.wav", dc(RATE, 0.3))
    entry = RATE * 8
    cache = PcmCache(tmp_path / "pcm", max_bytes=2 * entry)
    ca = cache.clip(a, probe_clip(a))
    ca.wait_done()
    cache.release(ca)
    again = cache.clip(same, probe_clip(same))
    assert again.done and again.decoded_frames is None  # a hit: nothing decoded
    cache.release(again)
    os.utime(ca.final_path, (time.time() - 100, time.time() - 100))  # a is the oldest
    for path in (b, c):
        clip = cache.clip(path, probe_clip(path))
        clip.wait_done()
        cache.release(clip)
    cache.evict()
    kept = sorted(p.name for p in (tmp_path / "pcm").glob("*.f32"))
    assert len(kept) == 2 and ca.final_path.name not in kept
    # an entry in use is never evicted, even over the bound
    cache.max_bytes = 0
    held = cache.clip(b, probe_clip(b))
    cache.evict()
    assert held.final_path.exists() and np.allclose(held.read(0, 10), quantised(dc(10, 0.2)))


def test_half_decoded_files_of_ended_processes_are_cleared(tmp_path: Path) -> None:
    root = tmp_path / "pcm"
    root.mkdir()
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = root / f"abc.{int(child.stdout)}.1.part"  # its writer has ended (a failed render)
    mine = root / f"def.{os.getpid()}.1.part"  # a decode of this process still under way
    dead.write_bytes(b"x")
    mine.write_bytes(b"x")
    PcmCache(root)
    assert not dead.exists() and mine.exists()


@pytest.mark.parametrize("preadv", [True, False], ids=["preadv", "pread (Windows)"])
def test_reading_into_a_buffer_gives_the_clip_and_silence_around_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, preadv: bool
) -> None:
    if not preadv:
        monkeypatch.delattr(os, "preadv", raising=False)
    wav = write_wav(tmp_path / "t.wav", tone(0.1, 440))
    cache = PcmCache(tmp_path / "pcm")
    clip = cache.clip(wav, probe_clip(wav))
    expected = quantised(tone(0.1, 440))
    n = clip.length
    out = np.full((n + 200, 2), 7.0, dtype=np.float32)  # stale values must all be overwritten
    clip.read_into(-100, out)
    assert (out[:100] == 0).all() and (out[100 + n :] == 0).all()
    np.testing.assert_array_equal(out[100 : 100 + n], expected)
    np.testing.assert_array_equal(clip.read(n - 10, 30)[:10], expected[-10:])
    cache.close()
