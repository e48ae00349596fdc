"""The app started over a hostile settings.json: it opens, says so once, uses the defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def test_the_app_starts_over_100000_nested_brackets_and_keeps_the_file_aside(
    private_home: Path,
) -> None:
    hostile = b"[" * 100_000
    (private_home / "settings.json").write_bytes(hostile)
    env = dict(
        os.environ,
        VALLEI_PLAYER_HOME=str(private_home),
        QT_QPA_PLATFORM="offscreen",
        VALLEI_PLAYER_EXIT_AFTER_MS="300",
    )
    done = subprocess.run(
        [sys.executable, "-m", "vallei_player"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "RecursionError" not in done.stderr and "Traceback" not in done.stderr
    aside = [p for p in private_home.iterdir() if p.name.startswith("settings.json.unreadable-")]
    assert [p.read_bytes() for p in aside] == [hostile]


def test_the_app_says_once_that_the_settings_were_kept_aside(
    make_app: Any, private_home: Path
) -> None:
    (private_home / "settings.json").write_bytes(b"[" * 100_000)
    app = make_app()
    shown = app.window.banner.text.text()
    assert "could not be read and was kept aside as settings.json.unreadable-" in shown
    assert "the default settings are used" in shown
