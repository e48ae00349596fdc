"""`vallei-player log [--json]`: the practice log, one entry per attempt, oldest first."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..core.journal import Attempt
from ..core.problems import UserError
from ..i18n import _, pgettext


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--program", metavar="ID", help=_("only this program's attempts"))
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))


def run(args: argparse.Namespace) -> int:
    from ..core.journal import open_for_cli

    with open_for_cli() as journal:
        attempts = journal.attempts(args.program)
        known = {r.program_id for r in journal.programs(include_removed=True)}
    if args.program and not attempts and args.program not in known:
        raise UserError(
            _(
                "No program “{id}” is known here. "
                "`vallei-player programs` lists the installed ones."
            ).format(id=args.program)
        )
    if args.json:
        print(json.dumps([entry_json(a) for a in attempts], ensure_ascii=False, indent=2))
        return 0
    if not attempts:
        print(_("Nothing practised yet."))
        return 0
    program_width = max(len(a.program_id) for a in attempts)
    session_width = max(len(a.session_id) for a in attempts)
    for a in attempts:
        started = a.started.astimezone()
        if a.completed:
            state = pgettext("attempt", "completed")
        else:
            state = _("not completed ({reason})").format(reason=_reason(a.reason))
        print(
            f"{started:%a %Y-%m-%d %H:%M}  {a.program_id:<{program_width}}  "
            f"{a.session_id:<{session_width}}  {listened(a.listened_s):>9}  {state}"
        )
        for answer in a.answers:
            draft = "" if answer.final else " " + _("(draft)")
            print(f"    {answer.ask or answer.prompt_id}: {answer.value}{draft}")
    return 0


def _reason(reason: str | None) -> str:
    """Why an attempt ended early, in words (the journal keeps the English keyword)."""
    words = {
        "stopped": pgettext("attempt ended", "stopped"),
        "interrupted": pgettext("attempt ended", "interrupted"),
        "finished": pgettext("attempt ended", "finished"),
        "skipped": pgettext("attempt ended", "skipped ahead"),
    }
    return words.get(reason or "", reason or "?")


def listened(seconds: float) -> str:
    """How long, as people say it: 45 s, 16 min, 1 h 05 min (the same units in Dutch)."""
    if seconds < 59.5:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


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
        "levels": levels_json(a),
    }


def levels_json(a: Attempt) -> list[dict[str, Any]]:
    """The lived levels in the order given: listened seconds, phase index, level 0-10."""
    return [{"at_s": round(x.at_s, 3), "phase": x.phase, "level": x.level} for x in a.levels]
