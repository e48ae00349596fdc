"""Loading programs: a program folder or its program.yaml in; a checked Program out.

The steps, each collecting Problems rather than stopping at the first:
`yamlsafe` (bytes -> node tree with marks) -> `schema_program`/`schema_sessions` (nodes ->
model, every key and value checked) -> `files` (every named file inside the folder, real
audio by content, voice clips that fit their phases). Messages name the file as the user
wrote it (`programs/demo/program.yaml`, `PACK.vallei/program.yaml`). A `.vallei` pack is
unpacked by `core.packs` (which knows zip files) and its folder handed to `check_folder`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from ...i18n import _
from ..audiofiles import ClipInfo, ProbeError, probe_clip
from ..problems import Location, Problem, Problems, ProgramError, os_reason
from .files import check_drafts, check_files, check_fits
from .limits import check_limits
from .model import BUILTIN_CUE, Program
from .schema_program import read_program
from .schema_read import Reader
from .timeline import DEFAULT_RATE, Timeline, build_timeline
from .timing import check_timing
from .yamlsafe import MAX_BYTES, parse_yaml

PROGRAM_FILE = "program.yaml"
PACK_SUFFIX = ".vallei"

Checked = tuple[Program | None, tuple[Problem, ...]]


def check_program(path: Path | str) -> Checked:
    """Every problem of the program at `path` (its folder or program.yaml), sorted by place.

    The Program is None when any problem is an error. For a path that may be a `.vallei`
    pack, use `core.packs.check_path` instead.
    """
    given = str(path)
    p = Path(path)
    if p.is_dir():
        return check_folder(p, os.path.join(given, PROGRAM_FILE), given)
    if p.is_file():
        return _check(p.parent, p, given, given)
    if not p.exists():
        what = _(
            "no such file or folder; give a program folder, its program.yaml or a .vallei pack"
        )
    else:
        what = _("is not a program folder, a program.yaml or a .vallei pack")
    return None, (Problem(Location(given), what),)


def check_folder(folder: Path, display: str, source: str) -> Checked:
    """The program in `folder`, its program.yaml shown as `display` in messages and `source`
    (what the user named: a folder or a pack) kept on the Program for later messages."""
    return _check(folder, folder / PROGRAM_FILE, display, source)


def check_text(folder: Path, data: bytes, display: str) -> Checked:
    """Every problem of `data` read as the program.yaml of `folder` (its files checked there).

    For an editor holding a program.yaml that is not saved yet (the Coach Studio): the same
    checks as `check_folder`, so there is one validator, not a second one.
    """
    return _check_data(folder, data, display, display)


def load_program(path: Path | str) -> Program:
    """The program at `path`; raises ProgramError listing every problem if there is an error."""
    return require_program(check_program(path))


def require_program(checked: Checked) -> Program:
    """The Program of a check, or ProgramError with its errors (its problems if none is one)."""
    program, problems = checked
    if program is None:
        raise ProgramError([p for p in problems if p.is_error] or list(problems))
    return program


def clip_lookup(program: Program) -> Callable[[str], ClipInfo]:
    """ClipInfo by the path a program uses (BUILTIN_CUE is the bundled bell), probed once each."""
    memo: dict[str, ClipInfo] = dict(program.clips)

    def lookup(name: str) -> ClipInfo:
        hit = memo.get(name)
        if hit is not None:
            return hit
        try:
            info = probe_clip(program.clip_path(name))
        except ProbeError as e:
            if name == BUILTIN_CUE:
                message = _("the built-in bell {problem}").format(problem=e)
            else:
                message = _("'{name}' {problem}").format(name=name, problem=e)
            raise ProgramError.single(
                Location(program.source or str(program.root)), message
            ) from None
        memo[name] = info
        return info

    return lookup


def session_timeline(program: Program, session_id: str, rate: int = DEFAULT_RATE) -> Timeline:
    """The session's phases in samples at `rate`; UserError naming the ids for an unknown id."""
    return build_timeline(program.require_session(session_id), rate, clip_lookup(program))


def _check(folder: Path, yaml_path: Path, display: str, source: str) -> Checked:
    problems = Problems()
    data = _read_limited(folder, yaml_path, display, problems)
    if data is None:
        return None, problems.sorted()
    return _check_data(folder, data, display, source, problems)


def _check_data(
    folder: Path, data: bytes, display: str, source: str, problems: Problems | None = None
) -> Checked:
    problems = Problems() if problems is None else problems
    if _too_large(data, display, problems):
        return None, problems.sorted()
    root, parse_problems = parse_yaml(data, display)
    problems.items.extend(parse_problems)
    if root is None:
        return None, problems.sorted()
    reader = Reader(display, problems)
    program = read_program(root, reader, folder, source)
    clips = check_files(folder, reader.paths, problems)
    check_drafts(reader.paths, problems)
    check_fits(reader.fits, clips, problems)
    if program is not None:
        check_limits(program, clips, problems)
        check_timing(program, clips, problems)
    result = _unique(problems.sorted())
    if program is None or problems.has_errors:
        return None, result
    return replace(program, clips=MappingProxyType(clips)), result


def _read_limited(folder: Path, path: Path, display: str, problems: Problems) -> bytes | None:
    where = Location(display)
    link_problem = _link_problem(folder, path)
    if link_problem:  # never read (nor quote) a file outside the program
        problems.error(where, link_problem)
        return None
    try:
        if not path.is_file():
            if path.exists():
                problems.error(where, _("{file} is not a regular file").format(file=PROGRAM_FILE))
            else:
                problems.error(
                    where,
                    _("there is no {file} here; is this a program folder?").format(
                        file=PROGRAM_FILE
                    ),
                )
            return None
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        problems.error(where, _("cannot be read ({reason})").format(reason=os_reason(e)))
        return None
    if _too_large(data, display, problems):
        return None
    return data


def _too_large(data: bytes, display: str, problems: Problems) -> bool:
    if len(data) > MAX_BYTES:
        problems.error(
            Location(display, 1, 1),
            _("the file is larger than {limit} KiB, the most a program.yaml may be").format(
                limit=MAX_BYTES // 1024
            ),
        )
        return True
    return False


def _link_problem(folder: Path, path: Path) -> str | None:
    """Why a program.yaml that is a link cannot be used, or None when it stays in the folder."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return _("{file} is a link to a file that does not exist; put the file itself here").format(
            file=PROGRAM_FILE
        )
    try:
        target.relative_to(folder.resolve(strict=True))
    except (OSError, ValueError):
        return _(
            "{file} is a link that leads outside the program folder; "
            "put the file itself in the folder instead"
        ).format(file=PROGRAM_FILE)
    return None


def _unique(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """Drop exact repeats (one written phase expanded by a repeat block is checked once anyway)."""
    return tuple(dict.fromkeys(problems))
