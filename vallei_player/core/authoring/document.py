"""The coach's program.yaml as an editable document: ruamel.yaml's round-trip tree.

Saving must leave a file a coach can still edit by hand: key order, comments, flow and
block style stay as they were (ruamel.yaml's round-trip mode keeps them). Two promises on
top of that: a document saved without edits is written back byte for byte, and an edit
changes only the lines it concerns, even where ruamel would write an untouched line a
little differently from the coach (it does so for a comment glued to a flow list,
`[a, b]# note`). For that, the new text is the old text with only the lines changed that
differ between ruamel's writing of the tree before and after the edits (`_patched`).
"""

from __future__ import annotations

import copy
import difflib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ...i18n import _
from ..problems import Location, ProgramError, describe_os_error
from ..program import PROGRAM_FILE
from ..store import atomic_write_bytes

# A key or a list position, from the top of the document down to a value.
Path_ = tuple[str | int, ...]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a coach's long line
    # Block lists indented under their key as the bundled programmes and the format's
    # example are written: "sessions:\n  - id: w1-1".
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass
class ProgramDocument:
    """One program.yaml being edited. `root` is the round-trip tree; edits change it in place."""

    folder: Path
    root: CommentedMap
    original: bytes
    _base_dump: str
    on_disk: bool = True  # False for a new programme not saved yet

    @classmethod
    def from_bytes(cls, folder: Path, data: bytes) -> ProgramDocument:
        display = str(folder / PROGRAM_FILE)
        try:
            root = _yaml().load(data)
        except YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
            raise ProgramError.single(
                where,
                _(
                    "this is not YAML the Studio can edit ({problem}); correct it in a text editor"
                ).format(problem=getattr(e, "problem", None) or e),
            ) from None
        if not isinstance(root, CommentedMap):
            raise ProgramError.single(
                Location(display, 1, 1),
                _("a program.yaml holds keys such as 'format:' and 'sessions:' at the top"),
            )
        return cls(folder, root, data, _dump(root))

    @classmethod
    def open(cls, folder: Path) -> ProgramDocument:
        """The program.yaml of `folder`; ProgramError (located) if it cannot be read as YAML."""
        path = folder / PROGRAM_FILE
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ProgramError.single(Location(str(path)), describe_os_error(e)) from None
        return cls.from_bytes(folder, data)

    @property
    def path(self) -> Path:
        return self.folder / PROGRAM_FILE

    def text(self) -> bytes:
        """What saving writes now: the original bytes when nothing changed."""
        now = _dump(self.root)
        if now == self._base_dump:
            return self.original
        original = self.original.decode("utf-8", errors="surrogateescape")
        patched = _patched(original, self._base_dump, now)
        if _same_tree(patched, now):
            return patched.encode("utf-8", errors="surrogateescape")
        # The coach's layout and ruamel's do not mix here (a list indented differently from
        # the one ruamel writes): the whole document in ruamel's layout, comments kept.
        return now.encode("utf-8", errors="surrogateescape")

    @property
    def changed(self) -> bool:
        """True when saving would write something other than the file as it was opened."""
        return not self.on_disk or self.text() != self.original

    def save(self) -> None:
        """Write program.yaml atomically; afterwards the saved text is the new original."""
        data = self.text()
        try:
            atomic_write_bytes(self.path, data, mode=0o644)
        except OSError as e:
            raise ProgramError.single(Location(str(self.path)), describe_os_error(e)) from None
        self.original = data
        self._base_dump = _dump(self.root)
        self.on_disk = True

    # Reading the tree -----------------------------------------------------------------

    def get(self, path: Path_, default: Any = None) -> Any:
        node: Any = self.root
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def sessions(self) -> CommentedSeq:
        found = self.root.get("sessions")
        return found if isinstance(found, CommentedSeq) else CommentedSeq()

    def path_at_line(self, line: int) -> Path_:
        """The deepest key or list item that starts on `line` (1-based), or () if none.

        A problem the loader reports at FILE:LINE:COL names a line; this is the field the
        Studio selects for it.
        """
        best: Path_ = ()
        for path, key_line in _key_lines(self._as_written(), ()):
            if key_line + 1 == line and len(path) >= len(best):
                best = path
        return best

    def _as_written(self) -> Any:
        """The tree read back from the text saving would write: its lines are the ones the
        loader reports (the edited tree only knows the lines it was first read from)."""
        try:
            return _yaml().load(self.text())
        except YAMLError:
            return self.root

    def line_of(self, path: Path_) -> int | None:
        """The 1-based line where the key or item at `path` is written, if it is."""
        for found, key_line in _key_lines(self._as_written(), ()):
            if found == path:
                return key_line + 1
        return None


def _key_lines(node: Any, at: Path_) -> Iterator[tuple[Path_, int]]:
    if isinstance(node, CommentedMap):
        steps: list[tuple[str | int, Any]] = [(k, node.lc.key) for k in node]
    elif isinstance(node, CommentedSeq):
        steps = [(i, node.lc.item) for i in range(len(node))]
    else:
        return
    for step, where in steps:
        try:
            line: int | None = where(step)[0]
        except (KeyError, TypeError):
            line = None  # added by an edit: not written anywhere yet
        if line is not None:
            yield (*at, step), line
        yield from _key_lines(node[step], (*at, step))


def _dump(root: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(root, out)
    return out.getvalue()


def _same_tree(text: str, dump: str) -> bool:
    """Whether `text` reads as the tree that ruamel wrote as `dump`."""
    try:
        return _dump(_yaml().load(text)) == dump
    except YAMLError:
        return False


def _patched(original: str, before: str, after: str) -> str:
    """`original` with the lines changed that differ between `before` and `after`.

    `before` is ruamel's writing of the tree as it was read, `after` its writing now. Lines
    the edits did not touch come from `original`, so the coach's spacing survives there.
    """
    old = original.splitlines(keepends=True)
    base = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    # base line i was read from original line to_old[i] where the two agree line by line
    to_old: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, base, old, autojunk=False
    ).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            to_old.update({i1 + k: j1 + k for k in range(i2 - i1)})
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, base, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            out += [old[to_old[i]] if i in to_old else base[i] for i in range(i1, i2)]
        else:
            out += new[j1:j2]
    return "".join(out)


def _opcodes(a: list[str], b: list[str]) -> Sequence[tuple[str, int, int, int, int]]:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def deep_copy(node: Any) -> Any:
    """A copy of a subtree that shares nothing with it (so no YAML anchor is ever written)."""
    return copy.deepcopy(node)
