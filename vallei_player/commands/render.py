"""`vallei-player render PATH --session ID -o OUT.wav`: a session's exact mixdown as a WAV file.

The samples come from the same mixer the player uses (engine.mixer), so the file holds what
the listener hears, sample for sample (minus their volume settings). The file is written
atomically: an interrupted render leaves no half file and an existing file untouched.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..core.problems import UserError
from ..core.program import Program

RATES = (22_050, 44_100, 48_000, 88_200, 96_000)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", metavar="PATH", help="program folder, its program.yaml, or a .vallei pack"
    )
    parser.add_argument("--session", required=True, metavar="ID", help="the session to render")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT.wav", help="the WAV file to write"
    )
    parser.add_argument(
        "--rate",
        type=int,
        default=48_000,
        choices=RATES,
        metavar="HZ",
        help="sample rate (default 48000; one of " + ", ".join(map(str, RATES)) + ")",
    )
    parser.add_argument(
        "--float", action="store_true", help="32-bit float samples instead of 16-bit"
    )


def run(args: argparse.Namespace) -> int:
    from ..core.packs import opened_path
    from ..core.store import check_output_file

    out = check_output_file(Path(args.output), "session.wav")
    # Unpacked once: what was validated is what is rendered. Problems name what the user typed.
    with opened_path(args.path) as program:
        _render(program, args, out)
    return 0


def _render(program: Program, args: argparse.Namespace, out: Path) -> None:
    from ..engine import open_session, render

    session = open_session(program, args.session, args.rate)
    try:
        started = time.monotonic()
        show = _progress_printer() if sys.stderr.isatty() else None
        try:
            frames = render(session.mixer, out, float32=args.float, progress=show)
        except PermissionError:
            raise UserError(
                f"'{out}' cannot be written (permission denied); choose another place"
            ) from None
        except OSError as e:
            raise UserError(
                f"'{out}' could not be written ({e.strerror or e}); nothing was changed"
            ) from None
        if show is not None:
            print(file=sys.stderr)
        seconds = frames / args.rate
        phases = len(session.timeline.phases)
        took = time.monotonic() - started
        print(
            f"Wrote {out}: {_clock(seconds)} ({frames} samples at {args.rate} Hz, "
            f"{'32-bit float' if args.float else '16-bit'} stereo), "
            f"{phases} phase{'s' if phases != 1 else ''}, in {took:.1f} s."
        )
    finally:
        session.close()


def _clock(seconds: float) -> str:
    """1:02:03.5 or 02:03.5: hours only when there are any, milliseconds only when not whole."""
    m, s = divmod(seconds, 60)
    h, m = divmod(int(m), 60)
    sec = f"{s:06.3f}".rstrip("0").rstrip(".") if s % 1 else f"{int(s):02d}"
    return f"{h}:{m:02d}:{sec}" if h else f"{m:02d}:{sec}"


def _progress_printer() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        print(
            f"\rRendering... {100 * done // max(total, 1):3d}%", end="", file=sys.stderr, flush=True
        )

    return show
