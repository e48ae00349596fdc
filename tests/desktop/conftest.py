"""The desktop around the app, made privately for each test: a session D-Bus of its own
(a real `dbus-daemon`, as `dbus-run-session` starts), and the app built on it offscreen.

`bus.call(...)` runs `gdbus call` as another process would (a media-key daemon, the GNOME
or KDE media controls), while the Qt event loop keeps running so the app can answer.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

UI_TESTS = Path(__file__).resolve().parent.parent / "ui"
sys.path.insert(0, str(UI_TESTS))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bushelp import Bus  # noqa: E402


def _ui_fixtures() -> Any:
    """tests/ui's conftest under its own name: its `make_app` builds the app here too."""
    spec = importlib.util.spec_from_file_location("ui_conftest", UI_TESTS / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_app = _ui_fixtures().make_app  # the real window, tiny course, null output in manual mode


@pytest.fixture
def private_bus(qtbot: Any) -> Iterator[Bus]:
    """A session bus daemon of this test's own; skipped with the reason where there is none."""
    if shutil.which("dbus-daemon") is None or shutil.which("gdbus") is None:
        pytest.skip("needs dbus-daemon and gdbus (Debian: dbus-daemon, libglib2.0-bin)")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    try:
        yield Bus(address, qtbot)
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


@pytest.fixture
def connection(private_bus: Bus) -> Iterator[Any]:
    """The app's connection to the private bus (a fresh name for each test)."""
    from PySide6.QtDBus import QDBusConnection

    name = f"vallei-test-{time.monotonic_ns()}"
    bus = QDBusConnection.connectToBus(private_bus.address, name)
    assert bus.isConnected()
    yield bus
    QDBusConnection.disconnectFromBus(name)
