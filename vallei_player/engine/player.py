"""The player: a state machine over one open session, an output, and a mixing thread.

    idle -> preparing -> playing <-> paused -> finished | stopped

Threads: the caller's (the GUI's main thread or the CLI's loop) calls the methods below and
polls `snapshot()` and `drain_events()`; one mixing thread keeps the deck's ring about
LOOKAHEAD seconds ahead of the device, carries out jumps and volume changes, and watches the
output; the audio callback (`stream.Deck.fill`) only copies prepared samples. Nothing calls
back into the caller's thread.

Live volumes are applied by the mixer from the next sample it mixes, with a 20 ms glide, so
a change is heard after the ring's lookahead (under half a second) and never clicks.

Device faults never raise out of the player: a device that cannot be opened, is lost (its
stream ends by itself or stops calling back for WATCHDOG seconds) or keeps running dry
(UNDERFLOW_LIMIT underflows within UNDERFLOW_WINDOW seconds) pauses the player with a
message and a DeviceError event; `resume()` (or `play()`) tries the device again.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable

from ..core.problems import UserError
from ..core.program import ClipLookup, Program, Timeline
from ..i18n import _
from .cache import PcmCache
from .events import (
    DeviceError,
    Finished,
    Paused,
    PhaseEntered,
    PlayerEvent,
    PlayerSnapshot,
    PlayerState,
    Resumed,
    Skipped,
    Stopped,
)
from .mixer import Volume
from .outputs import DeviceError as OutputDeviceError
from .outputs import NullOutput, Output
from .preparing import PrepareProgress
from .session import OpenSession, open_session
from .stream import PAUSE, RESUME, Deck
from .tick import tick_frames

LOOKAHEAD_S = 0.4
WATCHDOG_S = 2.0
UNDERFLOW_LIMIT = 5
UNDERFLOW_WINDOW_S = 10.0
RESTART_WINDOW_S = 3.0  # "previous" within this much of a phase start goes to the phase before
VOLUME_GLIDE_S = 0.02
RING_FRAMES = 65_536
IDLE_S = 0.25  # the watch (phase events, a stalled device) runs at least this often
REQUEST_TIMEOUT_S = 2.0  # a jump the mixing thread has not taken by then is not made at all
STOP_FADE_S = 0.15  # stop: how long the output may play the 10 ms fade before it is closed


class Player:
    """Plays one session at a time on `output`; see the module docstring."""

    def __init__(
        self, output: Output | None = None, rate: int = 48_000, *, cache: PcmCache | None = None
    ) -> None:
        self.output: Output = output if output is not None else NullOutput(rate=rate)
        if self.output.rate != rate:
            raise ValueError("the output's rate must be the player's rate")
        self.rate = rate
        self.cache = cache
        self._state: PlayerState = "idle"
        self._message: str | None = None
        self._lock = threading.RLock()
        self._events: queue.SimpleQueue[PlayerEvent] = queue.SimpleQueue()
        self._requests: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._session: OpenSession | None = None
        self._deck: Deck | None = None
        self._thread: threading.Thread | None = None
        self._closing = threading.Event()
        self._wake = threading.Event()  # a request is waiting for the mixing thread
        self._want_play = False
        self._running = False  # the output is started
        self._stop_after: float | None = None  # stopped: close the output once faded or then
        self._output_stopped = threading.Event()  # no stop is waiting for its fade
        self._output_stopped.set()
        self._ended: list[str | None] = []  # on_end reports, appended from the output's thread
        self._underflow_times: list[float] = []
        self._seen_underflows = 0
        self._phase_seen = -1
        self._generation = 0
        self._voice = 1.0
        self._bed = 1.0
        self._tick = tick_frames(rate)

    # -- opening ------------------------------------------------------------------------

    def open(
        self,
        program: Program,
        session_id: str,
        *,
        lookup: ClipLookup | None = None,
        on_progress: PrepareProgress | None = None,
    ) -> None:
        """Open a session and start preparing it (decoding and mixing ahead) in the background;
        `on_progress` hears how far the start is prepared (`open_session`).

        Raises UserError/ProgramError (unknown session, unusable clip) and FfmpegMissing.
        """
        self.close()
        session = open_session(
            program, session_id, self.rate, lookup=lookup, cache=self.cache, on_progress=on_progress
        )
        with self._lock:
            self._session = session
            self._deck = Deck(session.timeline.length, RING_FRAMES)
            self._deck.wakeup = self._wake.set
            self._closing.clear()
            self._state, self._message = "preparing", None
            self._want_play = self._running = False
            self._ended.clear()
            self._phase_seen, self._generation = -1, 0
            self._apply_volumes(0)
            self._thread = threading.Thread(target=self._mix_loop, name="vallei-mixer", daemon=True)
            self._thread.start()

    def close(self) -> None:
        """Stop playing and let go of the session (idempotent)."""
        self.stop()  # it reads the state under the lock; a no-op when nothing plays
        self._output_stopped.wait(STOP_FADE_S)  # let the stop's fade out (never with the lock)
        self._closing.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)
        with self._lock:
            self._stop_output()
            if self._session is not None:
                self._session.close()
            self._session, self._deck = None, None
            self._state, self._message = "idle", None

    # -- transport ----------------------------------------------------------------------

    def play(self) -> None:
        """Start (as soon as prepared), resume, or play a finished or stopped session again."""
        with self._lock:
            state = self._state
            if state == "preparing":
                self._want_play = True
            elif state == "paused":
                self.resume()
        if state in ("finished", "stopped") and self._deck is not None:
            if not self._request(lambda: self._do_jump(0), cancel_on_timeout=True):
                return  # the mixing thread is stuck: nothing changes, the user can try again
            with self._lock:
                assert self._deck is not None
                self._deck.commands.put(RESUME)
                self._state, self._message = "preparing", None
                self._want_play = True

    def pause(self) -> None:
        with self._lock:
            if self._state == "playing":
                assert self._deck is not None
                self._deck.commands.put(PAUSE)
                self._state, self._message = "paused", None
                self._events.put(Paused())
            elif self._state == "preparing":
                self._want_play = False

    def resume(self) -> None:
        with self._lock:
            if self._state != "paused" or self._deck is None:
                if self._state == "preparing":
                    self._want_play = True
                return
            self._deck.commands.put(RESUME)
            if not self._running and not self._start_output():
                return
            self._state, self._message = "playing", None
            self._events.put(Resumed())

    def toggle(self) -> None:
        """Pause if playing (or about to start playing), else play."""
        with self._lock:  # state and wish are read together, as the mixing thread sets them
            pausing = self._state == "playing" or (self._state == "preparing" and self._want_play)
        # Acted on without the lock: play() may wait for the mixing thread, which takes it.
        if pausing:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stopped at once; the output plays a 10 ms fade and is closed by the mixing thread.

        Returns without waiting: the caller is often the GUI thread, and waiting for the fade
        there (or holding the lock meanwhile) would stall it and the mixing thread alike.
        """
        with self._lock:
            if self._state not in ("preparing", "playing", "paused"):
                return
            deck = self._deck
            if self._state == "playing" and deck is not None and self._running:
                deck.commands.put(PAUSE)  # a 10 ms fade rather than a click
                self._stop_after = time.monotonic() + STOP_FADE_S
                self._output_stopped.clear()
                self._wake.set()
            else:
                self._stop_output()
            self._state = "stopped"
            self._events.put(Stopped())

    # -- moving around ------------------------------------------------------------------

    def next_phase(self) -> None:
        """To the next phase's start; from the last phase, to the end (the session finishes)."""
        tl = self._timeline()
        if tl is None:
            return
        i = tl.phase_at(self._position()).index
        if i + 1 < len(tl.phases):
            self._jump_to(tl.phases[i + 1].start, i + 1)
        else:
            self._jump_to(tl.length, len(tl.phases))

    def previous_phase(self) -> None:
        """Back to the start of this phase, or of the one before within 3 s of its start."""
        tl = self._timeline()
        if tl is None:
            return
        pos = self._position()
        tp = tl.phase_at(pos)
        i = tp.index
        if pos - tp.start < RESTART_WINDOW_S * self.rate and i > 0:
            i -= 1
        self._jump_to(tl.phases[i].start, i)

    def seek(self, sample: int) -> None:
        """To any sample of the session (clamped to it)."""
        tl = self._timeline()
        if tl is None:
            return
        target = max(0, min(int(sample), tl.length))
        self._jump_to(target, tl.phase_at(target).index)

    def set_voice_volume(self, value: float) -> None:
        self._voice = max(0.0, min(1.0, float(value)))
        self._request(self._volumes_request)

    def set_bed_volume(self, value: float) -> None:
        self._bed = max(0.0, min(1.0, float(value)))
        self._request(self._volumes_request)

    def acknowledge(self) -> None:
        """A soft tick at once over whatever plays (a lived level was given); not recorded."""
        deck = self._deck
        if deck is not None and self._state in ("playing", "paused"):
            deck.acknowledge(self._tick)

    # -- observing ----------------------------------------------------------------------

    def snapshot(self) -> PlayerSnapshot:
        with self._lock:
            tl = self._timeline()
            if tl is None or self._deck is None:
                return PlayerSnapshot(
                    self._state, 0, -1, 0, self.rate, 0, self._message, self._voice, self._bed
                )
            pos = self._position()
            return PlayerSnapshot(
                self._state,
                pos,
                tl.phase_at(pos).index,
                tl.length,
                self.rate,
                self._deck.listened,
                self._message,
                self._voice,
                self._bed,
            )

    def drain_events(self) -> list[PlayerEvent]:
        out: list[PlayerEvent] = []
        while True:
            try:
                out.append(self._events.get_nowait())
            except queue.Empty:
                return out

    @property
    def session(self) -> OpenSession | None:
        return self._session

    # -- inside -------------------------------------------------------------------------

    def _timeline(self) -> Timeline | None:
        session = self._session
        return session.timeline if session is not None else None

    def _position(self) -> int:
        deck = self._deck
        if deck is None:
            return 0
        gen, _, pos = deck.pending
        return pos if gen != deck.generation else deck.position

    def _jump_to(self, target: int, to_index: int) -> None:
        """Have the mixing thread start a new generation at `target`, and wait until it has.

        Never called with the lock held: the mixing thread takes it between requests.
        """
        with self._lock:
            tl = self._timeline()
            if tl is None or self._state not in ("preparing", "playing", "paused"):
                return

        def jump() -> None:
            timeline = self._timeline()
            if timeline is None or self._state not in ("preparing", "playing", "paused"):
                return
            # Said by the mixing thread as it jumps: before the PhaseEntered the jump causes
            # (a recorder never counts a skipped-over phase as completed), and only for a jump
            # that is made.
            self._events.put(Skipped(timeline.phase_at(self._position()).index, to_index))
            self._do_jump(target)

        self._request(jump, cancel_on_timeout=True)

    def _do_jump(self, target: int) -> None:
        session, deck = self._session, self._deck
        assert session is not None and deck is not None
        self._generation += 1
        self._apply_volumes(target)
        n = min(self._chunk(), session.timeline.length - target)
        block = session.mixer.mix(target, max(n, 0))
        deck.jump(self._generation, target, block)

    def _request(self, action: Callable[[], None], *, cancel_on_timeout: bool = False) -> bool:
        """Run `action` on the mixing thread and wait (bounded) until it has run.

        True when it ran. With `cancel_on_timeout` an action the mixing thread has not begun
        within REQUEST_TIMEOUT_S never runs (a jump made seconds after the key press would be
        a surprise); otherwise it runs when the thread gets to it (a volume: the latest
        value is applied then).
        """
        if self._thread is None or not self._thread.is_alive():
            if self._session is None:
                return False
            action()
            return True
        request = _Request(action)
        self._requests.put(request.run)
        self._wake.set()
        if request.done.wait(REQUEST_TIMEOUT_S):
            return True
        if cancel_on_timeout and request.cancel():
            return False
        request.done.wait()  # begun just now: it finishes soon
        return True

    def _volumes_request(self) -> None:
        deck = self._deck
        if deck is not None and self._session is not None:
            self._apply_volumes(deck.write_position, glide=True)

    def _apply_volumes(self, at: int, glide: bool = False) -> None:
        session = self._session
        if session is None:
            return
        mixer = session.mixer
        g = int(VOLUME_GLIDE_S * self.rate) if glide else 0
        mixer.set_volumes(
            Volume(self._voice, mixer.voice_volume.at_sample(at), at, g),
            Volume(self._bed, mixer.bed_volume.at_sample(at), at, g),
        )

    def _chunk(self) -> int:
        return self.rate // 5  # 200 ms: fewer, larger mixes cost less CPU per audio second

    def _start_output(self) -> bool:
        """Start the output; on failure pause with the device's message. Lock held."""
        assert self._deck is not None
        self._stop_output()  # a stop still fading out: that stream ends here
        try:
            self.output.start(self._deck, self._ended.append)
        except OutputDeviceError as e:
            self._device_fault(str(e), stop=False)
            return False
        self._running = True
        self._seen_underflows, self._underflow_times = 0, []
        return True

    def _stop_output(self) -> None:
        if self._running:
            self._running = False
            with contextlib.suppress(Exception):
                self.output.stop()
        if self._stop_after is not None:
            self._stop_after = None
            self._output_stopped.set()

    def _device_fault(self, message: str, *, stop: bool = True) -> None:
        if stop:
            self._stop_output()
        if self._deck is not None:
            self._deck.hold_now()
        self._state, self._message = "paused", message
        self._events.put(DeviceError(message))

    # -- the mixing thread --------------------------------------------------------------

    def _mix_loop(self) -> None:
        while not self._closing.is_set():
            self._wake.clear()  # before taking requests, so none is missed
            try:
                while True:
                    self._requests.get_nowait()()
            except queue.Empty:
                pass
            except UserError as e:  # a clip failed to decode
                self._fail(str(e))
            with self._lock:
                self._watch()
            try:
                if not self._produce():
                    # Idle until a request, or until the ring needs mixing (at most IDLE_S:
                    # the watch runs then too). Few wake-ups: CPU per audio second, see bench.
                    self._wake.wait(self._idle_time())
            except UserError as e:
                self._fail(str(e))
                self._closing.wait(0.05)

    def _fail(self, message: str) -> None:
        with self._lock:
            self._stop_output()
            if self._state not in ("finished", "stopped", "idle"):
                self._state, self._message = "stopped", message
                self._events.put(Stopped())

    def _idle_time(self) -> float:
        deck = self._deck
        if self._stop_after is not None:
            return 0.005  # a stop is fading out: close the output as soon as it has
        if deck is None or self._state != "playing":
            return IDLE_S
        # The device takes whole blocks, so `ahead` only drops when it pulls one: sleep until
        # the pull that can take it under the look-ahead (at most one block late, with 0.4 s
        # prepared that is harmless), instead of polling for it. Fewer wake-ups, less CPU.
        spare = deck.ahead() - int(LOOKAHEAD_S * self.rate)
        block = max(int(getattr(self.output, "blocksize", 1024)), 1)
        until_needed = (spare // block + 1) * block / self.rate
        return min(IDLE_S, max(0.04, until_needed))

    def _produce(self) -> bool:
        session, deck = self._session, self._deck
        if session is None or deck is None or self._state in ("finished", "stopped", "idle"):
            return False
        length = session.timeline.length
        if deck.ahead() >= int(LOOKAHEAD_S * self.rate) or deck.write_position >= length:
            return False
        n = min(self._chunk(), length - deck.write_position)
        if deck.free() < n:
            return False
        deck.write(session.mixer.mix(deck.write_position, n))
        return True

    def _watch(self) -> None:
        """Prepared? finished? device lost? a new phase? Called with the lock held."""
        deck, session = self._deck, self._session
        if deck is None or session is None:
            return
        if self._stop_after is not None and (deck.held or time.monotonic() >= self._stop_after):
            self._stop_output()  # the stop's fade has been handed over (or it took too long)
        tl = session.timeline
        if self._state == "preparing" and self._want_play:
            ready = deck.ahead() >= min(int(LOOKAHEAD_S * self.rate), tl.length - deck.pending[2])
            if ready and self._start_output():
                self._state = "playing"
                self._want_play = False
        if self._ended:
            report = self._ended.pop(0)
            if report is None:
                self._stop_output()
                self._state = "finished"
                self._emit_phase(tl.phase_at(deck.position).index)
                self._events.put(Finished())
                return
            if self._running:
                self._device_fault(report)
        if self._state == "playing" and self._running:
            self._check_device()
        if self._state in ("playing", "paused"):
            self._emit_phase(tl.phase_at(self._position()).index)

    def _emit_phase(self, index: int) -> None:
        if index != self._phase_seen:
            self._phase_seen = index
            self._events.put(PhaseEntered(index))

    def _check_device(self) -> None:
        now = time.monotonic()
        if now - self.output.last_callback > WATCHDOG_S:
            self._device_fault(_("the sound device stopped responding; check it"))
            return
        count = self.output.underflows
        if count > self._seen_underflows:
            self._underflow_times += [now] * (count - self._seen_underflows)
            self._seen_underflows = count
        self._underflow_times = [t for t in self._underflow_times if now - t < UNDERFLOW_WINDOW_S]
        if len(self._underflow_times) >= UNDERFLOW_LIMIT:
            self._device_fault(
                _(
                    "the sound device keeps running out of sound to play (the computer may be "
                    "too busy)"
                )
            )


class _Request:
    """An action for the mixing thread that its caller may withdraw until it has begun."""

    def __init__(self, action: Callable[[], None]) -> None:
        self.action = action
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._state = "waiting"  # -> "running" (the mixing thread) or "withdrawn" (the caller)

    def run(self) -> None:
        with self._lock:
            if self._state != "waiting":
                return
            self._state = "running"
        try:
            self.action()
        finally:
            self.done.set()

    def cancel(self) -> bool:
        """True when it had not begun and now never will."""
        with self._lock:
            if self._state != "waiting":
                return False
            self._state = "withdrawn"
            return True
