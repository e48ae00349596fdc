"""AT-SPI smoke test (issue 12, accessibility): on a real X server with a private D-Bus
session and the accessibility bus, a screen reader's view of the running app has the play
control, the Journal and the report export, by role and name.

Needs Xvfb, dbus-run-session, at-spi2-core and /usr/bin/python3 with pyatspi (apt
python3-pyatspi); skips, saying which, when one is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from xdisplay import xvfb

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _needs() -> None:
    if shutil.which("dbus-run-session") is None:
        pytest.skip("dbus-run-session is not installed (apt-get install dbus)")
    if not LAUNCHER.exists():
        pytest.skip("at-spi2-core is not installed (apt-get install at-spi2-core)")
    probe = subprocess.run([str(SYSTEM_PYTHON), "-c", "import pyatspi"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("pyatspi is not installed for /usr/bin/python3 (apt python3-pyatspi)")


@pytest.mark.xvfb
@pytest.mark.slow
def test_a_screen_reader_finds_play_the_journal_and_the_report_export(tmp_path: Path) -> None:
    _needs()
    script = (
        f"{LAUNCHER} --launch-immediately & sleep 1; "
        f"{sys.executable} {HERE / 'atspi_app.py'} & app=$!; "
        f"{SYSTEM_PYTHON} {HERE / 'atspi_probe.py'} 30; "
        "kill $app 2>/dev/null; wait $app 2>/dev/null; true"
    )
    with xvfb(window_manager=True) as display:
        env = dict(
            os.environ,
            DISPLAY=display,
            VALLEI_PLAYER_HOME=str(tmp_path / "home"),
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            QT_ACCESSIBILITY="1",
        )
        env.pop("QT_QPA_PLATFORM", None)
        out = subprocess.run(
            ["dbus-run-session", "--", "bash", "-c", script],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=90,
        )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    assert lines, out.stdout[-2000:] + out.stderr[-2000:]
    result = json.loads(lines[-1])
    assert result["found"].get("play") in ("push button: Play", "push button: Pause"), result
    assert result["found"].get("journal") == "list item: Journal", result
    assert result["found"].get("export") == "push button: Export report", result
