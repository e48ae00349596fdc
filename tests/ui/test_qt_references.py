"""The Qt binding must not lose references to None, True or False (issue 12, major 7).

PySide6 6.12.0 returned None from every void method and True from every signal emit without
taking a reference for it; after about twenty minutes of the app's polling, CPython freed
None or True and aborted ("Fatal Python error: none_dealloc"). The app requires a PySide6
without that bug (pyproject.toml excludes 6.12.0) instead of patching reference counts.
The count is measured in a child process, so that a faulty binding aborts only that one.
"""

from __future__ import annotations

import subprocess
import sys

CALLS = 40  # few enough that even a leaking binding keeps None and True alive meanwhile

SCRIPT = f"""
import sys
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication([])

class Ticker(QObject):
    tick = Signal(object)
    state = Signal(str)

ticker = Ticker()
ticker.tick.connect(lambda snap: None)
ticker.state.connect(lambda text: None)
timer = QTimer()
label = QLabel()

def lost(fn):
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range({CALLS}):
        fn()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    return [b - a for b, a in zip(before, after)]

print(lost(lambda: ticker.tick.emit(None)))
print(lost(lambda: ticker.state.emit("playing")))
print(lost(lambda: timer.setInterval(100)))
print(lost(lambda: label.setText("0:42")))
print(lost(lambda: label.setVisible(True)))
print(lost(lambda: timer.isActive()), flush=True)
import os
os._exit(0)  # a leaking binding would abort while finalising; the figures are out already
"""


def test_signals_and_void_calls_keep_their_references() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    losses = [eval(line) for line in out.stdout.split("\n") if line.strip()]
    # A few references may come and go with caches; a leak loses one per call.
    assert all(abs(n) < CALLS // 4 for loss in losses for n in loss), losses


EMITS = 300_000  # more than a two-hour session's polls emit

LONG_SCRIPT = f"""
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
app = QApplication([])
class Clock(QObject):
    tick = Signal(object)
clock = Clock()
heard = []
clock.tick.connect(heard.append)
for i in range({EMITS}):
    clock.tick.emit(None if i % 2 else i)
    heard.clear()
print("survived")
"""


def test_emitting_for_hours_does_not_abort() -> None:
    out = subprocess.run(
        [sys.executable, "-c", LONG_SCRIPT],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-1] == "survived"


def test_the_installed_pyside6_is_not_the_one_with_the_bug() -> None:
    import PySide6

    assert PySide6.__version__ != "6.12.0"
