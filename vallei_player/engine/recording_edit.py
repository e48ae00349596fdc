"""After a take: trim the silence, level it, fade the cut points, and save it as Opus.

With pydub (the design card's library for editing short clips whole): a take of a few
minutes is a few tens of MB as an AudioSegment. Each step can be left out (`TakeSteps`), so
the Studio can undo any one of them by finishing the same raw take again without it.

- Trim: the voice starts where the level first rises 10 dB over the take's room tone (its
  quietest tenth of 50 ms windows that are not digital silence); about half a second of
  room tone is kept before the first and after the last sound, so a cut never clips a
  breath and the clip does not start in a digital hush.
- Level: one gain that brings the clip's integrated loudness (the project's EBU R128
  measurement, engine.loudness) to the programme's target, held back so that the sample
  peak stays under -1 dBFS; what it could not reach is said in `warnings`.
- Fades: 30 ms in and out at the two cut points.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..core.problems import UserError
from ..i18n import _
from .loudness import LoudnessMeter

ROOM_TONE_S = 0.5
FADE_MS = 30
PEAK_CEILING_DBFS = -1.0
OVER_ROOM_TONE_DB = 10.0
SUPPORTED_SUFFIXES = (".wav", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".m4a", ".aac")


@dataclass(frozen=True)
class TakeSteps:
    trim: bool = True
    level: bool = True
    fade: bool = True


@dataclass(frozen=True)
class FinishedTake:
    path: Path
    seconds: float
    lufs: float | None  # integrated loudness of the saved clip
    gain_db: float  # the levelling gain applied (0 when not levelled)
    cut_start_s: float  # trimmed from the start of the raw take
    cut_end_s: float  # trimmed from its end
    warnings: tuple[str, ...] = field(default=())


def _segment(path: Path) -> Any:
    from pydub import AudioSegment

    return AudioSegment.from_file(str(path))


def _samples(seg: Any) -> np.ndarray[Any, np.dtype[np.float32]]:
    raw = np.array(seg.get_array_of_samples(), dtype=np.float32)
    scale = float(1 << (8 * seg.sample_width - 1))
    return (raw / scale).reshape(-1, seg.channels)


def integrated_lufs(seg: Any) -> float | None:
    """The clip's integrated loudness by the project's BS.1770 meter (stereo: a mono clip
    is heard on both channels, as the mixer plays it)."""
    frames = _samples(seg)
    if frames.shape[1] == 1:
        frames = np.repeat(frames, 2, axis=1)
    meter = LoudnessMeter(seg.frame_rate)
    meter.feed(frames)
    return meter.result().integrated_lufs


def _room_tone_dbfs(seg: Any) -> float:
    frames = _samples(seg)
    window = max(1, seg.frame_rate // 20)
    usable = len(frames) - len(frames) % window
    if usable == 0:
        return -90.0
    power = np.mean(np.square(frames[:usable]).reshape(-1, window * frames.shape[1]), axis=1)
    # digital silence (a device still starting, a muted input) is not the room's tone
    heard = power[power > 1e-10]
    if len(heard) == 0:
        return -90.0
    return 10 * math.log10(float(np.quantile(heard, 0.1)))


def _trimmed(seg: Any) -> tuple[Any, float, float]:
    from pydub.silence import detect_leading_silence

    threshold = min(max(_room_tone_dbfs(seg) + OVER_ROOM_TONE_DB, -70.0), -25.0)
    lead = detect_leading_silence(seg, silence_threshold=threshold, chunk_size=10)
    tail = detect_leading_silence(seg.reverse(), silence_threshold=threshold, chunk_size=10)
    if lead >= len(seg):  # nothing but room tone: keep it all, there is nothing to cut to
        return seg, 0.0, 0.0
    keep = int(ROOM_TONE_S * 1000)
    start = max(0, lead - keep)
    end = min(len(seg), len(seg) - tail + keep)
    return seg[start:end], start / 1000, (len(seg) - end) / 1000


def finish_take(
    raw: Path, out: Path, target_lufs: float | None, steps: TakeSteps = TakeSteps()
) -> FinishedTake:
    """Make the clip `out` (Opus) from the raw take, with the chosen steps."""
    seg = _segment(raw)
    warnings: list[str] = []
    cut_start = cut_end = 0.0
    if steps.trim:
        seg, cut_start, cut_end = _trimmed(seg)
    gain = 0.0
    if steps.level and target_lufs is not None:
        measured = integrated_lufs(seg)
        if measured is None:
            warnings.append(_("the take is silent; check the input device and record again"))
        else:
            gain = target_lufs - measured
            headroom = PEAK_CEILING_DBFS - seg.max_dBFS
            if gain > headroom:
                warnings.append(
                    _(
                        "levelled {reached:.1f} dB short of {target:.0f} LUFS to keep the peaks "
                        "under {ceiling:.0f} dBFS; speak a little further from the microphone"
                    ).format(reached=gain - headroom, target=target_lufs, ceiling=PEAK_CEILING_DBFS)
                )
                gain = headroom
            seg = seg.apply_gain(gain)
    if steps.fade:
        seg = seg.fade_in(FADE_MS).fade_out(FADE_MS)
    export_opus(seg, out)
    return FinishedTake(
        out, len(seg) / 1000, integrated_lufs(seg), gain, cut_start, cut_end, tuple(warnings)
    )


def export_opus(seg: Any, out: Path) -> None:
    """Write `seg` as Ogg Opus at 48 kHz (what Opus runs at), replacing `out` whole."""
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    try:
        seg.set_frame_rate(48_000).export(
            str(part), format="opus", codec="libopus", bitrate="96k"
        ).close()
        part.replace(out)
    except Exception as e:  # ffmpeg missing or refusing: one sentence, nothing half-written
        part.unlink(missing_ok=True)
        raise UserError(
            _("'{path}' could not be written ({reason}); nothing was changed").format(
                path=out, reason=str(e).splitlines()[0] if str(e) else type(e).__name__
            )
        ) from None


def import_clip(source: Path, target_without_suffix: Path) -> Path:
    """Copy an audio file into the programme (converted to Opus when the format is not one
    the programme format takes); the path written."""
    suffix = source.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        target = target_without_suffix.with_suffix(suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return target
    target = target_without_suffix.with_suffix(".opus")
    try:
        seg = _segment(source)
    except Exception:
        raise UserError(
            _(
                "'{path}' is not audio that can be converted; choose a WAV, FLAC, Ogg, Opus, "
                "MP3 or M4A file"
            ).format(path=source)
        ) from None
    export_opus(seg, target)
    return target
