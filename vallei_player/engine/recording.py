"""Recording a coach's voice: sounddevice's InputStream into a ring buffer, to disk as it comes.

The PortAudio callback only copies the block it is given into a preallocated ring buffer and
advances an integer frame counter (ARCHITECTURE.md's callback rules: no allocation, no file
I/O, no locks). A writer thread moves what has arrived into a 16-bit WAV file every 50 ms, so
an hour-long take needs a few seconds of memory, not an hour's. The GUI polls `meter()` for
the last moments' peak and momentary level; nothing calls back into the GUI.
"""

from __future__ import annotations

import math
import threading
import wave
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..i18n import _
from . import portaudio

RATE = 48_000
RING_SECONDS = 8  # what the writer may fall behind by before frames are lost (reported)
WRITE_EVERY_S = 0.05
MOMENTARY_S = 0.4  # EBU R128's momentary window
PEAK_S = 0.1


@dataclass(frozen=True)
class InputDevice:
    name: str
    index: int
    default: bool


def input_devices() -> list[InputDevice]:
    """The sound inputs PortAudio offers, each name once, the default marked; [] without any."""
    try:
        with portaudio.fresh() as sd:
            devices: Iterable[Mapping[str, Any]] = sd.query_devices()
            default_in = sd.default.device[0]  # (input, output)
    except Exception:  # PortAudio missing or failing to scan: no list, the default still records
        return []
    found: list[InputDevice] = []
    for index, device in enumerate(devices):
        name = str(device.get("name", "")).strip()
        if int(device.get("max_input_channels", 0) or 0) <= 0 or not name:
            continue
        if name not in {d.name for d in found}:
            found.append(InputDevice(name, index, index == default_in))
    return found


@dataclass(frozen=True)
class Meter:
    peak_dbfs: float | None  # the last 100 ms; None: silence
    momentary_db: float | None  # mean-square level of the last 400 ms, as LUFS is scaled
    seconds: float  # recorded so far
    lost_frames: int  # frames the writer could not keep (0 unless the disk stalls)


class RecordingError(Exception):
    """The input device could not be opened or failed; the message is for the coach."""


