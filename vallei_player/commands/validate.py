"""`vallei-player validate PATH...`: every problem of each program, then a one-line summary.

Problems go to stdout as `FILE:LINE:COL: error: MESSAGE` (or `warning:`) so editors and CI
can jump to them; the exit code is 1 when any program has an error.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a program folder, its program.yaml, or a .vallei pack",
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
            last_ok = f"{path}: OK, {n} session{'s' if n != 1 else ''}"
            if len(args.paths) > 1:  # say which of several passed, not only which failed
                print(last_ok)
    if len(args.paths) == 1 and errors == 0:
        print(last_ok + (f", {_count(warnings, 'warning')}" if warnings else ""))
    else:
        programs = _count(len(args.paths), "program")
        print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {programs}")
    return 1 if errors else 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
