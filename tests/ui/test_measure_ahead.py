"""The app measures the loudness of what it installs (the demos on first run, an import in
the Library) in the background, so a first play of it waits for no measuring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from measured_programme import PROGRAM_ID, programme


@pytest.fixture
def measuring_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from vallei_player.ui import measure_ahead

    monkeypatch.setattr(measure_ahead, "ENABLED", True)


def test_demos_installed_on_first_run_are_measured(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, measuring_on: None
) -> None:
    from vallei_player.core.packs import library
    from vallei_player.core.program import load_program
    from vallei_player.engine import clips_to_measure

    demos = tmp_path / "bundled"
    programme(demos / "measured")
    monkeypatch.setattr(library, "bundled_programs_dir", lambda: demos)
    assert len(clips_to_measure(load_program(demos / "measured"))) == 4
    app = make_app()
    app.context.measuring.wait_done()
    assert clips_to_measure(library.load(PROGRAM_ID)) == []


def test_a_programme_imported_in_the_library_is_measured(
    make_app: Any, tmp_path: Path, measuring_on: None
) -> None:
    from vallei_player.core.packs import library
    from vallei_player.engine import clips_to_measure

    app = make_app()
    folder = programme(tmp_path / "prog")
    app.view("library").import_path(folder)
    assert "“Measured at import” was imported." in app.window.banner.text.text()
    app.context.measuring.wait_done()
    assert clips_to_measure(library.load(PROGRAM_ID)) == []
