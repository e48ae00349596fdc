"""Clips in every supported format, rate and channel count decode to the timeline's length."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from enginekit import RATE, encode, quantised, tone, write_wav

from vallei_player.core.audiofiles import probe_clip
from vallei_player.engine.cache import PcmCache

FORMATS = ("wav", "flac", "ogg", "opus", "mp3", "m4a")


def _source(rate: int, channels: int) -> np.ndarray:
    """0.2 s of silence, 0.6 s of 1 kHz at -6 dBFS, 0.2 s of silence."""
    gap = np.zeros(round(0.2 * rate))
    mono = np.concatenate((gap, tone(0.6, 1000, 0.5, rate), gap))
    return mono if channels == 1 else np.stack((mono, mono), axis=1)


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int, int], Path]:
    folder = tmp_path_factory.mktemp("formats")
    made = {}
    for rate in (22_050, 44_100, 48_000):
        for channels in (1, 2):
            wav = write_wav(folder / f"c{rate}_{channels}.wav", _source(rate, channels), rate)
            for fmt in FORMATS:
                made[(fmt, rate, channels)] = (
                    wav if fmt == "wav" else encode(wav, wav.with_suffix(f".{fmt}"))
                )
    return made


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_rate_and_layout_decodes_to_the_probed_length(
    fmt: str, clips: dict[tuple[str, int, int], Path], cache: PcmCache
) -> None:
    for rate in (22_050, 44_100, 48_000):
        for channels in (1, 2):
            path = clips[(fmt, rate, channels)]
            info = probe_clip(path)
            clip = cache.clip(path, info)
            pcm = clip.read(0, clip.length + 100)
            clip.wait_done()
            assert clip.error is None
            assert clip.length == info.length_at(RATE)
            # what ffmpeg produced agrees with the probed length to within 5 ms (ffmpeg drops
            # a Vorbis block's worth at the start of some files); the cache pads the rest
            assert clip.decoded_frames is not None
            slack = 0 if fmt in ("wav", "flac") and rate == RATE else RATE // 200
            assert abs(clip.decoded_frames - clip.length) <= slack, (fmt, rate, channels)
            assert not pcm[clip.length :].any()
            # the tone starts at 0.2 s and ends at 0.8 s (lossy codecs smear a few ms)
            loud = np.flatnonzero(np.abs(pcm[:, 0]) > 0.1)
            assert abs(loud[0] - 0.2 * RATE) < 0.003 * RATE, (fmt, rate, channels)
            assert abs(loud[-1] - 0.8 * RATE) < 0.003 * RATE, (fmt, rate, channels)
            # both channels carry it at its own level (a mono clip is not 3 dB down)
            middle = pcm[int(0.3 * RATE) : int(0.7 * RATE)]
            rms = np.sqrt((middle.astype(np.float64) ** 2).mean(axis=0))
            np.testing.assert_allclose(rms, 0.5 / np.sqrt(2), rtol=0.06)
            if fmt in ("wav", "flac") and rate == RATE:  # lossless at the engine rate: exact
                np.testing.assert_array_equal(
                    pcm[: clip.length], quantised(_source(rate, channels))
                )
            cache.release(clip)