class Take:
    """One recording from an input device into `path` (a WAV file, mono, 48 kHz, 16-bit)."""

    def __init__(self, path: Path, device: int | str | None = None, channels: int = 1) -> None:
        self.path = path
        self.device = device
        self.channels = channels
        self._ring = np.zeros((RING_SECONDS * RATE, channels), dtype=np.float32)
        self._arrived = 0  # frames the callback has put in the ring (only it writes this)
        self._saved = 0  # frames the writer has written (only the writer writes this)
        self._lost = 0
        self._stop = threading.Event()
        self._stream: Any = None
        self._writer: threading.Thread | None = None
        self._wav: wave.Wave_write | None = None
        self.status_flags = 0

    # the audio thread -----------------------------------------------------------------------
    def _callback(
        self, indata: npt.NDArray[np.float32], frames: int, time: Any, status: Any
    ) -> None:
        if status:
            self.status_flags += 1
        size = len(self._ring)
        at = self._arrived % size
        first = min(frames, size - at)
        self._ring[at : at + first] = indata[:first]
        if first < frames:
            self._ring[: frames - first] = indata[first:frames]
        self._arrived += frames

    # the writer thread ----------------------------------------------------------------------
    def _write_loop(self) -> None:
        while not self._stop.wait(WRITE_EVERY_S):
            self._drain()
        self._drain()

    def _drain(self) -> None:
        arrived = self._arrived
        size = len(self._ring)
        if arrived - self._saved > size:  # overrun: the oldest frames were overwritten
            self._lost += arrived - self._saved - size
            self._saved = arrived - size
        while self._saved < arrived:
            at = self._saved % size
            n = min(arrived - self._saved, size - at)
            block = self._ring[at : at + n]
            pcm = np.round(np.clip(block, -1.0, 1.0) * 32767.0).astype("<i2")
            assert self._wav is not None
            self._wav.writeframes(pcm.tobytes())
            self._saved += n

    # control --------------------------------------------------------------------------------
    def start(self) -> None:
        try:
            with portaudio.fresh() as sd:
                self._open(sd)
        except (OSError, ImportError):
            raise RecordingError(
                _("recording needs PortAudio (apt-get install libportaudio2)")
            ) from None

    def _open(self, sd: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        wav = wave.open(str(self.path), "wb")  # noqa: SIM115 - open until stop()
        wav.setnchannels(self.channels)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        self._wav = wav
        stream = None
        try:
            stream = sd.InputStream(
                samplerate=RATE,
                channels=self.channels,
                dtype="float32",
                device=self.device,
                callback=self._callback,
                blocksize=1024,
            )
            portaudio.opened(stream)
            stream.start()
        except Exception as e:  # PortAudioError and friends: the device refused
            wav.close()
            self._wav = None
            if stream is not None:
                portaudio.close(stream)
            raise RecordingError(
                _("the input device could not be opened ({reason}); choose another one").format(
                    reason=e
                )
            ) from None
        self._stream = stream
        self._writer = threading.Thread(target=self._write_loop, name="vallei-take", daemon=True)
        self._writer.start()

    def stop(self) -> float:
        """Stop recording and close the file; the take's length in seconds."""
        if self._stream is not None:
            stream, self._stream = self._stream, None
            try:
                stream.stop()
                stream.close()
            finally:
                portaudio.closed(stream)
        self._stop.set()
        if self._writer is not None:
            self._writer.join()
            self._writer = None
        if self._wav is not None:
            self._wav.close()
            self._wav = None
        return self._saved / RATE

    @property
    def recording(self) -> bool:
        return self._stream is not None

    def meter(self) -> Meter:
        """The level now (the GUI polls this); reads the ring without stopping the callback."""
        arrived = self._arrived
        size = len(self._ring)
        n = min(arrived, round(MOMENTARY_S * RATE), size)
        if n == 0:
            return Meter(None, None, 0.0, self._lost)
        idx = np.arange(arrived - n, arrived) % size
        recent = self._ring[idx]
        peak = float(np.max(np.abs(recent[-round(PEAK_S * RATE) :])))
        square = float(np.mean(np.square(recent, dtype=np.float64))) * self.channels
        return Meter(
            20 * math.log10(peak) if peak > 0 else None,
            -0.691 + 10 * math.log10(square) if square > 1e-12 else None,
            arrived / RATE,
            self._lost,
        )


class ListenBack:
    """Plays a finished take once on an output device (the Studio's "Listen"); `stop()` ends it.

    The whole clip is decoded first (a take is a few minutes at most); the callback only copies
    the next block out of it and advances a frame counter, zeros after the end.
    """

    def __init__(self, path: Path, device: int | str | None = None) -> None:
        from .recording_edit import _samples, _segment

        seg = _segment(path).set_frame_rate(RATE)
        self._frames = _samples(seg)
        self.seconds = len(self._frames) / RATE
        self.device = device
        self._at = 0
        self._stream: Any = None

    def _callback(
        self, outdata: npt.NDArray[np.float32], frames: int, time: Any, status: Any
    ) -> None:
        clip = self._frames
        n = max(0, min(frames, len(clip) - self._at))
        outdata[:n] = clip[self._at : self._at + n]
        outdata[n:] = 0
        self._at += n
        if n < frames:
            raise self._stop_exc

    def play(self) -> None:
        self.stop()
        self._at = 0
        stream = None
        try:
            with portaudio.fresh() as sd:
                self._stop_exc = sd.CallbackStop
                stream = sd.OutputStream(
                    samplerate=RATE,
                    channels=self._frames.shape[1],
                    dtype="float32",
                    device=self.device,
                    callback=self._callback,
                )
                portaudio.opened(stream)
                stream.start()
        except Exception as e:  # PortAudio missing, or the device refused
            if stream is not None:
                portaudio.close(stream)
            raise RecordingError(
                _("the take could not be played ({reason}); check the sound output").format(
                    reason=e
                )
            ) from None
        self._stream = stream

    @property
    def playing(self) -> bool:
        stream = self._stream
        return stream is not None and bool(stream.active)

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        portaudio.close(stream)
