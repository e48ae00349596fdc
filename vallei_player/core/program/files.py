"""The files a program names: inside its folder, real files, real audio, and voice that fits.

Each distinct path is checked once however often it is named (a bell used by a thousand
phases is probed once) and its problem is reported at the first line that names it.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

from ...i18n import N_, _
from ..audiofiles import ClipInfo, ProbeError, probe_clip
from ..problems import Location, Problems, os_reason
from .limits import clip_too_long
from .schema_read import PathRef, did_you_mean
from .values import format_duration

_MAX_LISTED = 5_000  # files looked at for "did you mean" suggestions
# How messages name a file by the role program.yaml gives it (PathRef.role).
_FILE_BY_ROLE = {
    "voice": N_("the voice file '{name}'"),
    "cue": N_("the cue file '{name}'"),
    "bed": N_("the bed file '{name}'"),
}


# A narration draft made by the Coach Studio (espeak-ng) is named `NAME.draft.opus`: the name
# tells validate, the Studio and the coach alike, and a real recording gets another name.
DRAFT_MARK = ".draft."


def is_draft_voice(path: str) -> bool:
    """Whether a voice clip is a synthetic narration draft (by its file name)."""
    return DRAFT_MARK in path.rsplit("/", 1)[-1]


def check_drafts(refs: list[PathRef], problems: Problems) -> None:
    """A warning at each voice that is still a synthetic draft, once per place it is named."""
    for ref in refs:
        if ref.role == "voice" and is_draft_voice(ref.text):
            problems.warning(
                ref.location,
                _(
                    "narration is a synthetic draft ('{name}'); record the voice before the "
                    "programme goes to clients"
                ).format(name=ref.text),
            )


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
        where = _(_FILE_BY_ROLE[first.role]).format(name=text)
        more = ""
        if len(named) > 1:
            more = _(" (named {count} times; shown at the first)").format(count=len(named))
        try:
            resolved = (folder / text).resolve(strict=True)
        except FileNotFoundError:
            if listing is None:
                listing = _list_files(folder)
            problems.error(
                first.location,
                _("{file} does not exist").format(file=where) + _suggest(text, listing) + more,
            )
            continue
        except (OSError, RuntimeError) as e:  # a link loop, a permission problem
            problems.error(
                first.location,
                _("{file} cannot be opened ({reason})").format(file=where, reason=_reason(e))
                + more,
            )
            continue
        if not resolved.is_relative_to(root):
            problems.error(
                first.location,
                _(
                    "{file} is a link that leads outside the program folder; "
                    "copy the file into the folder instead"
                ).format(file=where)
                + more,
            )
            continue
        if not resolved.is_file():
            if resolved.is_dir():
                what = _("{file} is a folder, not an audio file")
            else:
                what = _("{file} is not a regular file, not an audio file")
            problems.error(first.location, what.format(file=where) + more)
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
                _(
                    "the voice clip '{voice}' lasts {length} but the phase's duration is "
                    "{duration}; lengthen the duration to at least {least} or leave it out so "
                    "the phase lasts as long as the clip"
                ).format(
                    voice=voice,
                    length=format_duration(length),
                    duration=format_duration(duration),
                    least=_round_up(length),
                ),
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
            return _("; did you mean '{name}'? (names are case-sensitive)").format(name=candidate)
    hint = did_you_mean(text, listing)
    if hint:
        return hint
    return _("; put the file in the program folder or correct the path")


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError) and e.strerror:
        return os_reason(e)
    return _("a link that loops") if isinstance(e, RuntimeError) else str(e)
