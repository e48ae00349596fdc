"""Edits of a ProgramDocument as commands, each undoable, and the history that holds them.

Every change the Studio makes is one of these, so undo and redo cover every edit. An edit
keeps what it needs to put the tree back exactly (the old value, the key's old position),
so undoing an edit and saving gives the file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from .document import Path_, ProgramDocument, deep_copy

_MISSING = object()


class Edit(Protocol):
    """One change: `apply` does it, `revert` undoes it; `label` names it for Undo/Redo."""

    label: str

    def apply(self, doc: ProgramDocument) -> None: ...

    def revert(self, doc: ProgramDocument) -> None: ...


def _container(doc: ProgramDocument, path: Path_) -> Any:
    node = doc.get(path, _MISSING)
    if node is _MISSING:
        raise KeyError(f"no value at {path!r}")
    return node


@dataclass
class SetValue:
    """Set `key` of the mapping at `path` (added at the end, or at `position`, if missing).

    A value of None removes the key, so an optional field left empty disappears from the
    file rather than being written as `key: null`.
    """

    path: Path_
    key: str
    value: Any
    label: str = ""
    position: int | None = None
    _old: Any = field(default=_MISSING, init=False, repr=False)
    _old_index: int = field(default=-1, init=False, repr=False)

    def apply(self, doc: ProgramDocument) -> None:
        mapping: CommentedMap = _container(doc, self.path)
        keys = list(mapping)
        self._old_index = keys.index(self.key) if self.key in mapping else -1
        self._old = mapping.get(self.key, _MISSING)
        if self.value is None:
            if self.key in mapping:
                del mapping[self.key]
        elif self.key in mapping:
            mapping[self.key] = _keep_style(self._old, self.value)
        elif self.position is not None:
            mapping.insert(min(self.position, len(mapping)), self.key, self.value)
        else:
            mapping[self.key] = self.value

    def revert(self, doc: ProgramDocument) -> None:
        mapping: CommentedMap = _container(doc, self.path)
        if self._old is _MISSING:
            if self.key in mapping:
                del mapping[self.key]
        elif self.key in mapping:
            mapping[self.key] = self._old
        else:
            mapping.insert(self._old_index, self.key, self._old)


def _keep_style(old: Any, new: Any) -> Any:
    """The new scalar written in the old one's style: a `|` block stays a block."""
    if isinstance(old, LiteralScalarString) and isinstance(new, str):
        return LiteralScalarString(new if new.endswith("\n") else new + "\n")
    return new


@dataclass
class InsertItem:
    """Put `value` into the list at `path` at `index` (the end when index is None)."""

    path: Path_
    value: Any
    index: int | None = None
    label: str = ""

    def apply(self, doc: ProgramDocument) -> None:
        seq: CommentedSeq = _container(doc, self.path)
        at = len(seq) if self.index is None else self.index
        self.index = at
        seq.insert(at, self.value)

    def revert(self, doc: ProgramDocument) -> None:
        seq: CommentedSeq = _container(doc, self.path)
        assert self.index is not None
        del seq[self.index]


@dataclass
class RemoveItem:
    """Take the item at `index` out of the list at `path`."""

    path: Path_
    index: int
    label: str = ""
    _old: Any = field(default=None, init=False, repr=False)

    def apply(self, doc: ProgramDocument) -> None:
        seq: CommentedSeq = _container(doc, self.path)
        self._old = seq[self.index]
        del seq[self.index]

    def revert(self, doc: ProgramDocument) -> None:
        seq: CommentedSeq = _container(doc, self.path)
        seq.insert(self.index, self._old)


@dataclass
class MoveItem:
    """Move the item at `source` of the list at `path` so that it ends up at `target`."""

    path: Path_
    source: int
    target: int
    label: str = ""

    def apply(self, doc: ProgramDocument) -> None:
        seq: CommentedSeq = _container(doc, self.path)
        seq.insert(self.target, seq.pop(self.source))

    def revert(self, doc: ProgramDocument) -> None:
        seq: CommentedSeq = _container(doc, self.path)
        seq.insert(self.source, seq.pop(self.target))


@dataclass
class Duplicate:
    """A copy of the item at `index` of the list at `path`, right after it.

    `new_values` change the copy before it goes in (a duplicated session needs its own id).
    """

    path: Path_
    index: int
    label: str = ""
    new_values: dict[str, Any] = field(default_factory=dict)

    def apply(self, doc: ProgramDocument) -> None:
        seq: CommentedSeq = _container(doc, self.path)
        twin = deep_copy(seq[self.index])
        if isinstance(twin, CommentedMap):
            for key, value in self.new_values.items():
                twin[key] = value
        seq.insert(self.index + 1, twin)

    def revert(self, doc: ProgramDocument) -> None:
        seq: CommentedSeq = _container(doc, self.path)
        del seq[self.index + 1]


@dataclass
class Group:
    """Several edits as one step of the history (a template's block, a recording's path)."""

    edits: list[Edit]
    label: str = ""

    def apply(self, doc: ProgramDocument) -> None:
        for edit in self.edits:
            edit.apply(doc)

    def revert(self, doc: ProgramDocument) -> None:
        for edit in reversed(self.edits):
            edit.revert(doc)


@dataclass
class History:
    """Undo and redo over a document's edits; `saved_at` tells whether it matches the file."""

    doc: ProgramDocument
    done: list[Edit] = field(default_factory=list)
    undone: list[Edit] = field(default_factory=list)

    def do(self, edit: Edit) -> None:
        edit.apply(self.doc)
        self.done.append(edit)
        self.undone.clear()

    def undo(self) -> Edit | None:
        """Revert the last edit done; None when there is none."""
        return self._move(self.done, self.undone, redo=False)

    def redo(self) -> Edit | None:
        """Do again the last edit undone; None when there is none."""
        return self._move(self.undone, self.done, redo=True)

    def _move(self, source: list[Edit], target: list[Edit], redo: bool) -> Edit | None:
        if not source:
            return None
        edit = source.pop()
        if redo:
            edit.apply(self.doc)
        else:
            edit.revert(self.doc)
        target.append(edit)
        return edit

    @property
    def can_undo(self) -> bool:
        return bool(self.done)

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)
