"""The program model: what a coach's `program.yaml` means once it has been checked.

Everything here is immutable and already resolved: repeat blocks are expanded, defaults
are filled in, and each phase carries the audio settings that apply to it. The loader
(`core.loader`) is the only place that builds these from YAML; tests may build them
directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from ...i18n import _
from ..audiofiles import ClipInfo
from ..problems import Location, UserError
from ..store import builtin_ask_chime, builtin_bell

PhaseKind = Literal["settle", "arousal", "rest", "closing", "turn"]
PromptType = Literal["scale", "choice", "text"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

PHASE_KINDS: tuple[PhaseKind, ...] = ("settle", "arousal", "rest", "closing", "turn")
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_LEVELS: dict[PhaseKind, float] = {
    "settle": 0.2,
    "arousal": 0.8,
    "rest": 0.3,
    "closing": 0.1,
    "turn": 0.5,
}
# English titles of phases that have none; the UI shows its own translations.
KIND_TITLES: dict[PhaseKind, str] = {
    "settle": "Settle",
    "arousal": "Arousal",
    "rest": "Rest",
    "closing": "Closing",
    "turn": "Turn",
}
# The default titles in the languages the app speaks; a program in another language gets
# the English ones. The desktop app shows these in its own UI language instead.
KIND_TITLES_BY_LANGUAGE: dict[str, dict[PhaseKind, str]] = {
    "en": KIND_TITLES,
    "nl": {
        "settle": "Landen",
        "arousal": "Opwinding",
        "rest": "Rust",
        "closing": "Afronden",
        "turn": "Beurt",
    },
}


def kind_title(kind: PhaseKind, language: str = "en") -> str:
    """The default title of a phase kind in `language` (a BCP 47 tag such as nl-BE)."""
    base = language.split("-")[0].lower()
    return KIND_TITLES_BY_LANGUAGE.get(base, KIND_TITLES)[kind]


# Suggested practice days when a program gives only sessions_per_week: spread evenly,
# with Mon/Wed/Fri for the usual three.
DEFAULT_DAYS: dict[int, tuple[Weekday, ...]] = {
    1: ("wed",),
    2: ("tue", "fri"),
    3: ("mon", "wed", "fri"),
    4: ("mon", "tue", "thu", "fri"),
    5: ("mon", "tue", "wed", "thu", "fri"),
    6: ("mon", "tue", "wed", "thu", "fri", "sat"),
    7: WEEKDAYS,
}

BUILTIN_CUE = "builtin:bell"
"""The `cue` value meaning the app's own soft bell (the default)."""
BUILTIN_ASK = "builtin:ask"
"""The clip reference of the "how high is it now?" chime (`ask_level: true`); never typed in
program.yaml, the engine places it at the end of an asking phase."""


@dataclass(frozen=True)
class Author:
    name: str
    contact: str | None = None


@dataclass(frozen=True)
class Schedule:
    sessions_per_week: int = 3
    days: tuple[Weekday, ...] = ("mon", "wed", "fri")
    time: str = "20:00"  # HH:MM, local time


@dataclass(frozen=True)
class AudioSettings:
    """Audio settings in force for a program, a session or one phase.

    `cue` and `bed` are paths relative to the program folder, `BUILTIN_CUE`, or None for none.
    `loudness_lufs` is the integrated loudness (EBU R128) voices are brought to, None for
    `loudness: off` (files play as recorded); `duck_db` how far the bed goes down while a
    voice sounds, None for `duck: off`.
    """

    cue: str | None = BUILTIN_CUE
    bed: str | None = None
    bed_gain_db: float = -20.0
    voice_gain_db: float = 0.0
    cue_gain_db: float = -6.0
    crossfade: Fraction = Fraction(2)
    fade_out: Fraction = Fraction(5)
    loudness_lufs: float | None = -18.0  # AES TD1008's level for speech
    duck_db: float | None = None


@dataclass(frozen=True)
class Prompt:
    """A reflection question asked after a session."""

    id: str
    ask: str
    type: PromptType
    min: int = 0
    max: int = 10
    labels: tuple[str, str] | None = None
    options: tuple[str, ...] = ()
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Phase:
    """One phase of a session after repeats are expanded.

    `duration` is None when the phase lasts as long as its voice clip. `index` numbers the
    expanded phases 0..n-1; `repeat_path` says which repeat iteration produced it (e.g.
    (2,) for the third pass of a block; empty outside blocks).
    """

    index: int
    kind: PhaseKind
    title: str | None
    voice: str | None
    script: str | None
    duration: Fraction | None
    level: float
    speaker: Literal["A", "B"] | None
    prompt: str | None
    audio: AudioSettings
    repeat_path: tuple[int, ...] = ()
    location: Location | None = field(default=None, compare=False)
    ask_level: bool = False  # a chime at the phase's end asks "how high is it now?" (0-10)

    def title_in(self, language: str) -> str:
        """The phase's own title, or its kind's default title in the program's language."""
        return self.title or kind_title(self.kind, language)


@dataclass(frozen=True)
class Session:
    id: str
    title: str
    week: int
    description: str | None
    phases: tuple[Phase, ...]
    reflection: tuple[Prompt, ...]  # program-level prompts first, then the session's own
    audio: AudioSettings  # the session-level settings (fade_out lives here)
    position: int  # 0-based place in the course
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Program:
    format: int
    id: str
    version: str
    title: str
    language: str
    author: Author | None
    description: str | None
    schedule: Schedule
    audio: AudioSettings
    reflection: tuple[Prompt, ...]
    sessions: tuple[Session, ...]
    root: Path  # the program folder (for a pack: where it was unpacked or installed)
    source: str = ""  # what the user named: folder, program.yaml or pack path, for messages
    # What the loader learnt about each audio file while validating (path -> ClipInfo), so
    # timelines need no second probe and still work for a pack whose unpacked copy is gone.
    clips: Mapping[str, ClipInfo] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    @property
    def version_key(self) -> tuple[int, int, int]:
        return version_key(self.version)

    def session(self, session_id: str) -> Session:
        for s in self.sessions:
            if s.id == session_id:
                return s
        raise KeyError(session_id)

    def require_session(self, session_id: str) -> Session:
        """The session, or a UserError for the person who typed the id, listing the real ones."""
        try:
            return self.session(session_id)
        except KeyError:
            known = ", ".join(s.id for s in self.sessions)
            raise UserError(
                _("'{program}' has no session '{session}'; its sessions are: {known}").format(
                    program=self.id, session=session_id, known=known
                )
            ) from None

    @property
    def weeks(self) -> int:
        return max((s.week for s in self.sessions), default=0)

    def clip_path(self, ref: str) -> Path:
        """The file a clip reference names: the bundled bell for BUILTIN_CUE, the chime for
        BUILTIN_ASK, else a file in the program folder. The one place this mapping lives
        (loader, engine and packs ask)."""
        if ref == BUILTIN_CUE:
            return builtin_bell()
        return builtin_ask_chime() if ref == BUILTIN_ASK else self.root / ref


def version_key(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(p) for p in version.split("."))
    return (major, minor, patch)
