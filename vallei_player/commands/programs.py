"""`vallei-player programs [--json]`: the installed programs."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from ..i18n import _, ngettext


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))


def run(args: argparse.Namespace) -> int:
    from ..core.packs import library
    from .common import settings_for_command

    active = settings_for_command().values.active_program
    items = library.installed()
    if args.json:
        rows = [
            {
                "id": p.id,
                "version": p.version,
                "title": p.title,
                "language": p.language,
                "sessions": p.sessions,
                "weeks": p.weeks,
                "active": p.id == active,
            }
            for p in items
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not items:
        print(_("No programs are installed. Import one with `vallei-player import FILE.vallei`."))
        return 0
    id_width = max(len(p.id) for p in items)
    for p in items:
        mark = "*" if p.id == active else " "
        sessions = _column(lambda k: ngettext("{n} session", "{n} sessions", k), p.sessions, 3)
        weeks = _column(lambda k: ngettext("{n} week", "{n} weeks", k), p.weeks, 2)
        what = f"{p.id:<{id_width}}  {p.version:<8}  {p.language:<5}"
        print(f"{mark} {what}  {sessions}  {weeks}  {p.title}")
    if any(p.id == active for p in items):
        print(_("* the active program"))
    return 0


def _column(form: Callable[[int], str], n: int, digits: int) -> str:
    """`n` and its word as a table column: the number right-aligned in `digits`, the text as
    wide as the longer of the language's singular and plural."""
    width = max(len(form(k).format(n=" " * digits)) for k in (1, 2))
    return form(n).format(n=f"{n:>{digits}}").ljust(width)
