"""`vallei-player` and `python -m vallei_player`: no arguments opens the app, else the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        from .ui.app import run_app  # only the desktop app imports Qt

        return run_app([])
    from .cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
