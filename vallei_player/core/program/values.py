"""Durations and gains as coaches write them: unit strings such as `1m30s` and `-18dB`.

Durations are kept as exact fractions of a second so that `round(duration * rate)` gives
the same sample count on every machine; floats would drift at odd rates.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import NoReturn

from ...i18n import _

_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s)")
_DURATION_WHOLE = re.compile(r"^(?:\d+(?:\.\d+)?(?:h|ms|m|s))+$")
_GAIN = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s?dB$", re.IGNORECASE)
_UNIT_SECONDS = {"h": Fraction(3600), "m": Fraction(60), "s": Fraction(1), "ms": Fraction(1, 1000)}
_UNIT_ORDER = {"h": 0, "m": 1, "s": 2, "ms": 3}

MAX_DURATION = Fraction(24 * 3600)


class ValueProblem(ValueError):
    """A value written the wrong way; the message says how to write it."""


def parse_duration(text: str) -> Fraction:
    """`90s`, `4m`, `1m30s`, `1h5m`, `2.5s`, `250ms` -> seconds, exactly."""
    s = text.strip()
    if not s:
        raise ValueProblem(_("a duration is empty; write it with a unit, for example 90s or 4m"))
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        raise ValueProblem(
            _("'{value}' has no unit; write it as {value}s (or minutes, like 4m)").format(value=s)
        )
    if re.fullmatch(r"\d+:\d{1,2}(?::\d{1,2})?", s):
        parts = [int(p) for p in s.split(":")]
        hint = _suggest_from_clock(parts)
        raise ValueProblem(
            _("'{value}' is a clock time, not a duration; write it as {hint}").format(
                value=s, hint=hint
            )
        )
    if not _DURATION_WHOLE.match(s):
        raise ValueProblem(
            _(
                "'{value}' is not a duration; write a number with a unit: "
                "90s, 4m, 1m30s, 1h or 2.5s"
            ).format(value=s)
        )
    total = Fraction(0)
    last_order = -1
    for number, unit in _DURATION_PART.findall(s):
        order = _UNIT_ORDER[unit]
        if order <= last_order:
            raise ValueProblem(
                _(
                    "'{value}' repeats or reorders its units; "
                    "write hours, then minutes, then seconds"
                ).format(value=s)
            )
        last_order = order
        total += Fraction(number) * _UNIT_SECONDS[unit]
    if total > MAX_DURATION:
        raise ValueProblem(_("'{value}' is longer than 24 hours").format(value=s))
    return total


def _suggest_from_clock(parts: list[int]) -> str:
    if len(parts) == 2:
        m, sec = parts
        return f"{m}m{sec}s" if sec else f"{m}m"
    h, m, sec = parts
    out = f"{h}h" + (f"{m}m" if m else "") + (f"{sec}s" if sec else "")
    return out


def format_duration(seconds: Fraction | float) -> str:
    """The inverse for messages: 90 -> '1m30s'."""
    frac = Fraction(seconds).limit_denominator(1000)
    whole = int(frac)
    rest = frac - whole
    h, rem = divmod(whole, 3600)
    m, sec = divmod(rem, 60)
    out = ""
    if h:
        out += f"{h}h"
    if m:
        out += f"{m}m"
    if sec or rest or not out:
        sec_text = f"{float(sec + rest):g}"
        out += f"{sec_text}s"
    return out


def parse_gain(text: str) -> float:
    """`-18dB`, `0dB`, `+3dB` -> decibels as a float."""
    s = text.strip()
    value = _with_unit(s, _GAIN, "dB")
    if value is None:
        _refuse(
            _("'{value}' is not a gain; write decibels such as -18dB, 0dB or +3dB").format(value=s)
        )
    if value > 12 or value < -60:
        raise ValueProblem(_("'{value}' is outside -60dB..+12dB").format(value=s))
    return value


_LOUDNESS = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s?LUFS$", re.IGNORECASE)
# The targets a spoken programme can sensibly use: -10 is already as loud as pop music on a
# phone, and below -40 the voice would sink under any room's noise.
LOUDNESS_RANGE = (-40.0, -10.0)
MAX_DUCK_DB = 40.0


def parse_loudness(text: str) -> float:
    """`-18LUFS` -> -18.0 (the reader takes `off` before it gets here)."""
    s = text.strip()
    value = _with_unit(s, _LOUDNESS, "LUFS")
    if value is None:
        if _GAIN.match(s):
            _refuse(
                _(
                    "'{value}' is a gain; loudness is written in LUFS, like -18LUFS, or 'off'"
                ).format(value=s)
            )
        _refuse(
            _("'{value}' is not a loudness; write it in LUFS, like -18LUFS, or 'off'").format(
                value=s
            )
        )
    low, high = LOUDNESS_RANGE
    if not low <= value <= high:
        raise ValueProblem(
            _("'{value}' is outside {low}LUFS..{high}LUFS; -18LUFS suits speech").format(
                value=s, low=f"{low:g}", high=f"{high:g}"
            )
        )
    return value


def parse_duck(text: str) -> float:
    """`8dB` -> 8.0: how far the bed goes down under a voice (`off` is taken by the reader)."""
    s = text.strip()
    value = _with_unit(s, _GAIN, "dB")
    if value is None:
        _refuse(
            _(
                "'{value}' is not an amount to lower the bed by; write decibels such as 8dB, "
                "or 'off'"
            ).format(value=s)
        )
    if value < 0:
        raise ValueProblem(
            _(
                "'{value}' is negative; write how far the bed goes down without a minus, "
                "like {positive}dB"
            ).format(value=s, positive=f"{-value:g}")
        )
    if value > MAX_DUCK_DB:
        raise ValueProblem(
            _("'{value}' is outside {low}dB..{high}dB").format(
                value=s, low="0", high=f"{MAX_DUCK_DB:g}"
            )
        )
    return value


def _with_unit(s: str, pattern: re.Pattern[str], unit: str) -> float | None:
    """The number in `s` written with `unit`; a bare number is refused saying to add it."""
    m = pattern.match(s)
    if m:
        return float(m.group(1))
    if re.fullmatch(r"[+-]?\d+(?:\.\d+)?", s):
        raise ValueProblem(
            _("'{value}' has no unit; write it as {value}{unit}").format(value=s, unit=unit)
        )
    return None


def _refuse(message: str) -> NoReturn:
    raise ValueProblem(message)


def db_to_linear(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def seconds_to_samples(seconds: Fraction, rate: int) -> int:
    """round(seconds * rate), exactly; ties go to even as Python's round does."""
    return round(seconds * rate)
