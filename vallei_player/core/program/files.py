"""The files a program names: inside its folder, real files, real audio, and voice that fits.

Each distinct path is checked once however often it is named (a bell used by a thousand
phases is probed once) and its problem is reported at the first line that names it.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

from ..audiofiles import ClipInfo, ProbeError, probe_clip
from ..problems import Location, Problems
from .limits import clip_too_long
from .schema_read import PathRef, did_you_mean
from .values import format_duration

_MAX_LISTED = 5_000  # files looked at for "did you mean" suggestions


def check_files(folder: Path, refs: list[PathRef], problems: Problems) -> dict[str, ClipInfo]:
    """Probe every named file; problems for missing, escaping, non-regular or non-audio files."""
    root = folder.resolve()
    uses: dict[str, list[PathRef]] = {}
    for ref in refs:
        uses.setdefault(ref.text, []).append(ref)
    clips: dict[str, ClipInfo] = {}
    listing: list[str] | None = None
    for text, named in uses.items():
        first = named[0]
        where = f"the {first.role} file '{text}'"
        more = f" (named {len(named)} times; shown at the first)" if len(named) > 1 else ""
        try:
            resolved = (folder / text).resolve(strict=True)
        except FileNotFoundError:
            if listing is None:
                listing = _list_files(folder)
            problems.error(first.location, f"{where} does not exist{_suggest(text, listing)}{more}")
            continue
        except (OSError, RuntimeError) as e:  # a link loop, a permission problem
            problems.error(first.location, f"{where} cannot be opened ({_reason(e)}){more}")
            continue
        if not resolved.is_relative_to(root):
            problems.error(
                first.location,
                f"{where} is a link that leads outside the program folder; "
                f"copy the file into the folder instead{more}",
            )
            continue
        if not resolved.is_file():
            kind = "a folder" if resolved.is_dir() else "not a regular file"
            problems.error(first.location, f"{where} is {kind}, not an audio file{more}")
            continue
        try:
            info = probe_clip(resolved)
        except ProbeError as e:
            problems.error(first.location, f"{where} {e}{more}")
            continue
        too_long = clip_too_long(text, info)
        if too_long is not None:  # hostile or mistaken: it would fill the disk when decoded
            problems.error(first.location, too_long)
            continue
        clips[text] = info
    return clips


def check_fits(
    fits: list[tuple[str, Fraction, Location]], clips: dict[str, ClipInfo], problems: Problems
) -> None:
    """A voice clip longer than its phase's duration is an error at the phase."""
    for voice, duration, location in fits:
        info = clips.get(voice)
        if info is None:
            continue  # the file itself was reported
        length = Fraction(info.frames, info.rate)
        if length > duration:
            problems.error(
                location,
                f"the voice clip '{voice}' lasts {format_duration(length)} but the phase's "
                f"duration is {format_duration(duration)}; lengthen the duration to at least "
                f"{_round_up(length)} or leave it out so the phase lasts as long as the clip",
            )


def _round_up(seconds: Fraction) -> str:
    whole = -(-seconds.numerator // seconds.denominator)
    return format_duration(Fraction(whole))


def _list_files(folder: Path) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        base = Path(dirpath).relative_to(folder)
        for name in filenames:
            out.append((base / name).as_posix())
            if len(out) >= _MAX_LISTED:
                return out
    return out


def _suggest(text: str, listing: list[str]) -> str:
    for candidate in listing:
        if candidate.lower() == text.lower():
            return f"; did you mean '{candidate}'? (names are case-sensitive)"
    hint = did_you_mean(text, listing)
    if hint:
        return hint
    return "; put the file in the program folder or correct the path"


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return e.strerror.lower()
    return "a link that loops" if isinstance(e, RuntimeError) else str(e)
