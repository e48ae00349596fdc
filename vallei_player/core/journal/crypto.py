"""Encryption at rest for the journal, with SQLite3 Multiple Ciphers (the `apsw-sqlite3mc` wheel).

Why this library: it is maintained (SQLite3MC follows each SQLite release; apsw-sqlite3mc
3.54.0.0 bundles SQLite 3.54.0 with SQLite3MC 2.x), it ships binary wheels, and the cipher
sits in SQLite's pager/VFS layer, so every page that reaches the disk is encrypted.
We checked the claim that this covers the main file, the WAL and `VACUUM INTO` backups alike
(tests/core/test_journal_crypto.py does it again on every run):

- main file: with a key set, the file has no "SQLite format 3" header and no plaintext;
- WAL: frames are encrypted page images (SQLite3MC issue #175: the frame header keeps a
  checksum but the page content is encrypted); reflection text never shows up in -wal;
- `VACUUM INTO 'file'` from a keyed connection writes the copy with the same cipher and key:
  it cannot be opened without the passphrase and holds no plaintext.

The default cipher is ChaCha20-Poly1305 (authenticated), with a per-database random salt and
a key derived from the passphrase by PBKDF2-SHA256. The passphrase is never stored anywhere.

The key is never changed in place (`PRAGMA rekey` rewrites every page inside one transaction,
and a process killed during it could leave a file that opens with neither passphrase): a new
passphrase is written into a complete copy beside the journal that then replaces it
(switch.py). `VACUUM INTO 'file:COPY?key=...'` writes that copy under the new key, or in the
clear with an empty key, without a plaintext stage.

Passphrases are Unicode-normalised (NFC) before use, so "é" typed as one character or as "e"
plus an accent opens the same journal; a journal keyed with another form by an older version
still opens (`key_forms`).

An encrypted file keeps bytes 16..23 of the SQLite header in the clear (page size, reserved
bytes for the nonce and tag, fixed payload fractions 64/32/32) so SQLite can size its pages.
That lets us tell "encrypted, needs a passphrase" from "random damage" without a key.
"""

from __future__ import annotations

import unicodedata
from enum import Enum
from pathlib import Path
from typing import Any

import apsw

SQLITE_MAGIC = b"SQLite format 3\x00"


class FileKind(Enum):
    MISSING = "missing"  # no file, or an empty one: a new journal
    PLAIN = "plain"
    ENCRYPTED = "encrypted"
    UNKNOWN = "unknown"  # neither: damaged, or not a journal at all


def file_kind(path: Path) -> FileKind:
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except FileNotFoundError:
        return FileKind.MISSING
    if not head:
        return FileKind.MISSING
    if head.startswith(SQLITE_MAGIC):
        return FileKind.PLAIN
    if len(head) >= 24 and _plausible_page_size(head) and head[21:24] == b"\x40\x20\x20":
        return FileKind.ENCRYPTED
    return FileKind.UNKNOWN


def _plausible_page_size(head: bytes) -> bool:
    size = int.from_bytes(head[16:18], "big")
    size = 65536 if size == 1 else size
    return 512 <= size <= 65536 and size & (size - 1) == 0


def normalise(passphrase: str) -> str:
    """The form every new key is made from: NFC, what most keyboards and input methods send."""
    return unicodedata.normalize("NFC", passphrase)


def key_forms(passphrase: str) -> list[str]:
    """The forms to try when opening: NFC first, then as typed, then NFD (older journals
    were keyed with the passphrase exactly as it was typed, on whatever keyboard)."""
    forms: list[str] = []
    for form in (normalise(passphrase), passphrase, unicodedata.normalize("NFD", passphrase)):
        if form not in forms:
            forms.append(form)
    return forms


def apply_key(db: apsw.Connection, passphrase: str) -> None:
    """Set the key for the following reads and writes; raises apsw.NotADBError if it is wrong."""
    if _pragma(db, "key", passphrase) != "ok":
        raise RuntimeError("this SQLite build cannot encrypt (is apsw-sqlite3mc installed?)")
    db.execute("SELECT count(*) FROM sqlite_schema").fetchall()


def copy_uri(target: Path, passphrase: str | None) -> str:
    """The `VACUUM INTO` target writing a copy under `passphrase` (None: in the clear).

    The connection running it must have been opened with SQLITE_OPEN_URI. The key travels
    only in this statement's text in memory; nothing stores it.
    """
    name = _percent_encoded(str(target.absolute()), keep="/")
    key = _percent_encoded(passphrase or "")
    return f"file:{name}?key={key}"


_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


def _percent_encoded(text: str, keep: str = "") -> str:
    """RFC 3986 percent-encoding of the UTF-8 bytes (SQLite decodes it back the same way)."""
    safe = (_UNRESERVED + keep).encode()
    return "".join(chr(b) if b in safe else f"%{b:02X}" for b in text.encode("utf-8"))


def _pragma(db: apsw.Connection, name: str, value: str) -> Any:
    return db.pragma(name, value)
