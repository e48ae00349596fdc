"""New programmes from a template: a course, a couples' listening programme, one session.

A template is written as a coach would write it by hand (block style, the repeat block's
phases one per line in flow style, a comment saying what to change), then opened as a
ProgramDocument, so a new programme and an opened one are edited the same way. Every
template validates as it is: phases without a voice have a duration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ...i18n import N_, _, catalogue
from ..problems import UserError, describe_os_error
from ..program import PROGRAM_FILE
from .document import ProgramDocument, _dump
from .names import id_from_title, text_value

TemplateKind = Literal["course", "couples", "single"]
Words = Callable[[str], str]

# The template's words, in the programme's language (programme_words), not the Studio's.
TURN_A = N_("A speaks, B listens without answering.")
TURN_B = N_("B speaks, A listens without answering.")
WELCOME = N_("Welcome. Find a comfortable position and follow your breath.")
CLOSING = N_("Slowly come back. Take your time before you get up.")
DESCRIPTION = N_("What this programme is for, and how to prepare.")
TEMPLATE_KINDS: tuple[TemplateKind, ...] = ("course", "couples", "single")


@dataclass(frozen=True)
class TemplateChoice:
    """What the coach chose in the New programme dialog."""

    kind: TemplateKind
    title: str
    language: str = "en"
    author: str = ""
    weeks: int = 6
    sessions_per_week: int = 3
    waves: int = 3  # repeats of the arousal/rest block (course, single) or of the turns


def programme_words(language: str) -> Words:
    """Translation into the programme's language (not the Studio's): its words are the client's."""
    return catalogue(language.split("-")[0].lower()).gettext


def _flow(**items: Any) -> CommentedMap:
    m = CommentedMap(items)
    m.fa.set_flow_style()
    return m


def _phase(kind: str, duration: str, **more: Any) -> CommentedMap:
    m = CommentedMap(kind=kind)
    for key, value in more.items():
        m[key] = text_value(value) if isinstance(value, str) else value
    m["duration"] = duration
    return m


def _wave_block(waves: int) -> CommentedMap:
    block = CommentedMap(repeat=waves)
    block["phases"] = CommentedSeq(
        [_flow(kind="arousal", duration="4m"), _flow(kind="rest", duration="2m")]
    )
    return block


def _turns_block(waves: int, words: Words) -> CommentedMap:
    block = CommentedMap(repeat=waves)
    block["phases"] = CommentedSeq(
        [
            _phase(
                "turn",
                "5m",
                speaker="A",
                prompt=words(TURN_A),
            ),
            _phase(
                "turn",
                "5m",
                speaker="B",
                prompt=words(TURN_B),
            ),
        ]
    )
    return block


def _session(
    session_id: str, title: str, week: int | None, middle: CommentedMap, words: Words
) -> CommentedMap:
    s = CommentedMap(id=session_id, title=text_value(title))
    if week is not None:
        s["week"] = week
    s["phases"] = CommentedSeq(
        [
            _phase(
                "settle",
                "3m",
                script=words(WELCOME),
            ),
            middle,
            _phase(
                "closing",
                "3m",
                script=words(CLOSING),
            ),
        ]
    )
    return s


def _sessions(choice: TemplateChoice, words: Words) -> CommentedSeq:
    if choice.kind == "course":
        return CommentedSeq(
            _session(
                f"w{week}-{n}",
                words(N_("Week {week}, session {n}")).format(week=week, n=n),
                week,
                _wave_block(choice.waves),
                words,
            )
            for week in range(1, choice.weeks + 1)
            for n in range(1, choice.sessions_per_week + 1)
        )
    if choice.kind == "couples":
        return CommentedSeq(
            _session(
                f"s{n}",
                words(N_("Listening, part {n}")).format(n=n),
                None,
                _turns_block(choice.waves, words),
                words,
            )
            for n in range(1, choice.sessions_per_week + 1)
        )
    return CommentedSeq([_session("session", choice.title, None, _wave_block(choice.waves), words)])


def build_tree(choice: TemplateChoice) -> CommentedMap:
    words = programme_words(choice.language)
    root = CommentedMap()
    root["format"] = 1
    root["id"] = id_from_title(choice.title)
    root["version"] = "0.1.0"
    root["title"] = text_value(choice.title)
    root["language"] = choice.language
    if choice.author.strip():
        root["author"] = _flow(name=text_value(choice.author.strip()))
    root["description"] = LiteralScalarString(words(DESCRIPTION) + "\n")
    if choice.kind != "single":
        schedule = CommentedMap(sessions_per_week=min(7, max(1, choice.sessions_per_week)))
        schedule["time"] = text_value("20:00")
        root["schedule"] = schedule
    root["reflection"] = CommentedSeq(
        [
            CommentedMap(
                id="body",
                ask=text_value(words(N_("How does your body feel now?"))),
                type="scale",
                min=0,
                max=10,
            )
        ]
    )
    root["sessions"] = _sessions(choice, words)
    return root


def new_document(folder: Path, choice: TemplateChoice) -> ProgramDocument:
    """A new program.yaml for `folder` from the template, not yet saved."""
    text = _("# Made with Vallei Player's Coach Studio; it stays yours to edit by hand.\n")
    doc = ProgramDocument.from_bytes(folder, (text + _dump(build_tree(choice))).encode("utf-8"))
    doc.on_disk = False
    return doc


def create_programme(folder: Path, choice: TemplateChoice) -> ProgramDocument:
    """Make `folder` (if needed) with a program.yaml from the template, saved.

    Refuses (UserError, nothing changed) when the folder already holds a program.yaml.
    """
    if (folder / PROGRAM_FILE).exists():
        raise UserError(
            _(
                "{folder} already holds a program.yaml; open it instead, or choose an empty folder"
            ).format(folder=folder)
        )
    try:
        (folder / "audio").mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(describe_os_error(e)) from None
    doc = new_document(folder, choice)
    doc.save()
    return doc
