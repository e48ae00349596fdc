"""An audio file's format, rate, channels and exact length, judged by its content, not decoded.

Validation must be fast (a program of a thousand phases checks in well under a second) and
must agree to the sample with what the engine later decodes through ffmpeg, because the
timeline is built from these numbers. So each format is read from its headers: WAV's data
chunk, FLAC's STREAMINFO, Ogg's last granule position, MP3's Xing/LAME tag (or a scan of
frame headers), MP4's sample tables and edit list. The format-specific readers live in
`audioprobe_ogg`, `audioprobe_mp3` and `audioprobe_mp4`.

A file that is not audio we can play raises `ProbeError` saying what it looks like instead;
the loader turns that into a Problem at the line that names the file.
"""

from __future__ import annotations

import struct
import threading
from pathlib import Path
from typing import BinaryIO

from .clips import ClipInfo
from .probe_base import ProbeError, looks_like, skip_id3v2
from .probe_mp3 import probe_mp3
from .probe_mp4 import probe_mp4
from .probe_ogg import probe_ogg

__all__ = ["ProbeError", "clear_cache", "probe_clip", "sniff_format"]

_CACHE_LIMIT = 4096
_cache: dict[tuple[str, int, int], ClipInfo] = {}
_cache_lock = threading.Lock()


def probe_clip(path: Path | str) -> ClipInfo:
    """Format, rate, channels and frames of `path`; raises ProbeError if it is not usable audio.

    Results are cached per (path, size, mtime), so validating a program that names the same
    bell a hundred times reads it once, and an edited file is read again.
    """
    path = Path(path)
    try:
        st = path.stat()
    except OSError as e:
        raise ProbeError(f"cannot be read ({e.strerror or e})") from None
    key = (str(path), st.st_size, st.st_mtime_ns)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    try:
        with path.open("rb") as f:
            info = _probe_open(f, st.st_size)
    except OSError as e:
        raise ProbeError(f"cannot be read ({e.strerror or e})") from None
    except (struct.error, IndexError, ValueError) as e:  # truncated or corrupt headers
        raise ProbeError(f"is damaged: its audio headers cannot be read ({e})") from None
    with _cache_lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = info
    return info


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def sniff_format(head: bytes) -> str | None:
    """The container by its first bytes: 'wav', 'flac', 'ogg', 'mp3', 'm4a', or None."""
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:3] == b"ID3" or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def _probe_open(f: BinaryIO, size: int) -> ClipInfo:
    head = f.read(4096)
    if not head:
        raise ProbeError("is empty (0 bytes)")
    kind = sniff_format(head)
    if kind == "mp3" and head[:3] == b"ID3":
        # an ID3 tag may also front a FLAC file
        start = skip_id3v2(f, 0)
        f.seek(start)
        if f.read(4) == b"fLaC":
            return _probe_flac(f, start)
    if kind == "wav":
        return _probe_wav(f, size)
    if kind == "flac":
        return _probe_flac(f, 0)
    if kind == "ogg":
        return probe_ogg(f, size)
    if kind == "m4a":
        return probe_mp4(f, size)
    if kind == "mp3":
        return probe_mp3(f, size)
    raise ProbeError(f"is not audio the player can use: it looks like {looks_like(head)}")


_WAV_PCM, _WAV_FLOAT, _WAV_ALAW, _WAV_MULAW, _WAV_EXTENSIBLE = 1, 3, 6, 7, 0xFFFE


def _probe_wav(f: BinaryIO, size: int) -> ClipInfo:
    f.seek(0)
    riff = f.read(12)
    rf64 = riff[:4] == b"RF64"
    pos = 12
    fmt: tuple[int, int, int, int] | None = None  # tag, channels, rate, block align
    big_data_size: int | None = None
    while pos + 8 <= size:
        f.seek(pos)
        chunk_id, chunk_size = struct.unpack("<4sI", f.read(8))
        body = pos + 8
        if chunk_id == b"ds64":
            _riff, big_data_size = struct.unpack("<QQ", f.read(16))
        elif chunk_id == b"fmt ":
            raw = f.read(min(chunk_size, 40))
            tag, channels, rate, _byte_rate, block_align = struct.unpack("<HHIIH", raw[:14])
            if tag == _WAV_EXTENSIBLE and len(raw) >= 26:
                tag = struct.unpack("<H", raw[24:26])[0]
            fmt = (tag, channels, rate, block_align)
        elif chunk_id == b"data":
            if fmt is None:
                raise ProbeError("is a damaged WAV file: the data comes before the format chunk")
            tag, channels, rate, block_align = fmt
            if tag not in (_WAV_PCM, _WAV_FLOAT, _WAV_ALAW, _WAV_MULAW):
                raise ProbeError(
                    f"is a WAV file with compressed audio (format 0x{tag:04x}); "
                    "save it as plain PCM WAV"
                )
            if channels < 1 or rate < 1 or block_align < 1:
                raise ProbeError("is a damaged WAV file: its format chunk is invalid")
            data_size = big_data_size if rf64 and big_data_size is not None else chunk_size
            # a streamed WAV may say 0xFFFFFFFF; the file itself bounds what can be decoded
            data_size = min(data_size, size - body)
            return ClipInfo("wav", rate, channels, data_size // block_align)
        pos = body + chunk_size + (chunk_size & 1)
    raise ProbeError("is a damaged WAV file: it has no audio data chunk")


def _probe_flac(f: BinaryIO, start: int) -> ClipInfo:
    f.seek(start + 4)
    header = f.read(4)
    if len(header) < 4 or header[0] & 0x7F != 0:
        raise ProbeError("is a damaged FLAC file: STREAMINFO is missing")
    info = f.read(34)
    if len(info) < 34:
        raise ProbeError("is a damaged FLAC file: STREAMINFO is cut short")
    packed = int.from_bytes(info[10:18], "big")
    rate = packed >> 44
    channels = ((packed >> 41) & 0x7) + 1
    total = packed & ((1 << 36) - 1)
    if rate == 0:
        raise ProbeError("is a damaged FLAC file: the sample rate is 0")
    if total == 0:
        raise ProbeError(
            "is a FLAC file that does not state its length; re-encode it with flac or ffmpeg"
        )
    return ClipInfo("flac", rate, channels, total)
