"""Programs: the model of a coach's `program.yaml`, its values, loading, checking, timelines.

The path is safe YAML (`yamlsafe`) -> schema readers (`schema_*`, every key checked and
located) -> the files it names (`files`) -> a frozen, resolved `Program` (`model`).
`timeline` places each phase on integer samples. Packs are not known here: `core.packs`
unpacks a `.vallei` and hands the folder to this loader.
"""

from __future__ import annotations

from .files import DRAFT_MARK, is_draft_voice
from .limits import MAX_CLIP, MAX_SESSION, MAX_SESSION_SOUND
from .loader import (
    PACK_SUFFIX,
    PROGRAM_FILE,
    Checked,
    check_folder,
    check_program,
    check_text,
    clip_lookup,
    load_program,
    require_program,
    session_timeline,
)
from .model import (
    BUILTIN_ASK,
    BUILTIN_CUE,
    DEFAULT_DAYS,
    WEEKDAYS,
    AudioSettings,
    Author,
    Phase,
    PhaseKind,
    Program,
    Prompt,
    PromptType,
    Schedule,
    Session,
    Weekday,
    kind_title,
    version_key,
)
from .timeline import DEFAULT_RATE, ClipLookup, TimedPhase, Timeline, build_timeline
from .values import db_to_linear, format_duration, parse_duration, parse_gain, seconds_to_samples

__all__ = [
    "BUILTIN_ASK",
    "BUILTIN_CUE",
    "DEFAULT_DAYS",
    "DEFAULT_RATE",
    "DRAFT_MARK",
    "MAX_CLIP",
    "MAX_SESSION",
    "MAX_SESSION_SOUND",
    "PACK_SUFFIX",
    "PROGRAM_FILE",
    "WEEKDAYS",
    "AudioSettings",
    "Author",
    "Checked",
    "ClipLookup",
    "Phase",
    "PhaseKind",
    "Program",
    "Prompt",
    "PromptType",
    "Schedule",
    "Session",
    "TimedPhase",
    "Timeline",
    "Weekday",
    "build_timeline",
    "check_folder",
    "check_program",
    "check_text",
    "clip_lookup",
    "db_to_linear",
    "format_duration",
    "is_draft_voice",
    "kind_title",
    "load_program",
    "parse_duration",
    "parse_gain",
    "require_program",
    "seconds_to_samples",
    "session_timeline",
    "version_key",
]
