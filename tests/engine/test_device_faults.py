"""Device faults pause the player with a message and can be retried; nothing hangs or crashes."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from enginekit import CapturingOutput, audio, lookup_for, make_program, phase, tone, write_wav

from vallei_player.core.program import Program
from vallei_player.engine import DeviceError as DeviceErrorEvent
from vallei_player.engine import Player, decode
from vallei_player.engine import player as player_module
from vallei_player.engine.cache import PcmCache
from vallei_player.engine.outputs import DeviceError, EndHandler, Feed
from vallei_player.engine.stream import RAMP, ramp_up


class FailingOutput(CapturingOutput):
    """A manual null output that fails on purpose: refuses to open, is lost, stalls, runs dry."""

    def __init__(self, refuse: int = 0) -> None:
        super().__init__("manual")
        self.refuse = refuse
        self.starts = 0
        self.stalled = False
        self.underflow_count = 0

    def start(self, feed: Feed, on_end: EndHandler) -> None:
        self.starts += 1
        if self.refuse > 0:
            self.refuse -= 1
            raise DeviceError("the default sound device cannot be opened (no device)")
        super().start(feed, on_end)

    def lose(self) -> None:
        """The device disappears: the stream ends by itself, as PortAudio reports it."""
        self._running = False
        assert self._on_end is not None
        self._on_end("the sound device stopped (was it unplugged?)")

    @property
    def underflows(self) -> int:
        return self.underflow_count

    @property
    def last_callback(self) -> float:
        return time.monotonic() - 3600 if self.stalled else time.monotonic()


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


@pytest.fixture
def program(tmp_path: Path) -> Program:
    write_wav(tmp_path / "v.wav", tone(2, 440, 0.5))
    return make_program(tmp_path, [phase(0, voice="v.wav", seconds=3, settings=audio())])


def device_errors(player: Player) -> list[str]:
    return [e.message for e in player.drain_events() if isinstance(e, DeviceErrorEvent)]


def test_no_device_pauses_with_a_message_and_play_retries(
    program: Program, player_for: Callable[[FailingOutput, Program], Player]
) -> None:
    out = FailingOutput(refuse=2)
    player = player_for(out, program)
    player.play()
    wait_for(lambda: player.snapshot().state == "paused")
    snap = player.snapshot()
    assert snap.message is not None and "cannot be opened" in snap.message
    assert device_errors(player) == [snap.message]
    player.resume()  # still no device
    assert player.snapshot().state == "paused"
    assert len(device_errors(player)) == 1
    player.play()  # the device is back
    assert player.snapshot().state == "playing" and player.snapshot().message is None
    got = out.pull(2000)
    ref = player.session.mixer.mix(0, 2000)  # type: ignore[union-attr]
    np.testing.assert_array_equal(got[:RAMP], ref[:RAMP] * ramp_up())
    np.testing.assert_array_equal(got[RAMP:], ref[RAMP:])


def test_a_device_lost_mid_session_pauses_and_resumes_where_it_was(
    program: Program, player_for: Callable[[FailingOutput, Program], Player]
) -> None:
    out = FailingOutput()
    player = player_for(out, program)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    for _ in range(10):
        out.pull(1000)
    out.lose()
    wait_for(lambda: player.snapshot().state == "paused")
    assert "unplugged" in (player.snapshot().message or "")
    assert player.snapshot().position == 10_000
    assert len(device_errors(player)) == 1
    player.resume()
    assert out.starts == 2 and player.snapshot().state == "playing"
    got = out.pull(1000)
    ref = player.session.mixer.mix(10_000, 1000)  # type: ignore[union-attr]
    np.testing.assert_array_equal(got[:RAMP], ref[:RAMP] * ramp_up())
    np.testing.assert_array_equal(got[RAMP:], ref[RAMP:])


def test_a_stalled_device_is_noticed(
    program: Program,
    player_for: Callable[[FailingOutput, Program], Player],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(player_module, "WATCHDOG_S", 0.2)
    out = FailingOutput()
    player = player_for(out, program)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    out.pull(1000)
    out.stalled = True
    wait_for(lambda: player.snapshot().state == "paused")
    assert "stopped responding" in (player.snapshot().message or "")
    out.stalled = False
    player.play()
    assert player.snapshot().state == "playing"


def test_repeated_underruns_pause_with_a_message(
    program: Program, player_for: Callable[[FailingOutput, Program], Player]
) -> None:
    out = FailingOutput()
    player = player_for(out, program)
    player.play()
    wait_for(lambda: player.snapshot().state == "playing")
    out.underflow_count = 2  # a hiccup or two is not worth stopping for
    time.sleep(0.1)
    assert player.snapshot().state == "playing"
    out.underflow_count = 6
    wait_for(lambda: player.snapshot().state == "paused")
    assert "running out of sound" in (player.snapshot().message or "")
    assert len(device_errors(player)) == 1


def test_a_clip_that_fails_to_decode_stops_with_its_name(
    tmp_path: Path, cache: PcmCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\necho 'Invalid data found' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("VALLEI_PLAYER_FFMPEG", str(fake))
    decode.forget_ffmpeg()
    write_wav(tmp_path / "broken.wav", tone(1, 440))
    program = make_program(tmp_path, [phase(0, voice="broken.wav", seconds=2)])
    player = Player(FailingOutput(), cache=cache)
    try:
        player.open(program, "s1", lookup=lookup_for(tmp_path))
        player.play()
        wait_for(lambda: player.snapshot().state == "stopped")
        assert "broken.wav" in (player.snapshot().message or "")
    finally:
        player.close()
        decode.forget_ffmpeg()
