"""`vallei-player plan [--weeks N] [--json]`: the coming practice slots.

Also home of `practice_context`, shared with `calendar`: which program (the active one from
the settings, else the most recently installed), its schedule (the journal's, else the
program's suggestion in this machine's time zone) and the log.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from ..core.journal import Attempt, InstalledRecord
from ..core.practice import PracticeSchedule, Slot, SlotStatus
from ..core.problems import UserError
from ..core.program import WEEKDAYS, Program
from ..i18n import _, pgettext


@dataclass(frozen=True)
class PracticeContext:
    program: Program
    schedule: PracticeSchedule
    attempts: list[Attempt]
    now: datetime


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weeks", type=_weeks, default=4, help=_("how many weeks (default 4)"))
    parser.add_argument(
        "--program", metavar="ID", help=_("an installed program (default: the active one)")
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))


def run(args: argparse.Namespace) -> int:
    from ..core.practice import next_session_id, plan

    ctx = practice_context(args.program)
    # A slot with no session left and no practice in it lies past the end of the course.
    slots = [
        s
        for s in plan(ctx.program, ctx.schedule, ctx.attempts, ctx.now, weeks=args.weeks)
        if s.session_id is not None or s.attempt_ids
    ]
    if args.json:
        print(json.dumps([slot_json(s) for s in slots], ensure_ascii=False, indent=2))
        return 0
    days = ", ".join(weekday_short(WEEKDAYS.index(d)) for d in ctx.schedule.days)
    print(
        _("{title}: {days} at {time} ({zone})").format(
            title=ctx.program.title, days=days, time=ctx.schedule.time, zone=ctx.schedule.timezone
        )
    )
    for s in slots:
        session = s.session_id or "-"
        day = weekday_short(s.start.weekday())
        status = status_word(s.status)
        print(f"  {day} {s.start:%Y-%m-%d}  {s.start:%H:%M}  {session:<24}  {status}")
    if next_session_id(ctx.program, ctx.attempts) is None:
        print(_("Every session of this course has been practised."))
    elif slots and slots[-1].session_id == ctx.program.sessions[-1].id:
        print(_("That is the last session of the course."))
    return 0


def status_word(status: SlotStatus) -> str:
    """A slot's status as the table says it."""
    words = {
        "done": pgettext("plan status", "done"),
        "partial": pgettext("plan status", "done in part"),
        "missed": pgettext("plan status", "missed"),
        "due": pgettext("plan status", "due now"),
        "coming": pgettext("plan status", "coming"),
    }
    return words[status]


def weekday_short(index: int) -> str:
    """Monday (0) to Sunday (6), abbreviated as calendars do in the user's language."""
    names = (
        pgettext("weekday, short", "Mon"),
        pgettext("weekday, short", "Tue"),
        pgettext("weekday, short", "Wed"),
        pgettext("weekday, short", "Thu"),
        pgettext("weekday, short", "Fri"),
        pgettext("weekday, short", "Sat"),
        pgettext("weekday, short", "Sun"),
    )
    return names[index]


def slot_json(slot: Slot) -> dict[str, str | None]:
    return {
        "date": slot.start.date().isoformat(),
        "time": slot.start.strftime("%H:%M"),
        "program": slot.program_id,
        "session_id": slot.session_id,
        "status": slot.status,
    }


def practice_context(program_id: str | None = None) -> PracticeContext:
    from ..core.journal import open_for_cli

    with open_for_cli() as journal:
        program = _load(program_id or _chosen_program(journal.programs()))
        schedule = journal.schedule(program.id) or PracticeSchedule.default_for(program)
        attempts = journal.attempts(program.id)
        now = journal.clock()
    return PracticeContext(program, schedule, attempts, now.astimezone(UTC))


def _chosen_program(known: list[InstalledRecord]) -> str:
    from ..core.packs import library
    from .common import settings_for_command

    installed = {p.id for p in library.installed()}
    active = settings_for_command().values.active_program
    if active and active in installed:
        return str(active)
    for record in known:  # most recently installed first
        if record.program_id in installed:
            return record.program_id
    if installed:
        return sorted(installed)[0]
    raise UserError(
        _("No program is installed yet. Import one first: vallei-player import FILE.vallei")
    )


def _load(program_id: str) -> Program:
    from ..core.packs import library

    return library.load(program_id)


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("--weeks takes a whole number, like 4")) from None
    if not 1 <= value <= 104:
        raise argparse.ArgumentTypeError(_("--weeks must be between 1 and 104"))
    return value
