"""Fixtures for engine tests: a private PCM cache and a session opener that cleans up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from enginekit import RATE, lookup_for

from vallei_player.core.model import Program
from vallei_player.engine.cache import PcmCache
from vallei_player.engine.session import OpenSession, open_session


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
