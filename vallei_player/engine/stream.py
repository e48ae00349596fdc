"""The real-time side of the player: a ring of prepared samples and the audio callback's work.

The mixing thread (`player.py`) writes mixed samples into a preallocated ring ahead of time;
`Deck.fill`, called from the audio callback, only copies them out by integer frame counters,
applies the short pause/resume/skip ramps, and publishes how far it got. It takes no locks,
does no I/O, logs nothing and allocates no buffers (only numpy's slice views): commands
arrive as small ints on a `queue.SimpleQueue` read with `get_nowait`, and a seek arrives as
one tuple swapped in atomically. One writer (the mixing thread) and one reader (the callback)
share plain int counters; CPython's attribute stores are atomic, so no lock is needed.

What the output holds, exactly (the "player == render" test predicts every sample from it),
with R = RAMP frames, up[k] = 0.5 - 0.5 cos(pi (k + 0.5) / R) and down[k] = up[R - 1 - k]:
- playing from position p: render[p], render[p + 1], ...
- pause at p: render[p:p+R] * down, then zeros until resume; position is then p + R.
- resume at p: render[p:p+R] * up, then render[p + R:] as before.
- skip or seek from p to q while playing: render[p:p+R] * down, then render[q:q+R] * up,
  then render[q + R:]. While paused the position simply becomes q and resume ramps up there.
- if the ring runs dry (the mixer waits for a clip still being decoded) the output gets
  zeros and the position does not move: the session's samples are delayed, never dropped.
- at the session's end the rest of the buffer is zeros and `fill` returns False.
The "listened" count is every frame of the session handed over, ramps included.
On top of all this, and not part of the session, `acknowledge(frames)` adds a short sound (the
lived level's tick, tick.py) to the buffers from the next one on, paused or playing.
"""

from __future__ import annotations

import queue
from collections.abc import Callable

import numpy as np

from .frames import Frames

RAMP = 480  # 10 ms at 48 kHz
RESERVE = 16_384  # frames of the old generation kept at a jump: > RAMP + any device buffer
PAUSE, RESUME = 1, 2

_PLAY, _FADE_OUT, _HOLD, _FADE_IN = 0, 1, 2, 3


def ramp_up(frames: int = RAMP) -> Frames:
    k = np.arange(frames, dtype=np.float64)
    up = 0.5 - 0.5 * np.cos(np.pi * (k + 0.5) / frames)
    return np.repeat(up.astype(np.float32)[:, None], 2, axis=1)


