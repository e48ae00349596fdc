"""Problems for users: a location and a plain sentence, collected rather than raised one by one.

A coach fixing a program wants every problem at once, each pointing at its line, so the
loader gathers `Problem` values and raises one `ProgramError` carrying all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
        loc = self.location
        # Always FILE:LINE:COL so editors and scripts can jump to it, even for whole-file problems.
        where = f"{loc.file}:{max(loc.line, 1)}:{max(loc.col, 1)}"
        return f"{where}: {self.severity}: {self.message}"

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
        first = str(self.problems[0]) if self.problems else "invalid program"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more)" if more > 0 else ""))

    @classmethod
    def single(cls, location: Location, message: str) -> ProgramError:
        return cls([Problem(location, message)])


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
