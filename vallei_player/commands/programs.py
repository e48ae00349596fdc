"""`vallei-player programs [--json]`: the installed programs."""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    from ..core.packs import library
    from .common import settings_for_command

    active = settings_for_command().get("active_program")
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
        print("No programs are installed. Import one with `vallei-player import FILE.vallei`.")
        return 0
    id_width = max(len(p.id) for p in items)
    for p in items:
        mark = "*" if p.id == active else " "
        print(
            f"{mark} {p.id:<{id_width}}  {p.version:<8}  {p.language:<5}  "
            f"{p.sessions:>3} session{'s' if p.sessions != 1 else ' '}  "
            f"{p.weeks:>2} week{'s' if p.weeks != 1 else ' '}  {p.title}"
        )
    if any(p.id == active for p in items):
        print("* the active program")
    return 0
