"""Durations and gains as coaches write them, and the hints they get when they write them wrong."""

from __future__ import annotations

from fractions import Fraction

import pytest

from vallei_player.core.program.values import (
    ValueProblem,
    db_to_linear,
    format_duration,
    parse_duration,
    parse_gain,
    seconds_to_samples,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", Fraction(90)),
        ("4m", Fraction(240)),
        ("1m30s", Fraction(90)),
        ("1h", Fraction(3600)),
        ("1h5m", Fraction(3900)),
        ("2.5s", Fraction(5, 2)),
        ("250ms", Fraction(1, 4)),
        ("0.1s", Fraction(1, 10)),  # exact, not 0.1000000000000000055...
        (" 3m ", Fraction(180)),
    ],
)
def test_durations_are_exact(text: str, seconds: Fraction) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("90", "write it as 90s"),
        ("1:30", "write it as 1m30s"),  # what YAML 1.1 would have read as the integer 90
        ("1:00:30", "write it as 1h30s"),
        ("2:00", "write it as 2m"),
        ("", "empty"),
        ("ten minutes", "write a number with a unit"),
        ("5s3m", "hours, then minutes, then seconds"),
        ("1m1m", "hours, then minutes, then seconds"),
        ("25h", "longer than 24 hours"),
        ("-5s", "not a duration"),
    ],
)
def test_wrong_durations_say_how_to_write_them(text: str, hint: str) -> None:
    with pytest.raises(ValueProblem, match=hint):
        parse_duration(text)


def test_format_duration_round_trips_for_messages() -> None:
    assert [format_duration(s) for s in (90, 3600, 3900, Fraction(5, 2), 0)] == [
        "1m30s", "1h", "1h5m", "2.5s", "0s",
    ]  # fmt: skip


def test_gains() -> None:
    assert [parse_gain(t) for t in ("-18dB", "0dB", "+3dB", "-6.5 dB", "3db")] == [
        -18,
        0,
        3,
        -6.5,
        3,
    ]
    with pytest.raises(ValueProblem, match="write it as -18dB"):
        parse_gain("-18")
    with pytest.raises(ValueProblem, match="outside"):
        parse_gain("+20dB")
    with pytest.raises(ValueProblem, match="not a gain"):
        parse_gain("loud")
    assert db_to_linear(0) == 1.0 and abs(db_to_linear(-6.0206) - 0.5) < 1e-4


def test_seconds_to_samples_is_exact_at_odd_rates() -> None:
    assert seconds_to_samples(Fraction(1, 10), 44100) == 4410
    assert seconds_to_samples(parse_duration("2.5s"), 22050) == 55125
    assert seconds_to_samples(Fraction(1, 3), 48000) == 16000


@pytest.mark.parametrize(
    ("seconds", "rate", "samples"),
    [
        # PROGRAM_FORMAT.md: a phase lasts round(duration * R) samples; the products below are
        # not whole numbers, so truncating, flooring or ceiling would each miss some.
        (Fraction("0.1234"), 48000, 5923),  # 5923.2
        (Fraction("0.12345"), 48000, 5926),  # 5925.6
        (Fraction("2.00001"), 44100, 88200),  # 88200.441
        (Fraction("2.00002"), 44100, 88201),  # 88200.882
        (Fraction(1, 7), 22050, 3150),  # 3150.0 exactly
        (Fraction(1, 3), 44100, 14700),
        (Fraction(2, 3), 32000, 21333),  # 21333.33
        (Fraction(5, 3), 32000, 53333),  # 53333.33
        (Fraction(1, 6), 32000, 5333),  # 5333.33
        (Fraction(5, 6), 32000, 26667),  # 26666.67
    ],
)
def test_seconds_to_samples_rounds_to_the_nearest_sample(
    seconds: Fraction, rate: int, samples: int
) -> None:
    assert seconds_to_samples(seconds, rate) == samples
