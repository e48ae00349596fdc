"""The installed programs: `<data>/library/<program-id>/`, each a plain program folder.

Installing is all or nothing. A pack or folder is first copied into a private folder under
the data folder's staging area by the hostile-safe readers (`packs_read`, `packs_folder`),
validated there by the loader, fsynced, and only then renamed into the library in one
step. An installed older version is moved aside first and deleted only after the new one
is in place; if the process dies between the two renames, the next library call puts the
old version back, and whatever a killed install left in staging is cleared then (`staging`:
the next start of the app and the next import both come here). The practice log lives in
the journal under the program's id, so an update in place keeps the participant's log and
their place in the course.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ...i18n import _
from ..problems import Location, Problem, ProgramError, UserError, os_reason
from ..program import Program, version_key
from ..store import atomic_write_text, bundled_programs_dir, fsync_dir, paths
from . import staging
from .folder import copy_folder
from .read import Manifest, extract_pack, fsync_tree, probe_audio_files
from .rules import refusal
from .staging import staging_folder

RECORD_NAME = ".vallei-installed.json"
_DEMOS_MARKER = ".demos-offered"
_ID = re.compile(r"^[a-z0-9.-]{3,100}$")


@dataclass(frozen=True)
class InstallResult:
    program_id: str
    version: str
    previous_version: str | None
    updated: bool  # True when an installed version was replaced


class ChangedWithoutNewVersion(UserError):
    """The pack has the installed version number but other content: the coach changed the
    programme without raising its version. The app asks whether to install it anyway."""

    def __init__(self, program_id: str, version: str, title: str) -> None:
        self.program_id, self.version, self.title = program_id, version, title
        super().__init__(
            _(
                "Version {version} of “{title}” is already installed, but this copy holds "
                "different files. A changed program needs a higher version: ask the coach to "
                "raise the version in program.yaml. To install this copy anyway, use "
                "import --replace; your practice log is kept."
            ).format(version=version, title=title)
        )


@dataclass(frozen=True)
class InstalledProgram:
    id: str
    version: str
    title: str
    language: str
    path: Path
    sessions: int
    weeks: int


class InstallLog(Protocol):
    """What the library needs from the journal (core.journal.Journal has these)."""

    def record_install(self, program_id: str, version: str, title: str) -> None: ...

    def record_removal(self, program_id: str) -> None: ...


def install(
    path: Path | str, *, allow_same_or_lower: bool = False, journal: InstallLog | None = None
) -> InstallResult:
    """Install a pack or program folder; refuse the same or a lower version unless allowed.

    `journal` records the install; without one, the default journal is opened for it (only
    once the program is staged and valid, so a refused pack touches nothing but staging).
    """
    source = Path(path)
    with _library_lock(), staging_folder("install-") as work:
        _recover()
        staged = work / "program"
        program, manifest = _stage(source, staged)
        if manifest is not None and (manifest.program_id, manifest.version) != (
            program.id,
            program.version,
        ):
            raise refusal(source, "manifest.json", _("does not match the program inside the pack."))
        previous = _installed_version(program.id)
        if previous is not None and not allow_same_or_lower:
            _refuse_same_or_lower(program, previous, staged)
        _write_record(staged, program)
        fsync_dir(staged)
        with _journal(journal) as log:
            _swap_in(staged, program.id, work)
            if log is not None:
                log.record_install(program.id, program.version, program.title)
    return InstallResult(program.id, program.version, previous, previous is not None)


def installed() -> list[InstalledProgram]:
    """The installed programs, by title (a read-only library is listed as it is)."""
    try:
        with _library_lock():
            _recover()
    except OSError as e:
        if e.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
    found = []
    for folder in sorted(paths.library_dir().iterdir()):
        if folder.is_dir() and _ID.match(folder.name):
            item = _read_record(folder)
            if item is not None:
                found.append(item)
    return sorted(found, key=lambda p: (p.title.casefold(), p.id))


def load(program_id: str) -> Program:
    """The installed program `program_id`; UserError if it is not installed."""
    from ..program import load_program

    return load_program(_folder_of(program_id))


def remove(program_id: str, *, journal: InstallLog | None = None) -> None:
    """Remove an installed program's files (its practice log stays in the journal)."""
    folder = _folder_of(program_id)
    with _library_lock(), staging_folder("remove-") as work, _journal(journal) as log:
        os.rename(folder, work / "removed")
        fsync_dir(folder.parent)
        if log is not None:
            log.record_removal(program_id)


def ensure_demos(*, journal: InstallLog | None = None) -> list[InstallResult]:
    """On first run, install the bundled demo programs; afterwards do nothing.

    "First run" is remembered by a marker, so a participant who removes the demos does not
    get them back at the next start.
    """
    marker = paths.library_dir() / _DEMOS_MARKER
    if marker.exists():
        return []
    results: list[InstallResult] = []
    if not installed():
        bundled = bundled_programs_dir()
        folders = sorted(bundled.iterdir()) if bundled.is_dir() else []
        for folder in folders:
            if (folder / "program.yaml").is_file():
                results.append(install(folder, journal=journal))
    atomic_write_text(marker, "bundled demo programs were offered\n")
    return results


def _stage(source: Path, staged: Path) -> tuple[Program, Manifest | None]:
    """Copy or extract `source` into `staged` (durably) and validate it there."""
    manifest: Manifest | None = None
    if source.is_dir() or (source.name == "program.yaml" and source.is_file()):
        folder = source if source.is_dir() else source.parent
        copy_folder(folder, staged)
        fsync_tree(staged)
        probe_audio_files(folder, staged)
        return _load_staged(staged, str(folder)), None
    if not source.exists():
        raise UserError(
            _("There is no pack or program folder {path}. Check the name and try again.").format(
                path=source
            )
        )
    manifest = extract_pack(source, staged, durable=True)
    probe_audio_files(source, staged)
    return _load_staged(staged, str(source)), manifest


