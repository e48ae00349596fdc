"""`vallei-player calendar -o FILE.ics`: the practice plan as iCalendar, written atomically.

In discreet mode (the `discreet_mode` setting) the events say "Personal time" and the file
names no program. The event length is the typical session's length.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from ..core.problems import ProgramError, UserError, os_reason
from ..core.program import Program
from ..i18n import _, ngettext


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.ics")
    parser.add_argument(
        "--program", metavar="ID", help=_("an installed program (default: the active one)")
    )


def run(args: argparse.Namespace) -> int:
    from ..core.practice import build_calendar, typical_duration
    from ..core.store import atomic_write_bytes, check_output_file
    from .common import settings_for_command
    from .plan import practice_context

    target: Path = check_output_file(args.output, "practice.ics")
    ctx = practice_context(args.program)
    settings = settings_for_command()
    # Unreadable settings may have hidden a discreet mode: then the safer, discreet file.
    discreet = settings.values.discreet_mode or settings.notice is not None
    duration = typical_duration(session_lengths(ctx.program))
    data = build_calendar(ctx.program, ctx.schedule, ctx.attempts, ctx.now, duration, discreet)
    try:
        atomic_write_bytes(target, data, mode=0o600)
    except OSError as e:
        raise UserError(
            _("{path}: could not write the calendar ({reason}).").format(
                path=target, reason=os_reason(e)
            )
        ) from None
    n = len(ctx.schedule.days)
    wrote = ngettext(
        "Wrote {path}: {n} weekly event at {time}.", "Wrote {path}: {n} weekly events at {time}.", n
    )
    print(wrote.format(path=target, n=n, time=ctx.schedule.time))
    return 0


def session_lengths(program: Program) -> list[float]:
    """Each session's length in seconds; from the audio when it can be measured."""
    from ..core.program import session_timeline

    lengths = []
    for session in program.sessions:
        seconds = sum(float(p.duration) for p in session.phases if p.duration is not None)
        with contextlib.suppress(ProgramError, UserError, OSError):
            seconds = session_timeline(program, session.id).seconds
        lengths.append(seconds)
    return lengths
