"""Reading packs and program folders as hostile input, into a private staging folder.

Nothing is extracted blindly. Before a byte is written: the entry count (from the end of
the file, before zipfile builds its list), every name (`packs_rules.name_problem`),
collisions after case folding and Unicode normalisation, file types from the mode bits,
the encryption flag, the compression method and the manifest (its sizes add up to at most
1 GiB). While writing: every entry is inflated in 1 MiB pieces and its bytes are counted
against its manifest size (so the whole pack stays within the 1 GiB too) and a
compression-ratio limit; the sha256 is computed on the same pass; archives and fake audio
are recognised from the first bytes. Any refusal raises `ProgramError`
naming the pack and the entry, and the caller's staging folder is deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ...i18n import N_, _
from ..problems import ProgramError, UserError, disk_full, is_disk_full, os_reason
from ..store import fsync_dir, paths
from .rules import (
    CHUNK,
    HEAD_BYTES,
    MANIFEST_NAME,
    MAX_ENTRIES,
    MAX_MANIFEST_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    MAX_ZIP_ENTRIES,
    PACK_FORMAT,
    RATIO_FREE_BYTES,
    NameSet,
    content_problem,
    is_audio_name,
    is_hidden,
    name_problem,
    refusal,
    shown,
)
from .staging import staging_folder
from .zipnames import LyingName, entry_name

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_WRITE_FAILED = N_("Could not write into the data folder ({reason}). Nothing was installed.")
# Reading a damaged zip raises any of these (OSError: a seek to an offset the file lacks);
# write failures never reach them: they become UserError where they happen.
_DAMAGED = (
    OSError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


@dataclass(frozen=True)
class ManifestFile:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    program_id: str
    version: str
    files: tuple[ManifestFile, ...]


@contextlib.contextmanager
def unpacked(pack_path: Path | str) -> Iterator[Path]:
    """The program inside a pack, safely extracted to a temporary folder for the `with` block.

    Checking a pack needs no library: when the data folder cannot take the copy (read-only,
    not a folder), the system's temporary folder does (mkdtemp: owner-only).
    """
    with contextlib.ExitStack() as stack:
        try:
            folder = stack.enter_context(staging_folder("unpack-"))
        except OSError:
            folder = Path(tempfile.mkdtemp(prefix="vallei-unpack-"))
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
        root = folder / "program"
        extract_pack(Path(pack_path), root, durable=False)
        yield root


def extract_pack(pack_path: Path, dest: Path, *, durable: bool = True) -> Manifest:
    """Check and extract the pack into the new folder `dest`; raise ProgramError on any doubt."""
    with _open_regular(pack_path) as raw:
        _check_entry_count(pack_path, raw)
        try:
            archive = zipfile.ZipFile(raw)
        except _DAMAGED as e:
            why = shown(str(e), 200)
            raise refusal(
                pack_path, None, _("is not a Vallei pack or is damaged ({why}).").format(why=why)
            ) from None
        with archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise refusal(pack_path, None, _too_many_entries())
            files = _check_entries(pack_path, infos)
            if len(set(files) - {MANIFEST_NAME}) > MAX_ENTRIES:
                raise refusal(pack_path, None, _too_many_entries())
            manifest = _read_manifest(pack_path, archive, files)
            dest.mkdir(mode=0o700)
            for entry in manifest.files:
                _extract_entry(pack_path, archive, files[entry.path], entry, dest)
    if durable:
        fsync_tree(dest)
    return manifest


@contextlib.contextmanager
def _open_regular(path: Path) -> Iterator[IO[bytes]]:
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except FileNotFoundError:
        raise UserError(
            _("There is no file {path}. Check the name and try again.").format(path=path)
        ) from None
    except OSError as e:
        raise refusal(
            path,
            None,
            _("cannot be opened ({reason}); a pack must be a plain file.").format(
                reason=os_reason(e)
            ),
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise refusal(path, None, _("is not a plain file; a pack must be a .vallei file."))
    with os.fdopen(fd, "rb") as f:
        yield f


def _check_entry_count(pack_path: Path, raw: IO[bytes]) -> None:
    """Refuse a huge central directory before zipfile builds one object per entry."""
    size = raw.seek(0, os.SEEK_END)
    tail_len = min(size, 22 + 0xFFFF)
    raw.seek(size - tail_len)
    tail = raw.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise refusal(pack_path, None, _("is not a Vallei pack (not a zip file) or is damaged."))
    (entries,) = struct.unpack_from("<H", tail, at + 10)
    if MAX_ZIP_ENTRIES < entries < 0xFFFF:
        raise refusal(pack_path, None, _too_many_entries())
    raw.seek(0)


def _too_many_entries() -> str:
    return _("has more than {limit} entries.").format(limit=MAX_ENTRIES)


def _check_entries(pack_path: Path, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """Every entry's name, type, flags and method; the regular files by name."""
    names = NameSet()
    files: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        try:
            info.filename = entry_name(info)
        except LyingName:
            raise refusal(
                pack_path,
                info.orig_filename,
                _(
                    "carries a second name that does not belong to it (a tool changed the pack "
                    "after it was made)."
                ),
            ) from None
        name = info.filename
        problem = name_problem(info.orig_filename) or name_problem(name)
        if problem is not None:
            raise refusal(pack_path, info.orig_filename, f"{problem}.")
        if is_hidden(name):
            raise refusal(pack_path, name, _("is a hidden file, which is not part of a program."))
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        is_dir = name.endswith("/")
        if info.create_system == 3 and kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            if kind == stat.S_IFLNK:
                what = _("is a symbolic link; packs hold plain files only.")
            else:
                what = _("is a device or special file; packs hold plain files only.")
            raise refusal(pack_path, name, what)
        if info.flag_bits & 0x41:
            raise refusal(pack_path, name, _("is encrypted; packs are never encrypted."))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refusal(pack_path, name, _("uses a compression method packs do not use."))
        earlier = names.add(name, is_dir)
        if earlier is not None:
            raise refusal(
                pack_path,
                name,
                _("has the same name as {earlier} on systems that ignore case or accents.").format(
                    earlier=repr(shown(earlier))
                ),
            )
        if not is_dir:
            files[name] = info
    return files


