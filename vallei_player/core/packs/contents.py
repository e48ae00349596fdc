"""What a pack of a folder would hold, judged the same way by `validate` and by `pack`.

`pack` refuses a folder that breaks the pack rules (links, special files, names, size), so
`validate` reports the same refusals. A file no part of program.yaml names (a leftover
client recording, an old take) is left out of the pack unless the coach asks for it
(`--include-unused`), and both commands warn about it: it must not ship by accident.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from ...i18n import _
from ..problems import Location, Problem, ProgramError
from ..program import BUILTIN_CUE, PROGRAM_FILE, Checked, Program
from .folder import FolderFile, program_files


def used_paths(program: Program) -> set[str]:
    """program.yaml and every file it names (voice, bed, cue), as relative paths."""
    named = {PurePosixPath(ref).as_posix() for ref in program.clips if ref != BUILTIN_CUE}
    return named | {PROGRAM_FILE}


def unused_files(files: list[FolderFile], program: Program) -> list[FolderFile]:
    used = used_paths(program)
    return [f for f in files if f.path not in used]


def unused_warning(shown_folder: str, item: FolderFile) -> Problem:
    return Problem(
        Location(f"{shown_folder}/{item.path}"),
        _(
            "is not used by any session; vallei-player pack leaves it out (add "
            "--include-unused to ship it)"
        ),
        "warning",
    )


def with_pack_rules(folder: Path, shown_folder: str, checked: Checked) -> Checked:
    """The check of a program folder plus what `pack` would say about its files."""
    program, problems = checked
    if program is None:  # as `pack`: the program's own errors first, the files' after
        return checked
    found = list(problems)
    try:
        files = program_files(folder)
    except ProgramError as e:
        found += e.problems
        program = None
        files = []
    if program is not None:
        found += [unused_warning(shown_folder, f) for f in unused_files(files, program)]
    ordered = sorted(
        found, key=lambda p: (p.location.file, p.location.line, p.location.col, p.message)
    )
    return program, tuple(ordered)


def shown_folder_of(given: str, folder: Path) -> str:
    """How messages name the folder: as the user typed it (a program.yaml's folder for one)."""
    if Path(given).name == PROGRAM_FILE and not Path(given).is_dir():
        return os.path.dirname(given) or "."
    return given.rstrip("/") or str(folder)
