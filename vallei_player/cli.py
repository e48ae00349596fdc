"""The command line: argparse subcommands, each in its own module under `commands/`.

Each command module has `add_arguments(parser)` and `run(args) -> int` and is imported
only when its command runs, so `validate` never pays for numpy or sounddevice, and no
command ever imports Qt. Errors for users become one message and exit code 1; a broken
command line is exit 2 (argparse's own).

Language: every text we own (help, descriptions, messages) goes through gettext and follows
LANGUAGE / LC_ALL / LC_MESSAGES / LANG. argparse's own few words ("usage:", "options",
"error:", "the following arguments are required: ...") are translated too: Python ships no
Dutch for them, so the ones a user meets are in our catalogue (`ARGPARSE_PHRASES`) and
argparse is handed our catalogue while it builds, parses and prints (`argparse_in_our_language`);
any phrase not listed there stays argparse's English. Metavars (PATH, ID, FILE) and option
names are part of the command line and are never translated.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Iterator, Sequence
from typing import Protocol

from . import __version__
from .i18n import N_, _, ngettext

# (command, module under vallei_player.commands, one-line help: translated where shown)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("validate", "validate", N_("check programs or packs and print every problem")),
    ("info", "info", N_("show a program and each session's timeline")),
    ("render", "render", N_("mix a session down to a WAV file")),
    ("play", "play", N_("play a session on the sound device and log it")),
    ("pack", "pack", N_("make a .vallei pack from a program folder")),
    ("import", "import_", N_("install a pack or program folder into the library")),
    ("programs", "programs", N_("list the installed programs")),
    ("plan", "plan", N_("show the coming practice slots")),
    ("log", "log", N_("show the practice log")),
    ("export", "export", N_("write a report for your coach (pdf, csv or json)")),
    ("calendar", "calendar", N_("write the practice plan as an iCalendar file")),
    ("passphrase", "passphrase", N_("set, change or remove the journal's passphrase")),
    ("studio", "studio", N_("open the Coach Studio to make or edit a programme")),
)

# argparse's own phrases that our command line can show (Python 3.11-3.13 spell them so).
ARGPARSE_PHRASES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
)


@contextlib.contextmanager
def argparse_in_our_language() -> Iterator[None]:
    """argparse looks its phrases up through its module's `_` and `ngettext` when it uses
    them; for this block they ask our catalogue (English for any phrase it does not have)."""
    saved = {name: getattr(argparse, name, None) for name in ("_", "ngettext")}
    setattr(argparse, "_", _)  # noqa: B010  # the names argparse itself calls
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is not None:
                setattr(argparse, name, value)


class _Command(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _load(module: str) -> _Command:
    loaded: _Command = importlib.import_module(f"vallei_player.commands.{module}")
    return loaded


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vallei-player",
        description=_("Guided practice programmes. Without a command, opens the desktop app."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"vallei-player {__version__}",
        help=_("show program's version number and exit"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module, help_key in COMMANDS:
        help_text = _(help_key)
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
    known = {name for name, _module, _help in COMMANDS}
    with argparse_in_our_language():
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
        summary = ngettext(
            "{n} error; nothing was changed.", "{n} errors; nothing was changed.", errors
        )
        print(summary.format(n=errors), file=sys.stderr)
        return 1
    except UserError as e:
        print(f"vallei-player {args.command}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Stopped."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        message = _("not enough memory for this input.")
        print(f"vallei-player {args.command}: {message}", file=sys.stderr)
        return 1
    except OSError as e:  # the situation (disk full, read-only folder...), not the input
        print(f"vallei-player {args.command}: {describe_os_error(e)}", file=sys.stderr)
        return 1
    except Exception as e:  # a bug of ours: one line, details in the crash log, no traceback
        from .core.store import write_crash_log

        where = write_crash_log(e)
        if where is not None:
            details = _("Details were written to {path}; please report it.").format(path=where)
        else:
            details = _("Please report it.")
        message = _("an unexpected problem ({kind}). Nothing else was changed.").format(
            kind=type(e).__name__
        )
        print(f"vallei-player {args.command}: {message} {details}", file=sys.stderr)
        return 1
