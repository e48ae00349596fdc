"""Shared test set-up: an offscreen Qt platform and a private data folder for every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests judge behaviour, not speed: on a loaded 2-core CI machine Hypothesis's
# default 200 ms deadline makes them flaky. Tests that promise a time bound check it themselves.
settings.register_profile("vallei", deadline=None, print_blob=True)
settings.load_profile("vallei")

# pytest-qt aborts the whole run (exit 134, no message) when Qt finds no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own VALLEI_PLAYER_HOME, so nothing touches the real user's data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("VALLEI_PLAYER_HOME", str(home))
    yield home
