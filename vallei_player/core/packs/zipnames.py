"""The name a zip entry was given, however the coach's zip tool wrote it down.

A zip entry's name is bytes. Three ways of saying which text they are meet us:
- the UTF-8 flag (general purpose bit 11): our own packs, most modern tools; zipfile reads it;
- Info-ZIP's Unicode Path extra field (0x7075): the name in the legacy code page in the
  header, the UTF-8 name in the field, with the CRC-32 of the header's bytes so a reader can
  tell that a later tool renamed the entry without updating the field;
- neither: Info-ZIP `zip` on Linux (Debian's zip 3.0, measured) writes the file system's
  UTF-8 bytes as they are and sets no flag. zipfile then reads them as cp437, and
  "Rust – fase 2 é.wav" becomes "Rust ΓÇô fase 2 ├⌐.wav", which the manifest does not list.

A field whose CRC does not match its header, or whose name is not UTF-8, or which names the
entry differently from a UTF-8 header, is a lie about the entry's name: refused, since two
tools would then unpack the same pack under different names.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

UNICODE_PATH_TAG = 0x7075
UTF8_FLAG = 0x800


class LyingName(ValueError):
    """The entry's Unicode Path field does not belong to its name."""


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its maker meant it; LyingName for a field that contradicts it."""
    unicode_path = _unicode_path_field(info.extra)
    if info.flag_bits & UTF8_FLAG:
        if unicode_path is not None and _field_name(info, unicode_path) != info.orig_filename:
            raise LyingName(info.orig_filename)
        return info.filename
    if unicode_path is not None:
        return _field_name(info, unicode_path)
    raw = info.orig_filename.encode("cp437")  # zipfile's decoding, undone exactly
    if raw.isascii():
        return info.filename
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # a real DOS-era cp437 name
        return info.filename


def _field_name(info: zipfile.ZipInfo, data: bytes) -> str:
    if len(data) < 5 or data[0] != 1:
        raise LyingName(info.orig_filename)
    (crc,) = struct.unpack_from("<I", data, 1)
    header = info.orig_filename.encode("utf-8" if info.flag_bits & UTF8_FLAG else "cp437")
    if zlib.crc32(header) != crc:
        raise LyingName(info.orig_filename)
    try:
        return data[5:].decode("utf-8")
    except UnicodeDecodeError:
        raise LyingName(info.orig_filename) from None


def _unicode_path_field(extra: bytes) -> bytes | None:
    """The data of the 0x7075 field in an entry's extra bytes, if there is one."""
    at = 0
    while at + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, at)
        if tag == UNICODE_PATH_TAG:
            return extra[at + 4 : at + 4 + size]
        at += 4 + size
    return None
