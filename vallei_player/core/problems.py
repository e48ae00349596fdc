"""Problems for users: a location and a plain sentence, collected rather than raised one by one.

A coach fixing a program wants every problem at once, each pointing at its line, so the
loader gathers `Problem` values and raises one `ProgramError` carrying all of them.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
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


def describe_os_error(e: OSError) -> str:
    """One sentence for a file system refusal: which file, why, and what to try."""
    reason = (e.strerror or str(e) or type(e).__name__).rstrip(".")
    where = f"{e.filename}: " if e.filename else ""
    return (
        f"{where}{reason[:1].lower() + reason[1:]}. Nothing was changed; check that the folder "
        "exists and can be written, and that the disk is not full."
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
