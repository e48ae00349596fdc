"""The rules a pack or program folder must pass before any of it reaches the library.

Shared by the pack writer (so a coach cannot ship what the importer would refuse) and the
safe readers of packs and folders. Every check returns a sentence for the user, or None;
the callers attach the pack and entry names. Nothing here trusts a size or a name it was
given: names are checked character by character, contents by their first bytes.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

from ...i18n import N_, _
from ..problems import Location, ProgramError

MAX_ENTRIES = 2000  # files; the manifest and folder entries (as `zip -r` adds) come on top
MAX_ZIP_ENTRIES = 2 * MAX_ENTRIES + 1  # refused before zipfile reads the central directory
MAX_TOTAL_BYTES = 1 << 30  # 1 GiB uncompressed, counted while streaming
MAX_MANIFEST_BYTES = 1 << 20
MAX_NAME_CHARS = 400
MAX_PART_CHARS = 200
# Deflate can reach about 1000:1. Real program text compresses well under 20:1 and packs
# store audio uncompressed, so anything past 100:1 beyond its first few megabytes is a bomb.
MAX_RATIO = 100
RATIO_FREE_BYTES = 8 << 20
CHUNK = 1 << 20
HEAD_BYTES = 512

MANIFEST_NAME = "manifest.json"
PACK_FORMAT = 1
ASK_COACH = N_("Ask the coach for a new copy of the pack.")

AUDIO_SUFFIXES = frozenset(
    {".wav", ".wave", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".m4a", ".aac", ".mp4", ".mov"}
)
# Already compressed: deflating them again only costs time (PROGRAM_FORMAT: packs store them).
STORED_SUFFIXES = frozenset(
    {".flac", ".ogg", ".oga", ".opus", ".mp3", ".m4a", ".aac", ".mp4", ".mov"}
)
ARCHIVE_SUFFIXES = (
    ".zip",
    ".vallei",
    ".7z",
    ".rar",
    ".gz",
    ".tgz",
    ".tar",
    ".bz2",
    ".xz",
    ".zst",
    ".jar",
)
_ARCHIVE_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"PK\x03\x04", "zip"),
    (0, b"PK\x05\x06", "zip"),
    (0, b"PK\x07\x08", "zip"),
    (0, b"7z\xbc\xaf\x27\x1c", "7z"),
    (0, b"Rar!\x1a\x07", "rar"),
    (0, b"\x1f\x8b\x08", "gzip"),
    (0, b"\xfd7zXZ\x00", "xz"),
    (0, b"\x28\xb5\x2f\xfd", "zstd"),
    (257, b"ustar", "tar"),
)
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def shown(name: str, limit: int = 120) -> str:
    """A hostile name made printable: control and invisible characters escaped, length capped."""
    out = []
    for ch in name:
        if ch.isprintable() and unicodedata.category(ch) not in ("Cf", "Zl", "Zp"):
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    text = "".join(out)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def refusal(
    source: object, entry: str | None, message: str, fix: str | None = None
) -> ProgramError:
    """The one error every refusal becomes: the pack (and entry) named, and what to do.

    `message` and `fix` are translated sentences; without a `fix`, ask the coach for a copy.
    """
    where = str(source) if entry is None else f"{source}/{shown(entry)}"
    advice = _(ASK_COACH) if fix is None else fix
    return ProgramError.single(Location(where), f"{message} {advice}".strip())


def name_problem(name: str) -> str | None:
    """Why an entry name may not be written into the library (a translated phrase to follow
    the name); None for a plain relative path."""
    if not name:
        return _("has an empty name")
    if len(name) > MAX_NAME_CHARS:
        return _("has a name longer than {limit} characters").format(limit=MAX_NAME_CHARS)
    if "\\" in name:
        if name.startswith("\\\\"):
            return _("is a network (UNC) path; packs hold relative paths only")
        return _("uses backslashes; packs use forward slashes only")
    if name.startswith("/"):
        return _("is an absolute path; packs hold relative paths only")
    if len(name) >= 2 and name[1] == ":" and name[0].isalpha():
        return _("starts with a drive letter; packs hold relative paths only")
    if ":" in name:
        return _("contains a colon, which is not allowed in file names on every system")
    # Cc: C0, DEL and C1 (U+009B is a terminal's CSI); Cf: invisible (bidi overrides);
    # Zl/Zp: line breaks, which would split a FILE:LINE:COL message.
    if any(unicodedata.category(ch) in _HIDDEN_CATEGORIES for ch in name):
        return _("contains control or invisible characters")
    body = name[:-1] if name.endswith("/") else name
    for part in body.split("/"):
        if part in ("", "."):
            return _("has an empty or '.' path component")
        if part == "..":
            return _("climbs out of the program folder with '..'")
        if len(part) > MAX_PART_CHARS:
            return _("has a path component longer than {limit} characters").format(
                limit=MAX_PART_CHARS
            )
        if part.endswith((" ", ".")):
            return _("has a path component ending in a space or a dot")
        if part.split(".")[0].lower() in _WINDOWS_DEVICES:
            return _("uses a reserved device name (such as CON or NUL)")
    return None


def fold(name: str) -> str:
    """The key two names collide on when a file system ignores case or Unicode form."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKD", name).casefold())


class NameSet:
    """Collects entry names and finds the first that collides with an earlier one."""

    def __init__(self) -> None:
        self._files: dict[str, str] = {}
        self._dirs: dict[str, str] = {}

    def add(self, name: str, is_dir: bool = False) -> str | None:
        """Record `name`; return the earlier name it collides with, or None."""
        key = fold(name.rstrip("/"))
        parts = key.split("/")
        for i in range(1, len(parts)):
            prefix = "/".join(parts[:i])
            if prefix in self._files:
                return self._files[prefix]
            self._dirs.setdefault(prefix, name)
        if is_dir:
            if key in self._files:
                return self._files[key]
            self._dirs.setdefault(key, name)
            return None
        earlier = self._files.get(key) or self._dirs.get(key)
        if earlier is not None:
            return earlier
        self._files[key] = name
        return None


def is_hidden(name: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(name).parts)


def _archive_kind(name: str, head: bytes) -> str | None:
    for offset, magic, kind in _ARCHIVE_MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return kind
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
        return "bzip2"
    if name.lower().endswith(ARCHIVE_SUFFIXES):
        return name.rsplit(".", 1)[-1].lower()
    return None


def looks_like_audio(head: bytes) -> bool:
    """Whether the first bytes are those of an audio format the player reads."""
    if len(head) < 12:
        return False
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return True
    if head.startswith((b"fLaC", b"OggS", b"ID3")):
        return True
    if head[4:8] == b"ftyp":
        return True
    # An MPEG audio frame (MP3) or an ADTS frame (AAC): 11 or 12 sync bits.
    return head[0] == 0xFF and (head[1] & 0xE0) == 0xE0


def is_audio_name(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in AUDIO_SUFFIXES


def content_problem(name: str, head: bytes) -> str | None:
    """Why a file's content is refused, judged by its first HEAD_BYTES bytes and its name."""
    kind = _archive_kind(name, head)
    if kind is not None:
        return _("is an archive ({kind}) inside the pack; packs may not contain archives").format(
            kind=kind
        )
    if is_audio_name(name) and not looks_like_audio(head):
        return _("has an audio file name but its content is not audio")
    return None
