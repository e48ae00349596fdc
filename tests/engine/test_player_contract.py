"""The player's promises as a listener meets them (docs/architecture.md "Playing", player.py's
docstring; issue 10 item 12: mutants that lived).

- previous_phase() restarts the current phase, or goes to the one before within 3 s of its
  start; next_phase() on the last phase gives Skipped(last, phase_count), then Finished;
- seek(sample) is clamped to the session; volumes to 0..1;
- play() after finished or stopped starts again from 0; toggle() pauses, resumes, and while
  preparing cancels or requests the start;
- snapshot(): state, position, phase, length, rate and `listened`, the samples handed over,
  which never goes down (a jump back does not take listening away);
- Paused, Resumed, Stopped are said once each, in order.
Phases here are silence of known lengths (no clips are needed to place a position).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from enginekit import (
    RATE,
    CapturingOutput,
    StopCountingOutput,
    audio,
    dc,
    make_program,
    phase,
    playing,
    wait_for,
    write_wav,
)

from vallei_player.core.program import Program
from vallei_player.engine import (
    Finished,
    NullOutput,
    Paused,
    PhaseEntered,
    Player,
    Resumed,
    Skipped,
    Stopped,
)

PlayerFor = Callable[[NullOutput, Program], Player]
R = 480  # the 10 ms ramp at 48 kHz
S = [0, 5 * RATE, 10 * RATE]  # phase starts: three phases of 5 s
LENGTH = 15 * RATE


@pytest.fixture
def three(tmp_path: Path) -> Program:
    return make_program(tmp_path, [phase(i, seconds=5) for i in range(3)])


def test_previous_within_3_s_of_a_phase_start_goes_to_the_phase_before(
    three: Program, player_for: PlayerFor
) -> None:
    _, player = playing(player_for, three)
    player.seek(S[1] + int(2.9 * RATE))
    player.previous_phase()
    assert player.snapshot().position == S[0]
    player.seek(S[2] + 100)
    player.previous_phase()
    assert player.snapshot().position == S[1]


def test_previous_3_s_or_more_into_a_phase_restarts_it(
    three: Program, player_for: PlayerFor
) -> None:
    _, player = playing(player_for, three)
    player.seek(S[1] + int(3.1 * RATE))
    player.previous_phase()
    assert player.snapshot().position == S[1]
    player.seek(S[2] + 3 * RATE)  # exactly 3 s: no longer "within"
    player.previous_phase()
    assert player.snapshot().position == S[2]


def test_previous_in_the_first_phase_restarts_it(three: Program, player_for: PlayerFor) -> None:
    _, player = playing(player_for, three)
    player.seek(RATE)
    player.previous_phase()
    assert player.snapshot().position == 0
    assert player.snapshot().phase_index == 0


def test_next_goes_to_the_next_phase_s_first_sample(three: Program, player_for: PlayerFor) -> None:
    _, player = playing(player_for, three)
    player.seek(S[0] + 1234)
    player.next_phase()
    snap = player.snapshot()
    assert (snap.position, snap.phase_index) == (S[1], 1)
    player.next_phase()
    assert player.snapshot().position == S[2]


def test_next_in_the_last_phase_ends_the_session(three: Program, player_for: PlayerFor) -> None:
    out, player = playing(player_for, three)
    player.seek(S[2] + RATE)
    player.drain_events()
    player.next_phase()
    assert player.snapshot().position == LENGTH
    out.pull(1024)  # the fade out of where it was, then the end
    wait_for(lambda: player.snapshot().state == "finished")
    events = player.drain_events()
    assert Skipped(2, 3) in events
    assert events.index(Skipped(2, 3)) < events.index(Finished())
    assert events.count(Finished()) == 1 and Stopped() not in events


def test_a_seek_is_clamped_to_the_session(three: Program, player_for: PlayerFor) -> None:
    _, player = playing(player_for, three)
    player.seek(S[1])
    player.seek(-5000)
    assert player.snapshot().position == 0
    player.seek(S[2] + 10)
    assert player.snapshot().phase_index == 2
    player.seek(LENGTH + 10 * RATE)
    assert player.snapshot().position == LENGTH


def test_a_seek_says_which_phase_it_left_and_which_it_reached(
    three: Program, player_for: PlayerFor
) -> None:
    out, player = playing(player_for, three)
    out.pull(1000)
    player.seek(S[2] + 500)
    out.pull(1000)
    seen: list[object] = []

    def reached() -> bool:
        seen.extend(player.drain_events())
        return PhaseEntered(2) in seen

    wait_for(reached)
    assert seen == [PhaseEntered(0), Skipped(0, 2), PhaseEntered(2)]


def test_volumes_are_kept_within_0_and_1(three: Program, player_for: PlayerFor) -> None:
    _, player = playing(player_for, three)
    player.set_voice_volume(1.7)
    player.set_bed_volume(-0.3)
    snap = player.snapshot()
    assert (snap.voice_volume, snap.bed_volume) == (1.0, 0.0)
    player.set_voice_volume(0.4)
    player.set_bed_volume(0.6)
    snap = player.snapshot()
    assert (snap.voice_volume, snap.bed_volume) == (0.4, 0.6)


def test_the_snapshot_tells_length_rate_phase_and_listened(
    three: Program, player_for: PlayerFor
) -> None:
    out, player = playing(player_for, three)
    out.pull(2000)
    snap = player.snapshot()
    assert (snap.state, snap.length, snap.rate) == ("playing", LENGTH, RATE)
    assert (snap.position, snap.listened, snap.phase_index) == (2000, 2000, 0)
    assert snap.length_s == 15.0 and snap.message is None


def test_listened_never_goes_down_and_counts_what_was_handed_over(
    three: Program, player_for: PlayerFor
) -> None:
    out, player = playing(player_for, three)
    heard = []
    out.pull(3000)
    heard.append(player.snapshot().listened)
    player.seek(S[2])
    out.pull(3000)
    heard.append(player.snapshot().listened)
    player.previous_phase()  # back to phase 1: listening already done stays done
    out.pull(3000)
    heard.append(player.snapshot().listened)
    player.pause()
    out.pull(3000)  # the 480-frame fade, then silence that is not listening
    heard.append(player.snapshot().listened)
    out.pull(3000)
    heard.append(player.snapshot().listened)
    player.seek(0)
    heard.append(player.snapshot().listened)
    assert heard == [3000, 6000, 9000, 9480, 9480, 9480]


def test_pause_resume_and_stop_are_each_said_once(three: Program, player_for: PlayerFor) -> None:
    out, player = playing(player_for, three)
    out.pull(1000)
    player.pause()
    player.pause()  # already paused: nothing more
    assert player.snapshot().state == "paused"
    out.pull(1000)
    player.resume()
    player.resume()
    assert player.snapshot().state == "playing"
    out.pull(1000)
    player.stop()
    player.stop()
    assert player.snapshot().state == "stopped"
    events = [e for e in player.drain_events() if not isinstance(e, PhaseEntered)]
    assert events == [Paused(), Resumed(), Stopped()]


def test_stop_while_paused_stops(three: Program, player_for: PlayerFor) -> None:
    out, player = playing(player_for, three)
    out.pull(1000)
    player.pause()
    out.pull(1000)
    player.stop()
    assert player.snapshot().state == "stopped"
    assert player.drain_events()[-1] == Stopped()


def test_toggle_pauses_and_plays_again(three: Program, player_for: PlayerFor) -> None:
    out, player = playing(player_for, three)
    out.pull(1000)
    player.toggle()
    assert player.snapshot().state == "paused"
    out.pull(1000)
    player.toggle()
    assert player.snapshot().state == "playing"
    out.pull(1000)
    assert player.snapshot().position == 1000 + 480 + 1000


def test_toggle_while_preparing_cancels_then_requests_the_start(
    three: Program, player_for: PlayerFor
) -> None:
    out = NullOutput("manual")
    player = player_for(out, three)
    player.play()
    player.toggle()  # it was about to start: now it will not
    assert player.snapshot().state in ("preparing", "paused")
    player.toggle()  # and now it will again
    wait_for(lambda: player.snapshot().state == "playing")


def test_pause_before_playing_begins_keeps_it_from_starting(
    three: Program, player_for: PlayerFor
) -> None:
    out = NullOutput("manual")
    player = player_for(out, three)
    player.play()
    player.pause()
    time.sleep(0.6)  # the mixing thread prepares and watches (at least every 0.25 s) meanwhile
    assert player.snapshot().state in ("preparing", "paused")  # not playing, either way
    player.resume()
    wait_for(lambda: player.snapshot().state == "playing")


def test_play_after_a_stop_starts_again_from_the_beginning(
    three: Program, player_for: PlayerFor
) -> None:
    out, player = playing(player_for, three)
    player.seek(S[1] + 700)
    out.pull(1000)
    player.stop()
    out.pull(1000)  # the device plays the stop's 10 ms fade
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    out.pull(500)
    snap = player.snapshot()
    assert (snap.position, snap.phase_index) == (500, 0)


def test_jumps_and_volumes_before_opening_or_after_closing_do_nothing(three: Program) -> None:
    player = Player(NullOutput("manual"))
    player.next_phase()
    player.previous_phase()
    player.seek(1000)
    player.pause()
    player.resume()
    player.stop()
    player.acknowledge()
    snap = player.snapshot()
    assert (snap.state, snap.position, snap.phase_index, snap.length) == ("idle", 0, -1, 0)
    assert player.drain_events() == []


def test_an_acknowledgement_sounds_while_paused_and_is_not_listening(
    three: Program, player_for: PlayerFor
) -> None:
    out = CapturingOutput("manual")
    player = player_for(out, three)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    out.pull(1000)
    player.pause()
    out.pull(1000)
    player.acknowledge()
    tick = out.pull(4000)
    assert np.abs(tick).max() > 0.01  # the session is silence: what sounds is the tick
    assert player.snapshot().listened == 1480  # and it is not listening


class DryOutput(CapturingOutput):
    """A manual null output whose device reports `count` underflows (ran dry)."""

    def __init__(self) -> None:
        super().__init__("manual")
        self.count = 0

    @property
    def underflows(self) -> int:
        return self.count


def test_five_underflows_within_ten_seconds_pause_with_a_message_four_do_not(
    three: Program, player_for: Callable[[CapturingOutput, Program], Player]
) -> None:
    """player.py: a device that keeps running dry (UNDERFLOW_LIMIT = 5 underflows within
    UNDERFLOW_WINDOW_S = 10 s) pauses the player with a message."""
    out = DryOutput()
    player = player_for(out, three)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    out.count = 4
    time.sleep(0.6)  # the mixing thread's watch runs at least every 0.25 s meanwhile
    assert player.snapshot().state == "playing"
    out.count = 5
    wait_for(lambda: player.snapshot().state == "paused")
    assert player.snapshot().message


def test_opening_another_session_while_one_plays_plays_only_the_new_one(
    tmp_path: Path, player_for: PlayerFor
) -> None:
    first_dir, second_dir = tmp_path / "a", tmp_path / "b"
    write_wav(first_dir / "v.wav", dc(2 * RATE, 0.5))
    write_wav(second_dir / "v.wav", dc(2 * RATE, 0.25))
    first = make_program(first_dir, [phase(0, voice="v.wav", seconds=2)])
    second = make_program(second_dir, [phase(0, voice="v.wav", seconds=2)])
    out, player = playing(player_for, first)
    out.pull(1000)
    assert player._thread is not None
    old_thread = player._thread
    player.open(second, "s1")
    assert not old_thread.is_alive()  # the first session's mixing thread has ended
    assert player.snapshot().state == "preparing" and player.snapshot().position == 0
    player.drain_events()
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    heard = np.concatenate([out.pull(1000) for _ in range(20)])
    seen: list[object] = []

    def entered() -> bool:
        seen.extend(player.drain_events())
        return PhaseEntered(0) in seen

    wait_for(entered)  # the new session's first phase is said, though the old one was in 0 too
    value = np.float32(np.rint(0.25 * 32767) / 32768)
    np.testing.assert_array_equal(heard[R:], np.full((20_000 - R, 2), value))


@pytest.fixture
def voice_and_bed(tmp_path: Path) -> Program:
    """One 6 s phase: a 0.5 voice for all of it and a 0.2 bed (bed_gain 0 dB, no fade-out)."""
    write_wav(tmp_path / "v.wav", dc(6 * RATE, 0.5))
    write_wav(tmp_path / "bed.wav", dc(RATE, 0.2))
    s = audio(bed="bed.wav", bed_gain_db=0.0, fade_out=0)
    return make_program(tmp_path, [phase(0, voice="v.wav", seconds=6, settings=s)], s)


def level(value: float) -> np.float32:
    return np.float32(np.rint(value * 32767) / 32768)


def test_a_bed_volume_change_is_heard_while_playing(
    voice_and_bed: Program, player_for: PlayerFor
) -> None:
    out, player = playing(player_for, voice_and_bed)
    player.seek(3 * RATE)  # past the bed's 2 s fade-in
    out.pull(2000)
    player.set_bed_volume(0.0)
    heard = np.concatenate([out.pull(1000) for _ in range(40)])
    np.testing.assert_allclose(heard[-5000:], level(0.5), rtol=1e-6)  # the voice alone


def test_a_volume_set_before_a_jump_back_holds_after_it(
    voice_and_bed: Program, player_for: PlayerFor
) -> None:
    out, player = playing(player_for, voice_and_bed)
    player.seek(3 * RATE)
    out.pull(1000)
    player.set_voice_volume(0.5)
    for _ in range(40):
        out.pull(1000)  # the change is heard by now
    player.seek(int(2.5 * RATE))  # back to before where the change was mixed
    heard = np.concatenate([out.pull(1000) for _ in range(5)])
    np.testing.assert_allclose(heard[2 * R :], 0.5 * level(0.5) + level(0.2), rtol=1e-5)


def test_a_session_shorter_than_the_look_ahead_plays_whole_and_finishes(
    tmp_path: Path, player_for: PlayerFor
) -> None:
    write_wav(tmp_path / "v.wav", dc(4800, 0.5))  # 0.1 s, under the 0.4 s prepared ahead
    program = make_program(tmp_path, [phase(0, voice="v.wav", seconds=0.1)])
    out, player = playing(player_for, program)
    heard = np.concatenate([out.pull(1024) for _ in range(5)])
    np.testing.assert_array_equal(heard[:4800], np.full((4800, 2), level(0.5)))
    assert not heard[4800:].any()
    wait_for(lambda: player.snapshot().state == "finished")
    snap = player.snapshot()
    assert (snap.position, snap.listened) == (4800, 4800)
    assert Finished() in player.drain_events()


def test_after_an_underflow_pause_play_starts_counting_afresh(
    three: Program, player_for: Callable[[CapturingOutput, Program], Player]
) -> None:
    out = DryOutput()
    player = player_for(out, three)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    out.count = 5
    wait_for(lambda: player.snapshot().state == "paused")
    out.count = 0  # the device's stream is opened anew: its count starts again
    player.resume()
    time.sleep(0.6)  # the watch runs meanwhile; the old five are not held against it
    assert player.snapshot().state == "playing"
    out.count = 4
    time.sleep(0.6)
    assert player.snapshot().state == "playing"
    out.count = 5
    wait_for(lambda: player.snapshot().state == "paused")


def test_play_at_once_after_stop_keeps_playing_once_the_stop_s_fade_time_is_over(
    voice_and_bed: Program, player_for: PlayerFor
) -> None:
    out, player = playing(player_for, voice_and_bed)
    out.pull(1000)
    player.stop()
    player.play()  # before the device has played the stop's fade
    wait_for(lambda: player.snapshot().state == "playing")
    time.sleep(0.5)  # longer than the stop's fade may take: the new start is not closed by it
    heard = np.concatenate([out.pull(1000) for _ in range(3)])
    assert np.abs(heard[-1000:]).min() > 0.4  # the voice (0.5) plays on
    assert player.snapshot().state == "playing"


def test_close_lets_go_of_the_device_and_the_session_even_if_the_device_stalled(
    three: Program, player_for: PlayerFor
) -> None:
    """Closing (the app's Stop and leave, quitting) frees the sound device at once, although
    a stalled device never played the stop's fade, and leaves no session behind."""
    out = StopCountingOutput()
    player = player_for(out, three)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    out.pull(1000)
    player.close()  # nothing pulls any more: the fade is never played
    assert out.stops >= 1 and not out._running
    snap = player.snapshot()
    assert (snap.state, snap.length, snap.phase_index) == ("idle", 0, -1)


def test_a_newly_opened_session_waits_for_play_and_does_not_inherit_an_end(
    tmp_path: Path, player_for: PlayerFor
) -> None:
    """After one session played to its end, the next one opened waits for Play (it does
    not start by itself), and once played it plays: the old session's end is not its end."""
    short_dir, long_dir = tmp_path / "a", tmp_path / "b"
    write_wav(short_dir / "v.wav", dc(RATE // 10, 0.5))
    write_wav(long_dir / "v.wav", dc(3 * RATE, 0.25))
    short = make_program(short_dir, [phase(0, voice="v.wav", seconds=0.1)])
    longer = make_program(long_dir, [phase(0, voice="v.wav", seconds=3)])
    out, player = playing(player_for, short)
    for _ in range(5):
        out.pull(1024)
    wait_for(lambda: player.snapshot().state == "finished")
    assert Finished() in player.drain_events()
    player.open(longer, "s1")
    time.sleep(0.5)  # time enough to prepare, and for a wrongly remembered Play to start it
    assert player.snapshot().state == "preparing"  # prepared, waiting for Play
    player.drain_events()
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    for _ in range(10):
        out.pull(4800)
    time.sleep(0.3)  # time enough for a wrongly remembered end to be reported
    events = player.drain_events()
    assert Finished() not in events and player.snapshot().state == "playing", events
