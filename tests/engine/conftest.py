"""Fixtures for engine tests: a private PCM cache, and session and player openers that clean up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from enginekit import RATE, lookup_for

from vallei_player.core.program import Program
from vallei_player.engine import OpenSession, Output, Player, open_session
from vallei_player.engine.cache import PcmCache


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[PcmCache]:
    c = PcmCache(tmp_path / "pcm")
    yield c
    c.close()


@pytest.fixture
def opener(cache: PcmCache) -> Iterator[Callable[..., OpenSession]]:
    opened: list[OpenSession] = []

    def do(program: Program, rate: int = RATE) -> OpenSession:
        s = open_session(program, "s1", rate, lookup=lookup_for(program.root), cache=cache)
        opened.append(s)
        return s

    yield do
    for s in opened:
        s.close()


@pytest.fixture
def player_for(cache: PcmCache) -> Iterator[Callable[[Output, Program], Player]]:
    """Open session s1 of a program in a Player on `output`; every player is closed after."""
    made: list[Player] = []

    def make(output: Output, program: Program) -> Player:
        player = Player(output, cache=cache)
        player.open(program, "s1", lookup=lookup_for(program.root))
        made.append(player)
        return player

    yield make
    for p in made:
        mixing = p._thread
        p.close()
        # close() ends the mixing thread rather than giving up on it after its join timeout
        assert mixing is None or not mixing.is_alive(), "close() left the mixing thread running"
