"""The engine's one name for audio in memory: float32 frames, shape (n, 2) or (n,) per channel.

Every module that hands blocks to another uses this alias, so a change of sample type is one
line here.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Frames = npt.NDArray[np.float32]

Pcm16 = npt.NDArray[np.int16]
"""16-bit samples as a WAV file holds them, shape (n, 2)."""
