"""The deck's output contract, sample by sample (stream.py's docstring; issue 10 item 12).

The deck is driven here as the player drives it (the mixing thread's `write`/`jump`, the
callback's `fill`, PAUSE/RESUME commands), but with no threads: every buffer lands between
known samples. The "render" is a made-up session whose every sample is distinct (left t + 1,
right -(t + 1), in units of 1/2^20), so a frame taken from the wrong place, a channel swapped
or a ramp off by one sample shows.

Expected outputs are built from the docstring's rules, with R = 480 and the raised cosine
up[k] = 0.5 - 0.5 cos(pi (k + 0.5) / R), down[k] = up[R - 1 - k], written out here again.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from vallei_player.engine.stream import PAUSE, RESUME, Deck

R = 480
K = np.arange(R, dtype=np.float64)
UP = 0.5 - 0.5 * np.cos(np.pi * (K + 0.5) / R)
DOWN = UP[::-1]
UNIT = 2.0**-20  # exact in float32 for every t below 2^24

Array = npt.NDArray[np.float64]


def render(length: int) -> Array:
    t = np.arange(1, length + 1, dtype=np.float64) * UNIT
    return np.stack([t, -t], axis=1)


def ramped(block: Array, ramp: Array) -> Array:
    return block * ramp[: len(block), None]


class Drive:
    """The mixing thread's side by hand: writes the render into the deck as the player would."""

    def __init__(
        self, length: int = 20_000, capacity: int = 65_536, *, start: int = 0, playing: bool = True
    ) -> None:
        self.render = render(length)
        self.deck = Deck(length, capacity, start, playing=playing)
        self.generation = 0
        self.got: list[Array] = []

    def write(self, frames: int) -> None:
        at = self.deck.write_position
        block = self.render[at : at + frames].astype(np.float32)
        assert self.deck.free() >= len(block)
        self.deck.write(block)

    def jump(self, position: int, first: int = 2048) -> None:
        self.generation += 1
        block = self.render[position : position + first].astype(np.float32)
        self.deck.jump(self.generation, position, block)

    def fill(self, frames: int, *, more: bool = True) -> Array:
        out = np.full((frames, 2), 9.0, dtype=np.float32)  # anything not written shows
        assert self.deck.fill(out) is more
        self.got.append(out.astype(np.float64))
        return self.got[-1]

    def fills(self, frames: int, size: int) -> Array:
        """`frames` frames in buffers of `size` (the last one shorter)."""
        done = []
        while frames > 0:
            done.append(self.fill(min(size, frames)))
            frames -= size
        return np.concatenate(done)

    def heard(self) -> Array:
        return np.concatenate(self.got)


def same(got: Array, expected: Array) -> None:
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9)


def test_the_ramp_is_the_raised_cosine_written_out() -> None:
    # spot values of the formula, so the UP above is the curve meant
    assert UP[0] == pytest.approx(2.6772991517654e-06, rel=1e-9)
    assert UP[479] == pytest.approx(0.9999973227008483, rel=1e-12)
    assert DOWN[0] == UP[479]


@pytest.mark.parametrize("size", [1, 100, 333, 480, 1024])
def test_playing_hands_out_the_render_as_it_is(size: int) -> None:
    d = Drive()
    d.write(8192)
    got = d.fills(5000, size)
    np.testing.assert_array_equal(got, d.render[:5000].astype(np.float32))
    assert d.deck.position == 5000 and d.deck.listened == 5000


def test_a_deck_made_without_a_start_plays_from_the_first_sample() -> None:
    # the player makes its deck so: Deck(length, capacity), then writes from 0 and plays
    deck = Deck(3000, 4096)
    block = render(3000).astype(np.float32)
    deck.write(block[:2000])
    assert not deck.held and deck.position == 0 and deck.write_position == 2000
    out = np.zeros((1500, 2), dtype=np.float32)
    assert deck.fill(out)
    np.testing.assert_array_equal(out, block[:1500])


def test_playing_from_a_start_position_begins_there() -> None:
    d = Drive(start=3000)
    d.write(4000)
    np.testing.assert_array_equal(d.fill(1000), d.render[3000:4000].astype(np.float32))
    assert d.deck.position == 4000 and d.deck.listened == 1000


