"""The end of a stream on a sound device: silence until the device has played the last frame.

PortAudio's "stop after this buffer" (`CallbackStop`) does not wait for the device: on
ALSA with PulseAudio the stream went inactive with about 0.2 s of the session still in the
device's buffer, and that end was never heard (measured by recording the sink's monitor,
tests/engine/test_play_tail.py). So after the session's last buffer the callback keeps
handing the device silence until the stream clock says the last frame has reached the
speaker (`outputBufferDacTime`), and only then stops. Where a host API gives no timing (its
times are 0), a fixed amount of silence is handed instead: twice the stream's latency plus
one block, which covered every buffer measured here.
"""

from __future__ import annotations

GUARD_S = 2.0  # a stream clock that never gets there (a broken driver) cannot keep us forever


class Drain:
    """The callback's state after the session's end: `begin` once, then `over` per callback.

    Plain floats and ints only: it runs inside the audio callback (no allocation, no locks).
    """

    def __init__(self, rate: int, fallback_frames: int) -> None:
        self.rate = rate
        self.fallback_frames = fallback_frames
        self.active = False
        self._heard_at = 0.0  # stream time at which the session's last frame is played
        self._timed = False
        self._silence = 0  # frames of silence handed since `begin`

    def begin(self, buffer_dac_time: float, frames: int, now: float) -> None:
        """The buffer with the session's last frame (`frames` long) plays at `buffer_dac_time`."""
        self.active = True
        self._silence = 0
        self._timed = buffer_dac_time > 0.0 and now > 0.0 and buffer_dac_time >= now
        self._heard_at = buffer_dac_time + frames / self.rate

    def over(self, now: float, frames: int) -> bool:
        """Called for each buffer of silence after `begin`: True when the stream may stop."""
        self._silence += frames
        if self._timed:
            return now >= self._heard_at or self._silence >= GUARD_S * self.rate
        return self._silence >= self.fallback_frames
