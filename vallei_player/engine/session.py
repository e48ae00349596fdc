"""Opening a session for mixing: its timeline, its clips in the PCM cache, and the mixer.

Both `render` and the player open sessions here, so they build the same timeline from the
same clip lengths and read the same cached PCM: the second half of "render == play".
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field

from ..core.program import ClipLookup, Program, Timeline, build_timeline, clip_lookup
from .cache import CachedClip, PcmCache
from .decode import find_ffmpeg
from .levels import needs_measuring
from .loudness import Measurement
from .loudness_store import MEASURE_RATE, measure_clip, stored_measurement
from .measuring import AheadMeasurer
from .mixer import Mixer
from .preparing import PreparationWatch, PrepareProgress, StartClip

START_S = 0.5  # the first moments a start mixes before it sounds (the player's lookahead)

_shared: dict[int, PcmCache] = {}
_shared_lock = threading.Lock()


def shared_cache(rate: int) -> PcmCache:
    """This process's cache for `rate`, under the user's data folder."""
    with _shared_lock:
        cache = _shared.get(rate)
        if cache is None:
            cache = _shared[rate] = PcmCache(rate=rate)
        return cache


@dataclass
class OpenSession:
    """A session ready to mix; `close()` lets the cache evict its clips again."""

    program: Program
    timeline: Timeline
    mixer: Mixer
    cache: PcmCache
    clips: dict[str, CachedClip] = field(default_factory=dict)
    measuring: AheadMeasurer | None = None
    preparing: PreparationWatch | None = None

    @property
    def rate(self) -> int:
        return self.timeline.rate

    def prepared(self) -> bool:
        """Every clip fully decoded."""
        return all(c.done for c in self.clips.values())

    def close(self) -> None:
        if self.preparing is not None:  # it reads the clips and the measurer
            self.preparing.stop()
        if self.measuring is not None:  # before the clips it reads are let go
            self.measuring.stop()
        for clip in self.clips.values():
            self.cache.release(clip)
        self.clips.clear()


def open_session(
    program: Program,
    session_id: str,
    rate: int = 48_000,
    *,
    lookup: ClipLookup | None = None,
    cache: PcmCache | None = None,
    on_progress: PrepareProgress | None = None,
) -> OpenSession:
    """Build the timeline, start decoding the session's clips in order of first need, and
    start measuring the loudness of those whose level depends on it (`levels.py`) that
    were never measured before, in the same order on a worker (`measuring.py`): the mixer
    waits only for the measurements of the clips it is mixing.

    Raises UserError for an unknown session, ProgramError when a clip is unusable or longer
    than its phase, FfmpegMissing when ffmpeg is not installed.

    `on_progress`, if given, is called from a worker thread with rising fractions of what
    the first sound waits for (the first phase's clips decoded and measured, `preparing.py`),
    ending with 1.0.
    """
    session = program.require_session(session_id)
    find_ffmpeg()
    # The loader's memoised lookup: validation and playback judge every clip alike.
    lookup = lookup or clip_lookup(program)
    timeline = build_timeline(session, rate, lookup)
    cache = cache or shared_cache(rate)
    clips: dict[str, CachedClip] = {}

    def open_clip(ref: str) -> CachedClip:
        clip = clips.get(ref)
        if clip is None:
            clip = cache.clip(program.clip_path(ref), lookup(ref))
            clips[ref] = clip
        return clip

    try:
        # Queue the decodes in order of first need: the first phase's voice and bed before
        # the rest, so a cold start waits for as little as possible.
        for tp in timeline.phases:
            audio = tp.phase.audio
            for ref in (tp.phase.voice, audio.cue if tp.index > 0 else None, audio.bed):
                if ref is not None:
                    open_clip(ref)
        lookup_ = lookup

        def measure(ref: str, stop: threading.Event) -> Measurement:
            decoded = clips.get(ref) if cache.rate == MEASURE_RATE else None
            return measure_clip(program.clip_path(ref), lookup_(ref), decoded=decoded, stop=stop)

        measuring = AheadMeasurer(
            needs_measuring(timeline),
            measure,
            known=lambda ref: stored_measurement(program.clip_path(ref)),
        )
        try:
            mixer = Mixer(timeline, open_clip, measuring.get)
        except BaseException:
            measuring.stop()
            raise
    except BaseException:
        for clip in clips.values():
            cache.release(clip)
        raise
    preparing = None
    if on_progress is not None:
        preparing = PreparationWatch(_start_clips(timeline, clips, measuring), on_progress)
    return OpenSession(program, timeline, mixer, cache, clips, measuring, preparing)


def _start_clips(
    timeline: Timeline, clips: dict[str, CachedClip], measuring: AheadMeasurer
) -> list[StartClip]:
    """The first phase's clips, as far as the first sound needs them: whole when their
    loudness is measured (the measurement reads the whole clip), else the first moments."""
    if not timeline.phases:
        return []
    first = timeline.phases[0]
    start = round(START_S * timeline.rate)
    out: list[StartClip] = []
    for ref in dict.fromkeys((first.phase.voice, first.phase.audio.bed)):
        clip = clips.get(ref) if ref is not None else None
        if clip is None or ref is None:
            continue
        if ref in measuring.missing:  # not in the store: measured now, from the whole clip
            out.append(StartClip(clip, clip.length, functools.partial(measuring.measured, ref)))
        else:
            out.append(StartClip(clip, min(clip.length, start)))
    return out
