"""Writing a `.vallei` pack: one file a coach can hand to a participant.

The pack is the program folder zipped (see `folder` for which files belong to it; those
program.yaml does not name are left out unless asked for),
with `manifest.json` first. It is reproducible: the same folder gives the same bytes
(entries sorted by path, timestamps fixed at 1980-01-01, permissions fixed at 0644,
Unix as the creating system, no extra fields; text deflated, compressed audio stored).
The writer applies the importer's rules first, so a coach never ships a pack a
participant's app would refuse.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...i18n import _
from ..problems import UserError
from ..store import atomic_writer
from .contents import unused_files
from .folder import FolderFile, program_files, read_checked
from .rules import CHUNK, MANIFEST_NAME, PACK_FORMAT, STORED_SUFFIXES, refusal

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644


@dataclass(frozen=True)
class WrittenPack:
    path: Path
    unused: tuple[str, ...]  # files no session uses: left out, or packed when asked for


def write_pack(folder: Path | str, out_path: Path | str, *, include_unused: bool = False) -> Path:
    """Validate the program in `folder` and write it as a pack to `out_path` (atomically)."""
    return pack_folder(folder, out_path, include_unused=include_unused).path


def pack_folder(
    folder: Path | str, out_path: Path | str, *, include_unused: bool = False
) -> WrittenPack:
    """`write_pack`, also saying which files no session uses. Those are left out unless
    `include_unused`: a leftover recording must not ship by accident."""
    from ..program import load_program

    folder = Path(folder)
    out_path = Path(out_path)
    if folder.name == "program.yaml" and folder.is_file():
        folder = folder.parent
    if not out_path.parent.is_dir():
        raise UserError(
            _("The folder {folder} does not exist; choose where to write the pack.").format(
                folder=out_path.parent
            )
        )
    program = load_program(folder)  # ProgramError, with every problem, for an invalid program
    out_resolved = out_path.resolve()
    files = [f for f in program_files(folder) if f.source.resolve() != out_resolved]
    unused = tuple(f.path for f in unused_files(files, program))
    if not include_unused:
        files = [f for f in files if f.path not in unused]
    records = [(f, *read_checked(folder, f)) for f in files]
    manifest = {
        "format": PACK_FORMAT,
        "vallei_pack": PACK_FORMAT,
        "program": {"id": program.id, "version": program.version},
        "files": [{"path": f.path, "sha256": sha, "size": size} for f, sha, size in records],
    }
    manifest_bytes = (
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    with atomic_writer(out_path, mode=0o644) as out, zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_entry(MANIFEST_NAME, len(manifest_bytes)), manifest_bytes)
        for item, sha, size in records:
            _add_file(archive, folder, item, sha, size)
    return WrittenPack(out_path, unused)


def _entry(name: str, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.create_system = 3
    info.external_attr = FILE_MODE << 16
    info.file_size = size
    stored = PurePosixPath(name).suffix.lower() in STORED_SUFFIXES
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _add_file(
    archive: zipfile.ZipFile, folder: Path, item: FolderFile, sha: str, size: int
) -> None:
    digest = hashlib.sha256()
    count = 0
    with item.source.open("rb") as src, archive.open(_entry(item.path, size), "w") as dst:
        while chunk := src.read(CHUNK):
            count += len(chunk)
            if count > size:
                break
            digest.update(chunk)
            dst.write(chunk)
    if count != size or digest.hexdigest() != sha:
        raise refusal(
            folder, item.path, _("changed while the pack was being written."), _("Try again.")
        )
