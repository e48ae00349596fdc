"""The lived level's tick: soft, short, heard from the next buffer, paused or playing, and
never part of the session (listened time and the session's samples are unchanged)."""

from __future__ import annotations

import numpy as np

from vallei_player.engine.stream import PAUSE, Deck
from vallei_player.engine.tick import tick_frames

RATE = 48_000


def test_the_tick_is_short_quiet_and_starts_and_ends_in_silence() -> None:
    tick = tick_frames(RATE)
    assert tick.shape == (1200, 2)  # 25 ms
    peak_db = 20 * np.log10(np.abs(tick).max())
    assert -33.0 < peak_db < -31.0
    assert np.abs(tick[0]).max() < 1e-4 and np.abs(tick[-1]).max() < 1e-4


def _deck_with(session: np.ndarray) -> Deck:
    deck = Deck(len(session), 8192)
    deck.write(session)
    return deck


def test_the_tick_is_added_over_the_session_from_the_next_buffer() -> None:
    session = np.full((4096, 2), 0.25, dtype=np.float32)
    deck = _deck_with(session)
    tick = tick_frames(RATE)
    first = np.zeros((512, 2), dtype=np.float32)
    deck.fill(first)
    deck.acknowledge(tick)
    heard = np.zeros((2048, 2), dtype=np.float32)
    deck.fill(heard[:1024])
    deck.fill(heard[1024:])
    np.testing.assert_array_equal(first, session[:512])
    np.testing.assert_allclose(heard[:1200], session[512:1712] + tick, atol=1e-7)
    np.testing.assert_array_equal(heard[1200:], session[1712:2560])
    assert deck.listened == 512 + 2048  # the tick is not listening time


def test_while_paused_the_tick_is_heard_alone() -> None:
    deck = _deck_with(np.full((4096, 2), 0.25, dtype=np.float32))
    deck.commands.put(PAUSE)
    deck.fill(np.zeros((1024, 2), dtype=np.float32))  # fades out and holds
    position = deck.position
    tick = tick_frames(RATE)
    deck.acknowledge(tick)
    out = np.zeros((2048, 2), dtype=np.float32)
    deck.fill(out)
    np.testing.assert_array_equal(out[:1200], tick)
    assert not out[1200:].any()
    assert deck.position == position


def test_a_second_tick_starts_again_from_its_beginning() -> None:
    deck = _deck_with(np.zeros((8192, 2), dtype=np.float32))
    tick = tick_frames(RATE)
    deck.acknowledge(tick)
    deck.fill(np.zeros((600, 2), dtype=np.float32))
    deck.acknowledge(tick)
    out = np.zeros((1200, 2), dtype=np.float32)
    deck.fill(out)
    np.testing.assert_array_equal(out, tick)
