"""`log --json` gives each attempt its lived levels, in order, in the documented shape."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from vallei_player import cli
from vallei_player.core.journal import Journal

T0 = datetime(2025, 3, 3, 19, 0, tzinfo=UTC)


def test_log_json_lists_the_levels_of_each_attempt(capsys: pytest.CaptureFixture[str]) -> None:
    with Journal.open() as j:
        first = j.start_attempt("demo.p", "1.0.0", "s1", T0)
        j.record_level(first, at_s=61.25, phase=1, level=6, position_s=61.25)
        j.record_level(first, at_s=130.0, phase=2, level=2, position_s=190.0)
        j.start_attempt("demo.p", "1.0.0", "s2", T0.replace(day=5))
    assert cli.main(["log", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert entries[0]["levels"] == [
        {"at_s": 61.25, "phase": 1, "level": 6},
        {"at_s": 130.0, "phase": 2, "level": 2},
    ]
    assert entries[1]["levels"] == []
