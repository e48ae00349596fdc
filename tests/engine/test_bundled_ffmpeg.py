"""The Linux tarball carries its own ffmpeg beside the frozen app (issue 15, item 1): the
engine must take that one, while an explicit VALLEI_PLAYER_FFMPEG still wins and an
unfrozen app (or the .deb, which has none beside it) keeps using the one on PATH."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from vallei_player.engine import decode


@pytest.fixture
def frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A frozen app's folder: `vallei-player` (sys.executable) and nothing else yet."""
    folder = tmp_path / "vallei-player-0.1.0"
    folder.mkdir()
    exe = folder / "vallei-player"
    exe.write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.delenv("VALLEI_PLAYER_FFMPEG", raising=False)
    decode.forget_ffmpeg()
    yield folder
    decode.forget_ffmpeg()


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_a_frozen_app_runs_the_ffmpeg_it_carries(frozen_app: Path) -> None:
    own = _executable(frozen_app / "ffmpeg" / "ffmpeg")
    assert decode.find_ffmpeg() == str(own)


def test_the_override_still_wins_over_the_carried_ffmpeg(
    frozen_app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _executable(frozen_app / "ffmpeg" / "ffmpeg")
    chosen = _executable(tmp_path / "elsewhere" / "ffmpeg")
    monkeypatch.setenv("VALLEI_PLAYER_FFMPEG", str(chosen))
    assert decode.find_ffmpeg() == str(chosen)


def test_a_frozen_app_without_one_takes_ffmpeg_from_path(
    frozen_app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_path = _executable(tmp_path / "bin" / "ffmpeg")
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert decode.find_ffmpeg() == str(on_path)


def test_an_unfrozen_app_ignores_a_folder_that_merely_looks_like_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    _executable(tmp_path / "ffmpeg" / "ffmpeg")
    on_path = _executable(tmp_path / "bin" / "ffmpeg")
    monkeypatch.setenv("PATH", str(on_path.parent))
    monkeypatch.delenv("VALLEI_PLAYER_FFMPEG", raising=False)
    decode.forget_ffmpeg()
    try:
        assert decode.find_ffmpeg() == str(on_path)
    finally:
        decode.forget_ffmpeg()
