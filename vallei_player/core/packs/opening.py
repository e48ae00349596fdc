"""What a command is given: a program folder, its program.yaml, or a `.vallei` pack.

A folder is judged as `pack` would judge it (`contents`: the pack rules for every file,
a warning for each file no session uses). A pack is unpacked once, into a private staging
folder, and stays there for the whole `with` block, so the command checks, measures and
renders the very same files. Problems name what the user typed
(`PACK.vallei/program.yaml:12:5`), never the staging folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ...i18n import _
from ..problems import Location, Problem, ProgramError, os_reason
from ..program import (
    PACK_SUFFIX,
    PROGRAM_FILE,
    Checked,
    Program,
    check_folder,
    check_program,
    require_program,
)
from .contents import shown_folder_of, with_pack_rules
from .read import unpacked


def is_pack(path: Path) -> bool:
    """A file named *.vallei, or any file that starts like a zip archive."""
    if not path.is_file():
        return False
    if path.suffix.lower() == PACK_SUFFIX:
        return True
    try:
        with path.open("rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


@contextmanager
def checked_path(path: Path | str) -> Iterator[Checked]:
    """The check of what `path` names; a pack's files exist until the block ends."""
    given = str(path)
    p = Path(path)
    if not is_pack(p):
        folder = p if p.is_dir() else p.parent
        checked = check_program(p)
        if folder.is_dir() and (folder / PROGRAM_FILE).is_file():
            checked = with_pack_rules(folder, shown_folder_of(given, folder), checked)
        yield checked
        return
    stack = ExitStack()
    try:
        folder = stack.enter_context(unpacked(p))
    except ProgramError as e:
        yield None, e.problems
        return
    except OSError as e:  # the pack vanished or cannot be read while unpacking
        message = _("cannot be read ({reason})").format(reason=os_reason(e))
        yield None, (Problem(Location(given), message),)
        return
    with stack:  # errors of the caller's block pass through; the staging folder goes
        yield with_pack_rules(folder, given, check_folder(folder, f"{given}/{PROGRAM_FILE}", given))


def check_path(path: Path | str) -> Checked:
    """Every problem of a folder, program.yaml or pack; a pack's unpacked copy is gone on
    return, but the Program's `clips` still answer for timelines."""
    with checked_path(path) as checked:
        return checked


@contextmanager
def opened_path(path: Path | str) -> Iterator[Program]:
    """The valid program `path` names, its files on disk for the block (ProgramError if not)."""
    with checked_path(path) as checked:
        yield require_program(checked)
