"""The code stays ruff-clean and mypy-strict on the whole package (ARCHITECTURE.md, code habits)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from locations import REPO

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    which = shutil.which(name)
    if which is None:
        pytest.skip(f"{name} is not installed (bash .ci/setup.sh --test installs it)")
    return which


def test_ruff_finds_nothing() -> None:
    out = subprocess.run(
        [_tool("ruff"), "check", "vallei_player", "tests", "audio", "programs"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_strict_on_the_whole_package() -> None:
    out = subprocess.run(
        [_tool("mypy"), "--no-incremental", "--cache-dir=/dev/null"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_no_network_modules_in_the_package() -> None:
    offenders = []
    for path in (REPO / "vallei_player").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and any(
                stripped.split()[1].split(".")[0] == mod
                for mod in ("socket", "urllib", "http", "requests", "ssl", "ftplib", "smtplib")
            ):
                offenders.append(f"{path.relative_to(REPO)}: {stripped}")
    assert offenders == []
