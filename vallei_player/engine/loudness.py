"""Loudness of a clip as EBU R128 / ITU-R BS.1770-4 define it, in numpy, streamed in chunks.

What is measured (checked against ffmpeg's `ebur128=peak=true` in tests/engine/test_loudness.py):
- integrated loudness: K-weighting (the BS.1770 high shelf and 38 Hz high-pass, coefficients
  for any rate as libebur128 and ffmpeg compute them), mean square per channel in 400 ms
  blocks every 100 ms, summed over channels with weight 1, gated at -70 LUFS and then 10 LU
  under the mean of the blocks that passed; `-0.691 + 10 log10(mean)`.
- true peak: the largest magnitude of the signal upsampled 4x (BS.1770-4 Annex 2) with a
  windowed-sinc interpolator; only the stretches that could hold the peak are upsampled,
  which is exact (see `_true_peak`).
- noise floor: the level of the quietest tenth of 50 ms windows, unweighted: in a spoken
  clip, the pauses between phrases (None when those are digital silence, or when the clip
  has no pauses at all).
- where it sounds: the 100 ms steps whose K-weighted level is within 30 LU of the clip's
  loudness, with gaps under 1.5 s bridged (the ducking of the bed follows these).

Speed: an IIR filter cannot be vectorised sample by sample, so the K-weighting runs as a
state-space filter over blocks of 64 samples: each block's output is a matrix product with
the impulse response (zero-state part) plus the state carried in (zero-input part), and the
states themselves are propagated 64 blocks at a time. That is exact linear algebra, not an
approximation, and a few matrix products per chunk instead of a Python loop per sample.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .frames import Frames

F64 = npt.NDArray[np.float64]

ABSOLUTE_GATE = -70.0  # LUFS
RELATIVE_GATE = -10.0  # LU under the mean of the blocks above the absolute gate
HOP_S = 0.1  # blocks start every 100 ms ...
BLOCK_HOPS = 4  # ... and last 400 ms
NOISE_WINDOW_S = 0.05
NOISE_QUANTILE = 0.1
SILENCE_DB = -120.0  # a 50 ms window this quiet is digital silence, not a noise floor
PAUSE_UNDER_DB = 12.0  # pauses are at least this far under the loudest tenth of a clip
ACTIVE_UNDER_LU = 30.0  # a 100 ms step within this of the clip's loudness is sounding
BRIDGE_S = 1.5  # shorter gaps do not count as a pause (the bed would pump between words)

_BLOCK = 64  # samples per filter block
_GROUP = 64  # blocks whose states are propagated together
_OVERSAMPLE = 4
_TAPS_PER_PHASE = 16


@dataclass(frozen=True)
class Measurement:
    """What a clip measures; levels in LUFS/dBFS/dBTP, None where there is nothing to measure."""

    # None: silent, or quieter than the -70 LUFS gate throughout. A clip shorter than one
    # 400 ms block is measured as a whole, as one block.
    integrated_lufs: float | None
    true_peak_dbtp: float | None  # None: digital silence
    sample_peak_dbfs: float | None
    noise_floor_dbfs: float | None  # None: the pauses are digital silence, or there are none
    seconds: float
    sounding: tuple[tuple[float, float], ...]  # (start_s, end_s) where the clip sounds


def k_weighting(rate: int) -> tuple[F64, F64]:
    """The BS.1770 K-weighting filter at `rate` as one 4th-order (b, a), a[0] == 1.

    The constants are the analogue prototype libebur128 and ffmpeg's ebur128 use; at 48 kHz
    they give BS.1770's published coefficients.
    """
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / q + k * k
    pre_b = [
        (vh + vb * k / q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
    ]
    pre_a = [1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0]
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1.0 + k / q + k * k
    rlb_b = [1.0, -2.0, 1.0]
    rlb_a = [1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0]
    return np.convolve(pre_b, rlb_b), np.convolve(pre_a, rlb_a)


class _BlockFilter:
    """An IIR filter (b, a) run on whole blocks of samples; see the module docstring."""

    def __init__(self, b: F64, a: F64, block: int = _BLOCK, group: int = _GROUP) -> None:
        order = len(a) - 1
        # Transposed direct form as a state space, s[n+1] = A s[n] + B x[n],
        # y[n] = C s[n] + D x[n]: its states stay as small as the output (the controllable
        # form's would grow 40 000 times at low frequencies), so float32 products suffice.
        a_mat = np.zeros((order, order))
        a_mat[:, 0] = -a[1:]
        a_mat[:-1, 1:] = np.eye(order - 1)
        b_vec = b[1:] - a[1:] * b[0]
        c_vec = np.zeros(order)
        c_vec[0] = 1.0
        d = b[0]
        powers = [np.eye(order)]
        for _ in range(max(block, group)):
            powers.append(a_mat @ powers[-1])
        self.block, self.group, self.order = block, group, order
        # h[m] = C A^(m-1) B for m >= 1, h[0] = D
        h = np.array([d] + [c_vec @ powers[m - 1] @ b_vec for m in range(1, block)])
        idx = np.arange(block)
        lag = idx[:, None] - idx[None, :]
        zero_state = np.where(lag >= 0, h[np.clip(lag, 0, None)], 0.0).T  # [i, j] = h[j - i]
        zero_input = np.array([c_vec @ powers[j] for j in range(block)]).T  # [a, j] = (C A^j)_a
        # y_block = x_block @ zero_state + state @ zero_input (float32 products: the rounding
        # stays 60 dB under the signal, far below what loudness can show)
        self.zero_state = zero_state.astype(np.float32)
        self.zero_input = zero_input.astype(np.float32)
        # the state a block leaves: M s + x_block @ state_in
        self.state_in = np.array([powers[block - 1 - i] @ b_vec for i in range(block)]).astype(
            np.float32
        )
        m = powers[block]
        m_pows = [np.eye(order)]
        for _ in range(group):
            m_pows.append(m @ m_pows[-1])
        self.m_one = m
        self.m_group = m_pows[group]
        # a group's block states from its first: s_j = M^j s_0 + partial_j, as (.., G*o)
        self.from_start = np.concatenate([p.T for p in m_pows[:group]], axis=1)  # (o, G*o)
        # partial_j = sum_{i<j} M^(j-1-i) u_i, from the inputs as (.., G*o)
        tri = np.zeros((group, order, group, order))
        for j in range(group):
            for i in range(j):
                tri[j, :, i, :] = m_pows[j - 1 - i]
        self.tri = tri.reshape(group * order, group * order).T
        self.state = np.zeros(order)

    def run(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Filter the contiguous samples `x` (a whole number of groups long)."""
        grp, order = self.group, self.order
        xb = x.reshape(-1, self.block)
        u = (xb @ self.state_in).astype(np.float64)  # (nb, o)
        ug = u.reshape(-1, grp * order)
        partial = ug @ self.tri  # (ng, G*o)
        # the state a group hands on: M^G s + M partial_(G-1) + u_(G-1)
        out_parts = partial[:, -order:] @ self.m_one.T + ug[:, -order:]
        starts = np.empty((len(ug), order))
        s = self.state
        m_group = self.m_group
        for g in range(len(ug)):
            starts[g] = s
            s = m_group @ s + out_parts[g]
        self.state = s
        partial += starts @ self.from_start
        y = xb @ self.zero_state
        y += partial.reshape(-1, order).astype(np.float32) @ self.zero_input
        return y.reshape(-1)


