"""Reading a client's JSON report (the `to_json_dict` layout) back, for the coach's Studio.

The file comes from someone else's computer, so nothing in it is trusted: it is read only
up to `MAX_BYTES`, and every part the Studio draws is checked for its type before it is
used. Anything else gives one `UserError` naming the file, what is wrong and what to do;
the Studio never sees a half-read report. Nothing is written anywhere.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ...i18n import _
from ..problems import UserError, describe_os_error
from .report import REPORT_VERSION

MAX_BYTES = 20 * 1024 * 1024  # a year of daily sessions is well under 1 MB


@dataclass(frozen=True)
class ClientReport:
    path: Path
    client: str  # what the coach calls it: the file's name without .json
    data: dict[str, Any]  # the checked JSON, in the layout of `to_json_dict`

    @property
    def programs(self) -> list[dict[str, Any]]:
        return list(self.data["programs"])


class _Broken(Exception):
    """What is wrong, as a short phrase for the message."""


def read_client_report(path: Path) -> ClientReport:
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise UserError(describe_os_error(e)) from None
    try:
        if len(raw) > MAX_BYTES:
            raise _Broken(_("it is larger than any report can be"))
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise _Broken(_("it is not JSON text")) from None
        _check_report(data)
    except _Broken as why:
        raise UserError(
            _(
                "{path} cannot be opened as a client's report: {why}. Nothing was opened; ask "
                "the client to export the report again as JSON (Journal → Export report…) and send "
                "that file."
            ).format(path=path, why=why)
        ) from None
    return ClientReport(path, path.stem, data)


def _check_report(data: object) -> None:
    if not isinstance(data, dict) or "vallei_report" not in data:
        raise _Broken(_("it is not a report made by Vallei Player"))
    version = data["vallei_report"]
    if not _is_int(version) or version > REPORT_VERSION:
        raise _Broken(_("it was made by a newer Vallei Player; update this one"))
    programs = _list(data.get("programs"), "programs")
    for program in programs:
        _check_program(program)


def _check_program(program: object) -> None:
    p = _dict(program, "programs")
    for key in ("id", "title"):
        _text(p.get(key), key)
    for week in _list(p.get("weeks"), "weeks"):
        w = _dict(week, "weeks")
        _day(w.get("monday"), "monday")
        _text(w.get("week"), "week")
        for key in ("planned", "done"):
            if not _is_int(w.get(key)):
                raise _Broken(_("the part “{part}” is damaged").format(part=key))
        _number(w.get("minutes"), "minutes")
    for session in _list(p.get("sessions"), "sessions"):
        _check_session(session)


def _check_session(session: object) -> None:
    s = _dict(session, "sessions")
    _day(s.get("date"), "date")
    for key in ("time", "session_title"):
        _text(s.get(key), key)
    if s.get("status") not in ("completed", "partial"):
        raise _Broken(_("the part “{part}” is damaged").format(part="status"))
    _number(s.get("listened_minutes"), "listened_minutes")
    for answer in _list(s.get("answers"), "answers"):
        a = _dict(answer, "answers")
        _text(a.get("prompt_id"), "prompt_id")
        _text(a.get("question"), "question")
        if a.get("type") == "scale":
            for key in ("answer", "scale_min", "scale_max"):
                if a.get(key) is not None and not _is_int(a.get(key)):
                    raise _Broken(_("the part “{part}” is damaged").format(part=key))
    for phase in _list(s.get("phases", []), "phases"):
        x = _dict(phase, "phases")
        for key in ("start_s", "planned_s", "level"):
            _number(x.get(key), key)
        _text(x.get("kind"), "kind")
        if x.get("listened_s") is not None:
            _number(x.get("listened_s"), "listened_s")
    for level in _list(s.get("levels", []), "levels"):
        x = _dict(level, "levels")
        _number(x.get("position_s"), "position_s")
        if not _is_int(x.get("level")):
            raise _Broken(_("the part “{part}” is damaged").format(part="level"))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: object, part: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Broken(_("the part “{part}” is damaged").format(part=part))
    return float(value)


def _text(value: object, part: str) -> str:
    if not isinstance(value, str):
        raise _Broken(_("the part “{part}” is damaged").format(part=part))
    return value


def _day(value: object, part: str) -> date:
    try:
        return date.fromisoformat(_text(value, part))
    except ValueError:
        raise _Broken(_("the part “{part}” is damaged").format(part=part)) from None


def _list(value: object, part: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Broken(_("the part “{part}” is missing or damaged").format(part=part))
    return value


def _dict(value: object, part: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Broken(_("the part “{part}” is damaged").format(part=part))
    return value
