"""Shared pieces of the audio probe: its error type and what a non-audio file looks like."""

from __future__ import annotations

from typing import BinaryIO

from ...i18n import N_, _, pgettext


class ProbeError(Exception):
    """The file is not audio the player can use; the message completes "'<path>' ...".

    For example: "is not audio the player can use: it looks like a PNG image".
    """


# First bytes of files coaches are likely to drop into a program folder by mistake.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG", 0, N_("a PNG image")),
    (b"\xff\xd8\xff", 0, N_("a JPEG image")),
    (b"GIF8", 0, N_("a GIF image")),
    (b"%PDF", 0, N_("a PDF document")),
    (b"PK\x03\x04", 0, N_("a ZIP archive (or a Word/Office document)")),
    (b"MThd", 0, N_("a MIDI file (notes, not recorded sound)")),
    (b"FORM", 0, N_("an AIFF or IFF file; convert it to WAV or FLAC")),
    (b"\x30\x26\xb2\x75", 0, N_("a Windows Media (WMA/ASF) file; convert it to MP3, Ogg or FLAC")),
    (b"\x1a\x45\xdf\xa3", 0, N_("a Matroska/WebM file; extract the audio as Ogg or Opus")),
    (b"#!AMR", 0, N_("an AMR voice memo; convert it to MP3, Ogg or M4A")),
    (b"7z\xbc\xaf", 0, N_("a 7-Zip archive")),
    (b"\x1f\x8b", 0, N_("a gzip archive")),
    (b"{\\rtf", 0, N_("an RTF document")),
    (b"RIFF", 0, N_("a RIFF file that is not WAV (AVI or WebP?)")),
)


def looks_like(head: bytes) -> str:
    """A short description of what `head` (a file's first bytes) really is."""
    for magic, offset, what in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return _(what)
    text = head[:1024]
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as e:
        decoded = text[: e.start].decode("utf-8") if e.start > len(text) - 4 else ""
    if decoded and all(c.isprintable() or c in "\r\n\t" for c in decoded):
        lower = decoded.lstrip().lower()
        if lower.startswith(("<!doctype html", "<html")):
            return _("a web page (HTML), perhaps a download that failed")
        if lower.startswith("<?xml") or lower.startswith("<svg"):
            return _("an XML/SVG document")
        return _("a text file")
    return _("no audio format known to the player (WAV, FLAC, Ogg Vorbis, Opus, MP3, M4A/AAC)")


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


def cut_short(present: float, stated: float | None) -> str:
    """The sentence for a file that ends before its audio does (copied or downloaded in part).

    `present` is where the audio really stops, `stated` the length its header claims (None
    for Ogg, whose pages state no total: there the missing end-of-stream mark tells).
    """
    if stated is None:
        return _(
            "is damaged: it ends after {present} s without the end mark an audio file closes "
            "with; it was probably cut short while copying or downloading. Copy it again, or "
            "export it again from your audio editor"
        ).format(present=seconds(present))
    return _(
        "is damaged: it ends after {present} s although its header says {stated} s; it was "
        "probably cut short while copying or downloading. Copy it again, or export it again "
        "from your audio editor"
    ).format(present=seconds(present), stated=seconds(stated))


def seconds(value: float) -> str:
    """Seconds to one decimal, with the language's decimal mark (4.5 in English, 4,5 in Dutch)."""
    return f"{value:.1f}".replace(".", pgettext("decimal mark", "."))