def _read_manifest(
    pack_path: Path, archive: zipfile.ZipFile, files: dict[str, zipfile.ZipInfo]
) -> Manifest:
    info = files.get(MANIFEST_NAME)
    if info is None:
        raise refusal(
            pack_path,
            None,
            _("has no {manifest}, so it was not made by vallei-player pack.").format(
                manifest=MANIFEST_NAME
            ),
        )
    chunks: list[bytes] = []
    count = 0
    try:
        with archive.open(info) as src:
            while chunk := src.read(64 * 1024):
                count += len(chunk)
                if count > MAX_MANIFEST_BYTES:
                    raise refusal(pack_path, MANIFEST_NAME, _("is far too large for a manifest."))
                chunks.append(chunk)
        data = json.loads(b"".join(chunks).decode("utf-8"))
    except _DAMAGED as e:
        raise refusal(
            pack_path, MANIFEST_NAME, _("cannot be read ({why}).").format(why=shown(str(e)))
        ) from None
    manifest = _parse_manifest(pack_path, data)
    listed = {f.path for f in manifest.files}
    actual = set(files) - {MANIFEST_NAME}
    for name in sorted(actual - listed):
        raise refusal(pack_path, name, _("is in the pack but not in its manifest."))
    for name in sorted(listed - actual):
        raise refusal(pack_path, name, _("is listed in the manifest but missing from the pack."))
    return manifest


def _parse_manifest(pack_path: Path, data: object) -> Manifest:
    def bad(why: str) -> ProgramError:
        return refusal(pack_path, MANIFEST_NAME, why)

    versions = (data.get("vallei_pack"), data.get("format")) if isinstance(data, dict) else None
    if not isinstance(data, dict) or versions != (PACK_FORMAT, PACK_FORMAT):
        raise bad(_("is not a version 1 Vallei pack manifest (this app may be too old for it)."))
    program = data.get("program")
    if not isinstance(program, dict) or not all(
        isinstance(program.get(k), str) for k in ("id", "version")
    ):
        raise bad(_("does not name the program's id and version."))
    raw_files = data.get("files")
    if not isinstance(raw_files, list):
        raise bad(_("has no list of files."))
    files: list[ManifestFile] = []
    seen: set[str] = set()
    total = 0
    for item in raw_files:
        ok = (
            isinstance(item, dict)
            and isinstance(item.get("path"), str)
            and isinstance(item.get("sha256"), str)
            and _SHA256.match(item["sha256"]) is not None
            and type(item.get("size")) is int
            and item["size"] >= 0
        )
        if not ok or item["path"] in seen:
            raise bad(_("has a malformed or repeated file record."))
        seen.add(item["path"])
        total += item["size"]
        files.append(ManifestFile(item["path"], item["sha256"], item["size"]))
    if total > MAX_TOTAL_BYTES:
        raise bad(_("lists more than 1 GB of files."))
    return Manifest(program["id"], program["version"], tuple(files))


