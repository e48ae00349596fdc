"""`import` measures the programme's loudness, so its first play waits for no measuring
(issue 11 item 2: a cold 15-minute session waited 2.4 s before its first sound)."""

from __future__ import annotations

from pathlib import Path

import pytest
from measured_programme import programme

from vallei_player.cli import main
from vallei_player.core.packs import library
from vallei_player.engine import clips_to_measure, open_session


def test_after_import_a_first_play_needs_no_measuring(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = programme(tmp_path / "prog")
    assert main(["import", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Installed org.test.measured 1.0.0." in out
    assert "Measuring the loudness of 4 clips, so that the first play starts at once…" in out
    installed = library.load("org.test.measured")
    assert clips_to_measure(installed) == []  # every clip is in the store
    session = open_session(installed, "s1")
    try:
        assert session.measuring is not None and session.measuring.missing == ()
    finally:
        session.close()


def test_a_second_import_of_the_same_files_measures_nothing_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = programme(tmp_path / "prog")
    assert main(["import", str(folder)]) == 0
    capsys.readouterr()
    assert main(["import", str(folder), "--replace"]) == 0
    assert "Measuring" not in capsys.readouterr().out
