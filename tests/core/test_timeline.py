"""The timeline semantics of PROGRAM_FORMAT.md in integer samples, at 44.1 and 48 kHz."""

from __future__ import annotations

from fractions import Fraction

import pytest

from vallei_player.core.audiofiles import ClipInfo
from vallei_player.core.problems import ProgramError
from vallei_player.core.program import AudioSettings, Phase, Session, build_timeline

CLIPS = {
    "a.ogg": ClipInfo("vorbis", 44100, 2, 44100 * 3 + 1),  # 3 s and one sample at 44.1 kHz
    "b.opus": ClipInfo("opus", 48000, 1, 59256),  # 1.2345 s
    "c.mp3": ClipInfo("mp3", 22050, 1, 27221),
}


def phase(i: int, duration: Fraction | None, voice: str | None = None) -> Phase:
    return Phase(i, "rest", None, voice, None, duration, 0.3, None, None, AudioSettings())


def session(*phases: Phase) -> Session:
    return Session("s", "S", 1, None, phases, (), AudioSettings(), 0)


@pytest.mark.parametrize("rate", [44100, 48000])
def test_starts_are_exact_sums(rate: int) -> None:
    s = session(
        phase(0, Fraction(1, 10)),  # 0.1 s
        phase(1, None, "a.ogg"),
        phase(2, Fraction(5, 2), "b.opus"),
        phase(3, None, "c.mp3"),
        phase(4, Fraction(90)),
    )
    t = build_timeline(s, rate, CLIPS.__getitem__)
    lengths = [
        round(Fraction(rate, 10)),
        CLIPS["a.ogg"].length_at(rate),
        round(Fraction(5, 2) * rate),
        CLIPS["c.mp3"].length_at(rate),
        90 * rate,
    ]
    assert [p.length for p in t.phases] == lengths
    assert [p.start for p in t.phases] == [sum(lengths[:i]) for i in range(5)]
    assert t.length == sum(lengths)
    assert t.phase_at(lengths[0]).index == 1 and t.phase_at(-5).index == 0
    assert t.phase_at(t.length + 100).index == 4


def test_voice_only_phase_lengths_convert_rates_exactly() -> None:
    assert CLIPS["a.ogg"].length_at(44100) == 132301
    assert CLIPS["a.ogg"].length_at(48000) == 144001  # 132301 * 48000 / 44100 = 144001.08
    assert CLIPS["c.mp3"].length_at(44100) == 54442
    assert CLIPS["c.mp3"].length_at(48000) == 59257  # 27221 * 48000 / 22050 = 59256.6
    assert ClipInfo("wav", 3, 1, 1).length_at(2) == 1  # 2/3 rounds up
    assert ClipInfo("wav", 4, 1, 1).length_at(2) == 0  # 0.5 ties to even
    assert ClipInfo("wav", 4, 1, 3).length_at(2) == 2  # 1.5 ties to even


def test_voice_longer_than_duration_is_refused_at_any_rate() -> None:
    s = session(phase(0, Fraction(3), "a.ogg"))
    with pytest.raises(ProgramError, match="longer than the phase's duration 3s"):
        build_timeline(s, 48000, CLIPS.__getitem__)


def test_a_session_may_last_three_hours_and_not_a_sample_more() -> None:
    # issue 9 item 7: the engine sizes its work by the timeline, so even a session built
    # without the loader (which reports this at its line) cannot ask for more than 3 h.
    full = session(phase(0, Fraction(2 * 3600)), phase(1, Fraction(3600)))
    assert build_timeline(full, 48000, CLIPS.__getitem__).length == 3 * 3600 * 48000
    over = session(phase(0, Fraction(2 * 3600)), phase(1, Fraction(3600) + Fraction(1, 48000)))
    with pytest.raises(ProgramError, match="lasts 3h1s, longer than the 3h a session may last"):
        build_timeline(over, 48000, CLIPS.__getitem__)
    huge_voice = {"v.ogg": ClipInfo("vorbis", 8000, 1, 8000 * 36000)}  # 10 h, no duration
    with pytest.raises(ProgramError, match="lasts 10h"):
        build_timeline(session(phase(0, None, "v.ogg")), 48000, huge_voice.__getitem__)
