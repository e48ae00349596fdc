"""`vallei-player validate PATH...`: every problem of each program, then a one-line summary.

Problems go to stdout as `FILE:LINE:COL: error: MESSAGE` (or `warning:`) so editors and CI
can jump to them; the exit code is 1 when any program has an error. The messages and the
summary are in the user's language; `error`/`warning` and FILE:LINE:COL stay as they are.
"""

from __future__ import annotations

import argparse

from ..i18n import _, ngettext


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=_("a program folder, its program.yaml, or a .vallei pack"),
    )


def run(args: argparse.Namespace) -> int:
    from ..core.packs import check_path

    errors = warnings = 0
    last_ok = ""
    for path in args.paths:
        program, problems = check_path(path)
        for problem in problems:
            print(problem)
        errors += sum(1 for p in problems if p.is_error)
        warnings += sum(1 for p in problems if not p.is_error)
        if program is not None:
            n = len(program.sessions)
            last_ok = ngettext("{path}: OK, {n} session", "{path}: OK, {n} sessions", n).format(
                path=path, n=n
            )
            if len(args.paths) > 1:  # say which of several passed, not only which failed
                print(last_ok)
    if len(args.paths) == 1 and errors == 0:
        print(last_ok + (f", {_warnings(warnings)}" if warnings else ""))
    else:
        print(
            _("{errors}, {warnings} in {programs}").format(
                errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
                warnings=_warnings(warnings),
                programs=ngettext("{n} program", "{n} programs", len(args.paths)).format(
                    n=len(args.paths)
                ),
            )
        )
    return 1 if errors else 0


def _warnings(n: int) -> str:
    return ngettext("{n} warning", "{n} warnings", n).format(n=n)
