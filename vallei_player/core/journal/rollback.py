"""Undoing by hand the half-done in-place rekey an older version may have left behind.

Older versions changed the passphrase in place (`PRAGMA rekey` in rollback-journal mode). A
kill during it left the file part old key, part new, with a hot rollback journal holding the
original pages. SQLite3MC does not roll such a journal back correctly: it reads the journal
through the cipher with the key it is given, and writes what it gets into the file, so the
journal opened with neither passphrase afterwards (issue 9 item 2).

The rollback itself needs no key: each record of the journal is a page number and the page
exactly as it was on disk before the transaction (encrypted or not, it does not matter), and
the header says how long the file was. Copying the pages back and cutting the file to that
length restores the journal as it was before the rekey began, which then opens with the old
passphrase. It is done before SQLite ever sees the journal, on a copy that replaces the file
only when complete; the mixed file and the rollback journal are kept aside (encrypted), not
deleted.
Our own switch (switch.py) never writes a rollback journal, so only an older version's is
ever met here; a plain file's hot journal is left to SQLite, which handles it.
"""

from __future__ import annotations

import os
import shutil
import struct
import time
from pathlib import Path

from ..store import fsync_dir
from .crypto import FileKind, file_kind

MAGIC = bytes.fromhex("d9d505f920a163d7")  # SQLite's rollback journal header
_HEADER = struct.Struct(">IIIII")  # records, checksum seed, pages before, sector, page size


def roll_back_older_rekey(path: Path) -> bool:
    """If an older version's half-done rekey left `path` with a hot journal, undo it; True
    when the file was restored. Raises OSError only when the disk refuses (nothing changed)."""
    journal = path.with_name(path.name + "-journal")
    if file_kind(path) is not FileKind.ENCRYPTED or not journal.exists():
        return False
    data = journal.read_bytes()
    pages = _records(data)
    if pages is None:
        return False  # not hot (committed, zeroed or empty): SQLite ignores it too
    original_pages, page_size, records = pages
    restored = bytearray(path.read_bytes())
    done: set[int] = set()
    for number, image in records:
        if number in done:  # the first record of a page holds it as it was
            continue
        done.add(number)
        start = (number - 1) * page_size
        if len(restored) < start + page_size:
            restored.extend(bytes(start + page_size - len(restored)))
        restored[start : start + page_size] = image
    del restored[original_pages * page_size :]
    stamp = time.strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.name}.rolling-back")
    _write_durably(copy, bytes(restored))
    # The mixed file is kept (it is encrypted); the journal stays until the restored file is
    # in place, so a kill at any point here leaves a file this function restores again.
    shutil.copyfile(path, path.with_name(f"{path.name}.half-rekeyed-{stamp}"))
    os.replace(copy, path)
    fsync_dir(path.parent)
    os.replace(journal, path.with_name(f"{path.name}.half-rekeyed-{stamp}-journal"))
    fsync_dir(path.parent)
    return True


def _write_durably(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _records(data: bytes) -> tuple[int, int, list[tuple[int, bytes]]] | None:
    """(pages before, page size, [(page number, page)]) of a hot journal, else None."""
    if len(data) < 28 or data[:8] != MAGIC:
        return None
    count, _seed, original_pages, sector, page_size = _HEADER.unpack_from(data, 8)
    if sector < 512 or page_size < 512 or page_size & (page_size - 1):
        return None
    records: list[tuple[int, bytes]] = []
    offset = sector
    while True:
        if count == 0xFFFFFFFF:  # written without syncing: as many as the file holds
            count = (len(data) - offset) // (page_size + 8)
        for _ in range(count):
            end = offset + 4 + page_size + 4
            if end > len(data):
                break
            (number,) = struct.unpack_from(">I", data, offset)
            if number == 0:
                break
            records.append((number, data[offset + 4 : offset + 4 + page_size]))
            offset = end
        following = -(-offset // sector) * sector  # a later segment starts on a sector
        if data[following : following + 8] != MAGIC:
            break
        count, _seed, _pages, _sector, _size = _HEADER.unpack_from(data, following + 8)
        offset = following + sector
    return (original_pages, page_size, records) if records else None
