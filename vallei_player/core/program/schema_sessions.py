"""Sessions, phases and repeat blocks of format v1, expanded into the model's flat phase lists.

Each phase as written is checked once (so a mistake inside `repeat: 20` is reported once, at
its line), then repeat blocks are expanded in order and the phases numbered 0..n-1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ...i18n import _, pgettext
from .model import DEFAULT_LEVELS, PHASE_KINDS, AudioSettings, Phase, Prompt, Schedule, Session
from .schema_parts import AUDIO_KEYS, read_audio, read_prompts
from .schema_read import Reader
from .yamlsafe import Mapping, Node

if TYPE_CHECKING:
    from collections.abc import Iterator

SESSION_KEYS = ("id", "title", "week", "description", "phases", "reflection", "audio")
PHASE_AUDIO_KEYS = (
    "cue", "bed", "bed_gain", "voice_gain", "cue_gain", "crossfade", "loudness", "duck",
)  # fmt: skip
PHASE_KEYS = (
    "kind", "title", "voice", "script", "duration", "level", "speaker", "prompt", "ask_level",
    *PHASE_AUDIO_KEYS,
)  # fmt: skip
REPEAT_KEYS = ("repeat", "phases")
SESSION_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
MAX_REPEAT = 20
MAX_NESTING = 2  # a block may hold a block, which may not hold another
MAX_PHASES = 10_000  # per session after expansion: beyond any real practice session


@dataclass(frozen=True)
class _Block:
    times: int
    items: tuple[Phase | _Block, ...]


def read_sessions(
    node: Node | None,
    r: Reader,
    schedule: Schedule,
    audio: AudioSettings,
    reflection: tuple[Prompt, ...],
) -> tuple[Session, ...] | None:
    if node is None:
        return None  # reported as a missing key
    seq = r.sequence(node, "'sessions'")
    if seq is None:
        return None
    if not seq.items:
        r.error(seq, _("'sessions' is empty; a program needs at least one session"))
        return None
    sessions: list[Session] = []
    seen: set[str] = set()
    last_week = 0
    for position, item in enumerate(seq.items):
        session = _session(item, position, r, schedule, audio, reflection)
        if session is None:
            continue
        if session.id in seen:
            r.error(
                item,
                _("session id '{id}' is used twice; each session needs its own id").format(
                    id=session.id
                ),
            )
        seen.add(session.id)
        if session.week < last_week:
            r.warning(
                item,
                _("session '{id}' is in week {week}, after week {previous}").format(
                    id=session.id, week=session.week, previous=last_week
                ),
            )
        last_week = max(last_week, session.week)
        sessions.append(session)
    return tuple(sessions)


def _session(
    node: Node,
    position: int,
    r: Reader,
    schedule: Schedule,
    program_audio: AudioSettings,
    program_reflection: tuple[Prompt, ...],
) -> Session | None:
    what = pgettext("part of a program", "a session")
    m = r.mapping(node, what)
    if m is None:
        return None
    r.keys(m, what, SESSION_KEYS, ("id", "title", "phases"))
    rule = _("use lowercase letters, digits and hyphens, like w1-1")
    ident = r.optional(m, "id", lambda n, k: r.pattern(n, k, SESSION_ID, rule))
    title = r.optional(m, "title", r.text)
    week = r.optional(m, "week", lambda n, k: r.integer(n, k, 1, 520))
    description = r.optional(m, "description", r.text)
    audio = read_audio(
        m.get("audio"), program_audio, r, AUDIO_KEYS, pgettext("part of a program", "session audio")
    )
    reflection = read_prompts(m.get("reflection"), r, program_reflection)
    phases = _phases(m.get("phases"), r, audio, depth=0)
    if ident is None or title is None or phases is None:
        return None
    count = _count(phases)
    if count > MAX_PHASES:
        r.error(
            m,
            _("session '{id}' repeats out to {count} phases; at most {limit}").format(
                id=ident, count=count, limit=MAX_PHASES
            ),
        )
        return None
    expanded = tuple(_expand(phases, ()))
    numbered = tuple(replace(p, index=i) for i, p in enumerate(expanded))
    return Session(
        id=ident,
        title=title,
        week=week if week is not None else position // schedule.sessions_per_week + 1,
        description=description,
        phases=numbered,
        reflection=program_reflection + reflection,
        audio=audio,
        position=position,
        location=r.loc(m),
    )


def _phases(
    node: Node | None, r: Reader, audio: AudioSettings, depth: int
) -> tuple[Phase | _Block, ...] | None:
    if node is None:
        return None  # reported as a missing key
    seq = r.sequence(node, "'phases'")
    if seq is None:
        return None
    if not seq.items:
        r.error(seq, _("'phases' is empty; give at least one phase"))
        return None
    out: list[Phase | _Block] = []
    a_phase = pgettext("part of a program", "a phase")
    for item in seq.items:
        m = r.mapping(item, a_phase)
        if m is None:
            continue
        if m.get("repeat") is not None:
            block = _block(m, r, audio, depth)
            if block is not None:
                out.append(block)
        elif m.get("kind") is not None:
            phase = _phase(m, r, audio)
            if phase is not None:
                out.append(phase)
        else:
            r.error(m, _("a phase needs 'kind:' (settle, arousal, rest, closing or turn), "
                         "or is a 'repeat:' block with its own 'phases:'"))  # fmt: skip
            r.keys(m, a_phase, (*PHASE_KEYS, *REPEAT_KEYS))
    return tuple(out) if len(out) == len(seq.items) else None


def _block(m: Mapping, r: Reader, audio: AudioSettings, depth: int) -> _Block | None:
    r.keys(m, pgettext("part of a program", "a repeat block"), REPEAT_KEYS, ("phases",))
    repeat_node = m.get("repeat")
    assert repeat_node is not None
    if depth >= MAX_NESTING:
        r.error(
            repeat_node,
            _("repeat blocks may nest at most {limit} deep; flatten this one").format(
                limit=MAX_NESTING
            ),
        )
        return None
    times = r.integer(repeat_node, "repeat", 1, MAX_REPEAT)
    items = _phases(m.get("phases"), r, audio, depth + 1)
    if times is None or items is None:
        return None
    return _Block(times, items)


def _phase(m: Mapping, r: Reader, session_audio: AudioSettings) -> Phase | None:
    r.keys(m, pgettext("part of a program", "a phase"), PHASE_KEYS)
    kind = r.optional(m, "kind", lambda n, k: r.choice(n, k, PHASE_KINDS))
    title = r.optional(m, "title", r.text)
    voice = r.optional(m, "voice", lambda n, k: r.path(n, k, "voice", allow_none=False))
    script = r.optional(m, "script", r.text)
    duration = r.optional(m, "duration", r.duration)
    level = r.optional(m, "level", lambda n, k: r.number(n, k, 0.0, 1.0))
    speaker = r.optional(m, "speaker", lambda n, k: r.choice(n, k, ("A", "B")))
    prompt = r.optional(m, "prompt", r.text)
    ask_level = r.optional(m, "ask_level", r.boolean)
    audio = read_audio(m, session_audio, r, PHASE_AUDIO_KEYS, None)  # keys checked above
    duration_node = m.get("duration")
    if duration is not None and duration <= 0 and duration_node is not None:
        r.error(duration_node, _("'duration' must be longer than 0s"))
    if voice is not None and duration is not None and duration_node is not None:
        r.fits.append((voice, duration, r.loc(m)))
    if m.get("voice") is None and duration_node is None:
        r.error(
            m, _("a phase needs a 'duration:' (like 3m) or a 'voice:' clip whose length it takes")
        )
    speaker_node = m.get("speaker")
    if kind == "turn" and speaker_node is None:
        r.error(m, _("a 'turn' phase needs 'speaker: A' or 'speaker: B'"))
    if kind is not None and kind != "turn" and speaker_node is not None:
        r.error(
            speaker_node, _("'speaker' only applies to kind: turn, not {kind}").format(kind=kind)
        )
    if kind is None:
        return None
    return Phase(
        index=0,
        kind=kind,  # type: ignore[arg-type]  # checked against PHASE_KINDS
        title=title,
        voice=voice,
        script=script,
        duration=duration,
        level=DEFAULT_LEVELS[kind] if level is None else level,  # type: ignore[index]
        speaker=speaker if kind == "turn" else None,  # type: ignore[arg-type]
        prompt=prompt,
        audio=audio,
        location=r.loc(m),
        ask_level=bool(ask_level),
    )


def _count(items: tuple[Phase | _Block, ...]) -> int:
    return sum(1 if isinstance(i, Phase) else i.times * _count(i.items) for i in items)


def _expand(items: tuple[Phase | _Block, ...], path: tuple[int, ...]) -> Iterator[Phase]:
    for item in items:
        if isinstance(item, Phase):
            yield replace(item, repeat_path=path) if path else item
        else:
            for i in range(item.times):
                yield from _expand(item.items, (*path, i))
