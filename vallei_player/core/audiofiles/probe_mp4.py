"""M4A, MP4 and QuickTime .mov length from the boxes: sample tables, edit list or iTunSMPB.

AAC encoders prepend "priming" samples (1024 for ffmpeg and Apple) and pad the last frame.
The file says how much priming to drop in an edit list (`elst` media_time) or, in older
iTunes files, an `iTunSMPB` comment. ffmpeg drops the priming but keeps the last frame's
padding, so its output is a little longer than the original, unless the edit ends before
the last frame starts: then that frame is left out; we count what ffmpeg decodes. ALAC and
PCM decode what the table says. Only box headers and the few small boxes needed are read;
the audio data is skipped.

That is ffmpeg 5.1's decode (Debian 12's, which the .deb and the tests use). The ffmpeg 9.0
in the Linux tarball (imageio-ffmpeg 0.8.1) ends AAC where the edit list ends, 9 to 768
samples sooner (tests/perf/lengths_table.py --ffmpeg); the engine pads that with silence.

Why not mutagen (1.48, measured over 52 MP4 files against ffmpeg 5.1's decode, and again
in tests/perf/lengths_table.py): its length is the media header's duration, which counts
AAC's priming and the last frame's real end, so 0 of 29 AAC files agreed (10,900 vs 10,240
samples at 8 kHz, 55,465 vs 55,296 at 44.1 kHz; the table: +333 to +1,041 at 8-96 kHz),
and an AAC .mov at 96 kHz measures 2 samples. It is right for ALAC (13 of 13, the table's
10 of 10), but one reader for both is less code than two.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

from ...i18n import _
from .clips import ClipInfo
from .probe_base import ProbeError, cut_short

_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"udta"}
_MAX_BOX_READ = 16 * 1024 * 1024  # a sample table bigger than this is not a voice clip


@dataclass
class _Track:
    handler: bytes = b""
    timescale: int = 0
    media_duration: int = 0
    codec: bytes = b""
    channels: int = 0
    rate: int = 0
    stts: tuple[int, ...] = ()  # (count, duration) pairs of the time-to-sample table
    edit_start: int | None = None  # media_time of the first non-empty edit
    edit_duration: int = 0  # its length, in the movie's timescale (mvhd), not the media's


def _boxes(
    f: BinaryIO, start: int, end: int, past_end: bool = False
) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in [start, end).

    With `past_end`, a last box that runs past `end` is listed too, with the end it states:
    that is how a file cut short shows at the top level.
    """
    out = []
    pos = start
    while pos + 8 <= end:
        f.seek(pos)
        size, kind = struct.unpack(">I4s", f.read(8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", f.read(8))[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or (pos + size > end and not past_end):
            break
        out.append((kind, pos + header, pos + size))
        pos += size
    return out


def _read(f: BinaryIO, start: int, end: int) -> bytes:
    if end - start > _MAX_BOX_READ:
        raise ProbeError(_("is an M4A file with an implausibly large sample table"))
    f.seek(start)
    return f.read(end - start)


def probe_mp4(f: BinaryIO, size: int) -> ClipInfo:
    top = _boxes(f, 0, size, past_end=True)
    moov = next(((s, e) for k, s, e in top if k == b"moov" and e <= size), None)
    if moov is None:
        raise ProbeError(
            _("is an MP4/M4A file without its index ('moov' box); it may be cut short")
        )
    info = _audio_track(f, moov)
    mdat = next(((s, e) for k, s, e in top if k == b"mdat"), None)
    if mdat is not None and mdat[1] > size:
        # the index came first and is whole, the audio after it is not: say roughly how much
        # there is, by the share of the audio bytes that made it
        stated = info.frames / info.rate
        raise ProbeError(cut_short(stated * (size - mdat[0]) / (mdat[1] - mdat[0]), stated))
    return info


def _audio_track(f: BinaryIO, moov: tuple[int, int]) -> ClipInfo:
    tracks: list[_Track] = []
    smpb: tuple[int, int, int] | None = None
    movie_timescale = 0
    for kind, s, e in _boxes(f, *moov):
        if kind == b"mvhd":
            body = _read(f, s, min(e, s + 24))
            movie_timescale = struct.unpack_from(">I", body, 20 if body[0] == 1 else 12)[0]
        if kind == b"mvex":
            raise ProbeError(
                _(
                    "is a fragmented MP4 file (as some recording and streaming apps write "
                    "them), which the player cannot measure; export the audio again as an "
                    ".m4a file"
                )
            )
        if kind == b"trak":
            track = _Track()
            _walk_track(f, s, e, track)
            tracks.append(track)
        elif kind == b"udta":
            smpb = _itunsmpb(_read(f, s, e)) or smpb
    audio = next((t for t in tracks if t.handler == b"soun"), None)
    if audio is None:
        raise ProbeError(_("is an MP4 file without an audio track"))
    if audio.timescale <= 0 or audio.channels < 1:
        raise ProbeError(_("is a damaged M4A file: its audio track header is invalid"))
    rate = audio.rate if audio.rate > 0 else audio.timescale
    frames = _frames(audio, rate, smpb, movie_timescale)
    if frames <= 0:
        raise ProbeError(_("is an M4A file without any audio"))
    return ClipInfo("m4a", rate, audio.channels, frames)


def _decoded(t: _Track, until: int | None) -> int:
    """What the decoder outputs before the edit's start is dropped, in media timescale units.

    ffmpeg reads the frames up to and including the first one that reaches `until` (the
    edit's end, None: no end) and leaves out the rest. Edit lists count in the movie's
    timescale, milliseconds from ffmpeg: a 2.3456 s tone at 44.1 kHz (103,441 samples) is
    101 AAC frames after the priming plus one holding the last 17 samples, and its edit
    ends at 2.345 s (103,415), before that frame starts, so ffmpeg decodes 103,424 samples
    (the old count, every frame, said 104,448); at 48 kHz the same edit ends inside the last
    frame, which is kept (tests/perf/lengths_table.py).

    AAC (and MP3 in MP4: codec `mp4a`) decodes every frame whole, also the last one that the
    table shows shortened, so frames x the usual frame length; a source with uneven
    timestamps can leave a few odd durations in the table, so the usual one is the most
    common. ALAC and PCM decode what the table says (ALAC's short last frame is short).
    """
    counts, durations = t.stts[::2], t.stts[1::2]
    if not counts:
        return t.media_duration
    whole = 0
    if t.codec == b"mp4a":
        weight: dict[int, int] = {}
        for c, d in zip(counts, durations, strict=True):
            weight[d] = weight.get(d, 0) + c
        whole = max(weight, key=weight.__getitem__)
    out = start = 0
    for c, d in zip(counts, durations, strict=True):
        reaches = c  # the index in this run of the first frame that reaches `until`, if any
        if until is not None:
            reaches = max(0, -(-(until - start - d) // d))  # ceil
        n = min(c, reaches + 1)
        out += n * (whole or d)
        start += n * d
        if reaches < c:
            break
    return out


def _frames(t: _Track, rate: int, smpb: tuple[int, int, int] | None, movie_timescale: int) -> int:
    if t.edit_start is not None:
        until = None
        if t.edit_duration > 0 and movie_timescale > 0:
            # ffmpeg's av_rescale: to the media's timescale, rounded half away from zero
            num, den = t.edit_duration * t.timescale, movie_timescale
            until = t.edit_start + (2 * num + den) // (2 * den)
        # ffmpeg drops the priming the edit list skips but keeps the last frame's padding
        return (_decoded(t, until) - t.edit_start) * rate // t.timescale
    total = _decoded(t, None)
    if smpb is not None:
        priming, _padding, original = smpb
        if original > 0:
            return original
        return total * rate // t.timescale - priming
    return total * rate // t.timescale


def _walk_track(f: BinaryIO, start: int, end: int, track: _Track, parent: bytes = b"") -> None:
    for kind, s, e in _boxes(f, start, end):
        if kind in _CONTAINERS:
            _walk_track(f, s, e, track, kind)
        elif kind == b"hdlr" and parent == b"mdia":
            # the media's handler; a QuickTime .mov has a second one in minf, for its data
            track.handler = _read(f, s, min(e, s + 12))[8:12]
        elif kind == b"mdhd":
            body = _read(f, s, min(e, s + 32))
            if body[0] == 1:
                track.timescale, track.media_duration = struct.unpack_from(">IQ", body, 20)
            else:
                track.timescale, track.media_duration = struct.unpack_from(">II", body, 12)
        elif kind == b"stsd":
            _sample_description(_read(f, s, min(e, s + 4096)), track)
        elif kind == b"stts":
            body = _read(f, s, e)
            count = struct.unpack_from(">I", body, 4)[0]
            track.stts = struct.unpack_from(f">{2 * count}I", body, 8)
        elif kind == b"elst":
            _edit_list(_read(f, s, e), track)


def _sample_description(body: bytes, track: _Track) -> None:
    # full box (4) + entry count (4) + entry size (4) + codec (4) + 6 reserved + 2 ref index,
    # then the AudioSampleEntry: version, revision, vendor, channels, bits, ..., rate 16.16
    track.codec = body[12:16]
    if struct.unpack_from(">H", body, 24)[0] == 2:
        # QuickTime's version 2, which .mov uses for rates over 65535 Hz (the 16.16 field
        # cannot hold 96000): rate as a double and channels as a 32-bit count, further on.
        # Read as version 0, an ALAC or PCM .mov at 96 kHz measured 10 frames, not 1,039,152.
        rate, track.channels = struct.unpack_from(">dI", body, 48)
        track.rate = round(rate)
    else:
        track.channels = struct.unpack_from(">H", body, 32)[0]
        track.rate = struct.unpack_from(">I", body, 40)[0] >> 16
    if track.codec == b"alac":
        # the ALAC "magic cookie" (a 36-byte 'alac' box in the entry, also inside a .mov's
        # 'wave' box) states the rate that ALAC decodes at: ffmpeg 9 writes half of 96 kHz in
        # the entry's own field, ffmpeg 5.1 writes 0 there
        at = body.find(b"\0\0\0\x24alac", 36)
        if at >= 0:
            cookie = body[at + 12 : at + 36]  # after the box's version and flags
            track.channels, track.rate = cookie[9], int.from_bytes(cookie[20:24], "big")
    # muxers write 2 channels there for any AAC; the AudioSpecificConfig in esds is the truth
    esds = body.find(b"esds", 44)
    if esds >= 0:
        config = _audio_specific_config(body[esds + 8 :])
        if config is not None:
            track.rate, track.channels = config


_AAC_RATES = (
    96000,
    88200,
    64000,
    48000,
    44100,
    32000,
    24000,
    22050,
    16000,
    12000,
    11025,
    8000,
    7350,
)


def _audio_specific_config(esds: bytes) -> tuple[int, int] | None:
    """(rate, channels) from the DecoderSpecificInfo (tag 5) inside an esds box."""
    pos = 0
    while pos < len(esds):
        tag = esds[pos]
        pos += 1
        length = 0
        for _byte in range(4):  # expandable length: 7 bits a byte, high bit = more
            b = esds[pos]
            pos += 1
            length = (length << 7) | (b & 0x7F)
            if not b & 0x80:
                break
        if tag == 0x03:  # ES descriptor: id (2) + flags (1), then nested descriptors
            flags = esds[pos + 2]
            pos += 3 + (2 if flags & 0x80 else 0)
            if flags & 0x40:
                pos += 1 + esds[pos]
            pos += 2 if flags & 0x20 else 0
        elif tag == 0x04:  # decoder config: 13 bytes, then the decoder specific info
            pos += 13
        elif tag == 0x05:
            bits = int.from_bytes(esds[pos : pos + 5].ljust(5, b"\0"), "big")
            index = (bits >> 31) & 0xF
            if index == 0xF:
                rate, channels = (bits >> 7) & 0xFFFFFF, (bits >> 3) & 0xF
            elif index < len(_AAC_RATES):
                rate, channels = _AAC_RATES[index], (bits >> 27) & 0xF
            else:
                return None
            return (rate, channels) if rate and channels else None
        else:
            pos += length
    return None


def _edit_list(body: bytes, track: _Track) -> None:
    version = body[0]
    count = struct.unpack_from(">I", body, 4)[0]
    entry = ">QqI" if version == 1 else ">IiI"
    step = struct.calcsize(entry)
    for i in range(count):
        duration, media_time, _rate = struct.unpack_from(entry, body, 8 + i * step)
        if media_time >= 0:  # the first edit that shows media (-1 is an empty edit)
            track.edit_start, track.edit_duration = media_time, duration
            return


def _itunsmpb(udta: bytes) -> tuple[int, int, int] | None:
    """(priming, padding, original length) from an iTunSMPB comment, if any."""
    at = udta.find(b"iTunSMPB")
    if at < 0:
        return None
    data = udta.find(b"data", at)
    if data < 0:
        return None
    text = udta[data + 12 : data + 12 + 120].decode("ascii", "replace").split()
    try:
        return int(text[1], 16), int(text[2], 16), int(text[3], 16)
    except (IndexError, ValueError):
        return None
