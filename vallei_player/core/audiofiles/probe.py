"""An audio file's format, rate, channels and exact length, judged by its content, not decoded.

Validation must be fast (a program of a thousand phases checks in well under a second) and
must agree to the sample with what the engine later decodes through ffmpeg, because the
timeline is built from these numbers. Where mutagen's figure was measured to equal ffmpeg's
decode to the sample it is used (FLAC, Ogg Vorbis, Opus); where it was not, a small reader
of our own does the job (WAV/RF64, MP3, MP4/M4A/.mov), and each module says why with the
numbers. A file cut short while copying is refused, saying where it really ends.

A file that is not audio we can play raises `ProbeError` saying what it looks like instead;
the loader turns that into a Problem at the line that names the file.
"""

from __future__ import annotations

import struct
import threading
from pathlib import Path
from typing import BinaryIO

from mutagen import MutagenError

from ...i18n import _
from ..problems import os_reason
from .clips import ClipInfo
from .probe_base import ProbeError, looks_like, skip_id3v2
from .probe_flac import probe_flac
from .probe_mp3 import probe_mp3
from .probe_mp4 import probe_mp4
from .probe_ogg import probe_ogg
from .probe_wav import probe_wav

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
        raise ProbeError(_("cannot be read ({reason})").format(reason=os_reason(e))) from None
    key = (str(path), st.st_size, st.st_mtime_ns)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    try:
        with path.open("rb") as f:
            info = _probe_open(f, st.st_size)
    except OSError as e:
        raise ProbeError(_("cannot be read ({reason})").format(reason=os_reason(e))) from None
    except (struct.error, IndexError, ValueError, EOFError, MutagenError) as e:
        # truncated or corrupt headers
        raise ProbeError(
            _("is damaged: its audio headers cannot be read ({detail})").format(detail=e)
        ) from None
    with _cache_lock:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[key] = info
    return info


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def sniff_format(head: bytes) -> str | None:
    """The container by its first bytes: 'wav', 'flac', 'ogg', 'mp3', 'm4a', 'adts' or None."""
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[4:8] in (b"ftyp", b"moov", b"wide", b"mdat"):  # MP4/M4A, and QuickTime .mov
        return "m4a"
    if _is_adts(head):
        return "adts"
    if head[:3] == b"ID3" or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def _is_adts(head: bytes) -> bool:
    """Raw AAC: the MPEG sync with layer bits 00 (an MP3 frame never has them)."""
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0


def _probe_open(f: BinaryIO, size: int) -> ClipInfo:
    head = f.read(4096)
    if not head:
        raise ProbeError(_("is empty (0 bytes)"))
    kind = sniff_format(head)
    if kind == "mp3" and head[:3] == b"ID3":
        # an ID3 tag may also front a FLAC file or raw AAC
        f.seek(skip_id3v2(f, 0))
        after = f.read(4)
        if after == b"fLaC":
            return probe_flac(f, size)
        kind = "adts" if _is_adts(after) else kind
    if kind == "adts":
        raise ProbeError(
            _(
                "is raw AAC audio (an .aac file without a container), which the player does "
                "not support; save it as .m4a (ffmpeg -i voice.aac -c copy voice.m4a keeps "
                "the sound as it is)"
            )
        )
    if kind == "wav":
        return probe_wav(f, size)
    if kind == "flac":
        return probe_flac(f, size)
    if kind == "ogg":
        return probe_ogg(f)
    if kind == "m4a":
        return probe_mp4(f, size)
    if kind == "mp3":
        return probe_mp3(f, size)
    raise ProbeError(
        _("is not audio the player can use: it looks like {what}").format(what=looks_like(head))
    )
