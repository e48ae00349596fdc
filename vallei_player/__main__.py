"""`vallei-player` and `python -m vallei_player`: no arguments opens the app, else the CLI.

`vallei-player PACK.vallei` opens the app and imports the pack (what a double-click on a pack
a coach sent does: the desktop file passes the path). `REPORT_PDF_CHILD` is how the `export`
command reaches the PDF drawer in a child process when the app is frozen, where
`sys.executable` is the app itself and `-m` means nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import BACKGROUND, REPORT_PDF_CHILD, STUDIO_CHILD

PACK_SUFFIX = ".vallei"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [REPORT_PDF_CHILD]:
        from .ui.report_pdf import main as draw_report_pdf

        return draw_report_pdf(args[1:])
    if args[:1] == [STUDIO_CHILD]:
        from .ui.studio import run_studio

        return run_studio(Path(args[1]).expanduser().absolute() if args[1:] else None)
    pack = pack_to_open(args)
    background = args == [BACKGROUND]
    if not args or pack is not None or background:
        if not _display_available():
            print(
                "vallei-player: no graphical display was found, so the desktop app cannot "
                "open. Start it from your desktop session; the commands work without one "
                "(vallei-player --help).",
                file=sys.stderr,
            )
            return 1
        from .ui.app import run_app  # only the desktop app imports Qt

        return run_app([], open_pack=pack, background=background)
    from .cli import main as cli_main

    return cli_main(args)


def pack_to_open(args: list[str]) -> Path | None:
    """The pack when the only argument is a `.vallei` file's path (never a command name)."""
    if len(args) == 1 and args[0].lower().endswith(PACK_SUFFIX) and not args[0].startswith("-"):
        return Path(args[0]).expanduser().absolute()
    return None


def _display_available() -> bool:
    """On X11/Wayland systems Qt aborts the process without a display; say so instead."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    env = os.environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


if __name__ == "__main__":
    sys.exit(main())
