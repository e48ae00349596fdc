"""The limiter that keeps every mixed sample within |x| <= CEILING, as a pure function.

A usual limiter carries state from one block to the next (its envelope follower), so the
samples of a block would depend on which blocks were mixed before it: a seek, a pause or a
render in different block sizes would then sound slightly different, and "render == play"
would be false. This one is a function of the mix in a window around each sample only:

    need(t) = min(1, CEILING / peak(t))            peak: the louder channel at t
    low(t)  = min(need(s) for |s - t| <= WINDOW)   look-ahead and hold, van Herk/Gil-Werman
    gain(t) = mean(low(s) for s in [t - WINDOW/2, t + WINDOW/2))   a smooth ramp

Every low(s) averaged into gain(t) lies within WINDOW of t, so it is <= need(t): the output
never exceeds the ceiling, and the gain moves in 10 ms ramps rather than jumps (no clicks).
Computing a block needs MARGIN extra mixed frames on each side; blocks that stay under the
ceiling, which is nearly all of them, cost one max().
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .frames import Frames

CEILING = 0.97  # -0.26 dBFS: room for 16-bit rounding, never a full-scale square
WINDOW = 480  # 10 ms at 48 kHz: ramps are inaudible as clicks and short enough not to pump
MARGIN = WINDOW + WINDOW // 2


def limit(extended: Frames, out: Frames | None = None) -> Frames:
    """Limit `extended` (MARGIN extra frames at each end) and return its middle part.

    Into `out` when given, else a new array; `extended` is not changed. Every zero comes out
    as +0.0 (the mixer relies on that, see mixer.py).
    """
    n = max(len(extended) - 2 * MARGIN, 0)
    middle = extended[MARGIN : MARGIN + n]
    if n == 0 or max(float(extended.max()), -float(extended.min())) <= CEILING:
        # The usual case: two flat reductions, and the copy out (+ 0.0 makes -0.0 +0.0).
        return np.add(middle, np.float32(0.0), out=out)
    peak = np.maximum(np.abs(extended[:, 0]), np.abs(extended[:, 1]))
    need = np.minimum(1.0, CEILING / np.maximum(peak, 1e-30))
    low = moving_min(need, 2 * WINDOW + 1)  # low[j] is centred on extended index j + WINDOW
    sums = np.concatenate(([0.0], np.cumsum(low, dtype=np.float64)))
    gain = (sums[WINDOW : WINDOW + n] - sums[0:n]) / WINDOW
    result = np.add(middle, np.float32(0.0), out=out)
    result *= gain[:, None].astype(np.float32)
    np.clip(result, -CEILING, CEILING, out=result)  # guards float rounding of the mean only
    return result


def moving_min(x: npt.NDArray[np.floating], k: int) -> npt.NDArray[np.float64]:
    """y[i] = min(x[i : i + k]) for i in 0..len(x)-k, in O(len(x)) (van Herk/Gil-Werman)."""
    n = len(x)
    if n < k:
        return np.empty(0)
    blocks = -(-n // k)
    padded = np.full(blocks * k, np.inf)
    padded[:n] = x
    grid = padded.reshape(blocks, k)
    prefix = np.minimum.accumulate(grid, axis=1).ravel()
    suffix = np.minimum.accumulate(grid[:, ::-1], axis=1)[:, ::-1].ravel()
    i = np.arange(n - k + 1)
    return np.minimum(suffix[i], prefix[i + k - 1])