@pytest.mark.parametrize("size", [100, 333, 480, 1024])
def test_pause_ramps_down_over_480_frames_then_silence_and_resume_ramps_up(size: int) -> None:
    d = Drive()
    d.write(16384)
    p = 1000
    d.fills(p, size)
    d.deck.commands.put(PAUSE)
    d.fills(R + 700, size)
    assert d.deck.position == p + R and d.deck.listened == p + R
    assert d.deck.held
    d.deck.commands.put(RESUME)
    d.fills(R + 900, size)
    q = p + R  # where the pause left the session
    expected = np.concatenate([
        d.render[:p],
        ramped(d.render[p : p + R], DOWN), np.zeros((700, 2)),
        ramped(d.render[q : q + R], UP), d.render[q + R : q + R + 900],
    ])  # fmt: skip
    same(d.heard(), expected)
    assert d.deck.position == q + R + 900 and d.deck.listened == q + R + 900


def test_while_paused_nothing_is_read_and_the_deck_is_ready() -> None:
    d = Drive()
    d.write(2000)
    d.fill(500)
    d.deck.commands.put(PAUSE)
    d.fill(R)
    before = (d.deck.read_index, d.deck.position, d.deck.listened)
    for _ in range(5):
        np.testing.assert_array_equal(d.fill(256), np.zeros((256, 2)))
    assert (d.deck.read_index, d.deck.position, d.deck.listened) == before
    assert d.deck.ready(100_000)  # paused: silence is always ready


def test_a_deck_made_paused_is_silent_until_resumed_and_then_ramps_up() -> None:
    d = Drive(start=2000, playing=False)
    d.write(3000)
    assert d.deck.held
    np.testing.assert_array_equal(d.fill(300), np.zeros((300, 2)))
    d.deck.commands.put(RESUME)
    got = d.fill(1000)
    same(got, np.concatenate([ramped(d.render[2000 : 2000 + R], UP), d.render[2480:3000]]))
    assert not d.deck.held


def test_resume_during_the_fade_out_finishes_the_fade_then_ramps_up_at_once() -> None:
    d = Drive()
    d.write(8000)
    d.fill(1000)
    d.deck.commands.put(PAUSE)
    d.fill(200)  # 200 of the fade's 480 frames
    d.deck.commands.put(RESUME)
    d.fill(2000)
    q = 1000 + R
    expected = np.concatenate([
        d.render[:1000], ramped(d.render[1000:q], DOWN),
        ramped(d.render[q : q + R], UP), d.render[q + R : 1200 + 2000],
    ])  # fmt: skip
    same(d.heard(), expected)
    assert not d.deck.held


def test_pause_during_the_fade_in_ramps_down_from_there() -> None:
    d = Drive(playing=False)
    d.write(8000)
    d.deck.commands.put(RESUME)
    d.fill(100)  # 100 frames into the fade-in
    d.deck.commands.put(PAUSE)
    d.fill(R + 300)
    expected = np.concatenate([
        ramped(d.render[:100], UP), ramped(d.render[100 : 100 + R], DOWN), np.zeros((300, 2)),
    ])  # fmt: skip
    same(d.heard(), expected)
    assert d.deck.position == 100 + R and d.deck.held


def test_pause_and_resume_in_the_same_buffer_change_nothing_audible_beyond_the_ramps() -> None:
    d = Drive()
    d.write(8000)
    d.fill(1000)
    d.deck.commands.put(PAUSE)
    d.deck.commands.put(RESUME)
    d.fill(2000)
    q = 1000 + R
    expected = np.concatenate([
        d.render[:1000], ramped(d.render[1000:q], DOWN),
        ramped(d.render[q : q + R], UP), d.render[q + R : 3000],
    ])  # fmt: skip
    same(d.heard(), expected)


@pytest.mark.parametrize("size", [100, 333, 1024])
@pytest.mark.parametrize(("p", "q"), [(1000, 9000), (6000, 2000)])
def test_a_skip_while_playing_ramps_down_here_and_up_at_the_target(
    size: int, p: int, q: int
) -> None:
    d = Drive()
    d.write(p + 1500)
    d.fills(p, size)
    d.jump(q, first=4096)
    d.fills(3000, size)
    expected = np.concatenate([
        d.render[:p],
        ramped(d.render[p : p + R], DOWN),
        ramped(d.render[q : q + R], UP),
        d.render[q + R : q + 3000 - R],
    ])  # fmt: skip
    same(d.heard(), expected)
    assert d.deck.position == q + 3000 - R
    assert d.deck.listened == p + 3000  # every frame handed over, ramps included


