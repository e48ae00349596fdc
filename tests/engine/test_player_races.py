"""Races in the Player found by reading its code (issue 9 item 12), each shown as a user sees it.

- A jump the mixing thread could not make in time (it was busy mixing a clip still being
  decoded) was logged as a skip although the session went on where it was.
- Stop waited for its fade on the caller's (the GUI's) thread with the player's lock held;
  now it returns at once and the output hands over the 10 ms fade before it is closed.
- `toggle()` read the state and the wish to play without the lock, so a pause pressed while
  the mixing thread was between its two stores was lost.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from enginekit import RATE, dc, make_program, phase, playing, wait_for, write_wav

from vallei_player.core.program import Program
from vallei_player.engine import NullOutput, Player, Skipped, Stopped
from vallei_player.engine import player as player_module
from vallei_player.engine.stream import RAMP


@pytest.fixture
def two_phases(tmp_path: Path) -> Program:
    """Phase 0: 0.5 for 2 s; phase 1: 0.25 for 2 s (no bed, no cue)."""
    write_wav(tmp_path / "half.wav", dc(2 * RATE, 0.5))
    write_wav(tmp_path / "quarter.wav", dc(2 * RATE, 0.25))
    phases = [phase(0, voice="half.wav", seconds=2), phase(1, voice="quarter.wav", seconds=2)]
    return make_program(tmp_path, phases)


@pytest.fixture
def under_way(
    two_phases: Program, player_for: Callable[[NullOutput, Program], Player]
) -> tuple[NullOutput, Player]:
    """Playing, 1000 frames into phase 0, on a manual null output."""
    out, player = playing(player_for, two_phases)
    out.pull(1000)
    return out, player


def test_a_jump_the_mixing_thread_never_made_is_not_logged_as_a_skip(
    under_way: tuple[NullOutput, Player], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, player = under_way
    session = player.session
    assert session is not None
    mix, busy, free = session.mixer.mix, threading.Event(), threading.Event()

    def slow_mix(start: int, frames: int) -> np.ndarray:
        if not free.is_set():
            busy.set()
            free.wait(30)  # a clip still being decoded holds the mixing thread up
        return mix(start, frames)

    monkeypatch.setattr(session.mixer, "mix", slow_mix)
    monkeypatch.setattr(player_module, "REQUEST_TIMEOUT_S", 0.05)
    out.pull(RATE // 4)  # the ring needs mixing now: the mixing thread is held up there
    wait_for(busy.is_set)
    player.next_phase()  # not taken within the timeout
    free.set()
    for _ in range(10):
        out.pull(1000)
    assert not [e for e in player.drain_events() if isinstance(e, Skipped)]
    snap = player.snapshot()
    assert snap.phase_index == 0 and snap.position == 1000 + RATE // 4 + 10_000  # played on


def test_stop_returns_at_once_and_the_output_plays_the_fade_before_it_closes(
    under_way: tuple[NullOutput, Player],
) -> None:
    out, player = under_way
    player.stop()
    assert player.snapshot().state == "stopped"
    assert player.drain_events()[-1] == Stopped()
    # Nobody has pulled since: the output is still open, waiting to hand over the fade.
    assert out._running
    faded = out.pull(1024)[:, 0].astype(np.float64)
    k = np.arange(RAMP)
    down = 0.5 + 0.5 * np.cos(np.pi * (k + 0.5) / RAMP)  # 10 ms raised cosine, 1 -> 0
    np.testing.assert_allclose(faded[:RAMP], 0.5 * down, atol=1e-6)
    assert (faded[RAMP:] == 0).all()
    wait_for(lambda: not out._running)  # then the mixing thread closes the output


def test_a_stop_that_is_never_faded_closes_the_output_anyway(
    under_way: tuple[NullOutput, Player],
) -> None:
    out, player = under_way
    player.stop()  # and nobody ever pulls the fade (a device that stopped calling back)
    wait_for(lambda: not out._running)


def test_play_again_right_after_stop_plays_from_the_start(
    under_way: tuple[NullOutput, Player],
) -> None:
    out, player = under_way
    player.stop()
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    assert out._running
    out.pull(2000)
    snap = player.snapshot()
    assert snap.state == "playing" and snap.phase_index == 0


def test_a_pause_pressed_while_the_mixing_thread_changes_the_state_is_not_lost(
    two_phases: Program, player_for: Callable[[NullOutput, Program], Player]
) -> None:
    out = NullOutput("manual")
    player = player_for(out, two_phases)
    toggled = threading.Event()
    with player._lock:  # the mixing thread, half way through "start playing when prepared"
        player._state, player._want_play = "preparing", False
        pressing = threading.Thread(target=lambda: (player.toggle(), toggled.set()))
        pressing.start()
        toggled.wait(0.2)
        player._want_play = True  # the second store: it is to play as soon as prepared
    pressing.join(10)
    assert toggled.is_set()
    # The user pressed pause while it was about to play: it does not play. (The mixing
    # thread may have started it just before the press was taken: then it is paused.)
    time.sleep(0.3)  # give the mixing thread every chance to start playing
    assert player.snapshot().state in ("preparing", "paused")
    assert player._want_play is False
