"""Shared pieces of the audio probe: its error type and what a non-audio file looks like."""

from __future__ import annotations

from typing import BinaryIO


class ProbeError(Exception):
    """The file is not audio the player can use; the message completes "'<path>' ...".

    For example: "is not audio the player can use: it looks like a PNG image".
    """


# First bytes of files coaches are likely to drop into a program folder by mistake.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF8", 0, "a GIF image"),
    (b"%PDF", 0, "a PDF document"),
    (b"PK\x03\x04", 0, "a ZIP archive (or a Word/Office document)"),
    (b"MThd", 0, "a MIDI file (notes, not recorded sound)"),
    (b"FORM", 0, "an AIFF or IFF file; convert it to WAV or FLAC"),
    (b"\x30\x26\xb2\x75", 0, "a Windows Media (WMA/ASF) file; convert it to MP3, Ogg or FLAC"),
    (b"\x1a\x45\xdf\xa3", 0, "a Matroska/WebM file; extract the audio as Ogg or Opus"),
    (b"#!AMR", 0, "an AMR voice memo; convert it to MP3, Ogg or M4A"),
    (b"7z\xbc\xaf", 0, "a 7-Zip archive"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"{\\rtf", 0, "an RTF document"),
    (b"RIFF", 0, "a RIFF file that is not WAV (AVI or WebP?)"),
)


def looks_like(head: bytes) -> str:
    """A short description of what `head` (a file's first bytes) really is."""
    for magic, offset, what in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return what
    text = head[:1024]
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as e:
        decoded = text[: e.start].decode("utf-8") if e.start > len(text) - 4 else ""
    if decoded and all(c.isprintable() or c in "\r\n\t" for c in decoded):
        lower = decoded.lstrip().lower()
        if lower.startswith(("<!doctype html", "<html")):
            return "a web page (HTML), perhaps a download that failed"
        if lower.startswith("<?xml") or lower.startswith("<svg"):
            return "an XML/SVG document"
        return "a text file"
    return "no audio format known to the player (WAV, FLAC, Ogg Vorbis, Opus, MP3, M4A/AAC)"


def skip_id3v2(f: BinaryIO, start: int) -> int:
    """The offset after any ID3v2 tags at `start` (several may be stacked)."""
    pos = start
    while True:
        f.seek(pos)
        header = f.read(10)
        if len(header) < 10 or header[:3] != b"ID3":
            return pos
        size = 0
        for b in header[6:10]:
            size = (size << 7) | (b & 0x7F)
        footer = 10 if header[5] & 0x10 else 0
        pos += 10 + size + footer
