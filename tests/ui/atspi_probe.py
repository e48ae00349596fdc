"""Asks AT-SPI, as a screen reader would, for the app's controls (run by /usr/bin/python3,
which has pyatspi; the venv does not). Prints one JSON line: what was found, by role+name."""

from __future__ import annotations

import json
import sys
import time

import pyatspi  # type: ignore[import-not-found]

WANTED = {
    "play": ("push button", ("Play", "Pause")),
    "journal": ("list item", ("Journal",)),
    "export": ("push button", ("Export report",)),
}


def walk(node, depth=0):  # type: ignore[no-untyped-def]
    if node is None or depth > 40:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def main() -> int:
    deadline = time.monotonic() + float(sys.argv[1] if len(sys.argv) > 1 else 30)
    found: dict[str, str] = {}
    apps: list[str] = []
    while time.monotonic() < deadline and len(found) < len(WANTED):
        desktop = pyatspi.Registry.getDesktop(0)
        apps = [a.name for a in desktop if a is not None]
        for app in desktop:
            if app is None or "vallei" not in (app.name or "").lower():
                continue
            for node in walk(app):
                try:
                    role, name = node.getRoleName(), node.name or ""
                except Exception:
                    continue
                for key, (want_role, names) in WANTED.items():
                    if key not in found and role == want_role and name in names:
                        found[key] = f"{role}: {name}"
        time.sleep(0.5)
    print(json.dumps({"found": found, "apps": apps}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
