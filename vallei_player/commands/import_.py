"""`vallei-player import PACK_OR_FOLDER`: install a program into the library, all or nothing.

A higher version of an installed program updates it in place and keeps the practice log.
The same or a lower version is refused (exit 1) unless `--replace` is given.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        type=Path,
        metavar="PACK_OR_FOLDER",
        help=_("a .vallei pack, a program folder or its program.yaml"),
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help=_("install even when the same or a newer version is installed"),
    )


def run(args: argparse.Namespace) -> int:
    from ..core.packs import library

    # The journal is opened (asking for its passphrase if encrypted) only once the program
    # is staged and valid, so a refused pack changes nothing outside the staging folder.
    result = library.install(args.path, allow_same_or_lower=args.replace)
    if result.previous_version is None:
        done = _("Installed {id} {version}.")
    elif result.previous_version == result.version:
        done = _("Reinstalled {id} {version}; the practice log is kept.")
    else:
        done = _(
            "Updated {id} from {previous} to {version}; the practice log and your place in the "
            "course are kept."
        )
    print(
        done.format(id=result.program_id, version=result.version, previous=result.previous_version)
    )
    return 0
