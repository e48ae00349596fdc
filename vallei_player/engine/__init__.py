"""The audio engine: decoding and caching clips, the one mixer, outputs, and the player.

Uses numpy, pydub/ffmpeg and sounddevice; never Qt.

The engine's numpy work is small blocks on one thread; OpenBLAS's worker threads would only
spin and cost CPU for every second played (measured in tests/perf/bench_engine.py), so they
are switched off unless the user asked for something else before numpy was loaded.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .decode import DecodeError, FfmpegMissing, find_ffmpeg
from .devices import OutputDevice, output_devices
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
from .levels_report import VoiceLevel, measure_program, shown, voice_levels, warnings_by_clip
from .outputs import NullOutput, Output, SoundDeviceOutput
from .player import Player
from .premeasure import clips_to_measure, measure_for_play
from .preparing import PrepareProgress
from .recording import InputDevice, ListenBack, Meter, RecordingError, Take, input_devices
from .recording_draft import make_draft
from .recording_edit import FinishedTake, TakeSteps, finish_take, import_clip, integrated_lufs
from .session import OpenSession, open_session
from .wavfile import render

__all__ = [
    "DecodeError",
    "DeviceError",
    "FfmpegMissing",
    "Finished",
    "FinishedTake",
    "InputDevice",
    "ListenBack",
    "Meter",
    "NullOutput",
    "OpenSession",
    "Output",
    "OutputDevice",
    "Paused",
    "PhaseEntered",
    "Player",
    "PlayerEvent",
    "PlayerSnapshot",
    "PlayerState",
    "PrepareProgress",
    "RecordingError",
    "Resumed",
    "Skipped",
    "SoundDeviceOutput",
    "Stopped",
    "Take",
    "TakeSteps",
    "VoiceLevel",
    "clips_to_measure",
    "find_ffmpeg",
    "finish_take",
    "import_clip",
    "input_devices",
    "integrated_lufs",
    "make_draft",
    "measure_for_play",
    "measure_program",
    "open_session",
    "output_devices",
    "render",
    "shown",
    "voice_levels",
    "warnings_by_clip",
]
