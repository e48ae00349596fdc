"""Each clip's loudness, measured once per file content and kept in the cache folder.

A measurement is made on the clip as the engine plays it (48 kHz stereo, a mono voice in
both channels) whatever the session's rate, so the same file always gets the same gain, in
render and in play, at 44.1 kHz as at 48 kHz. It is stored as
`<cache>/loudness/<content key>.json` (the key `engine.cache` gives the PCM cache, a hash of
the file's bytes), written atomically; an entry of another method version or that does not
parse is measured again. Time is bounded as decoding is: the decode runs under the same
ffmpeg time limit (`decode.time_limit`), the analysis is linear and streamed in pieces, and a
complete 48 kHz entry in the PCM cache is read instead of decoding again.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import numpy as np

from ..core.audiofiles import ClipInfo
from ..core.store import atomic_write_text
from .cache import CachedClip, content_key
from .decode import BYTES_PER_FRAME, stream_pcm
from .loudness import LoudnessMeter, Measurement
from .measuring import MeasuringStopped

MEASURE_RATE = 48_000
METHOD = "bs1770-4/tp4x16/nf50ms-p10-12dB/v2"  # change when a measurement would come out different
_READ_FRAMES = 307_200  # one meter chunk: 6.4 s, 2.4 MB
_log = logging.getLogger(__name__)

_memo: dict[tuple[str, str], Measurement] = {}
_memo_lock = threading.Lock()


def default_folder() -> Path:
    from ..core.store import paths

    return paths.cache_dir() / "loudness"


def measure_clip(
    path: Path,
    info: ClipInfo,
    *,
    folder: Path | None = None,
    decoded: CachedClip | None = None,
    stop: threading.Event | None = None,
) -> Measurement:
    """The loudness of the file at `path`: from the store, or measured now and stored.

    `decoded` is the clip's entry in a 48 kHz PCM cache, if the caller has one open: it is
    read (waiting for its decode) instead of decoding the file a second time. Raises what
    decoding raises (DecodeError, FfmpegMissing) and stores nothing then; raises
    MeasuringStopped, storing nothing, once `stop` is set (a session closed meanwhile).
    """
    folder = folder or default_folder()
    key = content_key(path)
    measurement = _known(folder, key)
    if measurement is None:
        measurement = _measure(path, info, decoded, stop or threading.Event())
        _store(folder / f"{key}.json", measurement)
        with _memo_lock:
            _memo[(str(folder), key)] = measurement
    return measurement


def stored_measurement(path: Path, *, folder: Path | None = None) -> Measurement | None:
    """The file's measurement if it was measured before (this process or the store), else
    None: nothing is decoded."""
    return _known(folder or default_folder(), content_key(path))


def _known(folder: Path, key: str) -> Measurement | None:
    with _memo_lock:
        hit = _memo.get((str(folder), key))
    if hit is not None:
        return hit
    measurement = _load(folder / f"{key}.json")
    if measurement is not None:
        with _memo_lock:
            _memo[(str(folder), key)] = measurement
    return measurement


def _measure(
    path: Path, info: ClipInfo, decoded: CachedClip | None, stop: threading.Event
) -> Measurement:
    meter = LoudnessMeter(MEASURE_RATE)
    if decoded is not None and decoded.rate == MEASURE_RATE:
        for start in range(0, decoded.length, _READ_FRAMES):
            _check(stop)
            meter.feed(decoded.read(start, min(_READ_FRAMES, decoded.length - start)))
        return meter.result()
    pending = b""
    frames = 0
    limit = info.length_at(MEASURE_RATE)  # what the cache would hold: the probed length
    for chunk in stream_pcm(path, info, MEASURE_RATE):
        _check(stop)
        data = pending + chunk
        usable = len(data) - len(data) % BYTES_PER_FRAME
        pending = data[usable:]
        piece = np.frombuffer(data[:usable], dtype=np.float32).reshape(-1, 2)
        piece = piece[: max(0, limit - frames)]
        frames += len(piece)
        meter.feed(piece)
    return meter.result()


def _check(stop: threading.Event) -> None:
    if stop.is_set():
        raise MeasuringStopped()


def _load(entry: Path) -> Measurement | None:
    try:
        raw = json.loads(entry.read_text(encoding="utf-8"))
        if raw.get("method") != METHOD:
            return None
        return Measurement(
            integrated_lufs=_number(raw["integrated_lufs"]),
            true_peak_dbtp=_number(raw["true_peak_dbtp"]),
            sample_peak_dbfs=_number(raw["sample_peak_dbfs"]),
            noise_floor_dbfs=_number(raw["noise_floor_dbfs"]),
            seconds=float(raw["seconds"]),
            sounding=tuple((float(a), float(b)) for a, b in raw["sounding"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as e:  # damaged or foreign: measure again
        _log.info("loudness entry %s unusable (%s); measuring again", entry.name, e)
        return None


def _number(value: object) -> float | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)):
        raise TypeError("not a number")
    return float(value)


def _store(entry: Path, m: Measurement) -> None:
    record = {
        "method": METHOD,
        "integrated_lufs": m.integrated_lufs,
        "true_peak_dbtp": m.true_peak_dbtp,
        "sample_peak_dbfs": m.sample_peak_dbfs,
        "noise_floor_dbfs": m.noise_floor_dbfs,
        "seconds": m.seconds,
        "sounding": [list(s) for s in m.sounding],
    }
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write_text(entry, json.dumps(record, indent=1))
    except OSError as e:  # a full or read-only cache: measure again next time, play now
        _log.warning("could not store the loudness of %s: %s", entry.name, e.strerror)


def forget_memo() -> None:
    """Forget what this process measured (tests that change the store under it)."""
    with _memo_lock:
        _memo.clear()
