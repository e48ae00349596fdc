"""The command line: argparse subcommands, each in its own module under `commands/`.

Each command module has `add_arguments(parser)` and `run(args) -> int` and is imported
only when its command runs, so `validate` never pays for numpy or sounddevice, and no
command ever imports Qt. Errors for users become one message and exit code 1; a broken
command line is exit 2 (argparse's own).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Protocol

from . import __version__

# (command, module under vallei_player.commands, one-line help)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("validate", "validate", "check programs or packs and print every problem"),
    ("info", "info", "show a program and each session's timeline"),
    ("render", "render", "mix a session down to a WAV file"),
    ("play", "play", "play a session on the sound device and log it"),
    ("pack", "pack", "make a .vallei pack from a program folder"),
    ("import", "import_", "install a pack or program folder into the library"),
    ("programs", "programs", "list the installed programs"),
    ("plan", "plan", "show the coming practice slots"),
    ("log", "log", "show the practice log"),
    ("export", "export", "write a report for your coach (pdf, csv or json)"),
    ("calendar", "calendar", "write the practice plan as an iCalendar file"),
)


class _Command(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _load(module: str) -> _Command:
    loaded: _Command = importlib.import_module(f"vallei_player.commands.{module}")
    return loaded


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vallei-player",
        description="Guided practice programmes. Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"vallei-player {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module, help_text in COMMANDS:
        p = sub.add_parser(
            name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
        )
        # Only the chosen command's module is imported; the others show their help line only.
        if only == name:
            _load(module).add_arguments(p)
            p.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in args_list if not a.startswith("-")), None)
    known = {name for name, _, _ in COMMANDS}
    parser = build_parser(chosen if chosen in known else None)
    args = parser.parse_args(args_list)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    from .core.problems import ProgramError, UserError, describe_os_error

    try:
        return _load(args._module).run(args)
    except ProgramError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        errors = sum(1 for p in e.problems if p.is_error)
        print(f"{errors} error{'s' if errors != 1 else ''}; nothing was changed.", file=sys.stderr)
        return 1
    except UserError as e:
        print(f"vallei-player {args.command}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        print(f"vallei-player {args.command}: not enough memory for this input.", file=sys.stderr)
        return 1
    except OSError as e:  # the situation (disk full, read-only folder...), not the input
        print(f"vallei-player {args.command}: {describe_os_error(e)}", file=sys.stderr)
        return 1
    except Exception as e:  # a bug of ours: one line, details in the crash log, no traceback
        from .core.store import write_crash_log

        where = write_crash_log(e)
        details = (
            f"Details were written to {where}; please report it."
            if where is not None
            else "Please report it."
        )
        print(
            f"vallei-player {args.command}: an unexpected problem ({type(e).__name__}). "
            f"Nothing else was changed. {details}",
            file=sys.stderr,
        )
        return 1
