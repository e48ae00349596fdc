"""WAV length from its chunks: RIFF and RF64, plain PCM, float and WAVE_FORMAT_EXTENSIBLE.

Kept by hand rather than mutagen's reader: mutagen refuses RF64 (the WAV of recordings over
4 GB, written by broadcast recorders and ffmpeg) and takes the data chunk's stated size even
when the file ends sooner, both measured. The reader is these few lines.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from ...i18n import _
from .clips import ClipInfo
from .probe_base import ProbeError, cut_short

_PCM, _FLOAT, _ALAW, _MULAW, _EXTENSIBLE = 1, 3, 6, 7, 0xFFFE
# Sizes a recorder writes before it knows the length (streamed, or still recording).
_UNKNOWN_SIZES = (0, 0xFFFFFFFF, 0x7FFFFFFF)


def probe_wav(f: BinaryIO, size: int) -> ClipInfo:
    f.seek(0)
    rf64 = f.read(12)[:4] == b"RF64"
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
            fmt = _format(f.read(min(chunk_size, 40)))
        elif chunk_id == b"data":
            if fmt is None:
                raise ProbeError(_("is a damaged WAV file: the data comes before the format chunk"))
            stated = big_data_size if rf64 and big_data_size is not None else chunk_size
            return _clip(fmt, stated, size - body)
        pos = body + chunk_size + (chunk_size & 1)
    raise ProbeError(_("is a damaged WAV file: it has no audio data chunk"))


def _format(raw: bytes) -> tuple[int, int, int, int]:
    tag, channels, rate, _byte_rate, block_align = struct.unpack("<HHIIH", raw[:14])
    if tag == _EXTENSIBLE and len(raw) >= 26:
        tag = struct.unpack("<H", raw[24:26])[0]  # the sub-format GUID starts with the tag
    return tag, channels, rate, block_align


def _clip(fmt: tuple[int, int, int, int], stated: int, present: int) -> ClipInfo:
    tag, channels, rate, block_align = fmt
    if tag not in (_PCM, _FLOAT, _ALAW, _MULAW):
        raise ProbeError(
            _(
                "is a WAV file with compressed audio (format 0x{tag}); save it as plain PCM WAV"
            ).format(tag=f"{tag:04x}")
        )
    if channels < 1 or rate < 1 or block_align < 1:
        raise ProbeError(_("is a damaged WAV file: its format chunk is invalid"))
    if stated in _UNKNOWN_SIZES:
        stated = present  # a streamed WAV: the file itself bounds what can be decoded
    elif present < stated - block_align:
        raise ProbeError(cut_short(present // block_align / rate, stated // block_align / rate))
    return ClipInfo("wav", rate, channels, min(stated, present) // block_align)
