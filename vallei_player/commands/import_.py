"""`vallei-player import PACK_OR_FOLDER`: install a program into the library, all or nothing.

A higher version of an installed program updates it in place and keeps the practice log.
The same or a lower version is refused (exit 1) unless `--replace` is given.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import _, ngettext


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
    _measure(result.program_id)
    return 0


def _measure(program_id: str) -> None:
    """Measure the clips' loudness now, so that the first play need not (it would do it
    itself, before each clip plays: this only moves the wait to the import)."""
    from ..core.packs import library
    from ..engine import clips_to_measure, measure_for_play

    program = library.load(program_id)
    count = len(clips_to_measure(program))
    if count == 0:
        return
    print(
        ngettext(
            "Measuring the loudness of {count} clip, so that the first play starts at once…",
            "Measuring the loudness of {count} clips, so that the first play starts at once…",
            count,
        ).format(count=count),
        flush=True,
    )
    measure_for_play(program)
