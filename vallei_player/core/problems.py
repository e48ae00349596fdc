"""Problems for users: a location and a plain sentence, collected rather than raised one by one.

A coach fixing a program wants every problem at once, each pointing at its line, so the
loader gathers `Problem` values and raises one `ProgramError` carrying all of them.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..i18n import N_, _, ngettext, pgettext

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """Where in which file; line and column count from 1, as editors show them."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{max(self.col, 1)}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in a user's file, with what to do about it in `message`."""

    location: Location
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        # The CLI's line (CLI.md): `error`/`warning` stay English in every language, like
        # FILE:LINE:COL, because editors and CI scripts match them; the message is translated.
        return f"{self.where}: {self.severity}: {self.message}"

    @property
    def where(self) -> str:
        loc = self.location
        # Always FILE:LINE:COL so editors and scripts can jump to it, even for whole-file problems.
        return f"{loc.file}:{max(loc.line, 1)}:{max(loc.col, 1)}"

    def for_people(self) -> str:
        """The same line for the app's reader: the severity in their language too."""
        if self.is_error:
            severity = pgettext("problem severity", "error")
        else:
            severity = pgettext("problem severity", "warning")
        return f"{self.where}: {severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Problems:
    """An accumulator passed through the loader so every check can add what it found."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, message, "error"))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, message, "warning"))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)

    def sorted(self) -> tuple[Problem, ...]:
        return tuple(
            sorted(
                self.items,
                key=lambda p: (p.location.file, p.location.line, p.location.col, p.message),
            )
        )


class ProgramError(Exception):
    """A program (or pack) cannot be used; `problems` says every reason, with locations."""

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        """The first problem (and how many more) for a banner or dialog, in the current language."""
        if not self.problems:
            return _("The program cannot be used.")
        first = self.problems[0].for_people()
        more = len(self.problems) - 1
        if more <= 0:
            return first
        return first + ngettext(" (and {n} more problem)", " (and {n} more problems)", more).format(
            n=more
        )

    @classmethod
    def single(cls, location: Location, message: str) -> ProgramError:
        return cls([Problem(location, message)])


# The refusals people meet, in the system's usual words (glibc's, lowercased) so that English
# reads as before; translated, they read in the user's language. Any other: the system's words.
_OS_REASONS = {
    errno.ENOENT: N_("no such file or directory"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.ENOSPC: N_("no space left on device"),
    getattr(errno, "EDQUOT", -1): N_("disk quota exceeded"),
    errno.EROFS: N_("read-only file system"),
    errno.EISDIR: N_("is a directory"),
    errno.ENOTDIR: N_("not a directory"),
    errno.EEXIST: N_("file exists"),
    errno.ELOOP: N_("too many levels of symbolic links"),
    errno.ENAMETOOLONG: N_("file name too long"),
    errno.EIO: N_("input/output error"),
    errno.EBUSY: N_("device or resource busy"),
}


def os_reason(e: OSError) -> str:
    """Why the system refused, in a few lowercase words in the user's language."""
    known = _OS_REASONS.get(e.errno) if e.errno is not None else None
    if known is not None:
        return _(known)
    reason = (e.strerror or str(e) or type(e).__name__).rstrip(".")
    return reason[:1].lower() + reason[1:]


class UserError(Exception):
    """The situation is wrong for what the user asked (no such session, nothing installed...).

    The message is a whole sentence for the user, saying what and what to do; the CLI prints
    it and exits 1, the app shows it in a dialog.
    """


# What to do, per refusal; each says where ({path}) and that nothing was changed.
_OS_SENTENCES = {
    errno.EROFS: N_(
        "{path} is on a read-only disk or folder. Nothing was changed; choose a place that can "
        "be written, or make this one writable."
    ),
    errno.EACCES: N_(
        "{path}: permission denied. Nothing was changed; check that you may read and write "
        "there, or choose another place."
    ),
    errno.EPERM: N_(
        "{path}: the system does not allow this. Nothing was changed; check the file's "
        "permissions, or choose another place."
    ),
    errno.ENOENT: N_(
        "{path} does not exist. Nothing was changed; check the name, and that its folder exists."
    ),
    errno.EISDIR: N_("{path} is a folder where a file was expected. Nothing was changed."),
    errno.ENOTDIR: N_(
        "Part of {path} is a file where a folder was expected. Nothing was changed; check the path."
    ),
    errno.ENAMETOOLONG: N_(
        "The name {path} is too long for the file system. Nothing was changed; choose a shorter "
        "name or a folder with a shorter path."
    ),
    errno.EEXIST: N_("{path} already exists. Nothing was changed; choose another name."),
    errno.ELOOP: N_(
        "{path} is a link that leads round in a circle. Nothing was changed; replace the link "
        "with the real file or folder."
    ),
    errno.EIO: N_(
        "{path}: the disk reported a read or write error; it may be failing or have been "
        "removed. Nothing was changed; check the disk, then try again."
    ),
    errno.EBUSY: N_("{path} is in use. Nothing was changed; try again in a moment."),
    errno.ETXTBSY: N_("{path} is in use. Nothing was changed; try again in a moment."),
}
_TOO_MANY_OPEN = N_(
    "Too many files are open at once on this computer. Nothing was changed; close some "
    "programs, then try again."
)


def describe_os_error(e: OSError) -> str:
    """One sentence for a refusal by the system, in the user's language: where (the file it
    names), why, and what to do. Every OSError a user meets goes through here."""
    shown = e.filename if e.filename is not None else e.filename2
    path = str(shown) if shown is not None else _("a file Vallei Player needs")
    if is_disk_full(e):
        folder = Path(path).parent if shown is not None else path
        return disk_full(folder) + " " + _("Nothing was changed.")
    if e.errno in (errno.EMFILE, errno.ENFILE):
        return _(_TOO_MANY_OPEN)
    template = _OS_SENTENCES.get(e.errno) if e.errno is not None else None
    if template is None:
        template = N_(
            "{path}: {reason}. Nothing was changed; check that the folder exists and can be "
            "written, and that the disk is not full."
        )
    sentence = _(template).format(path=path, reason=os_reason(e))
    # A file's name keeps its case; our own words for an unnamed file begin the sentence.
    return sentence if shown is not None else sentence[:1].upper() + sentence[1:]


def describe_error(error: BaseException) -> str:
    """Any error as the person should read it: our own sentence for a UserError or
    ProgramError, the system's refusal in words, and "unexpected" only for a real bug."""
    if isinstance(error, UserError | ProgramError):
        return str(error)
    if isinstance(error, OSError):
        return describe_os_error(error)
    if isinstance(error, MemoryError):
        return _("There is not enough memory for this. Nothing was changed.")
    return _("An unexpected problem ({kind}); nothing else was changed. Please report it.").format(
        kind=type(error).__name__
    )


def is_disk_full(e: BaseException) -> bool:
    """The system refused because the disk (or the user's quota on it) has no room left."""
    return isinstance(e, OSError) and e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))


def disk_full(folder: object) -> str:
    """The one sentence for a full disk, wherever it is met: where, and what to do."""
    return _(
        "The disk holding {folder} is full. Free some space on it (empty the bin, or move or "
        "delete files you no longer need), then try again."
    ).format(folder=folder)
