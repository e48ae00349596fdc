"""`.vallei` packs and the library of installed programmes.

A pack is a program folder zipped with a manifest. The work is split by job: `rules` (what
is refused and why, shared by writer and readers), `write` (the reproducible writer),
`read` (the hostile-safe pack reader), `folder` (program folders under the same rules),
`opening` (what a command is given: folder, program.yaml or pack, unpacked once), `staging`
(private work folders, and clearing those a killed process left behind) and `library`
(installing all or nothing, the installed programmes, the demos).
"""

from __future__ import annotations

from . import library
from .folder import copy_folder, program_files
from .library import ChangedWithoutNewVersion, InstalledProgram, InstallLog, InstallResult
from .opening import check_path, checked_path, is_pack, opened_path
from .read import Manifest, ManifestFile, extract_pack, unpacked
from .rules import MAX_ENTRIES, MAX_TOTAL_BYTES, PACK_FORMAT
from .staging import staging_folder
from .write import WrittenPack, pack_folder, write_pack

__all__ = [
    "MAX_ENTRIES",
    "MAX_TOTAL_BYTES",
    "PACK_FORMAT",
    "ChangedWithoutNewVersion",
    "InstallLog",
    "InstallResult",
    "InstalledProgram",
    "Manifest",
    "ManifestFile",
    "WrittenPack",
    "check_path",
    "checked_path",
    "copy_folder",
    "extract_pack",
    "is_pack",
    "library",
    "opened_path",
    "pack_folder",
    "program_files",
    "staging_folder",
    "unpacked",
    "write_pack",
]
