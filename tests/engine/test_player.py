"""The player hands the output exactly what `render` writes, also around pauses and skips."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from enginekit import (
    RATE,
    CapturingOutput,
    audio,
    dc,
    lookup_for,
    make_program,
    phase,
    read_wav,
    tone,
    write_wav,
)

from vallei_player.core.program import BUILTIN_CUE, Program
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
from vallei_player.engine.cache import PcmCache
from vallei_player.engine.stream import RAMP, ramp_up
from vallei_player.engine.wavfile import render

UP = ramp_up()
DOWN = UP[::-1]


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


@pytest.fixture
def program(tmp_path: Path) -> Program:
    """Three phases: voices, a bed that changes, the bell between phases."""
    write_wav(tmp_path / "v0.wav", tone(1.5, 440, 0.4))
    write_wav(tmp_path / "v1.wav", np.stack((tone(1.0, 550, 0.3), tone(1.0, 660, 0.3)), axis=1))
    write_wav(tmp_path / "bed1.wav", np.repeat(tone(0.5, 100, 0.3)[:, None], 2, axis=1))
    write_wav(tmp_path / "bed2.wav", dc(RATE // 3, 0.05))
    one = audio(cue=BUILTIN_CUE, bed="bed1.wav", bed_gain_db=-6.0, crossfade=0.5)
    two = audio(cue=BUILTIN_CUE, bed="bed2.wav", bed_gain_db=-6.0, crossfade=0.5)
    phases = [
        phase(0, voice="v0.wav", seconds=2, settings=one),
        phase(1, voice="v1.wav", seconds=2, settings=one),
        phase(2, seconds=2, settings=two),
    ]
    return make_program(tmp_path, phases, audio(fade_out=1))


def test_player_output_equals_render_through_pause_resume_and_skip(
    program: Program, player_for: Callable[[NullOutput, Program], Player], tmp_path: Path
) -> None:
    out = CapturingOutput("manual")
    player = player_for(out, program)
    assert player.snapshot().state == "preparing"
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    session = player.session
    assert session is not None
    render(session.mixer, tmp_path / "r.wav", float32=True)
    rate, ref = read_wav(tmp_path / "r.wav")
    assert rate == RATE and len(ref) == 6 * RATE

    def pull(n: int, block: int = 1000) -> None:
        while n > 0:
            out.pull(min(block, n))
            n -= block

    pull(30_000)  # 0.625 s played
    player.pause()
    pull(RAMP)
    pull(2_000)  # silence while paused
    assert player.snapshot().position == 30_000 + RAMP
    player.resume()
    pull(20_000)
    player.next_phase()  # from phase 0 (at 50 960) to phase 1 at 96 000
    pull(40_000)
    player.seek(200_000)  # within phase 2
    pull(10_000)

    p1 = 30_000
    p2 = p1 + RAMP + 20_000
    q = 2 * RATE
    p3 = q + RAMP + 40_000 - RAMP - RAMP
    expected = np.concatenate(
        [
            ref[:p1],
            ref[p1 : p1 + RAMP] * DOWN,
            np.zeros((2_000, 2), np.float32),
            ref[p1 + RAMP : p1 + 2 * RAMP] * UP,
            ref[p1 + 2 * RAMP : p2],
            ref[p2 : p2 + RAMP] * DOWN,
            ref[q : q + RAMP] * UP,
            ref[q + RAMP : p3],
            ref[p3 : p3 + RAMP] * DOWN,
            ref[200_000 : 200_000 + RAMP] * UP,
            ref[200_000 + RAMP : 200_000 + 10_000 - RAMP],
        ]
    )
    got = out.captured()
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)
    snap = player.snapshot()
    assert snap.position == 200_000 + 10_000 - RAMP
    assert snap.listened == len(got) - 2_000
    names = [e for e in player.drain_events()]
    assert names == [
        PhaseEntered(0),
        Paused(),
        Resumed(),
        Skipped(0, 1),
        PhaseEntered(1),
        Skipped(1, 2),
        PhaseEntered(2),
    ]


def test_a_whole_session_played_is_the_render_and_finishes(
    program: Program, player_for: Callable[[NullOutput, Program], Player], tmp_path: Path
) -> None:
    out = CapturingOutput("fast", blocksize=777)
    player = player_for(out, program)
    player.play()
    wait_for(lambda: player.snapshot().state == "finished")
    session = player.session
    assert session is not None
    render(session.mixer, tmp_path / "r.wav", float32=True)
    _, ref = read_wav(tmp_path / "r.wav")
    got = out.captured()
    np.testing.assert_array_equal(got[: len(ref)], ref)
    assert not got[len(ref) :].any()  # the last buffer is padded with silence
    snap = player.snapshot()
    assert (snap.position, snap.listened, snap.phase_index) == (len(ref), len(ref), 2)
    events = player.drain_events()
    assert events == [PhaseEntered(0), PhaseEntered(1), PhaseEntered(2), Finished()]


def test_previous_next_and_stop(
    program: Program, player_for: Callable[[NullOutput, Program], Player]
) -> None:
    out = NullOutput("manual")
    player = player_for(out, program)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    player.seek(2 * RATE + RATE)  # 1 s into phase 1
    player.previous_phase()  # more than 3 s? no: 1 s in, so back to phase 0
    assert player.snapshot().position == 0
    player.seek(5 * RATE)
    player.previous_phase()  # 1 s into the last phase: to phase 1
    assert player.snapshot().position == 2 * RATE
    player.next_phase()
    player.next_phase()  # past the last phase: the session ends
    for _ in range(5):
        out.pull(1000)
    wait_for(lambda: player.snapshot().state == "finished")
    player.stop()  # nothing left to stop
    assert player.snapshot().state == "finished"
    player.play()  # once more, from the start
    wait_for(lambda: player.snapshot().state == "playing")
    out.pull(1000)
    assert player.snapshot().position == 1000 and player.snapshot().phase_index == 0


def test_live_volumes_glide_in_and_stop_fades(program: Program, cache: PcmCache) -> None:
    out = CapturingOutput("manual")
    player = Player(out, cache=cache)
    player.set_bed_volume(0.0)  # set before opening: from the first sample
    player.set_voice_volume(0.5)
    player.open(program, "s1", lookup=lookup_for(program.root))
    try:
        player.play()
        wait_for(lambda: player.snapshot().state == "playing")
        session = player.session
        assert session is not None
        voice_only = session.mixer.mix(0, RATE)  # the mixer now holds the player's volumes
        first = out.pull(1000)
        np.testing.assert_array_equal(first, voice_only[:1000])
        assert 0.15 < np.abs(first).max() <= 0.2  # a 0.4 voice at half volume, no bed
        player.set_voice_volume(1.0)  # heard after the prepared quarter second, gliding
        later = np.concatenate([out.pull(1000) for _ in range(30)])
        assert np.abs(later[-5000:]).max() > 0.35
        assert np.abs(np.diff(later[:, 0])).max() < 0.05  # no step anywhere: no click
        snap = player.snapshot()
        assert (snap.voice_volume, snap.bed_volume) == (1.0, 0.0)
        player.stop()
        assert player.snapshot().state == "stopped"
        assert player.drain_events()[-1] == Stopped()
    finally:
        player.close()
    assert player.snapshot().state == "idle"
