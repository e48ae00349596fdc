"""The program-level parts of format v1: identity, author, schedule, audio defaults, prompts.

Sessions and phases are read by `schema_sessions`; this module reads everything around them
and assembles the `Program` when nothing is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...i18n import N_, _, ngettext, pgettext
from .model import DEFAULT_DAYS, WEEKDAYS, AudioSettings, Author, Program, Schedule, Weekday
from .schema_parts import AUDIO_KEYS, read_audio, read_prompts
from .schema_read import Reader
from .schema_sessions import read_sessions
from .yamlsafe import Mapping, Node

FORMAT = 1
TOP_KEYS = (
    "format", "id", "version", "title", "language", "author", "description",
    "schedule", "audio", "reflection", "sessions",
)  # fmt: skip

PROGRAM_ID = re.compile(r"[a-z0-9.-]{3,100}")
VERSION = re.compile(r"(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})")
# BCP 47 by shape: language[-script][-region][-variant...][-extension...][-x-private]
LANGUAGE = re.compile(
    r"[A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?"
    r"(-([A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(-[0-9A-WY-Za-wy-z](-[A-Za-z\d]{2,8})+)*"
    r"(-x(-[A-Za-z\d]{1,8})+)?"
)
TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def read_program(root: Node, r: Reader, folder: Path, source: str) -> Program | None:
    """The whole program from its root node; None if any error was reported."""
    top = r.mapping(root, "program.yaml")
    if top is None:
        return None
    r.keys(
        top,
        pgettext("part of a program", "the program"),
        TOP_KEYS,
        ("format", "id", "version", "title", "language", "sessions"),
    )
    if not _format_ok(top, r):
        return None  # a later format may mean other things: report nothing else
    ident = r.optional(top, "id", lambda n, k: r.pattern(n, k, PROGRAM_ID, _(_ID_RULE)))
    version = r.optional(top, "version", lambda n, k: r.pattern(n, k, VERSION, _(_VERSION_RULE)))
    title = r.optional(top, "title", r.text)
    language = r.optional(top, "language", lambda n, k: _language(r, n, k))
    author = r.optional(top, "author", lambda n, k: _author(r, n, k))
    description = r.optional(top, "description", r.text)
    schedule = _schedule(top.get("schedule"), r)
    audio = read_audio(
        top.get("audio"), AudioSettings(), r, AUDIO_KEYS, pgettext("part of a program", "audio")
    )
    reflection = read_prompts(top.get("reflection"), r, ())
    sessions = read_sessions(top.get("sessions"), r, schedule, audio, reflection)
    if r.problems.has_errors:
        return None
    assert ident and version and title and language and sessions is not None
    return Program(
        format=FORMAT,
        id=ident,
        version=version,
        title=title,
        language=language,
        author=author,
        description=description,
        schedule=schedule,
        audio=audio,
        reflection=reflection,
        sessions=sessions,
        root=folder,
        source=source,
    )


_ID_RULE = N_("use 3 to 100 lowercase letters, digits, dots and hyphens, like org.example.basis")
_VERSION_RULE = N_("write MAJOR.MINOR.PATCH, like 1.2.0 (quote it if YAML reads it as a number)")


def _format_ok(top: Mapping, r: Reader) -> bool:
    node = top.get("format")
    if node is None:
        return True  # already reported as missing
    value = r.integer(node, "format", 0, 10**6)
    if value is None:
        return False
    if value != FORMAT:
        hint = _("update Vallei Player to open it") if value > FORMAT else _("use format: 1")
        r.error(
            node,
            _("this is program format {format}; this Vallei Player reads format 1; {hint}").format(
                format=value, hint=hint
            ),
        )
        return False
    return True


def _language(r: Reader, node: Node, key: str) -> str | None:
    value = r.text(node, key)
    if value is None or LANGUAGE.fullmatch(value):
        return value
    hint = _("; write {tag}").format(tag=value.replace("_", "-")) if "_" in value else ""
    r.error(
        node,
        _("'language' '{value}' is not a BCP 47 language tag such as nl, en or nl-BE").format(
            value=value
        )
        + hint,
    )
    return None


def _author(r: Reader, node: Node, key: str) -> Author | None:
    if not isinstance(node, Mapping):  # `author: Example Coach` is a fine shorthand for the name
        name = r.text(node, key)
        return Author(name) if name else None
    r.keys(node, pgettext("part of a program", "author"), ("name", "contact"), ("name",))
    name = r.optional(node, "name", r.text)
    contact = r.optional(node, "contact", r.text)
    return Author(name, contact) if name else None


def _schedule(node: Node | None, r: Reader) -> Schedule:
    if node is None:
        return Schedule()
    what = pgettext("part of a program", "schedule")
    m = r.mapping(node, what)
    if m is None:
        return Schedule()
    r.keys(m, what, ("sessions_per_week", "days", "time"))
    per_week = r.optional(m, "sessions_per_week", lambda n, k: r.integer(n, k, 1, 7)) or 3
    days = _days(m.get("days"), r)
    if days is not None and len(days) != per_week:
        where = m.get("days") or m
        r.warning(
            where,
            ngettext(
                "'days' lists {n} day but sessions_per_week is {per_week}; "
                "the planner suggests {n} a week",
                "'days' lists {n} days but sessions_per_week is {per_week}; "
                "the planner suggests {n} a week",
                len(days),
            ).format(n=len(days), per_week=per_week),
        )
    time = "20:00"
    time_node = m.get("time")
    if time_node is not None:
        text = r.text(time_node, "time")
        match = TIME.fullmatch(text) if text else None
        if text is not None and match is None:
            r.error(
                time_node,
                _("'time' '{value}' is not a time of day; write HH:MM, like \"20:00\"").format(
                    value=text
                ),
            )
        elif match:
            time = f"{int(match.group(1)):02d}:{match.group(2)}"
    return Schedule(per_week, tuple(days) if days else DEFAULT_DAYS[per_week], time)


def _days(node: Node | None, r: Reader) -> list[Weekday] | None:
    if node is None:
        return None
    seq = r.sequence(node, "'days'")
    if seq is None:
        return None
    days: list[Weekday] = []
    for item in seq.items:
        day = r.choice(item, "days", WEEKDAYS)
        if day is None:
            continue
        if day in days:
            r.error(item, _("'{day}' is listed twice in 'days'").format(day=day))
        days.append(day)  # type: ignore[arg-type]  # checked against WEEKDAYS just above
    if not seq.items:
        r.error(seq, _("'days' is empty; list weekdays like [mon, wed, fri] or leave it out"))
    return days or None
