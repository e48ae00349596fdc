"""Program folders as hostile input: which files make up a program, and copying them safely.

A program is `program.yaml` plus every file under its folder except hidden ones (any path
part starting with a dot) and a top-level `manifest.json` (a pack's own, rewritten by
`vallei-player pack`). The same rules as for packs apply: plain files only (no links,
devices or pipes), names that survive every file system, at most 2,000 files and 1 GB,
no archives, no fake audio. Files are opened without following links and read in 1 MiB
pieces, so a folder that changes while it is read cannot smuggle anything in.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...i18n import N_, _
from ..problems import UserError, os_reason
from .read import new_file, write_all
from .rules import (
    CHUNK,
    HEAD_BYTES,
    MANIFEST_NAME,
    MAX_ENTRIES,
    MAX_TOTAL_BYTES,
    NameSet,
    content_problem,
    name_problem,
    refusal,
    shown,
)

_FIX = N_("Replace it with a plain copy of the file, or leave it out of the program folder.")
_TOO_BIG = N_("holds more than 1 GB of files; a program may be at most that large.")


@dataclass(frozen=True)
class FolderFile:
    path: str  # relative, forward slashes
    source: Path
    size: int  # as stat saw it; the copy counts again


def program_files(folder: Path) -> list[FolderFile]:
    """The files a program folder contributes, sorted by path; ProgramError for anything unsafe."""
    if not folder.is_dir():
        raise UserError(
            _("There is no program folder {folder}. Check the name and try again.").format(
                folder=folder
            )
        )
    names = NameSet()
    found: list[FolderFile] = []
    total = 0
    for rel, entry in _walk(folder, ""):
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(st.st_mode):
            raise refusal(
                folder, rel, _("is a symbolic link; programs hold plain files only."), _(_FIX)
            )
        if not stat.S_ISREG(st.st_mode):
            raise refusal(
                folder,
                rel,
                _("is a device or special file; programs hold plain files only."),
                _(_FIX),
            )
        problem = name_problem(rel)
        if problem is not None:
            raise refusal(folder, rel, f"{problem}.", _("Rename the file."))
        earlier = names.add(rel)
        if earlier is not None:
            raise refusal(
                folder,
                rel,
                _("has the same name as {earlier} on systems that ignore case or accents.").format(
                    earlier=repr(shown(earlier))
                ),
                _("Rename one of them."),
            )
        found.append(FolderFile(rel, Path(entry.path), st.st_size))
        total += st.st_size
        if len(found) > MAX_ENTRIES:
            raise refusal(
                folder,
                None,
                _("holds more than {limit} files; a program may have at most that many.").format(
                    limit=MAX_ENTRIES
                ),
                "",
            )
        if total > MAX_TOTAL_BYTES:
            raise refusal(folder, None, _(_TOO_BIG), "")
    return sorted(found, key=lambda f: f.path)


def _walk(folder: Path, prefix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel = prefix + entry.name
        if rel == MANIFEST_NAME:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), rel + "/")
        else:
            yield rel, entry


def read_checked(
    folder: Path, item: FolderFile, sink: Callable[[bytes], None] | None = None
) -> tuple[str, int]:
    """Stream one file (sha256, size), checking its content; pass each piece to `sink`."""
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(item.source, flags)
    except OSError as e:
        raise refusal(
            folder, item.path, _("cannot be read ({why}).").format(why=os_reason(e)), _(_FIX)
        ) from None
    digest = hashlib.sha256()
    count = 0
    head = b""
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise refusal(folder, item.path, _("is not a plain file."), _(_FIX))
        while chunk := f.read(CHUNK):
            count += len(chunk)
            # The file may have grown since it was listed: count what is really read.
            if count > MAX_TOTAL_BYTES:
                raise refusal(
                    folder,
                    item.path,
                    _("is larger than 1 GB; a program may be at most that large."),
                    "",
                )
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            digest.update(chunk)
            if sink is not None:
                sink(chunk)
    problem = content_problem(item.path, head)
    if problem is not None:
        raise refusal(folder, item.path, f"{problem}.", _(_FIX))
    return digest.hexdigest(), count


def copy_folder(folder: Path, dest: Path) -> list[tuple[str, str, int]]:
    """Copy a program folder's files into the new folder `dest`; (path, sha256, size) each."""
    files = program_files(folder)
    dest.mkdir(mode=0o700)
    copied: list[tuple[str, str, int]] = []
    total = 0
    for item in files:
        with new_file(dest, item.path) as fd:
            sha, size = read_checked(folder, item, lambda chunk: write_all(fd, chunk))
        total += size
        if total > MAX_TOTAL_BYTES:
            raise refusal(folder, None, _(_TOO_BIG), "")
        copied.append((item.path, sha, size))
    return copied
