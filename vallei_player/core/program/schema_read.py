"""Reading typed values out of the YAML node tree, collecting a Problem for each bad one.

Every reader returns None when the value is unusable and has already said why, at the node's
line and column, so the schema code can go on and report every other problem too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from ...i18n import N_, _
from ..problems import Location, Problems
from .values import ValueProblem, parse_duck, parse_duration, parse_gain, parse_loudness
from .yamlsafe import Mapping, Node, Scalar, Sequence, describe

T = TypeVar("T")

FROM_TO = N_("'{key}' must be from {low} to {high}, not {value}")


@dataclass(frozen=True)
class PathRef:
    """A file named in program.yaml, and where, for the file checks after the schema."""

    text: str
    location: Location
    role: str  # "voice", "cue" or "bed": for messages


def did_you_mean(word: str, choices: Collection[str]) -> str:
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return _("; did you mean '{name}'?").format(name=close[0]) if close else ""


class Reader:
    def __init__(self, file: str, problems: Problems) -> None:
        self.file = file
        self.problems = problems
        self.paths: list[PathRef] = []
        # (voice, duration, where) of each phase as written, to check the clip fits
        self.fits: list[tuple[str, Fraction, Location]] = []

    def loc(self, node: Node) -> Location:
        return Location(self.file, node.mark.line, node.mark.col)

    def error(self, node: Node, message: str) -> None:
        self.problems.error(self.loc(node), message)

    def warning(self, node: Node, message: str) -> None:
        self.problems.warning(self.loc(node), message)

    # -- structure -----------------------------------------------------------------------

    def mapping(self, node: Node, what: str) -> Mapping | None:
        if isinstance(node, Mapping):
            return node
        self.error(
            node,
            _("{what} must be a set of 'key: value' lines, not {found}").format(
                what=what, found=describe(node)
            ),
        )
        return None

    def sequence(self, node: Node, what: str) -> Sequence | None:
        if isinstance(node, Sequence):
            return node
        self.error(
            node,
            _("{what} must be a list (lines starting with '- '), not {found}").format(
                what=what, found=describe(node)
            ),
        )
        return None

    def keys(
        self, m: Mapping, what: str, allowed: Collection[str], required: Collection[str] = ()
    ) -> None:
        """Unknown keys are errors (with a 'did you mean'); missing required keys too.

        `what` names the part in the user's language ("a session"), already translated.
        """
        for key, _value in m.items:
            if key.text not in allowed:
                hint = did_you_mean(key.text, allowed)
                if not hint:
                    hint = _("; allowed here: {keys}").format(keys=", ".join(sorted(allowed)))
                self.error(
                    key,
                    _("unknown key '{key}' in {what}").format(key=key.text, what=what) + hint,
                )
        present = set(m.keys())
        for key_name in required:
            if key_name not in present:
                self.error(m, _("{what} needs '{key}:'").format(what=what, key=key_name))

    def optional(self, m: Mapping, key: str, read: Callable[[Node, str], T | None]) -> T | None:
        node = m.get(key)
        return None if node is None else read(node, key)

    # -- scalars -------------------------------------------------------------------------

    def scalar(self, node: Node, key: str) -> Scalar | None:
        if not isinstance(node, Scalar):
            self.error(
                node,
                _("'{key}' must be a single value, not {found}").format(
                    key=key, found=describe(node)
                ),
            )
            return None
        if node.is_null:
            self.error(node, _("'{key}' has no value; give one or remove the line").format(key=key))
            return None
        return node

    def text(self, node: Node, key: str) -> str | None:
        s = self.scalar(node, key)
        if s is None:
            return None
        value = s.text.strip()
        if not value:
            self.error(s, _("'{key}' is empty").format(key=key))
            return None
        return value

    def integer(self, node: Node, key: str, lo: int, hi: int) -> int | None:
        s = self.scalar(node, key)
        if s is None:
            return None
        if not re.fullmatch(r"[-+]?\d{1,9}", s.text.strip()):
            self.error(
                s,
                _("'{key}' must be a whole number from {low} to {high}, not {found}").format(
                    key=key, low=lo, high=hi, found=describe(s)
                ),
            )
            return None
        value = int(s.text)
        if not lo <= value <= hi:
            self.error(s, _(FROM_TO).format(key=key, low=lo, high=hi, value=value))
            return None
        return value

    def number(self, node: Node, key: str, lo: float, hi: float) -> float | None:
        s = self.scalar(node, key)
        if s is None:
            return None
        if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", s.text.strip()):
            self.error(
                s,
                _("'{key}' must be a number from {low} to {high}, not {found}").format(
                    key=key, low=f"{lo:g}", high=f"{hi:g}", found=describe(s)
                ),
            )
            return None
        value = float(s.text)
        if not lo <= value <= hi:
            self.error(
                s, _(FROM_TO).format(key=key, low=f"{lo:g}", high=f"{hi:g}", value=s.text.strip())
            )
            return None
        return value

    def duration(self, node: Node, key: str) -> Fraction | None:
        return self._parsed(node, key, parse_duration)

    def gain(self, node: Node, key: str) -> float | None:
        return self._parsed(node, key, parse_gain)

    def loudness(self, node: Node, key: str) -> float | None:
        """A loudness target in LUFS (`off` is read by the caller)."""
        return self._parsed(node, key, parse_loudness)

    def duck(self, node: Node, key: str) -> float | None:
        """How far the bed goes down under a voice, in dB (`off` is read by the caller)."""
        return self._parsed(node, key, parse_duck)

    def _parsed(self, node: Node, key: str, parse: Callable[[str], T]) -> T | None:
        s = self.scalar(node, key)
        if s is None:
            return None
        try:
            return parse(s.text)
        except ValueProblem as e:
            self.error(s, _("'{key}': {problem}").format(key=key, problem=e))
            return None

    def boolean(self, node: Node, key: str) -> bool | None:
        s = self.scalar(node, key)
        if s is None:
            return None
        value = s.text.strip().lower()
        if s.plain and value in ("true", "false"):
            return value == "true"
        self.error(
            s,
            _("'{key}' must be true or false, not {found}").format(key=key, found=describe(s)),
        )
        return None

    def choice(self, node: Node, key: str, options: Collection[str]) -> str | None:
        value = self.text(node, key)
        if value is None:
            return None
        if value in options:
            return value
        hint = did_you_mean(value, options) or _("; use one of: {choices}").format(
            choices=", ".join(options)
        )
        self.error(node, _("'{key}' cannot be '{value}'").format(key=key, value=value) + hint)
        return None

    def pattern(self, node: Node, key: str, regex: re.Pattern[str], rule: str) -> str | None:
        """A text that must match `regex`; `rule` says the shape in words (translated)."""
        value = self.text(node, key)
        if value is None:
            return None
        if regex.fullmatch(value):
            return value
        self.error(
            node,
            _("'{key}' '{value}' is not valid: {rule}").format(key=key, value=value, rule=rule),
        )
        return None

    def texts(self, node: Node, key: str) -> list[str] | None:
        seq = self.sequence(node, f"'{key}'")
        if seq is None:
            return None
        out = [self.text(item, key) for item in seq.items]
        return None if any(v is None for v in out) else [v for v in out if v is not None]

    def path(self, node: Node, key: str, role: str, allow_none: bool) -> str | None:
        """A file in the program folder; 'none' is None when allowed. Checked later, on disk."""
        value = self.text(node, key)
        if value is None:
            return None
        if allow_none and value.lower() == "none":
            return None
        if allow_none and value.lower() in _OTHER_NOTHINGS:
            self.error(
                node,
                _("write '{key}: none' for no {key} ('{value}' would be a file name)").format(
                    key=key, value=value
                ),
            )
            return None
        problem = path_shape_problem(value)
        if problem:
            self.error(node, problem.format(key=key, path=value))
            return None
        self.paths.append(PathRef(value, self.loc(node), role))
        return value


_DRIVE = re.compile(r"^[A-Za-z]:")
# What coaches write for "no cue" or "no bed" that YAML or we would otherwise read otherwise.
_OTHER_NOTHINGS = ("false", "no", "off", "null", "~", "0", "nothing", "geen")


def path_shape_problem(path: str) -> str | None:
    """Why `path` cannot name a file inside a program folder, judged by its text alone: a
    translated sentence with the fields {key} and {path} still to fill in."""
    if "\\" in path:
        return _(
            "'{key}' path '{path}' uses backslashes; write forward slashes, like audio/bell.ogg"
        )
    if path.startswith("/") or _DRIVE.match(path) or path.startswith("~"):
        return _(
            "'{key}' path '{path}' is absolute; write it relative to the program folder, "
            "like audio/bell.ogg"
        )
    parts = path.split("/")
    if ".." in parts:
        return _(
            "'{key}' path '{path}' leaves the program folder ('..'); "
            "copy the file into the folder instead"
        )
    if any(p in ("", ".") for p in parts):
        return _("'{key}' path '{path}' has an empty or '.' part; write it like audio/bell.ogg")
    if any(ord(c) < 32 for c in path):
        return _("'{key}' path '{path}' contains control characters")
    return None
