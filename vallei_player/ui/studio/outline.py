"""The rows the Studio lists for a session: its phases, with repeat blocks and their phases.

A row knows where its phase is written in the document (its path), so selecting a row, an
edit and a problem's FILE:LINE:COL all meet on the same place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ...core.authoring import Path_


@dataclass(frozen=True)
class Row:
    path: Path_  # the phase's (or block's) mapping in the document
    depth: int  # 0 for a phase of the session, 1 inside a repeat block, 2 in a nested one
    block: bool  # a `repeat:` block rather than a phase
    node: Any

    @property
    def container(self) -> Path_:
        """The list this row is an item of."""
        return self.path[:-1]

    @property
    def index(self) -> int:
        last = self.path[-1]
        assert isinstance(last, int)
        return last


def phase_rows(session_path: Path_, session: Any) -> list[Row]:
    """Every phase and block of a session, in the order they are written."""
    if not isinstance(session, CommentedMap):
        return []
    return list(_rows((*session_path, "phases"), session.get("phases"), 0))


def _rows(at: Path_, phases: Any, depth: int) -> Iterator[Row]:
    if not isinstance(phases, CommentedSeq):
        return
    for i, node in enumerate(phases):
        path = (*at, i)
        is_block = isinstance(node, CommentedMap) and "repeat" in node
        yield Row(path, depth, is_block, node)
        if is_block:
            yield from _rows((*path, "phases"), node.get("phases"), depth + 1)


def first_playings(session_path: Path_, session: Any) -> dict[Path_, int]:
    """The timeline's phase index at which each written phase is first played.

    Repeats are expanded in order (PROGRAM_FORMAT.md), so a phase after a block of two
    phases repeated three times comes six indices after the block starts.
    """
    found: dict[Path_, int] = {}
    if isinstance(session, CommentedMap):
        _expand((*session_path, "phases"), session.get("phases"), 0, found)
    return found


def _expand(at: Path_, phases: Any, index: int, found: dict[Path_, int]) -> int:
    if not isinstance(phases, CommentedSeq):
        return index
    for i, node in enumerate(phases):
        path = (*at, i)
        found.setdefault(path, index)
        if isinstance(node, CommentedMap) and "repeat" in node:
            times = node.get("repeat")
            for _ in range(times if isinstance(times, int) and 0 < times <= 20 else 1):
                index = _expand((*path, "phases"), node.get("phases"), index, found)
        else:
            index += 1
    return index
