"""The PCM cache under failure: an entry is dropped only by its own clip, a failed decode
always ends its clip, and no failure stops later decodes (issue 9 item 11)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from enginekit import RATE, dc, quantised, write_wav

from vallei_player.core.audiofiles import ClipInfo, probe_clip
from vallei_player.engine import cache as cache_module
from vallei_player.engine.cache import PcmCache
from vallei_player.engine.decode import DecodeError

WAIT_S = 30  # only a bound on a hang: each decode here takes milliseconds


def failing_first(monkeypatch: pytest.MonkeyPatch, failures: list[BaseException]) -> None:
    """Decodes raise the given exceptions, one each, then work."""
    real = cache_module.stream_pcm

    def stream(path: Path, info: ClipInfo, rate: int) -> Iterator[bytes]:
        if failures:
            raise failures.pop(0)
        yield from real(path, info, rate)

    monkeypatch.setattr(cache_module, "stream_pcm", stream)


def test_releasing_a_failed_clip_keeps_the_new_clip_of_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_wav(tmp_path / "v.wav", dc(RATE, 0.1))
    info = probe_clip(src)
    failing_first(monkeypatch, [DecodeError("the first decode fails")])
    cache = PcmCache(tmp_path / "pcm")
    old = cache.clip(src, info)  # a session that keeps its failed clip for now
    assert old.wait_done(WAIT_S) and old.error is not None
    new = cache.clip(src, info)  # another session asks again: decoded afresh
    assert new is not old and new.wait_done(WAIT_S) and new.error is None
    cache.release(old)  # the first session lets go of its failed clip
    cache.max_bytes = 0
    cache.evict()
    assert new.final_path.exists(), "the entry a session holds was evicted"
    assert cache.clip(src, info) is new  # still known as held: the same clip, pinned twice
    np.testing.assert_array_equal(new.read(0, 100), quantised(dc(100, 0.1)))


def test_unexpected_errors_end_their_clips_and_later_clips_still_decode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clips = [write_wav(tmp_path / f"{n}.wav", dc(RATE // 10, 0.1 * (n + 1))) for n in range(3)]
    failing_first(monkeypatch, [RuntimeError("a bug"), RuntimeError("another bug")])
    cache = PcmCache(tmp_path / "pcm")
    first, second = (cache.clip(p, probe_clip(p)) for p in clips[:2])
    for clip in (first, second):
        assert clip.wait_done(WAIT_S)
        with pytest.raises(DecodeError, match="unexpected problem"):
            clip.read(0, 10)  # not silence, as if it had decoded
    third = cache.clip(clips[2], probe_clip(clips[2]))
    assert third.wait_done(WAIT_S), "nothing decodes any more"
    np.testing.assert_array_equal(third.read(0, 10), quantised(dc(10, 0.3)))
    assert not list((tmp_path / "pcm").glob("*.part"))


def test_a_cache_folder_that_went_away_fails_the_clip_instead_of_hanging(
    tmp_path: Path,
) -> None:
    src = write_wav(tmp_path / "v.wav", dc(RATE, 0.1))
    cache = PcmCache(tmp_path / "pcm")
    shutil.rmtree(tmp_path / "pcm")  # "Delete all my data", a cleaner, a full disk
    clip = cache.clip(src, probe_clip(src))
    assert clip.wait_done(WAIT_S), "readers would wait for ever"
    with pytest.raises(DecodeError, match=r"'v\.wav' could not be decoded into the cache"):
        clip.read(0, 10)
