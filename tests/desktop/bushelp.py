"""What the desktop tests share besides fixtures: the bus handle and gdbus's output read back."""

from __future__ import annotations

import ast
import re
import subprocess
import time
from dataclasses import dataclass
from typing import Any


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
    text = text.replace("<", "").replace(">", "")  # variants (no test string holds these)
    text = re.sub(r"\b(?:objectpath|int64|uint32|int32|@\w+|byte) ", "", text)
    text = text.replace("true", "True").replace("false", "False")
    return ast.literal_eval(text)
