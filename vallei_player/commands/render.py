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

from ..core.problems import UserError, os_reason
from ..core.program import Program
from ..i18n import _, ngettext

RATES = (22_050, 44_100, 48_000, 88_200, 96_000)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", metavar="PATH", help=_("a program folder, its program.yaml, or a .vallei pack")
    )
    parser.add_argument("--session", required=True, metavar="ID", help=_("the session to render"))
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT.wav", help=_("the WAV file to write")
    )
    parser.add_argument(
        "--rate",
        type=int,
        default=48_000,
        choices=RATES,
        metavar="HZ",
        help=_("sample rate (default 48000; one of {rates})").format(
            rates=", ".join(map(str, RATES))
        ),
    )
    parser.add_argument(
        "--float", action="store_true", help=_("32-bit float samples instead of 16-bit")
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
                _("'{path}' cannot be written (permission denied); choose another place").format(
                    path=out
                )
            ) from None
        except OSError as e:
            raise UserError(
                _("'{path}' could not be written ({reason}); nothing was changed").format(
                    path=out, reason=os_reason(e)
                )
            ) from None
        if show is not None:
            print(file=sys.stderr)
        seconds = frames / args.rate
        phases = len(session.timeline.phases)
        took = time.monotonic() - started
        wrote = ngettext(
            "Wrote {path}: {length} ({frames} samples at {rate} Hz, {samples} stereo), "
            "{n} phase, in {seconds} s.",
            "Wrote {path}: {length} ({frames} samples at {rate} Hz, {samples} stereo), "
            "{n} phases, in {seconds} s.",
            phases,
        )
        print(
            wrote.format(
                path=out,
                length=_clock(seconds),
                frames=frames,
                rate=args.rate,
                samples="32-bit float" if args.float else "16-bit",
                n=phases,
                seconds=f"{took:.1f}",
            )
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
        percent = f"{100 * done // max(total, 1):3d}"
        print("\r" + _("Rendering... {percent}%").format(percent=percent), end="", file=sys.stderr)
        sys.stderr.flush()

    return show