def test_a_skip_while_paused_moves_at_once_and_resume_ramps_up_there() -> None:
    d = Drive()
    d.write(4000)
    d.fill(1000)
    d.deck.commands.put(PAUSE)
    d.fill(R + 20)
    d.jump(12_000)
    np.testing.assert_array_equal(d.fill(300), np.zeros((300, 2)))
    assert d.deck.position == 12_000
    d.deck.commands.put(RESUME)
    got = d.fill(1000)
    same(got, np.concatenate([ramped(d.render[12_000:12_480], UP), d.render[12_480:13_000]]))
    assert d.deck.position == 13_000


def test_a_skip_and_a_resume_while_paused_before_the_next_buffer_ramp_up_at_the_target() -> None:
    d = Drive()
    d.write(4000)
    d.fill(1000)
    d.deck.commands.put(PAUSE)
    d.fill(R)
    d.jump(12_000)
    d.deck.commands.put(RESUME)  # both before the callback runs again
    got = d.fill(1000)
    same(got, np.concatenate([ramped(d.render[12_000:12_480], UP), d.render[12_480:13_000]]))
    assert d.deck.listened == 1000 + R + 1000


def test_a_pause_during_a_skip_s_fade_out_stays_paused_at_the_target() -> None:
    d = Drive()
    d.write(3000)
    d.fill(1000)
    d.jump(8000)
    d.fill(100)
    d.deck.commands.put(PAUSE)
    d.fill(900)
    expected = np.concatenate([
        d.render[:1000], ramped(d.render[1000:1480], DOWN), np.zeros((520, 2)),
    ])  # fmt: skip
    same(d.heard(), expected)
    assert d.deck.held and d.deck.position == 8000
    d.deck.commands.put(RESUME)
    same(d.fill(R), ramped(d.render[8000:8480], UP))


def test_pause_resume_pause_within_one_fade_stays_paused() -> None:
    d = Drive()
    d.write(3000)
    d.fill(1000)
    d.deck.commands.put(PAUSE)
    d.fill(100)
    d.deck.commands.put(RESUME)
    d.fill(100)
    d.deck.commands.put(PAUSE)  # changed their mind again before the fade ended
    d.fill(800)
    expected = np.concatenate([
        d.render[:1000], ramped(d.render[1000:1480], DOWN), np.zeros((520, 2)),
    ])  # fmt: skip
    same(d.heard(), expected)
    assert d.deck.held and d.deck.position == 1480


def test_a_skip_after_a_pause_and_resume_plays_on_at_the_target() -> None:
    d = Drive()
    d.write(4000)
    d.fill(1000)
    d.deck.commands.put(PAUSE)
    d.fill(R)
    d.deck.commands.put(RESUME)
    d.fill(1000)  # playing again from 1480, at 2480 now
    d.jump(9000, first=4000)
    d.fill(1500)
    expected = np.concatenate([
        ramped(d.render[2480:2960], DOWN), ramped(d.render[9000:9480], UP),
        d.render[9480:10_020],
    ])  # fmt: skip
    same(d.heard()[-1500:], expected)
    assert not d.deck.held


def test_a_skip_during_a_skip_s_fade_out_lands_on_the_newest_target() -> None:
    d = Drive()
    d.write(3000)
    d.fill(1000)
    d.jump(8000)
    d.fill(200)  # fading out of 1000..1480
    d.jump(15_000)
    d.fill(2000)
    expected = np.concatenate([
        d.render[:1000], ramped(d.render[1000:1480], DOWN),
        ramped(d.render[15_000:15_480], UP), d.render[15_480:16_720],
    ])  # fmt: skip
    same(d.heard(), expected)


def test_a_pause_then_a_skip_before_the_fade_ends_stays_paused_at_the_target() -> None:
    d = Drive()
    d.write(3000)
    d.fill(1000)
    d.deck.commands.put(PAUSE)
    d.fill(100)
    d.jump(9000)
    d.fill(1000)
    expected = np.concatenate([
        d.render[:1000], ramped(d.render[1000:1480], DOWN), np.zeros((620, 2)),
    ])  # fmt: skip
    same(d.heard(), expected)
    assert d.deck.held and d.deck.position == 9000
    d.deck.commands.put(RESUME)
    same(d.fill(R), ramped(d.render[9000:9480], UP))


def test_a_skip_while_fading_in_after_resume_ramps_down_from_there() -> None:
    d = Drive(playing=False)
    d.write(3000)
    d.deck.commands.put(RESUME)
    d.fill(200)  # 200 frames into the fade-in at 0
    d.jump(7000)
    d.fill(1500)
    expected = np.concatenate([
        ramped(d.render[:200], UP), ramped(d.render[200:680], DOWN),
        ramped(d.render[7000:7480], UP), d.render[7480:8020],
    ])  # fmt: skip
    same(d.heard(), expected)


