"""What the timeline needs to know about an audio file without decoding it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AudioFormat = Literal["wav", "flac", "vorbis", "opus", "mp3", "m4a"]


@dataclass(frozen=True)
class ClipInfo:
    """An audio file's format as judged by its content, and its exact length in its own frames."""

    format: AudioFormat
    rate: int
    channels: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    def length_at(self, rate: int) -> int:
        """The clip's length in samples at `rate`: round(frames * rate / own rate), exactly.

        The engine pads or trims decoded audio to this count, so the timeline and the sound
        agree to the sample whatever the resampler does at the edges.
        """
        num = self.frames * rate
        q, r = divmod(num, self.rate)
        # round half to even, like round() on the exact fraction
        twice = 2 * r
        if twice > self.rate or (twice == self.rate and q % 2 == 1):
            q += 1
        return q