def _extract_entry(
    pack_path: Path,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    entry: ManifestFile,
    dest: Path,
) -> None:
    name = entry.path
    ratio_base = max(info.compress_size, 1)
    digest = hashlib.sha256()
    count = 0
    head = b""
    with new_file(dest, name) as out:
        try:
            with archive.open(info) as src:
                while chunk := src.read(CHUNK):
                    count += len(chunk)
                    if count > entry.size:
                        raise refusal(pack_path, name, _("is larger than its manifest says."))
                    if count > RATIO_FREE_BYTES and count > MAX_RATIO * ratio_base:
                        raise refusal(
                            pack_path,
                            name,
                            _("is a compression bomb (it inflates without limit)."),
                        )
                    if len(head) < HEAD_BYTES:
                        head += chunk[: HEAD_BYTES - len(head)]
                        problem = content_problem(name, head) if len(head) >= HEAD_BYTES else None
                        if problem is not None:
                            raise refusal(pack_path, name, f"{problem}.")
                    digest.update(chunk)
                    write_all(out, chunk)
        except _DAMAGED as e:
            raise refusal(
                pack_path, name, _("is damaged ({why}).").format(why=shown(str(e)))
            ) from None
    problem = content_problem(name, head)
    if problem is not None:
        raise refusal(pack_path, name, f"{problem}.")
    if count != entry.size or digest.hexdigest() != entry.sha256:
        raise refusal(pack_path, name, _("does not match the manifest (changed or damaged)."))


@contextlib.contextmanager
def new_file(dest: Path, name: str) -> Iterator[int]:
    """An exclusive new file at the checked relative `name` under `dest`, fsynced on close."""
    parts = name.split("/")
    target = dest.joinpath(*parts)
    folder = dest
    for part in parts[:-1]:
        # One level at a time: mkdir(parents=True) gives the levels above the last the
        # umask's mode (0755), and a programme's folders are as private as the rest.
        folder = folder / part
        folder.mkdir(exist_ok=True, mode=0o700)
    flags = (
        os.O_WRONLY
        | os.O_CREAT
        | os.O_EXCL
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(target, flags, 0o600)
    except OSError as e:
        raise write_failed(e) from None
    try:
        yield fd
        try:
            os.fsync(fd)
        except OSError as e:
            raise write_failed(e) from None
    finally:
        os.close(fd)


def write_failed(e: OSError) -> UserError:
    """The refusal to write part of a pack; a full disk says so, and where."""
    if is_disk_full(e):
        return UserError(disk_full(paths.data_dir()) + " " + _("Nothing was installed."))
    return UserError(_(_WRITE_FAILED).format(reason=os_reason(e)))


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as e:
        raise write_failed(e) from None


def fsync_tree(root: Path) -> None:
    """Make every folder entry under `root` durable (the files were fsynced as written)."""
    for folder, _dirs, _files in os.walk(root, topdown=False):
        fsync_dir(Path(folder))


def probe_audio_files(source: object, root: Path) -> None:
    """Refuse any file with an audio name that the audio prober cannot read as audio."""
    from ..audiofiles import ProbeError, probe_clip

    for file in sorted(root.rglob("*")):
        if file.is_file() and is_audio_name(file.name):
            try:
                probe_clip(file)
            except ProbeError as e:
                rel = file.relative_to(root).as_posix()
                raise refusal(
                    source,
                    rel,
                    _("has an audio name but {problem}.").format(problem=shown(str(e), 200)),
                ) from None
