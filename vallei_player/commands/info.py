"""`vallei-player info PATH [--json]`: a program and each session's expanded timeline.

The JSON shape is part of the CLI contract (CLI.md): id, version, title, language and
sessions with their phases' start times and lengths in seconds, at 48 kHz sample accuracy;
each phase with a voice also carries `voice_lufs` (its measured integrated loudness as
played, null if silent or not measurable) and `voice_gain_db` (the gain it plays at:
voice_gain plus the levelling to `loudness`).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ..i18n import _, ngettext

if TYPE_CHECKING:
    from ..core.program import Program, Timeline
    from ..engine import VoiceLevel


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", metavar="PATH", help=_("a program folder, its program.yaml, or a .vallei pack")
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    parser.add_argument(
        "--no-levels",
        action="store_true",
        help=_("do not measure the voices' loudness (quicker; voice_lufs is left out)"),
    )


def run(args: argparse.Namespace) -> int:
    from ..core.packs import opened_path
    from ..core.program import session_timeline

    def voice_levels(program: Program, timeline: Timeline) -> list[VoiceLevel | None]:
        from ..engine import voice_levels as measured  # numpy: only when asked

        return measured(program, timeline)

    with opened_path(args.path) as program:  # a pack stays unpacked while it is measured
        timelines = [session_timeline(program, s.id) for s in program.sessions]
        levels = None if args.no_levels else [voice_levels(program, t) for t in timelines]
    if args.json:
        print(json.dumps(as_json(program, timelines, levels), ensure_ascii=False, indent=2))
    else:
        print("\n".join(as_text(program, timelines, levels)))
    return 0


def as_json(
    program: Program, timelines: list[Timeline], levels: list[list[VoiceLevel | None]] | None = None
) -> dict[str, Any]:
    return {
        "id": program.id,
        "version": program.version,
        "title": program.title,
        "language": program.language,
        "weeks": program.weeks,
        "sessions": [
            {
                "id": t.session.id,
                "title": t.session.title,
                "week": t.session.week,
                "duration_s": t.length / t.rate,
                "phases": [
                    {
                        "index": tp.index,
                        "kind": tp.phase.kind,
                        "title": tp.phase.title_in(program.language),
                        "start_s": tp.start / t.rate,
                        "duration_s": tp.length / t.rate,
                        "voice": tp.phase.voice,
                        "level": tp.phase.level,
                        **(_voice_json(tp.phase.voice, levels[i][j]) if levels else {}),
                    }
                    for j, tp in enumerate(t.phases)
                ],
            }
            for i, t in enumerate(timelines)
        ],
    }


def _voice_json(voice: str | None, level: VoiceLevel | None) -> dict[str, Any]:
    if voice is None:
        return {}
    return {
        "voice_lufs": None if level is None or level.lufs is None else round(level.lufs, 2),
        "voice_gain_db": None if level is None else round(level.gain_db, 2),
    }


def _voice_text(level: VoiceLevel | None) -> str:
    if level is None:
        return ""
    lufs = f"{level.lufs:.1f} LUFS, " if level.lufs is not None else ""
    return f" ({lufs}{level.gain_db:+.1f} dB)"


def as_text(
    program: Program, timelines: list[Timeline], levels: list[list[VoiceLevel | None]] | None = None
) -> list[str]:
    s = program.schedule
    lines = [
        program.title,
        "  "
        + _("id {id}, version {version}, language {language}").format(
            id=program.id, version=program.version, language=program.language
        ),
    ]
    if program.author:
        contact = f" ({program.author.contact})" if program.author.contact else ""
        lines.append("  " + _("by {name}").format(name=program.author.name) + contact)
    n = len(program.sessions)
    lines.append(
        "  "
        + _("{sessions} over {weeks}; suggested {per_week} a week ({days}) at {time}").format(
            sessions=ngettext("{n} session", "{n} sessions", n).format(n=n),
            weeks=ngettext("{n} week", "{n} weeks", program.weeks).format(n=program.weeks),
            per_week=s.sessions_per_week,
            days=", ".join(s.days),
            time=s.time,
        )
    )
    for i, t in enumerate(timelines):
        session = t.session
        week = _("week {week}").format(week=session.week)
        lines += ["", f"{week}  {session.id}  {session.title}  ({_clock(t.length / t.rate)})"]
        title_width = max(len(tp.phase.title_in(program.language)) for tp in t.phases)
        level_width = len(_("level {level}").format(level="0.00"))  # "level 0.45" and a gap
        for j, tp in enumerate(t.phases):
            phase = tp.phase
            voice = "  " + _("voice {path}").format(path=phase.voice) if phase.voice else ""
            if phase.voice and levels:
                voice += _voice_text(levels[i][j])
            speaker = f" {phase.speaker}" if phase.speaker else ""
            title = phase.title_in(program.language)
            level = _("level {level}").format(level=format(phase.level, "g"))
            lines.append(
                f"  {tp.index:>3}  {_clock(tp.start / t.rate):>8}  {phase.kind + speaker:<9} "
                f"{title:<{title_width}}  {_clock(tp.length / t.rate):>8}  "
                + f"{level:<{level_width}}{voice}".rstrip()
            )
    return lines


def _clock(seconds: float) -> str:
    """1:02:03, 2:03 or 0:03.5: hours only when needed, tenths only when not whole."""
    tenths = round(seconds * 10)
    whole, tenth = divmod(tenths, 10)
    h, rem = divmod(whole, 3600)
    m, sec = divmod(rem, 60)
    text = f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
    return text + (f".{tenth}" if tenth else "")
