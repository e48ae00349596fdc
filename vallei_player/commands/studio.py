"""`vallei-player studio [FOLDER]`: opens the Coach Studio on a programme folder.

Commands never import Qt (ARCHITECTURE.md), so the Studio runs as a child process:
`python -m vallei_player.ui.studio`, or in a frozen app the app itself with a hidden first
argument (`STUDIO_CHILD`), as `export` does for its PDF drawer.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ..core.problems import UserError
from ..i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        nargs="?",
        metavar="FOLDER",
        help=_(
            "a programme folder; without one (or an empty folder) the Studio offers to "
            "create a programme"
        ),
    )


def studio_child_command() -> list[str]:
    from .. import STUDIO_CHILD

    if getattr(sys, "frozen", False):
        return [sys.executable, STUDIO_CHILD]
    return [sys.executable, "-m", "vallei_player.ui.studio"]


def run(args: argparse.Namespace) -> int:
    folder = Path(args.folder).expanduser().absolute() if args.folder else None
    if folder is not None and folder.exists() and not folder.is_dir():
        raise UserError(
            _(
                "'{path}' is not a folder; give a programme folder (the one holding program.yaml)"
            ).format(path=args.folder)
        )
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise UserError(
            _(
                "no graphical display was found, so the Studio cannot open; start it from "
                "your desktop session"
            )
        )
    extra = [str(folder)] if folder is not None else []
    return subprocess.call([*studio_child_command(), *extra])
