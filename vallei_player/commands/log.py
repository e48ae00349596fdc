"""`vallei-player log [--json]`: the practice log, one entry per attempt, oldest first."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..core.journal import Attempt


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--program", metavar="ID", help="only this program's attempts")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    from ..core.journal import open_for_cli

    with open_for_cli() as journal:
        attempts = journal.attempts(args.program)
    if args.json:
        print(json.dumps([entry_json(a) for a in attempts], ensure_ascii=False, indent=2))
        return 0
    if not attempts:
        print("Nothing practised yet.")
        return 0
    for a in attempts:
        started = a.started.astimezone()
        minutes = a.listened_s / 60
        state = "completed" if a.completed else f"not completed ({a.reason})"
        print(
            f"{started:%a %Y-%m-%d %H:%M}  {a.program_id} {a.session_id}  "
            f"{minutes:.1f} min  {state}"
        )
        for answer in a.answers:
            draft = "" if answer.final else " (draft)"
            print(f"    {answer.ask or answer.prompt_id}: {answer.value}{draft}")
    return 0


def entry_json(a: Attempt) -> dict[str, Any]:
    return {
        "program": a.program_id,
        "program_version": a.program_version,
        "session": a.session_id,
        "started": a.started.isoformat(),
        "ended": a.ended.isoformat() if a.ended else None,
        "listened_s": round(a.listened_s, 3),
        "completed": a.completed,
        "reason": a.reason,
        "phases_completed": a.phases_completed,
        "pauses": a.pauses,
        "skips": a.skips,
        "answers": {x.prompt_id: x.value for x in a.answers},
    }
