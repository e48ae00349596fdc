"""`.vallei` packs: writing them for coaches and reading them safely for participants.

The work is split by job: `packs_rules` (what is refused and why), `packs_write` (the
reproducible writer), `packs_read` (the hostile-safe pack reader) and `packs_folder`
(program folders under the same rules). This module is the stable entry point others use.
"""

from __future__ import annotations

from .packs_folder import copy_folder, program_files
from .packs_read import Manifest, ManifestFile, extract_pack, staging_folder, unpacked
from .packs_rules import MAX_ENTRIES, MAX_TOTAL_BYTES, PACK_FORMAT
from .packs_write import write_pack

__all__ = [
    "MAX_ENTRIES",
    "MAX_TOTAL_BYTES",
    "PACK_FORMAT",
    "Manifest",
    "ManifestFile",
    "copy_folder",
    "extract_pack",
    "program_files",
    "staging_folder",
    "unpacked",
    "write_pack",
]