def _interpolator() -> F64:
    """The 4x upsampling filter's phases 1..3 (phase 0 is the sample itself), (3, taps)."""
    half = _TAPS_PER_PHASE // 2
    n = np.arange(-half * _OVERSAMPLE, half * _OVERSAMPLE + 1)
    window = np.kaiser(len(n), 8.0)
    h = np.sinc(n / _OVERSAMPLE) * window
    phases = []
    for p in range(1, _OVERSAMPLE):
        # y(t + p/4) = sum_k x[t + k] h(p - 4k) for k = -half+1 .. half
        ks = np.arange(-half + 1, half + 1)
        phases.append(h[(p - _OVERSAMPLE * ks) + half * _OVERSAMPLE])
    return np.array(phases)


_PHASES = _interpolator()
_PHASES32 = _PHASES.astype(np.float32)
# No interpolated value can exceed the largest nearby sample by more than this factor.
_MAX_GAIN = float(np.abs(_PHASES).sum(axis=1).max())


class LoudnessMeter:
    """Feed a clip's frames in order with `feed`, then read `result()`."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.hop = round(HOP_S * rate)
        self.noise_window = round(NOISE_WINDOW_S * rate)
        step = _BLOCK * _GROUP
        self.chunk = self.hop * step // math.gcd(self.hop, step)  # fits hops, blocks, groups
        if self.chunk % self.noise_window:
            self.chunk *= self.noise_window // math.gcd(self.chunk, self.noise_window)

        b, a = k_weighting(rate)
        self._filters: list[_BlockFilter] = []
        self._b, self._a = b, a
        self._pending: list[Frames] = []
        self._pending_frames = 0
        self._hops: list[F64] = []  # K-weighted energy per 100 ms hop, summed over channels
        self._windows: list[F64] = []  # plain mean square per 50 ms window
        self._peak = 0.0
        self._true_peak = 0.0
        self._tails: list[npt.NDArray[np.float32]] = []  # each channel's last samples
        self._frames = 0
        self._short_energy = 0.0  # K-weighted energy past the last whole hop
        self._mono = True  # every frame so far had L == R: filter one channel, count it twice

    def feed(self, frames: Frames) -> None:
        """Frames (n, channels) float32 in order; any n (whole chunks avoid a copy)."""
        if len(frames) == 0:
            return
        frames = np.asarray(frames, dtype=np.float32)
        if not self._pending and len(frames) >= self.chunk:
            usable = len(frames) - len(frames) % self.chunk
            self._analyse(frames[:usable])
            frames = frames[usable:]
            if len(frames) == 0:
                return
        self._pending.append(frames)
        self._pending_frames += len(frames)
        if self._pending_frames >= self.chunk:
            self._flush(final=False)

    def _flush(self, final: bool) -> None:
        data = np.concatenate(self._pending) if self._pending else np.zeros((0, 2), np.float32)
        usable = len(data) if final else len(data) - len(data) % self.chunk
        now, rest = data[:usable], data[usable:]
        self._pending = [rest] if len(rest) else []
        self._pending_frames = len(rest)
        if len(now):
            self._analyse(now)

    def _analyse(self, data: Frames) -> None:
        # chunk by chunk: a chunk's working set stays in the processor's cache
        for start in range(0, len(data), self.chunk):
            self._analyse_chunk(data[start : start + self.chunk])

    def _analyse_chunk(self, data: Frames) -> None:
        n, channels = data.shape
        self._frames += n
        planar = np.ascontiguousarray(data.T)  # one pass; every step below reads contiguously
        if self._mono and channels == 2 and not np.array_equal(planar[0], planar[1]):
            if self._filters:  # the right channel's filter state is the left one's so far
                self._filters.append(_copy_filter(self._filters[0]))
                self._tails.append(self._tails[0])
            self._mono = False
        both = self._mono and channels == 2  # one channel heard twice
        use = planar[:1] if both else planar
        while len(self._filters) < len(use):
            self._filters.append(_BlockFilter(self._b, self._a))
            self._tails.append(np.zeros(0, dtype=np.float32))
        padded = -(-n // self.chunk) * self.chunk  # the clip's end: zero-padded, cut off after
        energy = np.zeros(padded // self.hop)
        windows = np.zeros(n // self.noise_window)
        for c, x in enumerate(use):
            peak, true_peak = _true_peak(x, self._tails[c], max(self._true_peak, self._peak))
            self._peak = max(self._peak, peak)
            self._true_peak = max(self._true_peak, true_peak)
            self._tails[c] = x[-_TAPS_PER_PHASE:].copy()
            w = self.noise_window
            # float32 sums of squares (numpy's vectorised loop): a window's energy to 1e-5,
            # 0.0001 dB, where float64 conversion cost a third of the whole analysis
            windows += np.einsum("ij,ij->i", *(x[: n - n % w].reshape(-1, w),) * 2)
            if padded > n:
                x = np.concatenate([x, np.zeros(padded - n, dtype=np.float32)])
            y = self._filters[c].run(x)
            hops = y.reshape(-1, self.hop)
            energy += np.einsum("ij,ij->i", hops, hops)
            tail = y[n - n % self.hop : n]  # a last, partial hop: only for a very short clip
            self._short_energy += float(np.dot(tail, tail)) * (2.0 if both else 1.0)
        self._hops.append(energy[: n // self.hop] * ((2.0 if both else 1.0) / self.hop))
        self._windows.append(windows / (self.noise_window * len(use)))

    def result(self) -> Measurement:
        self._flush(final=True)
        hops = np.concatenate(self._hops) if self._hops else np.zeros(0)
        integrated = gated_loudness(hops)
        if integrated is None and 0 < self._frames < BLOCK_HOPS * self.hop:
            # shorter than one 400 ms block (a click, a short bell): the whole clip as one block
            level = float(_lufs((hops.sum() * self.hop + self._short_energy) / self._frames))
            integrated = level if level > ABSOLUTE_GATE else None
        windows = np.concatenate(self._windows) if self._windows else np.zeros(0)
        return Measurement(
            integrated_lufs=integrated,
            true_peak_dbtp=_db(self._true_peak),
            sample_peak_dbfs=_db(self._peak),
            noise_floor_dbfs=noise_floor(windows),
            seconds=self._frames / self.rate,
            sounding=sounding(hops, integrated),
        )


def _copy_filter(f: _BlockFilter) -> _BlockFilter:
    twin = object.__new__(_BlockFilter)
    twin.__dict__.update(f.__dict__)
    twin.state = f.state.copy()
    return twin


def _db(amplitude: float) -> float | None:
    return 20.0 * math.log10(amplitude) if amplitude > 0 else None


def _lufs(energy: F64 | float) -> F64:
    return -0.691 + 10.0 * np.log10(np.maximum(energy, 1e-30))


def gated_loudness(hops: F64) -> float | None:
    """Integrated loudness from K-weighted energies per 100 ms hop (BS.1770-4 gating)."""
    if len(hops) < BLOCK_HOPS:
        return None
    blocks = np.convolve(hops, np.ones(BLOCK_HOPS), mode="valid") / BLOCK_HOPS
    above = blocks[_lufs(blocks) > ABSOLUTE_GATE]
    if len(above) == 0:
        return None
    relative = float(_lufs(above.mean())) + RELATIVE_GATE
    kept = above[_lufs(above) > relative]
    return float(_lufs(kept.mean())) if len(kept) else None


def noise_floor(windows: F64) -> float | None:
    """The level of the quietest tenth of the 50 ms windows: in speech, the pauses. None
    when that tenth is digital silence (a clip edited to silence between phrases), or when
    the clip has no pauses: its quietest tenth within PAUSE_UNDER_DB of its loudest tenth
    (a drone, a tone, a bell ringing out)."""
    if len(windows) == 0:
        return None
    levels = 10.0 * np.log10(np.maximum(windows, 1e-30))
    quiet, loud = np.quantile(levels, [NOISE_QUANTILE, 1.0 - NOISE_QUANTILE])
    if quiet <= SILENCE_DB or quiet > loud - PAUSE_UNDER_DB:
        return None
    return float(quiet)


def sounding(hops: F64, integrated: float | None) -> tuple[tuple[float, float], ...]:
    """Where the clip sounds, from its hops: (start_s, end_s), short gaps bridged."""
    if integrated is None or len(hops) == 0:
        return ()
    active = np.flatnonzero(_lufs(hops) > integrated - ACTIVE_UNDER_LU)
    if len(active) == 0:
        return ()
    bridge = round(BRIDGE_S / HOP_S)
    breaks = np.flatnonzero(np.diff(active) > bridge)
    firsts = np.concatenate(([active[0]], active[breaks + 1]))
    lasts = np.concatenate((active[breaks], [active[-1]]))
    return tuple(
        (round(float(a) * HOP_S, 3), round(float(b + 1) * HOP_S, 3))
        for a, b in zip(firsts, lasts, strict=True)
    )


_PEAK_BLOCK = 64
_FIRST_BLOCKS = 16  # interpolated before the others, to raise the bar


def _true_peak(
    x: npt.NDArray[np.float32], before: npt.NDArray[np.float32], known: float
) -> tuple[float, float]:
    """(sample peak, 4x-upsampled peak) of one channel's samples `x`, which follow `before`.

    An interpolated value near sample t is a weighted sum of x[t-7..t+8], so it is at most
    _MAX_GAIN times the largest of those; only the blocks of 64 samples whose peak reaches
    max(known, sample peak) / _MAX_GAIN are interpolated (with 8 samples either side): few
    in speech, whose peaks are rare. Values between the previous chunk and this one are
    interpolated from `before` joined to the start of `x`.
    """
    half = _TAPS_PER_PHASE // 2
    n = len(x) - len(x) % _PEAK_BLOCK
    peaks = _block_peaks(x[:n])
    sample_peak = max(float(peaks.max()) if len(peaks) else 0.0, _abs_max(x[n:]))
    threshold = max(known, sample_peak) / _MAX_GAIN
    block_max = peaks if n == len(x) else np.append(peaks, _abs_max(x[n:]))
    hot = np.flatnonzero(block_max >= threshold)
    reach = np.arange(-half, _PEAK_BLOCK + half)
    # The loudest blocks first: the peak they give raises the bar for the others, most of
    # which then cannot hold a higher value (the same bound, with a larger known peak).
    order = hot[np.argsort(block_max[hot], kind="stable")[::-1]]
    first, others = order[:_FIRST_BLOCKS], order[_FIRST_BLOCKS:]
    best = max(sample_peak, _interpolated_peak(x, _around(first, reach)))
    others = others[block_max[others] >= max(known, best) / _MAX_GAIN]
    best = max(best, _interpolated_peak(x, _around(np.sort(others), reach)))
    if len(before):
        edge = np.concatenate([before, x[:_TAPS_PER_PHASE]])
        if _abs_max(edge) >= threshold:
            best = max(best, _interpolated_peak(edge, np.arange(len(edge))))
    return sample_peak, best


def _around(blocks: npt.NDArray[np.intp], reach: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """The sample indices of `blocks` with `reach` around each."""
    return (blocks[:, None] * _PEAK_BLOCK + reach[None, :]).ravel()


def _interpolated_peak(x: npt.NDArray[np.float32], ts: npt.NDArray[np.intp]) -> float:
    """The largest |value| upsampled between x[t] and x[t+1], for the t in `ts` that have
    their 16 neighbours in `x`."""
    half = _TAPS_PER_PHASE // 2
    ts = ts[(ts >= half - 1) & (ts < len(x) - half)]
    if len(ts) == 0:
        return 0.0
    views = np.lib.stride_tricks.sliding_window_view(x, _TAPS_PER_PHASE)
    best = 0.0
    for piece in np.array_split(ts, max(1, len(ts) // 65536)):
        values = views[piece - (half - 1)] @ _PHASES32.T
        best = max(best, float(np.abs(values).max()))
    return best


def _block_peaks(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """max |x| of each block of _PEAK_BLOCK samples, by halving the blocks elementwise
    (numpy reduces short rows one at a time, which is several times slower)."""
    m = np.abs(x).reshape(-1, _PEAK_BLOCK)
    width = _PEAK_BLOCK
    while width > 1:
        width //= 2
        m = np.maximum(m[:, :width], m[:, width : 2 * width])
    return m[:, 0]


def _abs_max(x: npt.NDArray[np.float32]) -> float:
    return float(np.abs(x).max()) if len(x) else 0.0
