"""The PCM cache never grows past its bound, pinned clips included (issue 9 item 7)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from enginekit import RATE, dc, lookup_for, make_program, phase, write_wav

from vallei_player.core.audiofiles import ClipInfo, probe_clip
from vallei_player.engine import cache as cache_module
from vallei_player.engine import open_session
from vallei_player.engine.cache import DEFAULT_MAX_BYTES, CacheFull, PcmCache
from vallei_player.engine.decode import time_limit

ENTRY = RATE * 8  # one second of engine PCM: 48 000 stereo float32 frames


def folder_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.iterdir() if p.suffix in (".f32", ".part"))


def watch_decodes(monkeypatch: pytest.MonkeyPatch, root: Path) -> list[int]:
    """Decode for real, noting the cache's bytes on disk as each decode begins."""
    real = cache_module.stream_pcm
    seen: list[int] = []

    def stream(path: Path, info: ClipInfo, rate: int) -> Iterator[bytes]:
        seen.append(folder_bytes(root))
        yield from real(path, info, rate)

    monkeypatch.setattr(cache_module, "stream_pcm", stream)
    return seen


def test_room_is_made_before_a_decode_starts_not_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "pcm"
    cache = PcmCache(root, max_bytes=2 * ENTRY + ENTRY // 2)
    seen = watch_decodes(monkeypatch, root)
    for n in range(4):
        src = write_wav(tmp_path / f"{n}.wav", dc(RATE, 0.1 * (n + 1)))
        clip = cache.clip(src, probe_clip(src))
        assert clip.wait_done(30) and clip.error is None
        cache.release(clip)
        assert folder_bytes(root) <= cache.max_bytes
    # each decode started with room for its whole entry: one older entry was evicted first
    assert seen == [0, ENTRY, ENTRY, ENTRY]


def test_a_clip_larger_than_the_cache_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "pcm"
    src = write_wav(tmp_path / "stil.wav", dc(RATE, 0.0))
    seen = watch_decodes(monkeypatch, root)
    cache = PcmCache(root)  # the default bound
    ten_hours = ClipInfo("wav", 8000, 1, 8000 * 36000)  # what the hostile Ogg says it holds
    with pytest.raises(CacheFull, match=r"'stil\.wav' needs 13\.8 GB of room in the sound cache"):
        cache.clip(src, ten_hours)
    assert seen == [] and folder_bytes(root) == 0
    assert DEFAULT_MAX_BYTES >= 4 * 3600 * RATE * 8  # the most sound a valid session uses


def test_clips_in_use_count_against_the_bound_and_a_session_that_cannot_fit_opens_nothing(
    tmp_path: Path,
) -> None:
    write_wav(tmp_path / "a.wav", dc(RATE, 0.1))
    write_wav(tmp_path / "b.wav", dc(RATE, 0.2))
    write_wav(tmp_path / "c.wav", dc(RATE, 0.3))
    root = tmp_path / "pcm"
    cache = PcmCache(root, max_bytes=2 * ENTRY + ENTRY // 2)
    two = make_program(tmp_path, [phase(0, voice="a.wav"), phase(1, voice="b.wav")])
    session = open_session(two, "s1", RATE, lookup=lookup_for(tmp_path), cache=cache)
    assert all(c.wait_done(30) for c in session.clips.values())
    three = make_program(
        tmp_path, [phase(0, voice="a.wav"), phase(1, voice="b.wav"), phase(2, voice="c.wav")]
    )
    with pytest.raises(CacheFull, match=r"'c\.wav' needs 1 MB of room"):
        open_session(three, "s1", RATE, lookup=lookup_for(tmp_path), cache=cache)
    assert sorted(c.pins for c in session.clips.values()) == [1, 1]  # its pins were undone
    assert folder_bytes(root) == 2 * ENTRY
    session.close()
    only_c = make_program(tmp_path, [phase(0, voice="c.wav")])
    again = open_session(only_c, "s1", RATE, lookup=lookup_for(tmp_path), cache=cache)
    try:  # a and b are no longer held: one of them makes room for c
        assert all(c.wait_done(30) and c.error is None for c in again.clips.values())
    finally:
        again.close()
    assert folder_bytes(root) == 2 * ENTRY


def test_decode_time_limits_follow_from_the_longest_clip_a_program_may_have() -> None:
    three_hours = ClipInfo("vorbis", 8000, 1, 8000 * 3 * 3600)
    ten_hours = ClipInfo("vorbis", 8000, 1, 8000 * 36000)
    minute = ClipInfo("vorbis", 48000, 2, 48000 * 60)
    assert time_limit(minute) == 30 + 6  # 30 s to start, then at least 10x real time
    assert time_limit(three_hours) == 30 + 1080
    assert time_limit(ten_hours) == time_limit(three_hours)  # whatever a file claims
