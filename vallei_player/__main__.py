"""`vallei-player` and `python -m vallei_player`: no arguments opens the app, else the CLI."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        if not _display_available():
            print(
                "vallei-player: no graphical display was found, so the desktop app cannot "
                "open. Start it from your desktop session; the commands work without one "
                "(vallei-player --help).",
                file=sys.stderr,
            )
            return 1
        from .ui.app import run_app  # only the desktop app imports Qt

        return run_app([])
    from .cli import main as cli_main

    return cli_main(args)


def _display_available() -> bool:
    """On X11/Wayland systems Qt aborts the process without a display; say so instead."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    env = os.environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


if __name__ == "__main__":
    sys.exit(main())