def test_when_the_ring_runs_dry_the_output_is_silent_and_nothing_is_dropped() -> None:
    d = Drive()
    d.write(700)
    got = d.fill(1000)
    np.testing.assert_array_equal(got[:700], d.render[:700].astype(np.float32))
    np.testing.assert_array_equal(got[700:], np.zeros((300, 2)))
    assert d.deck.position == 700 and d.deck.starved == 1
    np.testing.assert_array_equal(d.fill(500), np.zeros((500, 2)))
    assert d.deck.position == 700 and d.deck.starved == 2 and d.deck.listened == 700
    d.write(2000)
    np.testing.assert_array_equal(d.fill(1000), d.render[700:1700].astype(np.float32))


def test_a_fade_out_that_runs_dry_ends_there_and_the_jump_still_happens() -> None:
    d = Drive()
    d.write(1100)
    d.fill(1000)
    d.jump(5000)  # only 100 frames of the old generation are left to fade
    d.fill(1000)
    expected = np.concatenate([
        d.render[:1000], ramped(d.render[1000:1100], DOWN),
        ramped(d.render[5000:5480], UP), d.render[5480:5900],
    ])  # fmt: skip
    same(d.heard(), expected)


@pytest.mark.parametrize("size", [256, 1000, 4096])
def test_at_the_session_end_the_rest_is_zeros_and_fill_says_so(size: int) -> None:
    length = 2500
    d = Drive(length=length)
    d.write(length)
    buffers = -(-length // size)
    for _ in range(buffers - 1):
        d.fill(size)
    last = d.fill(size, more=length % size == 0)
    rest = length - (buffers - 1) * size
    np.testing.assert_array_equal(last[:rest], d.render[length - rest :].astype(np.float32))
    np.testing.assert_array_equal(last[rest:], np.zeros((size - rest, 2)))
    np.testing.assert_array_equal(d.fill(size, more=False), np.zeros((size, 2)))
    assert d.deck.position == length and d.deck.listened == length


def test_the_session_s_last_frame_is_handed_out_too() -> None:
    d = Drive(length=2500)
    d.write(2500)
    d.fill(2499)
    last = d.fill(100, more=False)
    np.testing.assert_array_equal(last[0], d.render[2499].astype(np.float32))
    np.testing.assert_array_equal(last[1:], np.zeros((99, 2)))
    assert d.deck.listened == 2500


def test_a_skip_to_the_end_fades_out_then_ends() -> None:
    length = 6000
    d = Drive(length=length)
    d.write(3000)
    d.fill(1000)
    d.jump(length, first=0)
    got = d.fill(1000, more=False)
    same(got, np.concatenate([ramped(d.render[1000:1480], DOWN), np.zeros((520, 2))]))
    assert d.deck.position == length


def test_the_ring_wraps_around_its_capacity() -> None:
    d = Drive(length=20_000, capacity=1000)
    for _ in range(12):
        d.write(450)
        d.fill(400)
    np.testing.assert_array_equal(d.heard(), d.render[: 12 * 400].astype(np.float32))
    assert d.deck.free() == 1000 - (12 * 450 - 12 * 400)


def test_free_and_ahead_count_what_the_mixing_thread_may_write_and_has_prepared() -> None:
    d = Drive(capacity=10_000)
    assert d.deck.free() == 10_000 and d.deck.ahead() == 0
    d.write(3000)
    assert d.deck.free() == 7000 and d.deck.ahead() == 3000
    d.fill(1000)
    assert d.deck.free() == 8000 and d.deck.ahead() == 2000
    d.jump(9000, first=500)  # only the new generation counts as prepared
    assert d.deck.ahead() == 500
    assert d.deck.write_position == 9500


def test_ready_when_a_buffer_or_the_session_s_rest_is_prepared() -> None:
    d = Drive(length=5000)
    assert not d.deck.ready(1)
    d.write(999)
    assert d.deck.ready(999) and not d.deck.ready(1000)
    d.fill(999)
    assert not d.deck.ready(1)  # all of it taken: nothing prepared
    d.write(500)
    assert d.deck.ready(500) and not d.deck.ready(501)
    d.write(5000 - 1499)
    assert d.deck.ready(10_000)  # more than the rest of the session: the rest is enough
    d.jump(4500, first=200)
    assert not d.deck.ready(300)  # the new generation's 200 frames, 500 to the end
    assert d.deck.ready(200)
    d.jump(4900, first=100)
    assert d.deck.ready(1024)  # its 100 frames are all the session has left


def test_a_jump_keeps_what_the_callback_may_still_fade_of_the_old_generation() -> None:
    d = Drive(length=100_000)
    for _ in range(20):
        d.write(2000)  # 40 000 frames prepared
    d.fill(1000)
    d.jump(60_000, first=2000)
    # the old generation is cut 16 384 frames past the callback's 1000, the new one follows
    assert d.deck.pending[1] == 1000 + 16_384
    assert d.deck.write_index == 1000 + 16_384 + 2000
    d.fill(2000)
    same(
        d.heard()[1000:],
        np.concatenate([
            ramped(d.render[1000:1480], DOWN),
            ramped(d.render[60_000:60_480], UP),
            d.render[60_480:61_520],
        ]),
    )  # fmt: skip


def test_a_null_output_s_request_wakes_the_mixing_thread() -> None:
    deck = Deck(1000, 2048)
    woken: list[bool] = []
    deck.wakeup = lambda: woken.append(True)
    deck.request()
    assert woken == [True]


def test_hold_now_stops_at_once_without_a_ramp() -> None:
    d = Drive()
    d.write(5000)
    d.fill(1000)
    d.deck.hold_now()
    np.testing.assert_array_equal(d.fill(600), np.zeros((600, 2)))
    assert d.deck.held and d.deck.position == 1000
    d.deck.commands.put(RESUME)
    same(d.fill(R), ramped(d.render[1000:1480], UP))
    d.fill(1000)
    d.deck.commands.put(PAUSE)  # a pause later is a pause where the session is
    same(d.fill(R), ramped(d.render[2480:2960], DOWN))
    assert d.deck.held and d.deck.position == 2960


def test_hold_now_forgets_a_jump_s_fade() -> None:
    d = Drive()
    d.write(5000)
    d.fill(1000)
    d.jump(9000, first=4000)
    d.fill(100)
    d.deck.hold_now()
    np.testing.assert_array_equal(d.fill(600), np.zeros((600, 2)))
    assert d.deck.position == 9000  # the jump is made, silently
    d.deck.commands.put(RESUME)
    same(d.fill(R), ramped(d.render[9000:9480], UP))
    # and later a pause is a pause where the session is, the jump long done
    d.fill(1000)
    d.deck.commands.put(PAUSE)
    same(d.fill(R + 100), np.concatenate([
        ramped(d.render[10_480:10_960], DOWN), np.zeros((100, 2)),
    ]))  # fmt: skip
    assert d.deck.position == 10_960


# -- the acknowledgement tick: added over the output, not part of the session ---------------


def tick(frames: int) -> npt.NDArray[np.float32]:
    return np.full((frames, 2), 0.125, dtype=np.float32)


@pytest.mark.parametrize("frames", [700, 501])
def test_an_acknowledgement_is_added_over_the_next_buffers_while_playing(frames: int) -> None:
    d = Drive()
    d.write(5000)
    d.fill(100)
    d.deck.acknowledge(tick(frames))
    got = np.concatenate([d.fill(500), d.fill(500)])
    session = d.render[100:1100].astype(np.float32).astype(np.float64)
    sound = np.concatenate([np.full((frames, 2), 0.125), np.zeros((1000 - frames, 2))])
    same(got, session + sound)
    assert d.deck.listened == 1100  # not counted as listened


def test_an_acknowledgement_sounds_while_paused() -> None:
    d = Drive()
    d.write(3000)
    d.fill(100)
    d.deck.commands.put(PAUSE)
    d.fill(R)
    d.deck.acknowledge(tick(300))
    got = d.fill(500)
    same(got, np.concatenate([np.full((300, 2), 0.125), np.zeros((200, 2))]))


def test_a_second_acknowledgement_starts_its_sound_from_the_beginning() -> None:
    d = Drive(playing=False)
    ramp = np.repeat(np.arange(1, 601, dtype=np.float32)[:, None] / 1024, 2, axis=1)
    d.deck.acknowledge(ramp)
    d.fill(400)
    d.deck.acknowledge(ramp)
    got = d.fill(700)
    expected = np.concatenate([ramp.astype(np.float64), np.zeros((100, 2))])
    same(got, expected)
