"""The desktop around the app, made privately for each test: a session D-Bus of its own
(a real `dbus-daemon`, as `dbus-run-session` starts), and the app built on it offscreen.

`bus.call(...)` runs `gdbus call` as another process would (a media-key daemon, the GNOME
or KDE media controls), while the Qt event loop keeps running so the app can answer.
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

UI_TESTS = Path(__file__).resolve().parent.parent / "ui"
sys.path.insert(0, str(UI_TESTS))


def _ui_fixtures() -> Any:
    """tests/ui's conftest under its own name: its `make_app` builds the app here too."""
    spec = importlib.util.spec_from_file_location("ui_conftest", UI_TESTS / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_app = _ui_fixtures().make_app  # the real window, tiny course, null output in manual mode


@dataclass
class Bus:
    address: str
    qtbot: Any

    def gdbus(self, *args: str, timeout: float = 10) -> str:
        """`gdbus ARGS --address ADDRESS`, pumping Qt events until it answers."""
        proc = subprocess.Popen(
            ["gdbus", *args[:1], "--address", self.address, *args[1:]],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < deadline:
            self.qtbot.wait(10)
        out, err = proc.communicate(timeout=5)
        assert proc.returncode == 0, err
        return out.strip()

    def call(self, service: str, path: str, method: str, *args: str) -> str:
        return self.gdbus(
            "call", "--dest", service, "--object-path", path, "--method", method, *args
        )

    def get(self, service: str, path: str, interface: str, name: str) -> Any:
        """A property as Python data, read through org.freedesktop.DBus.Properties.Get."""
        text = self.call(service, path, "org.freedesktop.DBus.Properties.Get", interface, name)
        return gvariant_to_python(text)[0]

    def names(self) -> list[str]:
        text = self.call(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"
        )
        return list(gvariant_to_python(text)[0])


def gvariant_to_python(text: str) -> Any:
    """gdbus's printed GVariant as Python data (enough for what these tests read)."""
    import re

    text = text.replace("<", "").replace(">", "")  # variants (no test string holds these)
    text = re.sub(r"\b(?:objectpath|int64|uint32|int32|@\w+|byte) ", "", text)
    text = text.replace("true", "True").replace("false", "False")
    return ast.literal_eval(text)


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
