"""Where mixed samples go: the sound device, or a null output that tests and benchmarks read.

Both pull from the same `Feed` (the player's ring of prepared blocks, `stream.py`), so what
the null output captures is exactly what the sound card would have been handed. The WAV
writer (`wavfile.py`) pulls from the mixer directly: there is no device clock to follow.

An output reports the end of its stream once through `on_end(message)`: None when the feed
said the session is over and what it handed over has been played (a device's buffer
included), a sentence for the user when the device failed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Literal, Protocol

import numpy as np

from ..i18n import _
from . import portaudio
from .drain import Drain
from .frames import Frames

EndHandler = Callable[[str | None], None]


class DeviceError(Exception):
    """The sound device cannot be used; the message says what to do."""


class Feed(Protocol):
    """What an output pulls from (the player's real-time side)."""

    def fill(self, out: Frames) -> bool:
        """Fill `out` (frames, 2) completely; False when this is the session's last buffer."""
        ...

    def ready(self, frames: int) -> bool:
        """True when `frames` can be filled without running dry (null output lockstep)."""
        ...

    def request(self) -> None:
        """Ask for more frames now. Never from a real-time callback: it may take a lock."""
        ...


class Output(Protocol):
    rate: int

    def start(self, feed: Feed, on_end: EndHandler) -> None:
        """Start pulling from `feed`; raises DeviceError if the device cannot be opened."""
        ...

    def stop(self) -> None:
        """Stop pulling (idempotent); on_end is not called for a stop we asked for."""
        ...

    @property
    def underflows(self) -> int:
        """How often the device ran dry since start (reported by the device driver)."""
        ...

    @property
    def last_callback(self) -> float:
        """time.monotonic() of the latest pull; the player's watchdog spots a lost device."""
        ...


class NullOutput:
    """An output with no sound: pulls in lockstep, paced in real time, or by hand.

    mode "fast": a thread pulls blocks as soon as the feed has them (render speed);
    "paced": the same at `speed` times real time; "manual": the caller pulls with `pull()`,
    which makes a test's pause, skip and resume land between known samples.
    """

    def __init__(
        self,
        mode: Literal["fast", "paced", "manual"] = "fast",
        *,
        rate: int = 48_000,
        blocksize: int = 1024,
        speed: float = 1.0,
    ) -> None:
        self.mode = mode
        self.rate = rate
        self.blocksize = blocksize
        self.speed = speed
        self._feed: Feed | None = None
        self._on_end: EndHandler | None = None
        self._running = False
        self._thread: threading.Thread | None = None
        self._buffer = np.zeros((blocksize, 2), dtype=np.float32)
        self._last = time.monotonic()
        self.pulled = 0

    @property
    def underflows(self) -> int:
        return 0

    @property
    def last_callback(self) -> float:
        return time.monotonic() if self.mode == "manual" else self._last

    def start(self, feed: Feed, on_end: EndHandler) -> None:
        self._feed, self._on_end, self._running = feed, on_end, True
        self._last = time.monotonic()
        if self.mode != "manual":
            self._thread = threading.Thread(
                target=self._run, name="vallei-null-output", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        self._running = False
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        self._thread = None

    def pull(self, frames: int, timeout: float = 10.0) -> Frames:
        """Manual mode: hand over `frames` frames now (after waiting for the feed to have them)."""
        feed = self._feed
        if feed is None or not self._running:
            return np.zeros((frames, 2), dtype=np.float32)
        deadline = time.monotonic() + timeout
        while not feed.ready(frames) and time.monotonic() < deadline:
            feed.request()
            time.sleep(0.001)
        out = np.zeros((frames, 2), dtype=np.float32)
        self._hand_over(feed, out)
        return out

    def _hand_over(self, feed: Feed, out: Frames) -> None:
        more = feed.fill(out)
        self._last = time.monotonic()
        self.pulled += len(out)
        if not more:
            self._running = False
            if self._on_end is not None:
                self._on_end(None)

    def _run(self) -> None:
        feed = self._feed
        assert feed is not None
        began = time.monotonic()
        handed = 0
        while self._running:
            if self.mode == "paced":
                due = began + handed / (self.rate * self.speed)
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            elif not feed.ready(self.blocksize):
                feed.request()  # no device clock here: have the mixer run now, not on its timer
                self._last = time.monotonic()
                time.sleep(0.0005)
                continue
            self._hand_over(feed, self._buffer)
            handed += self.blocksize


class SoundDeviceOutput:
    """A PortAudio output stream (python-sounddevice); its callback only calls `feed.fill`.

    At the session's end the stream stays open until the device has played the last frame
    (`drain.py`): only then does `on_end(None)` say the session is over.

    `device` is an index, a name (or part of one) as sounddevice accepts, or None for the
    system default. Larger blocks cost less CPU per audio second in Python (ENVIRONMENT.md);
    4096 frames (85 ms at 48 kHz) is still under what a listener notices after pressing Play.
    """

    def __init__(
        self, device: int | str | None = None, *, rate: int = 48_000, blocksize: int = 4096
    ) -> None:
        self.device = device
        self.rate = rate
        self.blocksize = blocksize
        self._stream: Any = None
        self._underflows = 0
        self._last = time.monotonic()
        self._ending = False  # the feed said "last buffer": the stop that follows is ours
        self._stopping = False

    @property
    def underflows(self) -> int:
        return self._underflows

    @property
    def last_callback(self) -> float:
        return self._last

    def start(self, feed: Feed, on_end: EndHandler) -> None:
        self.stop()  # first: our closed stream lets the device list be read afresh
        try:
            with portaudio.fresh() as sd:
                self._open(sd, feed, on_end)
        except OSError as e:  # PortAudio is missing
            raise DeviceError(
                _(
                    "the sound system library PortAudio is missing; install it "
                    "(Debian/Ubuntu: sudo apt install libportaudio2) and try again"
                )
            ) from e

    def _open(self, sd: Any, feed: Feed, on_end: EndHandler) -> None:
        self._ending = self._stopping = False
        self._underflows = 0
        stop_exc = sd.CallbackStop
        drain = Drain(self.rate, self.blocksize)  # its fallback is set once the latency is known

        def callback(outdata: Frames, frames: int, when: Any, status: Any) -> None:
            self._last = time.monotonic()
            if status.output_underflow:
                self._underflows += 1
            if drain.active:  # the session has ended: silence until the device played it all
                outdata.fill(0)
                if drain.over(when.currentTime, frames):
                    self._ending = True
                    raise stop_exc
            elif not feed.fill(outdata):
                drain.begin(when.outputBufferDacTime, frames, when.currentTime)

        def finished() -> None:
            if self._stopping:
                return
            if self._ending:
                on_end(None)
            else:
                on_end(
                    _("the sound device stopped (was it unplugged or taken by another program?)")
                )

        stream = None
        try:
            stream = sd.OutputStream(
                samplerate=self.rate,
                channels=2,
                dtype="float32",
                device=self.device,
                blocksize=self.blocksize,
                latency="high",
                callback=callback,
                finished_callback=finished,
            )
            portaudio.opened(stream)
            drain.fallback_frames = int(2 * float(stream.latency) * self.rate) + self.blocksize
            stream.start()
        except (sd.PortAudioError, ValueError) as e:
            if stream is not None:
                portaudio.close(stream)
            if self.device is None and not _any_output(sd):
                raise DeviceError(
                    _(
                        "no sound output was found on this computer; check that speakers or "
                        "headphones are connected and that the sound system is running"
                    )
                ) from e
            raise DeviceError(describe_device_problem(self.device, e)) from e
        self._last = time.monotonic()
        self._stream = stream

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        self._stopping = True
        portaudio.close(stream)


def _any_output(sd: Any) -> bool:
    """Whether PortAudio knows any output at all (else "cannot open the default" means "none")."""
    try:
        return any(int(d.get("max_output_channels", 0) or 0) > 0 for d in sd.query_devices())
    except Exception:  # the scan itself failed: nothing is known to be there
        return False


def describe_device_problem(device: int | str | None, error: Exception) -> str:
    if device is None:
        which = _("the default sound device")
    else:
        which = _("the sound device '{name}'").format(name=device)
    return _(
        "{device} cannot be opened ({error}); check that it is connected and not in use, "
        "or choose another device"
    ).format(device=which, error=error)
