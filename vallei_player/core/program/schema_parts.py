"""Parts of format v1 that appear at several levels: audio settings and reflection prompts.

Audio keys may be set for the program, overridden by a session's `audio:` and again by a
phase; reflection prompts are asked after every session (program level) or after one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction

from ...i18n import _, pgettext
from .model import AudioSettings, Prompt
from .schema_read import Reader
from .yamlsafe import Node, Scalar

AUDIO_KEYS = (
    "cue", "bed", "bed_gain", "voice_gain", "cue_gain", "crossfade", "fade_out",
    "loudness", "duck",
)  # fmt: skip
PROMPT_KEYS = ("id", "ask", "type", "min", "max", "labels", "options")
PROMPT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def read_audio(
    node: Node | None,
    base: AudioSettings,
    r: Reader,
    allowed: tuple[str, ...],
    what: str | None,
) -> AudioSettings:
    """`base` overridden by the audio keys of a mapping (program, session `audio:` or a phase).

    `what` names the mapping in messages; None for a phase, whose keys its reader checks.
    """
    if node is None:
        return base
    m = r.mapping(node, what or "")
    if m is None:
        return base
    if what is not None:
        r.keys(m, what, allowed)
    changes: dict[str, object] = {}
    for key in ("cue", "bed"):
        value = m.get(key)
        if value is not None and key in allowed:
            path = r.path(value, key, key, allow_none=True)
            if path is not None or _says(value, "none"):
                changes[key] = path
    for key in ("bed_gain", "voice_gain", "cue_gain"):
        value = m.get(key)
        if value is not None and key in allowed:
            gain = r.gain(value, key)
            if gain is not None:
                changes[key + "_db"] = gain
    for key, read, field_name in (
        ("loudness", r.loudness, "loudness_lufs"),
        ("duck", r.duck, "duck_db"),
    ):
        value = m.get(key)
        if value is not None and key in allowed:
            if _says(value, "off"):
                changes[field_name] = None
            else:
                amount = read(value, key)
                if amount is not None:
                    changes[field_name] = amount
    for key in ("crossfade", "fade_out"):
        value = m.get(key)
        if value is not None and key in allowed:
            seconds = r.duration(value, key)
            if seconds is not None:
                changes[key] = Fraction(seconds)
    return replace(base, **changes)  # type: ignore[arg-type]


def _says(node: Node, word: str) -> bool:
    return isinstance(node, Scalar) and node.text.strip().lower() == word


def read_prompts(node: Node | None, r: Reader, before: tuple[Prompt, ...]) -> tuple[Prompt, ...]:
    """Reflection prompts; ids must be unique together with `before` (the program's own)."""
    if node is None:
        return ()
    seq = r.sequence(node, "'reflection'")
    if seq is None:
        return ()
    seen = {p.id for p in before}
    out: list[Prompt] = []
    for item in seq.items:
        prompt = _prompt(item, r)
        if prompt is None:
            continue
        if prompt.id in seen:
            r.error(
                item,
                _("reflection id '{id}' is used twice; give each question its own id").format(
                    id=prompt.id
                ),
            )
        seen.add(prompt.id)
        out.append(prompt)
    return tuple(out)


def _prompt(node: Node, r: Reader) -> Prompt | None:
    what = pgettext("part of a program", "a reflection question")
    m = r.mapping(node, what)
    if m is None:
        return None
    r.keys(m, what, PROMPT_KEYS, ("id", "ask", "type"))
    rule = _("use letters, digits, '-', '_' or '.'")
    ident = r.optional(m, "id", lambda n, k: r.pattern(n, k, PROMPT_ID, rule))
    ask = r.optional(m, "ask", r.text)
    kind = r.optional(m, "type", lambda n, k: r.choice(n, k, ("scale", "choice", "text")))
    for key, only in (
        ("min", "scale"),
        ("max", "scale"),
        ("labels", "scale"),
        ("options", "choice"),
    ):
        node_k = m.get(key)
        if node_k is not None and kind is not None and kind != only:
            r.error(
                node_k,
                _("'{key}' only applies to type: {type}, not {kind}").format(
                    key=key, type=only, kind=kind
                ),
            )
    low = r.optional(m, "min", lambda n, k: r.integer(n, k, -1000, 1000))
    high = r.optional(m, "max", lambda n, k: r.integer(n, k, -1000, 1000))
    low = 0 if low is None else low
    high = 10 if high is None else high
    if kind == "scale" and low >= high:
        r.error(
            m.get("max") or m.get("min") or m,
            _("'min' ({low}) must be less than 'max' ({high})").format(low=low, high=high),
        )
    labels = r.optional(m, "labels", r.texts)
    if labels is not None and len(labels) != 2:
        r.error(
            m.get("labels") or m,
            _("'labels' needs exactly 2 texts [low, high], not {count}").format(count=len(labels)),
        )
        labels = None
    options = r.optional(m, "options", r.texts)
    if kind == "choice":
        if options is None and m.get("options") is None:
            r.error(m, _("a choice question needs 'options:' with at least 2 answers"))
        elif options is not None and len(options) < 2:
            r.error(m.get("options") or m, _("a choice question needs at least 2 options"))
        elif options is not None and len(set(options)) != len(options):
            r.error(m.get("options") or m, _("'options' lists the same answer twice"))
    if ident is None or ask is None or kind is None:
        return None
    return Prompt(
        id=ident,
        ask=ask,
        type=kind,  # type: ignore[arg-type]  # one of the three checked above
        min=low,
        max=high,
        labels=(labels[0], labels[1]) if labels else None,
        options=tuple(options or ()),
        location=r.loc(m),
    )
