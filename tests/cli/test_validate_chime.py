"""`validate` lists the "how high is it now?" chime's level beside the other clips when a
programme asks for levels (it is levelled like a cue)."""

from __future__ import annotations

import pytest
from locations import PROGRAMS

from vallei_player import cli


def test_validate_names_the_chime_and_its_level(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(PROGRAMS / "taster-en")]) == 0
    out = capsys.readouterr().out
    [line] = [x for x in out.splitlines() if "chime" in x]
    assert "the built-in “how high is it now?” chime" in line
    assert "LUFS" in line and "levelled by" in line
