"""What the player owes the listener around the edges of a session (player.py's docstring,
docs/architecture.md "Playing"; issue 10 item 12: player.py mutants that lived):

- the sound device is let go when it is no longer needed: after a stop (once the 10 ms
  fade is played; at once when paused, as the pause already faded), after the end, and a
  closed session lets go of its decoded clips;
- every phase is said (PhaseEntered) before Finished, even a last phase too short for the
  mixing thread to see it playing; Next pressed before playing begins is said too;
- volumes set before opening hold from the very first sample, and a change while playing
  glides over 20 ms (960 samples at 48 kHz);
- underflows count against the device only within a 10 s window: five spread over a long
  session do not stop it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from enginekit import (
    RATE,
    CapturingOutput,
    StopCountingOutput,
    dc,
    lookup_for,
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
    PhaseEntered,
    Player,
    Skipped,
)
from vallei_player.engine import player as player_module
from vallei_player.engine.cache import PcmCache
from vallei_player.engine.mixer import Mixer

PlayerFor = Callable[[NullOutput, Program], Player]
R = 480  # the 10 ms fade at 48 kHz
GLIDE = 960  # the 20 ms volume glide at 48 kHz


def level(value: float) -> float:
    """What a 16-bit WAV of a constant `value` decodes to."""
    return float(np.float32(np.rint(value * 32767) / 32768))


@pytest.fixture
def steady(tmp_path: Path) -> Program:
    """One 6 s phase: a voice of constant 0.5 (no bed, no cue)."""
    write_wav(tmp_path / "v.wav", dc(6 * RATE, 0.5))
    return make_program(tmp_path, [phase(0, voice="v.wav", seconds=6)])


def test_a_stop_while_playing_lets_the_device_play_the_fade_then_lets_it_go(
    steady: Program, player_for: PlayerFor
) -> None:
    out, player = playing(player_for, steady, StopCountingOutput())
    out.pull(2000)
    player.stop()
    time.sleep(0.05)  # the mixing thread was woken by the stop and has looked meanwhile
    assert out.stops == 0  # the device has not played the fade yet: it is not cut off
    faded = out.pull(1024)[:, 0]
    assert faded[0] > 0.45 and (np.diff(faded[:R]) <= 0).all() and not faded[R:].any()
    wait_for(lambda: out.stops >= 1, timeout=3)  # the fade is played: the device is let go


def test_closing_right_after_a_stop_still_lets_the_fade_play(
    steady: Program, player_for: PlayerFor
) -> None:
    """Stop and leave at once (the app's Stop then closing the view): the device, playing by
    itself in real time, still gets the 10 ms fade rather than a cut at full level."""
    out, player = playing(player_for, steady, CapturingOutput("paced"))
    wait_for(lambda: out.pulled >= RATE // 4)
    player.stop()
    player.close()
    heard = out.captured()[:, 0]
    loud = np.flatnonzero(np.abs(heard) > 1e-4)
    assert len(loud) > 0 and loud[-1] < len(heard) - 1  # it ended in silence, not at 0.5
    tail = heard[loud[-1] - R + 1 : loud[-1] + 1]
    assert (np.diff(tail) <= 0).all() and tail[-1] < 0.01  # faded down, sample by sample


def test_a_stop_while_paused_lets_the_device_go_at_once(
    steady: Program, player_for: PlayerFor
) -> None:
    out, player = playing(player_for, steady, StopCountingOutput())
    out.pull(2000)
    player.pause()
    out.pull(1024)  # the pause's fade is played
    player.stop()
    assert out.stops == 1  # nothing is left to fade: no waiting for the mixing thread


def test_a_session_that_plays_to_its_end_lets_the_device_go(
    tmp_path: Path, player_for: PlayerFor
) -> None:
    write_wav(tmp_path / "v.wav", dc(RATE // 10, 0.5))
    program = make_program(tmp_path, [phase(0, voice="v.wav", seconds=0.1)])
    out, player = playing(player_for, program, StopCountingOutput())
    for _ in range(5):
        out.pull(1024)
    wait_for(lambda: player.snapshot().state == "finished")
    assert out.stops >= 1  # before anything is closed: the end itself let the device go


def test_every_phase_is_said_before_finished_even_a_very_short_last_one(
    tmp_path: Path, player_for: PlayerFor
) -> None:
    """A 10 ms last phase played within one device buffer is still said, before Finished:
    the recorder counts a phase as reached only when it is said."""
    write_wav(tmp_path / "v.wav", dc(RATE // 4, 0.5))
    program = make_program(
        tmp_path, [phase(0, voice="v.wav", seconds=0.25), phase(1, seconds=0.01)]
    )
    out, player = playing(player_for, program)  # 0.26 s: all prepared before it plays
    out.pull(RATE // 2)  # the whole session in one buffer
    wait_for(lambda: player.snapshot().state == "finished")
    said = [e for e in player.drain_events() if isinstance(e, PhaseEntered | Finished)]
    assert said == [PhaseEntered(0), PhaseEntered(1), Finished()]


def test_next_pressed_before_playing_begins_is_said_once_it_plays(
    tmp_path: Path, player_for: PlayerFor
) -> None:
    program = make_program(tmp_path, [phase(i, seconds=5) for i in range(3)])
    out = NullOutput("manual")
    player = player_for(out, program)
    assert player.snapshot().state == "preparing"
    player.next_phase()
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    out.pull(1024)
    seen: list[object] = []

    def entered() -> bool:
        seen.extend(player.drain_events())
        return PhaseEntered(1) in seen

    wait_for(entered, timeout=3)
    assert Skipped(0, 1) in seen and PhaseEntered(0) not in seen


def test_a_voice_volume_set_before_opening_holds_from_the_first_sample(
    steady: Program, cache: PcmCache
) -> None:
    out = CapturingOutput("manual")
    player = Player(out, cache=cache)
    player.set_voice_volume(0.5)
    player.open(steady, "s1", lookup=lookup_for(steady.root))
    try:
        player.play()
        wait_for(lambda: player.snapshot().state == "playing")
        heard = out.pull(2 * R)[:, 0].astype(np.float64)
    finally:
        player.close()
    # The session's first sample is the clip's first (no fade at the very start), at half.
    np.testing.assert_allclose(heard, 0.5 * level(0.5), rtol=1e-6)


def test_a_voice_volume_change_glides_over_20_ms(steady: Program, player_for: PlayerFor) -> None:
    out, player = playing(player_for, steady)
    out.pull(2000)
    player.set_voice_volume(0.5)
    heard = np.concatenate([out.pull(1000) for _ in range(40)])[:, 0].astype(np.float64)
    full, half = level(0.5), 0.5 * level(0.5)
    assert heard[0] == pytest.approx(full) and heard[-1] == pytest.approx(half)
    between = np.flatnonzero((heard < full - 1e-6) & (heard > half + 1e-6))
    assert len(between) == GLIDE  # 20 ms of samples on the way, not a step
    assert (np.diff(between) == 1).all()  # one stretch
    assert (np.diff(heard[between[0] - 1 : between[-1] + 2]) < 0).all()  # always down


def test_a_bed_volume_above_full_is_kept_at_full(steady: Program, player_for: PlayerFor) -> None:
    _, player = playing(player_for, steady)
    player.set_bed_volume(1.5)
    assert player.snapshot().bed_volume == 1.0


class _Clock:
    """The player's clock, moved on by the test (the device's last call-back goes with it)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset


