"""Publishing a programme as a `.vallei` pack: has it changed since the last pack, which
version comes next, and the summary the coach reads afterwards.

The last pack made from each programme folder is remembered in the data folder
(`studio-packs.json`: the folder, its version and a digest of every file a pack would
carry), so the Studio can ask to raise the version when the content changed but the version
did not: a client's app only updates to a higher version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..packs import program_files, write_pack
from ..problems import Problem
from ..program import Program, check_program, session_timeline, version_key
from ..store import atomic_write_text, paths

RECORD_FILE = "studio-packs.json"


def content_digest(folder: Path) -> str:
    """sha256 over every file a pack of `folder` would hold (path, then content)."""
    digest = hashlib.sha256()
    for f in program_files(folder):
        digest.update(f.path.encode("utf-8") + b"\0")
        with f.source.open("rb") as data:
            for block in iter(lambda: data.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def next_patch(version: str) -> str:
    """1.2.3 -> 1.2.4."""
    major, minor, patch = version_key(version)
    return f"{major}.{minor}.{patch + 1}"


def _records() -> dict[str, dict[str, str]]:
    try:
        found = json.loads((paths.data_dir() / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def needs_new_version(folder: Path, version: str) -> str | None:
    """The version of the last pack when the content changed since but the version did not;
    None when there is nothing to ask (no pack yet, nothing changed, or a new version)."""
    last = _records().get(str(folder.resolve()))
    if not last or last.get("version") != version:
        return None
    return version if last.get("content") != content_digest(folder) else None


@dataclass(frozen=True)
class PackSummary:
    path: Path
    sessions: int
    minutes: float
    size: int
    warnings: tuple[Problem, ...]


def publish(folder: Path, out: Path) -> PackSummary:
    """Write the pack (the packer validates and refuses an invalid programme) and remember it."""
    written = write_pack(folder, out)
    program, problems = check_program(folder)
    assert program is not None  # write_pack refused anything with an error
    summary = PackSummary(
        written,
        len(program.sessions),
        total_minutes(program),
        written.stat().st_size,
        tuple(p for p in problems if not p.is_error),
    )
    records = _records()
    records[str(folder.resolve())] = {"version": program.version, "content": content_digest(folder)}
    # A data folder that cannot be written loses only the next "raise the version?" question.
    with contextlib.suppress(OSError):
        atomic_write_text(paths.data_dir() / RECORD_FILE, json.dumps(records, indent=1))
    return summary


def total_minutes(program: Program) -> float:
    return sum(session_timeline(program, s.id).seconds for s in program.sessions) / 60
