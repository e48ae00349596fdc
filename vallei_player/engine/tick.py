"""The soft tick that acknowledges a lived level: heard at once, over whatever plays.

It is feedback for the participant, not part of the session, so it never goes through the
mixer (render knows nothing of it) but is added by the audio callback to the next buffer
(`stream.Deck.acknowledge`). 25 ms of a 1.2 kHz sine under a Hann window (no click at either
end), peak -32 dBFS: well under a voice at -18 LUFS, audible with eyes closed, never startling.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

TICK_S = 0.025
TICK_HZ = 1200.0
TICK_PEAK_DB = -32.0


def tick_frames(rate: int) -> npt.NDArray[np.float32]:
    n = max(round(TICK_S * rate), 2)
    t = np.arange(n, dtype=np.float64)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * t / (n - 1))
    mono = np.sin(2 * np.pi * TICK_HZ * t / rate) * window
    mono *= 10 ** (TICK_PEAK_DB / 20) / np.max(np.abs(mono))
    return np.repeat(mono.astype(np.float32)[:, None], 2, axis=1)
