"""A long session must not crash: PySide6 6.12.0 loses a reference to True per emit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

EMITS = 300_000  # more than a 2-hour session's ticks; True starts with a few thousand references

SCRIPT = f"""
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
from vallei_player.ui.qtfix import emit_leak, guard_true_refcount
app = QApplication([])
leak = emit_leak()
guard_true_refcount()
class Clock(QObject):
    tick = Signal(object)
clock = Clock()
heard = []
clock.tick.connect(heard.append)
for i in range({EMITS}):
    clock.tick.emit(i)
    heard.clear()
print(leak, "survived")
"""


def test_emitting_for_hours_does_not_abort_the_app() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-1] == "survived"
