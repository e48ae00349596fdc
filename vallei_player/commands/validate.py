"""`vallei-player validate PATH...`: every problem of each program, then a one-line summary.

Problems go to stdout as `FILE:LINE:COL: error: MESSAGE` (or `warning:`) so editors and CI
can jump to them; the exit code is 1 when any program has an error. A program without
errors also gets its clips' levels as played (`engine.levels_report`: loudness, true peak,
noise floor, gain), with warnings for clipping, noise and very quiet voices. The messages and the
summary are in the user's language; `error`/`warning` and FILE:LINE:COL stay as they are.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..i18n import _, ngettext

if TYPE_CHECKING:
    from ..core.problems import Problem
    from ..core.program import Program


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=_("a program folder, its program.yaml, or a .vallei pack"),
    )
    parser.add_argument(
        "--no-levels",
        action="store_true",
        help=_("do not measure the clips' loudness, peaks and noise (quicker)"),
    )


def run(args: argparse.Namespace) -> int:
    from ..core.packs import checked_path

    errors = warnings = 0
    last_ok = ""
    for path in args.paths:
        with checked_path(path) as (program, problems):  # a pack's files stay to be measured
            rows: list[str] = []
            if program is not None and not args.no_levels:
                rows, level_problems = _levels(program)
                problems = (*problems, *level_problems)
        for problem in problems:
            print(problem)
        for row in rows:
            print(row)
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


def _levels(program: Program) -> tuple[list[str], list[Problem]]:
    from ..engine import measure_program, shown

    levels, problems = measure_program(program)
    measured = [lv for lv in levels if lv.measurement is not None]
    if not measured:
        return [], problems
    rows = [_("Levels as played (EBU R128):")]
    width = max(len(shown(lv.use.ref)) for lv in measured)
    for lv in measured:
        m = lv.measurement
        assert m is not None
        loudness = (
            _("{lufs} LUFS").format(lufs=f"{m.integrated_lufs:6.1f}")
            if m.integrated_lufs is not None
            else _("silent")
        )
        peak = _("true peak {peak} dBTP").format(
            peak=f"{m.true_peak_dbtp:5.1f}" if m.true_peak_dbtp is not None else "-inf"
        )
        noise = _("noise floor {level} dBFS").format(
            level=f"{m.noise_floor_dbfs:4.0f}" if m.noise_floor_dbfs is not None else "-inf"
        )
        gain = (
            _("levelled by {gain} dB").format(gain=f"{lv.normalising_db:+.1f}")
            if lv.use.target is not None
            else _("loudness off")
        )
        rows.append(f"  {shown(lv.use.ref):<{width}}  {loudness}  {peak}  {noise}  {gain}")
    return rows, problems


def _warnings(n: int) -> str:
    return ngettext("{n} warning", "{n} warnings", n).format(n=n)
