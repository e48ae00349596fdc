"""Names the Studio makes up: a programme id from its title, session ids, clip file names.

The format's rules: a programme id is a-z 0-9 . - (3..100 characters), a session id
a-z 0-9 - ; paths are relative with forward slashes. Letters with accents lose them
("één" -> "een"); anything else becomes a hyphen, so a name is always safe on every file
system and in a pack.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import yaml
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

ID_MIN, ID_MAX = 3, 100


def _ascii_words(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def id_from_title(title: str) -> str:
    """A programme id for `title`: 'Vallei — basiscursus' -> 'vallei-basiscursus'."""
    words = _ascii_words(title)[:ID_MAX].strip("-")
    if len(words) < ID_MIN:
        words = f"programme-{words}".strip("-")
    return words


def unique_id(wanted: str, taken: Iterable[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... when a session already has it."""
    used = set(taken)
    base = _ascii_words(wanted) or "session"
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def clip_name(session_id: str, phase_number: int, title: str, suffix: str) -> str:
    """The path under audio/ a recording of a phase gets: audio/w1-1/02-arousal.opus."""
    words = _ascii_words(title)[:40].strip("-") or "voice"
    folder = _ascii_words(session_id) or "session"
    return f"audio/{folder}/{phase_number:02d}-{words}{suffix}"


def text_value(text: str) -> str:
    """`text` as the YAML a coach would write, read back as the same string by the loader.

    The loader reads YAML 1.1, where `20:00` is a number and `no` is false; such text is
    written in quotes. Text over several lines becomes a `|` block.
    """
    if "\n" in text.strip("\n"):
        block: str = LiteralScalarString(text if text.endswith("\n") else text + "\n")
        return block
    try:
        same = yaml.safe_load(text) == text
    except yaml.YAMLError:
        same = False
    if same and text == text.strip():
        return text
    quoted: str = DoubleQuotedScalarString(text)
    return quoted
