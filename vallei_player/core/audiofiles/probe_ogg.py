"""Ogg Vorbis and Opus lengths from page headers: the last granule position, no decoding.

The granule position of a logical stream's last page is the number of PCM frames up to its
end (Vorbis: at the stream's own rate; Opus: at 48 kHz, including the encoder's pre-skip,
which decoders drop). Reading the tail of the file finds that page in one seek; a CRC check
makes sure a stray "OggS" inside compressed data is not mistaken for a page.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from .clips import ClipInfo
from .probe_base import ProbeError

_HEADER = struct.Struct("<4sBBqIIIB")  # capture, version, type, granule, serial, seq, crc, segs
_TAIL = 64 * 1024
_MAX_PAGE = 27 + 255 + 255 * 255


def _crc_table() -> tuple[int, ...]:
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else (r << 1)
        table.append(r & 0xFFFFFFFF)
    return tuple(table)


_CRC = _crc_table()


def _page_crc(page: bytes) -> int:
    crc = 0
    for b in page[:22] + b"\0\0\0\0" + page[26:]:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC[(crc >> 24) ^ b]
    return crc


def _page_at(buf: bytes, pos: int) -> tuple[int, int, int] | None:
    """(granule, serial, page length) of a valid page at buf[pos:], or None."""
    if pos + 27 > len(buf):
        return None
    capture, version, _type, granule, serial, _seq, crc, segs = _HEADER.unpack_from(buf, pos)
    if capture != b"OggS" or version != 0 or pos + 27 + segs > len(buf):
        return None
    length = 27 + segs + sum(buf[pos + 27 : pos + 27 + segs])
    if pos + length > len(buf) or _page_crc(buf[pos : pos + length]) != crc:
        return None
    return granule, serial, length


def probe_ogg(f: BinaryIO, size: int) -> ClipInfo:
    f.seek(0)
    first = f.read(_MAX_PAGE)
    page = _page_at(first, 0)
    if page is None:
        raise ProbeError("is a damaged Ogg file: its first page is invalid")
    _granule, serial, _length = page
    segs = first[26]
    body = 27 + segs
    packet = first[body : body + 64]
    if packet.startswith(b"\x01vorbis") and len(packet) >= 16:
        channels = packet[11]
        rate = struct.unpack_from("<I", packet, 12)[0]
        codec, skip = "vorbis", 0
    elif packet.startswith(b"OpusHead") and len(packet) >= 12:
        channels = packet[9]
        skip = struct.unpack_from("<H", packet, 10)[0]
        codec, rate = "opus", 48_000  # Opus always decodes at 48 kHz
    else:
        raise ProbeError(
            f"is an Ogg file holding {_ogg_codec_name(packet)}, not Vorbis or Opus audio"
        )
    if channels < 1 or rate < 1:
        raise ProbeError(f"is a damaged Ogg {codec.title()} file: its header is invalid")
    last = _last_granule(f, size, serial)
    if last is None:
        raise ProbeError(f"is a damaged Ogg {codec.title()} file: no page states its length")
    frames = last - skip
    if frames <= 0:
        raise ProbeError(f"is an Ogg {codec.title()} file without any audio")
    return ClipInfo("vorbis" if codec == "vorbis" else "opus", rate, channels, frames)


def _ogg_codec_name(packet: bytes) -> str:
    if packet.startswith(b"\x7fFLAC"):
        return "FLAC (Ogg FLAC); save it as a plain .flac file"
    if packet.startswith(b"Speex"):
        return "Speex voice audio; convert it to Opus"
    if packet.startswith(b"\x80theora"):
        return "Theora video"
    return "an unknown stream"


def _last_granule(f: BinaryIO, size: int, serial: int) -> int | None:
    """The granule of the stream's last page that ends a packet, from the tail, else by scanning."""
    start = max(0, size - _TAIL)
    f.seek(start)
    tail = f.read()
    pos = tail.rfind(b"OggS")
    while pos >= 0:
        page = _page_at(tail, pos)
        if page is not None and page[1] == serial and page[0] != -1:
            return page[0]
        pos = tail.rfind(b"OggS", 0, pos)
    return _scan_forward(f, serial) if start > 0 else None


def _scan_forward(f: BinaryIO, serial: int) -> int | None:
    """Walk every page header (a long final page series without granules; rare)."""
    pos, last = 0, None
    while True:
        f.seek(pos)
        head = f.read(27 + 255)
        if len(head) < 27 or head[:4] != b"OggS":
            return last
        _c, _v, _t, granule, page_serial, _s, _crc, segs = _HEADER.unpack_from(head, 0)
        if len(head) < 27 + segs:
            return last
        if page_serial == serial and granule != -1:
            last = granule
        pos += 27 + segs + sum(head[27 : 27 + segs])
