"""Generate Vallei Player's bundled sounds: the soft bell cue, the handover and "how high is it
now?" cues, and two background beds.

Run from the repository root with the project's Python (numpy) and ffmpeg on PATH:

    .venv/bin/python audio/make_sounds.py            # writes audio/*.flac, audio/*.ogg
    .venv/bin/python audio/make_sounds.py --check    # only re-checks the committed files

Everything is synthesised from fixed seeds, so the same numpy and ffmpeg give the same
files. What is made, and why it sounds the way it does:

* `bell.flac` - the app's default phase-change cue (`core.resources.builtin_bell()`).
  A small singing bowl: five inharmonic partials (ratios 1 : 2.71 : 5.15 : 8.43 : 12.3,
  as measured on real bowls), each a pair of slightly detuned modes so it beats slowly,
  higher partials dying faster. A 30 ms raised-cosine attack (a soft mallet: no click),
  a cosine fade over the last 0.8 s, peak -6 dBFS, 48 kHz stereo 16-bit FLAC, 3.5 s.
* `wissel.flac` - a handover cue for couples' turns: two strikes of the same bowl, the
  second a fourth higher half a second later ("now the other one"). Same format, 3.5 s.
* `vraag.flac` - the "how high is it now?" chime a phase with `ask_level: true` ends with:
  three small, soft, rising notes (E5, G5, B5: a question's rise, no strike of the bowl),
  each a sine with a quiet octave, a 15 ms attack and a short decay, 0.24 s apart, so it
  is told from the bell and the handover at once. Same format, 2 s.
* `bed-zee.ogg` - "sea": coloured noise with slow swells whose brightness follows their
  loudness, like waves on a distant beach. 96 s, stereo, Ogg Vorbis.
* `bed-warm.ogg` - a warm low drone on A (110 Hz) with its fifth and octave, slowly
  beating partials and a breath of filtered air. 96 s, stereo, Ogg Vorbis.

Both beds loop seamlessly *by construction*: every component is periodic in the loop
length (noise is shaped in the frequency domain and inverse-transformed, so it wraps
around; every sine and every swell has a whole number of cycles per loop). After encoding,
the decoded file is checked: exact length, and no step at the seam larger than the
steps found inside the loop (see `check_loop`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

RATE = 48_000
HERE = Path(__file__).resolve().parent
Signal = NDArray[np.float64]

BELL_SECONDS = 3.5
HANDOVER_SECONDS = 3.5
ASK_SECONDS = 2.0
BED_SECONDS = 96  # a whole number of seconds: sine frequencies are multiples of 1/96 Hz


# --------------------------------------------------------------------------- the bell


def strike(n: int, f0: float, rng: np.random.Generator) -> Signal:
    """One soft strike of a small singing bowl on `f0`, (n, 2), from its first sample."""
    t = np.arange(n) / RATE
    ratios = (1.0, 2.71, 5.15, 8.43, 12.3)
    amps = (1.0, 0.42, 0.2, 0.08, 0.035)
    taus = (1.05, 0.62, 0.36, 0.2, 0.12)  # seconds to fall by 1/e
    beats = (1.3, 2.1, 3.4, 4.0, 5.5)  # Hz between the two modes of each partial
    out = np.zeros((n, 2))
    for ratio, amp, tau, beat in zip(ratios, amps, taus, beats, strict=True):
        f = f0 * ratio
        decay = amp * np.exp(-t / tau)
        for ch in range(2):
            # Each channel hears the mode pair with its own phase: a slow, wide shimmer.
            p1, p2 = rng.uniform(0, 2 * np.pi, size=2)
            out[:, ch] += decay * (
                0.62 * np.sin(2 * np.pi * f * t + p1)
                + 0.38 * np.sin(2 * np.pi * (f + beat) * t + p2)
            )
    attack = int(0.030 * RATE)  # a felt mallet, not a click
    out[:attack] *= (0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack))[:, None]
    return out


def fade_tail(x: Signal, seconds: float) -> Signal:
    release = int(seconds * RATE)
    x[-release:] *= (0.5 + 0.5 * np.cos(np.pi * np.arange(release) / release))[:, None]
    return x


def make_bell(seed: int = 7) -> Signal:
    """The singing-bowl cue as a (frames, 2) array, peak exactly -6 dBFS."""
    out = fade_tail(strike(int(BELL_SECONDS * RATE), 528.0, np.random.default_rng(seed)), 0.8)
    return out * (10 ** (-6 / 20) / np.max(np.abs(out)))


def make_handover(seed: int = 3) -> Signal:
    """Two soft strikes, low then a fourth higher: "now the other one", peak -6 dBFS."""
    rng = np.random.default_rng(seed)
    n = int(HANDOVER_SECONDS * RATE)
    gap = int(0.5 * RATE)
    out = strike(n, 440.0, rng)
    out[gap:] += 0.8 * strike(n - gap, 440.0 * 4 / 3, rng)
    out = fade_tail(out, 0.8)
    return out * (10 ** (-6 / 20) / np.max(np.abs(out)))


def make_ask() -> Signal:
    """Three soft rising notes: "how high is it now?", peak -6 dBFS, silent at both ends."""
    n = int(ASK_SECONDS * RATE)
    out = np.zeros((n, 2))
    attack = int(0.015 * RATE)
    for k, f in enumerate((659.26, 783.99, 987.77)):
        start = int(k * 0.24 * RATE)
        t = np.arange(n - start) / RATE
        note = np.exp(-t / 0.32) * (np.sin(2 * np.pi * f * t) + 0.18 * np.sin(4 * np.pi * f * t))
        note[:attack] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
        pan = (0.9, 1.0, 0.9)[k]  # the middle note a touch wider: the rise moves, softly
        out[start:, 0] += note * pan
        out[start:, 1] += note * (1.9 - pan)
    out = fade_tail(out, 0.6)
    return out * (10 ** (-6 / 20) / np.max(np.abs(out)))


# --------------------------------------------------------------------------- the beds


def periodic_noise(n: int, rng: np.random.Generator, shape: Signal) -> Signal:
    """Noise of exactly period `n` with magnitude spectrum `shape` (len n//2+1)."""
    phases = rng.uniform(0, 2 * np.pi, size=shape.size)
    spectrum = shape * np.exp(1j * phases)
    spectrum[0] = 0.0
    x = np.fft.irfft(spectrum, n)
    return x / np.sqrt(np.mean(x**2))


def band(freqs: Signal, low: float, high: float, slope: float = 1.0) -> Signal:
    """A soft band-pass magnitude: 1/f^slope/2 colour, gentle edges at low and high."""
    f = np.maximum(freqs, 1.0)
    colour = f ** (-slope / 2)
    hp = 1 / np.sqrt(1 + (low / f) ** 4)
    lp = 1 / np.sqrt(1 + (f / high) ** 4)
    return colour * hp * lp


def periodic_swell(n: int, cycles_and_weights: list[tuple[int, float, float]]) -> Signal:
    """A smooth 0..1 envelope made of sines with whole cycles per loop (so it wraps)."""
    x = np.arange(n) / n
    env = np.zeros(n)
    for cycles, weight, phase in cycles_and_weights:
        env += weight * np.sin(2 * np.pi * cycles * x + phase)
    env -= env.min()
    return env / env.max()


def make_sea(seed: int = 11) -> Signal:
    """Distant surf: dark rumble always there, brighter wash rising with each swell."""
    n = BED_SECONDS * RATE
    rng = np.random.default_rng(seed)
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    dark = band(freqs, 40, 500, slope=1.6)
    bright = band(freqs, 150, 3500, slope=1.0)
    # Ten swells in 96 s (one every 9.6 s) shaped by slower drifts of 3 and 2 cycles.
    swell = periodic_swell(n, [(10, 1.0, 0.0), (3, 0.45, 1.1), (2, 0.3, 2.3), (7, 0.2, 0.4)])
    swell = swell**1.6  # waves rise slowly and fall back; quieter troughs
    out = np.zeros((n, 2))
    shared_dark = periodic_noise(n, rng, dark)
    shared_bright = periodic_noise(n, rng, bright)
    for ch in range(2):
        # Partly shared, partly per-channel noise: wide but not hollow.
        d = 0.6 * shared_dark + 0.8 * periodic_noise(n, rng, dark)
        b = 0.5 * shared_bright + 0.85 * periodic_noise(n, rng, bright)
        lag = ch * RATE // 3  # the right channel's swell comes a third of a second later
        s = np.roll(swell, lag)
        out[:, ch] = d * (0.35 + 0.35 * s) + b * (0.04 + 0.5 * s)
    return out * (10 ** (-3 / 20) / np.max(np.abs(out)))


def make_warm_drone(seed: int = 5) -> Signal:
    """A soft drone on A2 with fifth and octave; partials beat at whole cycles per loop."""
    n = BED_SECONDS * RATE
    rng = np.random.default_rng(seed)
    x = np.arange(n) / n  # loop position 0..1
    base = 110 * BED_SECONDS  # cycles per loop of A2 (110 Hz)
    partials = [  # (cycles per loop, level, detune cycles per loop for a slow beat)
        (base, 1.0, 19),
        (base * 3 // 2, 0.45, 23),  # the fifth, 165 Hz
        (base * 2, 0.35, 29),
        (base * 3, 0.12, 37),
        (base // 2, 0.5, 11),  # a low A1 for warmth
    ]
    out = np.zeros((n, 2))
    for cycles, level, detune in partials:
        for ch in range(2):
            p1, p2 = rng.uniform(0, 2 * np.pi, size=2)
            shift = detune + ch * 3  # channels beat at slightly different rates
            out[:, ch] += level * (
                np.sin(2 * np.pi * cycles * x + p1)
                + 0.7 * np.sin(2 * np.pi * (cycles + shift) * x + p2)
            )
    breath = periodic_swell(n, [(6, 1.0, 0.0), (4, 0.5, 0.9)])
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    air = band(freqs, 200, 1200, slope=1.2)
    for ch in range(2):
        out[:, ch] *= 0.8 + 0.2 * np.roll(breath, ch * RATE)
        out[:, ch] += 0.35 * periodic_noise(n, rng, air) * (0.3 + 0.7 * breath)
    return out * (10 ** (-3 / 20) / np.max(np.abs(out)))


# --------------------------------------------------------------------------- files


def encode(signal: Signal, path: Path, codec_args: list[str]) -> None:
    """Pipe float samples through ffmpeg into `path`, bit-exact (no dates or random ids)."""
    pcm = np.ascontiguousarray(signal, dtype="<f4").tobytes()
    cmd = [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-f",
        "f32le",
        "-ar",
        str(RATE),
        "-ac",
        str(signal.shape[1]),
        "-i",
        "-",
    ]
    cmd += [
        "-map_metadata",
        "-1",
        "-fflags",
        "+bitexact",
        "-flags:a",
        "+bitexact",
        *codec_args,
        str(path),
    ]
    subprocess.run(cmd, input=pcm, check=True)


def quantise_16(signal: Signal, seed: int) -> Signal:
    """TPDF-dithered 16-bit values (as floats), so the FLAC holds what we meant."""
    rng = np.random.default_rng(seed)
    lsb = 1 / 32768
    dither = (rng.uniform(-0.5, 0.5, signal.shape) + rng.uniform(-0.5, 0.5, signal.shape)) * lsb
    return np.clip(np.round((signal + dither) / lsb), -32768, 32767) * lsb


def decode(path: Path) -> Signal:
    cmd = [
        "ffmpeg",
        "-v",
        "error",
        "-i",
        str(path),
        "-f",
        "f32le",
        "-ac",
        "2",
        "-ar",
        str(RATE),
        "-",
    ]
    raw = subprocess.run(cmd, capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<f4").astype(np.float64).reshape(-1, 2)


def check_loop(path: Path, frames: int) -> str:
    """Decode a bed and check that it loops without a click; returns a one-line report.

    The seam is the step from the last sample back to the first. It must be no larger
    than the largest step inside the loop nor more than four times the typical step in
    the 4 ms around it (a lossy codec blurs both ends of a file a little, so the seam is
    never bit-perfect), and the high-frequency energy in 5 ms around the seam must be no
    more than twice the loop's 99th percentile of the same measure.
    """
    x = decode(path)
    if x.shape[0] != frames:
        raise SystemExit(f"{path.name}: decodes to {x.shape[0]} frames, expected {frames}")
    steps = np.abs(np.diff(x, axis=0)).max(axis=1)
    seam_step = float(np.abs(x[0] - x[-1]).max())
    local = float(np.median(np.concatenate([steps[-100:], steps[:100]])))
    # High-passed energy (second difference) in 240-sample windows, around the seam and inside.
    twice = np.concatenate([x[-4800:], x[:4800]])
    hf = np.abs(np.diff(twice, n=2, axis=0)).max(axis=1)
    win = 240
    seam_hf = float(hf[4800 - win // 2 - 1 : 4800 + win // 2 - 1].mean())
    inside = np.abs(np.diff(x, n=2, axis=0)).max(axis=1)
    usable = inside[: inside.size // win * win].reshape(-1, win).mean(axis=1)
    p99 = float(np.percentile(usable, 99))
    if seam_step > steps.max() or seam_step > 4 * local or seam_hf > 2 * p99:
        raise SystemExit(
            f"{path.name}: seam step {seam_step:.4f} (max inside {steps.max():.4f}, "
            f"typical near the seam {local:.4f}), hf {seam_hf:.5f} vs p99 {p99:.5f}"
        )
    peak = 20 * np.log10(np.abs(x).max())
    return (
        f"{path.name}: {frames / RATE:g} s, peak {peak:.1f} dBFS, seam step {seam_step:.4f} "
        f"(typical near it {local:.4f}, largest inside {steps.max():.4f}), "
        f"seam HF {seam_hf:.5f} (p99 inside {p99:.5f}): seamless"
    )


def check_bell(path: Path) -> str:
    x = decode(path)
    peak = 20 * np.log10(np.abs(x).max())
    first = float(np.abs(x[:48]).max())  # the first millisecond must be near silence
    last = float(np.abs(x[-48:]).max())
    if not (-6.5 < peak < -5.5) or first > 0.01 or last > 0.001:
        raise SystemExit(
            f"{path.name}: peak {peak:.2f} dBFS, first ms {first:.4f}, last ms {last:.4f}"
        )
    length = x.shape[0] / RATE
    return (
        f"{path.name}: {length:g} s, peak {peak:.2f} dBFS, first ms {first:.4f}, last ms {last:.5f}"
    )


FLAC_CODEC = ["-c:a", "flac", "-sample_fmt", "s16"]
BED_CODEC = ["-c:a", "libvorbis", "-q:a", "3"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the committed files")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write (default: audio/)")
    args = parser.parse_args(argv)
    out: Path = args.out
    bell, sea, warm = out / "bell.flac", out / "bed-zee.ogg", out / "bed-warm.ogg"
    handover = out / "wissel.flac"
    ask = out / "vraag.flac"
    if not args.check:
        out.mkdir(parents=True, exist_ok=True)
        encode(quantise_16(make_bell(), seed=1), bell, FLAC_CODEC)
        encode(quantise_16(make_handover(), seed=2), handover, FLAC_CODEC)
        encode(quantise_16(make_ask(), seed=4), ask, FLAC_CODEC)
        encode(make_sea(), sea, BED_CODEC)
        encode(make_warm_drone(), warm, BED_CODEC)
    print(check_bell(bell))
    print(check_bell(handover))
    print(check_bell(ask))
    print(check_loop(sea, BED_SECONDS * RATE))
    print(check_loop(warm, BED_SECONDS * RATE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