def _load_staged(staged: Path, shown_as: str) -> Program:
    """Validate the staged copy; problems name the user's pack or folder, not our staging path."""
    from ..program import load_program

    try:
        return load_program(staged)
    except ProgramError as e:
        prefix = str(staged)

        def renamed(p: Problem) -> Problem:
            file = p.location.file
            if file.startswith(prefix):
                file = shown_as + "/" + file[len(prefix) :].lstrip("/\\")
            return Problem(Location(file, p.location.line, p.location.col), p.message, p.severity)

        raise ProgramError([renamed(p) for p in e.problems]) from None


def _refuse_same_or_lower(program: Program, previous: str, staged: Path) -> None:
    if version_key(program.version) > version_key(previous):
        return
    if version_key(program.version) == version_key(previous):
        if _contents(staged) != _contents(paths.library_dir() / program.id):
            raise ChangedWithoutNewVersion(program.id, program.version, program.title)
        raise UserError(
            _(
                "Version {version} of “{title}” is already installed; nothing needs to be done. "
                "To install it again anyway, use --replace (or remove it in the app first)."
            ).format(version=previous, title=program.title)
        )
    raise UserError(
        _(
            "A newer version ({installed}) of “{title}” is installed than this one ({version}). "
            "To go back to the older version, use --replace (or remove the program in the app "
            "first). Your practice log is kept either way."
        ).format(installed=previous, title=program.title, version=program.version)
    )


def _contents(folder: Path) -> dict[str, str]:
    """Every file of a program folder (relative path -> sha256), our install record aside."""
    found: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            path = Path(root, name)
            rel = path.relative_to(folder).as_posix()
            if rel == RECORD_NAME or path.is_symlink():
                continue
            digest = hashlib.sha256()
            with open(path, "rb") as f:
                while chunk := f.read(1 << 20):
                    digest.update(chunk)
            found[rel] = digest.hexdigest()
    return found


def _swap_in(staged: Path, program_id: str, work: Path) -> None:
    library = paths.library_dir()
    target = library / program_id
    aside = work / staging.ASIDE
    had_previous = target.exists()
    if had_previous:
        os.rename(target, aside)
    try:
        os.rename(staged, target)
    except OSError as e:
        if had_previous:
            os.rename(aside, target)
        raise UserError(
            _("Could not install into the library ({reason}). Nothing was changed.").format(
                reason=os_reason(e)
            )
        ) from None
    fsync_dir(library)
    fsync_dir(work)


def _write_record(folder: Path, program: Program) -> None:
    record = {
        "id": program.id,
        "version": program.version,
        "title": program.title,
        "language": program.language,
        "sessions": len(program.sessions),
        "weeks": program.weeks,
    }
    atomic_write_text(folder / RECORD_NAME, json.dumps(record, ensure_ascii=False, indent=2) + "\n")


def _read_record(folder: Path) -> InstalledProgram | None:
    try:
        data = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
        return InstalledProgram(
            id=str(data["id"]),
            version=str(data["version"]),
            title=str(data["title"]),
            language=str(data["language"]),
            path=folder,
            sessions=int(data["sessions"]),
            weeks=int(data["weeks"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:  # a folder put there by hand or an older app: read the program itself
        from ..program import load_program

        program = load_program(folder)
    except (ProgramError, UserError):
        return None
    return InstalledProgram(
        program.id,
        program.version,
        program.title,
        program.language,
        folder,
        len(program.sessions),
        program.weeks,
    )


def _installed_version(program_id: str) -> str | None:
    folder = paths.library_dir() / program_id
    if not folder.is_dir():
        return None
    record = _read_record(folder)
    return record.version if record is not None else "0.0.0"


def _folder_of(program_id: str) -> Path:
    folder = paths.library_dir() / program_id
    if not _ID.match(program_id) or not folder.is_dir():
        raise UserError(
            _(
                "No program “{id}” is installed. `vallei-player programs` lists the installed ones."
            ).format(id=program_id)
        )
    return folder


def _recover() -> None:
    """Finish what killed installs left in staging (called with the library lock held).

    An old version still aside whose new version never arrived goes back into the library:
    under this lock no install is under way, so any staging folder nobody holds is dead, and
    the decision needs no age or pid. Then every stale staging folder goes, an update's old
    version (the new one is installed) and a half-unpacked pack alike.
    """
    library = paths.library_dir()
    for work in staging.folders():
        aside = work / staging.ASIDE
        if aside.is_dir() and not staging.held(work):
            record = _read_record(aside)
            if record is not None and not (library / record.id).exists():
                os.rename(aside, library / record.id)
                fsync_dir(library)
        if staging.is_stale(work):
            shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def _library_lock() -> Iterator[None]:
    """One library change at a time, across processes (the app and the CLI may both run)."""
    try:
        import fcntl
    except ImportError:  # Windows: renames of open folders fail there anyway, so races surface
        yield
        return
    fd = os.open(paths.staging_dir() / ".library.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def _journal(given: InstallLog | None) -> Iterator[InstallLog | None]:
    """The journal to record in: the caller's, or the default one, opened before any change.

    The default asks for the passphrase of an encrypted journal the way every command does
    (`open_for_cli`); the app always passes the journal it owns.
    """
    if given is not None:
        yield given
        return
    from ..journal import open_for_cli

    with open_for_cli() as journal:
        yield journal


__all__ = [
    "InstallLog",
    "InstallResult",
    "InstalledProgram",
    "ensure_demos",
    "install",
    "installed",
    "load",
    "remove",
]
