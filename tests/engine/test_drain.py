"""The end of a device stream (engine/drain.py): silence until the last frame has been played.

The sound-server test (test_play_tail.py) shows it on a real stream; these pin the two ways
of knowing "played": the stream clock, and a fixed amount of silence where there is none.
"""

from __future__ import annotations

from vallei_player.engine.drain import Drain

RATE = 48_000
BLOCK = 4096


def test_with_a_stream_clock_it_stops_once_the_last_buffer_has_reached_the_speaker() -> None:
    drain = Drain(RATE, fallback_frames=10 * BLOCK)
    # The last buffer is handed at t=100.000 s and reaches the speaker 0.2 s later.
    drain.begin(buffer_dac_time=100.2, frames=BLOCK, now=100.0)
    end = 100.2 + BLOCK / RATE
    t = 100.0
    calls = 0
    while True:
        t += BLOCK / RATE
        calls += 1
        if drain.over(t, BLOCK):
            break
    assert t >= end  # never before the last frame is played
    assert t - end < BLOCK / RATE  # and at the first callback after it
    assert calls == 4


def test_without_timing_it_hands_the_fixed_silence_first() -> None:
    drain = Drain(RATE, fallback_frames=3 * BLOCK)
    drain.begin(buffer_dac_time=0.0, frames=BLOCK, now=0.0)
    assert [drain.over(0.0, BLOCK) for _ in range(3)] == [False, False, True]


def test_a_stream_clock_that_never_gets_there_ends_after_two_seconds_of_silence() -> None:
    drain = Drain(RATE, fallback_frames=BLOCK)
    drain.begin(buffer_dac_time=1e9, frames=BLOCK, now=5.0)
    silent = 0
    while not drain.over(5.0, BLOCK):
        silent += BLOCK
    assert 2 * RATE - BLOCK <= silent + BLOCK <= 2 * RATE + BLOCK