class Deck:
    """The ring and the callback's state machine; `fill` is the only method the callback calls."""

    def __init__(self, length: int, capacity: int, start: int = 0, *, playing: bool = True) -> None:
        self.length = length
        self.capacity = capacity
        self.ring = np.zeros((capacity, 2), dtype=np.float32)
        self._up = ramp_up()
        self._down = np.ascontiguousarray(self._up[::-1])
        self.commands: queue.SimpleQueue[int] = queue.SimpleQueue()
        # Written by the mixing thread only.
        self.write_index = 0  # frames ever written to the ring
        self.write_position = start  # session position of the next frame it writes
        self.pending: tuple[int, int, int] = (0, 0, start)  # (generation, ring index, position)
        # Written by the callback only.
        self.read_index = 0
        self.generation = 0
        self.position = start  # session position of the next frame handed out
        self.listened = 0
        self.starved = 0  # buffers that ran dry
        self.held = not playing
        self._state = _PLAY if playing else _HOLD
        self._ramp_done = 0
        self._jump_after_fade = False
        self._resume_after_fade = False
        self._pause_requested = False
        self.wakeup: Callable[[], None] = lambda: None  # the player's: wakes the mixing thread
        self.ack: tuple[int, Frames] | None = None  # written by the caller, one tuple store
        self._ack_seen = 0  # the callback's: which acknowledgement it is playing, how far
        self._ack_done = 0

    # -- the mixing thread's side ---------------------------------------------------------

    def free(self) -> int:
        return self.capacity - (self.write_index - self.read_index)

    def ahead(self) -> int:
        """Frames of the newest generation prepared beyond what the callback has taken."""
        return self.write_index - max(self.read_index, self.pending[1])

    def write(self, block: Frames) -> None:
        """Append mixed frames (the caller checked `free()`)."""
        self._put(self.write_index, block)
        self.write_index += len(block)
        self.write_position += len(block)

    def jump(self, generation: int, position: int, first: Frames) -> None:
        """Start a new generation at session `position` with its first mixed block.

        The old generation is cut RESERVE frames past what the callback had taken (enough
        for its fade-out and the buffer it may be filling right now); the new one is written
        after that cut, committed with one tuple store, and only then made readable.
        """
        start = min(self.write_index, self.read_index + RESERVE)
        self.write_index = start  # the old generation now ends here
        self._put(start, first)
        self.pending = (generation, start, position)
        self.write_index = start + len(first)
        self.write_position = position + len(first)

    def _put(self, index: int, block: Frames) -> None:
        n = len(block)
        at = index % self.capacity
        first = min(n, self.capacity - at)
        self.ring[at : at + first] = block[:first]
        if first < n:
            self.ring[: n - first] = block[first:]

    # -- the callback's side ---------------------------------------------------------------

    def request(self) -> None:
        """A null output found the ring short: wake the mixing thread (not for callbacks)."""
        self.wakeup()

    def ready(self, frames: int) -> bool:
        if self.held and self.commands.empty():
            return True  # paused: the output gets silence, nothing is read
        gen, start, pos = self.pending
        if gen != self.generation:
            return self.write_index - start >= min(frames, self.length - pos)
        return self.write_index - self.read_index >= min(frames, self.length - self.position)

    def acknowledge(self, frames: Frames) -> None:
        """Add `frames` over the output from the next buffer on (any thread)."""
        serial = self.ack[0] + 1 if self.ack is not None else 1
        self.ack = (serial, frames)

    def fill(self, out: Frames) -> bool:
        """Fill `out` for the device; False when the session ended within this buffer."""
        more = self._fill_session(out)
        ack = self.ack
        if ack is not None:
            serial, frames = ack
            if serial != self._ack_seen:
                self._ack_seen, self._ack_done = serial, 0
            take = min(len(frames) - self._ack_done, len(out))
            if take > 0:
                out[:take] += frames[self._ack_done : self._ack_done + take]
                self._ack_done += take
        return more

    def _fill_session(self, out: Frames) -> bool:
        gen, start, pos = self.pending
        if gen != self.generation and self._state == _HOLD:
            self._jump(gen, start, pos)  # a jump made while paused: no sound to fade
        self._take_commands()
        n = len(out)
        i = 0
        while i < n:
            gen, start, pos = self.pending
            if gen != self.generation:
                if self._state in (_PLAY, _FADE_IN):
                    self._state, self._ramp_done = _FADE_OUT, 0
                    self._jump_after_fade = True
                elif self._state == _HOLD:
                    self._jump(gen, start, pos)
            if self._state == _HOLD:
                out[i:] = 0
                return True
            remaining = self.length - self.position
            if remaining <= 0 and not self._jump_after_fade:
                out[i:] = 0
                return False
            limit = (start if gen != self.generation else self.write_index) - self.read_index
            take = min(n - i, limit, remaining)
            if self._state != _PLAY:
                take = min(take, RAMP - self._ramp_done)
            if take <= 0:
                if self._state == _FADE_OUT:  # nothing left to fade: the fade ends here
                    self._end_fade(gen, start, pos)
                    continue
                self.starved += 1
                out[i:] = 0
                return True
            self._copy(out[i : i + take])
            if self._state == _FADE_OUT:
                out[i : i + take] *= self._down[self._ramp_done : self._ramp_done + take]
            elif self._state == _FADE_IN:
                out[i : i + take] *= self._up[self._ramp_done : self._ramp_done + take]
            self.position += take
            self.listened += take
            i += take
            if self._state != _PLAY:
                self._ramp_done += take
                if self._ramp_done >= RAMP:
                    if self._state == _FADE_IN:
                        self._state = _PLAY
                    else:
                        self._end_fade(gen, start, pos)
        return True

    def hold_now(self) -> None:
        """Stop at once, no ramp: the device is gone (call only while no callback runs)."""
        self._state, self.held = _HOLD, True
        self._resume_after_fade = self._jump_after_fade = False

    def _copy(self, dest: Frames) -> None:
        n = len(dest)
        at = self.read_index % self.capacity
        first = min(n, self.capacity - at)
        dest[:first] = self.ring[at : at + first]
        if first < n:
            dest[first:] = self.ring[: n - first]
        self.read_index += n

    def _end_fade(self, gen: int, start: int, pos: int) -> None:
        if self._jump_after_fade:
            self._jump(gen, start, pos)
            resume = not self._pause_requested
        else:
            resume = self._resume_after_fade
        self._jump_after_fade = self._resume_after_fade = False
        if resume:
            self._state, self._ramp_done = _FADE_IN, 0
        else:
            self._state, self.held = _HOLD, True

    def _jump(self, gen: int, start: int, pos: int) -> None:
        self.read_index = start
        self.position = pos
        self.generation = gen

    def _take_commands(self) -> None:
        while True:
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return
            if command == PAUSE:
                self._pause_requested = True
                if self._state in (_PLAY, _FADE_IN):
                    self._state, self._ramp_done = _FADE_OUT, 0
                self._resume_after_fade = False
            elif command == RESUME:
                self._pause_requested = False
                if self._state == _HOLD:
                    self._state, self._ramp_done, self.held = _FADE_IN, 0, False
                elif self._state == _FADE_OUT:
                    self._resume_after_fade = True