class _DryOnTheClock(CapturingOutput):
    def __init__(self, clock: _Clock) -> None:
        super().__init__("manual")
        self.clock = clock
        self.count = 0

    @property
    def underflows(self) -> int:
        return self.count

    @property
    def last_callback(self) -> float:
        return self.clock.monotonic()  # a device that keeps calling back


def test_underflows_spread_over_more_than_ten_seconds_do_not_stop_the_session(
    steady: Program,
    player_for: Callable[[CapturingOutput, Program], Player],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = _Clock()
    monkeypatch.setattr(player_module, "time", clock)
    out = _DryOnTheClock(clock)
    player = player_for(out, steady)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    out.count = 3
    time.sleep(0.6)  # the watch (at least every 0.25 s) has counted them
    clock.offset = 11.0  # eleven seconds later
    out.count = 5  # two more: five in all, but only two within the last ten seconds
    time.sleep(0.6)
    assert player.snapshot().state == "playing"
    out.count = 8  # three more now: five within ten seconds
    wait_for(lambda: player.snapshot().state == "paused", timeout=3)
    assert player.snapshot().message


def _open_files_under(folder: Path) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


def test_a_closed_session_lets_go_of_its_decoded_clips(
    steady: Program, player_for: PlayerFor, cache: PcmCache
) -> None:
    out, player = playing(player_for, steady)
    out.pull(1000)
    assert _open_files_under(cache.root)  # the decoded voice is open while it plays
    player.close()
    assert _open_files_under(cache.root) == []  # and let go once closed (it may be evicted)


def test_play_pressed_while_one_session_prepares_does_not_start_the_next_one_opened(
    tmp_path: Path, player_for: PlayerFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Play pressed while a session is still being prepared, then another session opened
    instead (the user picked a different one): the new one waits for its own Play."""
    first, second = (make_program(tmp_path / name, [phase(0, seconds=3)]) for name in ("a", "b"))
    mix, gate = Mixer.mix, threading.Event()
    mixers: list[Mixer] = []

    def slow_for_the_first(self: Mixer, *args: Any, **kwargs: Any) -> Any:
        if not mixers:
            mixers.append(self)
        if self is mixers[0]:
            gate.wait(10)  # the first session's clips are slow to decode
        return mix(self, *args, **kwargs)

    monkeypatch.setattr(Mixer, "mix", slow_for_the_first)
    out = NullOutput("manual")
    player = player_for(out, first)
    player.play()
    assert player.snapshot().state == "preparing"  # it starts once prepared
    threading.Timer(0.3, gate.set).start()  # the first session's mixing can then end
    player.open(second, "s1")
    time.sleep(0.5)  # time enough to prepare the second, and for a remembered Play to start it
    assert player.snapshot().state == "preparing"
    player.play()
    wait_for(lambda: player.snapshot().state == "playing", timeout=5)
