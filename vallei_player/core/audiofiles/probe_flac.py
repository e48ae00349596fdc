"""FLAC length through mutagen (STREAMINFO's total), checked against the file's last frame.

STREAMINFO is written when encoding ends, so a file cut short while copying still states the
whole length (a 4.5 s piece of a 14.3 s file says 14.3 s; ffmpeg decodes 4.3 s of it). mutagen
reads only the header, so the last frame header in the file's tail tells where the audio
really stops: FLAC frame headers carry their frame (or sample) number and a CRC-8.
"""

from __future__ import annotations

import re
from typing import BinaryIO, cast

from mutagen import MutagenError
from mutagen.flac import FLAC, StreamInfo

from ...i18n import _
from .clips import ClipInfo
from .probe_base import ProbeError, cut_short

_TAIL_MIN = 64 * 1024
_TAIL_MAX = 16 * 1024 * 1024
_SYNC = re.compile(rb"\xff[\xf8\xf9]")


def probe_flac(f: BinaryIO, size: int) -> ClipInfo:
    f.seek(0)
    try:
        info = cast(StreamInfo, FLAC(f).info)  # type: ignore[no-untyped-call]  # partial hints
    except MutagenError:
        raise ProbeError(_("is a damaged FLAC file: STREAMINFO is missing or cut short")) from None
    rate, total = info.sample_rate, info.total_samples
    if rate == 0:
        raise ProbeError(_("is a damaged FLAC file: the sample rate is 0"))
    if total == 0:
        raise ProbeError(
            _("is a FLAC file that does not state its length; re-encode it with flac or ffmpeg")
        )
    tail = min(size, max(_TAIL_MIN, 2 * info.max_framesize), _TAIL_MAX)
    f.seek(size - tail)
    reached = _last_frame_start(f.read(tail), info.max_blocksize, total)
    if reached is not None and reached[0] + reached[1] < total:
        raise ProbeError(cut_short(reached[0] / rate, total / rate))
    return ClipInfo("flac", rate, info.channels, total)


def _last_frame_start(tail: bytes, fixed_block: int, total: int) -> tuple[int, int] | None:
    """(first sample, block size) of the latest frame whose header is in `tail`.

    The latest by sample number, not by position: a byte pattern inside compressed audio
    that happens to pass as a header cannot hide the real last frame that way.
    """
    best: tuple[int, int] | None = None
    for sync in _SYNC.finditer(tail):
        frame = _frame_header(tail, sync.start(), fixed_block)
        if frame is not None and frame[0] < total and (best is None or frame[0] > best[0]):
            best = frame
    return best


def _frame_header(buf: bytes, pos: int, fixed_block: int) -> tuple[int, int] | None:
    head = buf[pos : pos + 16]
    if len(head) < 6 or head[1] & 0xFE != 0xF8 or head[2] >> 4 == 0 or head[2] & 15 == 15:
        return None
    if head[3] >> 4 > 10 or head[3] & 1:
        return None
    lead = head[4]
    extra = 0 if lead < 0x80 else 8 - (lead ^ 0xFF).bit_length() - 1  # UTF-8-like count
    if extra < 0 or extra > 6 or (lead >= 0x80 and extra == 0):
        return None
    number = lead & (0x7F >> extra) if extra else lead
    at = 5
    for b in head[at : at + extra]:
        if b & 0xC0 != 0x80:
            return None
        number = (number << 6) | (b & 0x3F)
    at += extra
    code = head[2] >> 4
    if code == 6:
        block, at = head[at] + 1, at + 1
    elif code == 7:
        block, at = int.from_bytes(head[at : at + 2], "big") + 1, at + 2
    else:
        block = 192 if code == 1 else (576 << (code - 2) if code < 6 else 256 << (code - 8))
    at += {12: 1, 13: 2, 14: 2}.get(head[2] & 15, 0)
    if at >= len(head) or _crc8(head[:at]) != head[at]:
        return None
    first = number * fixed_block if head[1] & 1 == 0 else number
    return first, block


def _crc8(data: bytes) -> int:
    crc = 0
    for b in data:
        crc = _CRC8[crc ^ b]
    return crc


def _crc8_table() -> tuple[int, ...]:
    table = []
    for i in range(256):
        r = i
        for _bit in range(8):
            r = ((r << 1) ^ 0x07) & 0xFF if r & 0x80 else (r << 1) & 0xFF
        table.append(r)
    return tuple(table)


_CRC8 = _crc8_table()
