"""`python -m vallei_player.ui.studio [FOLDER]`: the child process `vallei-player studio` starts."""

from __future__ import annotations

import sys
from pathlib import Path

from . import run_studio


def main(argv: list[str]) -> int:
    return run_studio(Path(argv[0]).expanduser().absolute() if argv else None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
