"""A bounded disk cache of canonical PCM (engine rate, stereo float32), read in small pieces.

Why a disk cache: a 60-minute session holds 60 minutes of voice; decoded, that is 1.4 GB of
float32, which must not live in memory (ARCHITECTURE.md). Each clip is decoded once by ffmpeg
(`decode.py`) into `<cache>/pcm/<sha256 of content>-<rate>.f32`, a headerless file of exactly
`ClipInfo.length_at(rate)` frames (padded with silence or trimmed, so the timeline and the
sound agree to the sample whatever the resampler does at the edges). Readers read
(`os.preadv`) into buffers the mixer reuses: no memory map, whose touched pages would count
toward our RSS; the kernel's page cache, which does not, makes repeated reads cheap.

A clip can be read while it is still being decoded: `read()` waits only until the frames it
needs are on disk, so a cold start on a long MP3 waits for its first chunk, not the whole file.

Keys are content hashes, so a renamed or re-imported file is not decoded twice and an edited
one is. The cache never grows past `max_bytes`: before a decode starts, its full size is
reserved, and complete entries no session in this process holds are evicted, least recently
used first, to make room. When the entries in use leave no room for a clip, `clip()` refuses
it with CacheFull, before anything is written; a valid program's session always fits the
default bound (`core.program.limits`: at most 4 h of sound per session, 5.5 GB at 48 kHz).
A crash can leave only `*.part` files, which are removed when their writer has ended or they
are older than a day; entries whose size is wrong are treated as missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
from pathlib import Path

import numpy as np

from ..core.audiofiles import ClipInfo
from ..core.problems import UserError, os_reason
from ..core.program import MAX_SESSION_SOUND, format_duration
from ..core.store import process_running
from ..i18n import _
from .decode import BYTES_PER_FRAME, DecodeError, stream_pcm
from .frames import Frames

# 6 GiB: the most sound a valid session may use (4 h, MAX_SESSION_SOUND) takes 5.5 GB at
# 48 kHz; a usual 60-minute session's voices take 1.4 GB.
DEFAULT_MAX_BYTES = 6 << 30
_FORMAT_TAG = "f32s-v1"  # bump when the stored layout changes

_log = logging.getLogger(__name__)


class CacheFull(UserError):
    """A clip does not fit in the cache next to the clips in use; nothing was written."""


class CachedClip:
    """One clip's PCM at the engine rate: complete on disk, or growing as ffmpeg decodes it."""

    def __init__(self, source: Path, info: ClipInfo, rate: int, final_path: Path) -> None:
        self.source = source
        self.info = info
        self.rate = rate
        self.length = info.length_at(rate)
        self.size = self.length * BYTES_PER_FRAME  # bytes of the complete entry
        self.final_path = final_path
        self._cond = threading.Condition()
        self._available = 0  # frames readable from _fd
        self._done = False
        self._error: UserError | None = None
        self._fd: int | None = None
        self.pins = 0
        self.decoded_frames: int | None = None  # what ffmpeg gave, before padding or trimming

    # -- state ---------------------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self._done

    @property
    def error(self) -> UserError | None:
        return self._error

    def available(self) -> int:
        """Frames that can be read now without waiting."""
        return self.length if self._done else min(self._available, self.length)

    def wait(self, end: int, timeout: float | None = None) -> bool:
        """Wait until frames [0, end) are readable (or decoding ended); False on timeout."""
        end = min(end, self.length)
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._done and self._available < end:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left if left is not None else 1.0)
        return True

    def wait_done(self, timeout: float | None = None) -> bool:
        """Wait until decoding ended (successfully or not); False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._done:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left if left is not None else 1.0)
        return True

    # -- reading -------------------------------------------------------------------------

    def read(self, start: int, frames: int) -> Frames:
        """Frames [start, start+frames) as (frames, 2) float32; silence outside the clip.

        Blocks until those frames are decoded; raises DecodeError if decoding failed.
        """
        out = np.empty((frames, 2), dtype=np.float32)
        self.read_into(start, out)
        return out

    def read_into(self, start: int, out: Frames) -> None:
        """`read(start, len(out))` into `out` (C-contiguous (n, 2) float32), in place.

        The mixer's way: the file's bytes go straight into a buffer it reuses, with no
        new array per read (a render reads 1.4 GB per hour of voice; fresh buffers cost
        page faults, and copies cost passes over memory).
        """
        frames = len(out)
        lo = max(start, 0)
        hi = min(start + frames, self.length)
        if hi <= lo:
            out[:] = 0
            return
        self.wait(hi)
        if self._error is not None:
            raise self._error
        fd = self._fd
        if fd is None:
            out[:] = 0
            return
        out[: lo - start] = 0
        target = out[lo - start : hi - start]
        got = _pread_into(fd, target, lo * BYTES_PER_FRAME)  # short only in a padded tail
        out[lo - start + got :] = 0

    # -- lifecycle -----------------------------------------------------------------------

    def _open_complete(self) -> None:
        self._fd = os.open(self.final_path, os.O_RDONLY)
        with self._cond:
            self._available = self.length
            self._done = True
            self._cond.notify_all()
        with contextlib.suppress(OSError):
            os.utime(self.final_path)  # mark as recently used for LRU eviction

    def _decode(self) -> None:
        """Decode into a private .part file, publish progress, then rename it into place.

        Whatever goes wrong, the clip ends: done, with an error readers raise. A reader
        waiting for frames must never wait for ever, nor get silence for a failed decode.
        """
        folder = self.final_path.parent
        part = folder / f"{self.final_path.stem}.{os.getpid()}.{threading.get_ident()}.part"
        wfd: int | None = None
        try:
            wfd = os.open(part, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
            self._fd = os.open(part, os.O_RDONLY)
            self._write_pcm(wfd)
            os.replace(part, self.final_path)  # readers keep their fd on the same inode
        except UserError as e:  # DecodeError, FfmpegMissing: they say what to do
            self._error = e
        except OSError as e:
            self._error = DecodeError(
                _(
                    "'{name}' could not be decoded into the cache ({problem}); "
                    "check that there is free disk space"
                ).format(name=self.source.name, problem=os_reason(e))
            )
        except Exception as e:  # a bug: end the clip all the same, and say so
            _log.exception("decoding a clip failed")
            self._error = DecodeError(
                _(
                    "'{name}' could not be decoded because of an unexpected problem ({problem}); "
                    "please report it"
                ).format(name=self.source.name, problem=type(e).__name__)
            )
        finally:
            if wfd is not None:
                os.close(wfd)
            if self._error is not None:
                with contextlib.suppress(OSError):
                    part.unlink()
            with self._cond:
                self._done = True
                self._cond.notify_all()

    def _write_pcm(self, wfd: int) -> None:
        """ffmpeg's output into `wfd`, exactly `length` frames (padded or trimmed)."""
        written = 0
        produced = 0
        pending = b""
        limit = self.size
        for chunk in stream_pcm(self.source, self.info, self.rate):
            produced += len(chunk)
            if written >= limit:
                continue  # past the clip's length (ffmpeg stops a second later): keep nothing
            chunk = pending + chunk
            usable = len(chunk) - len(chunk) % BYTES_PER_FRAME
            pending = chunk[usable:]
            keep = min(usable, limit - written)
            piece = memoryview(chunk)[:keep]
            while piece:  # os.write may write less than asked
                piece = piece[os.write(wfd, piece) :]
            written += keep
            with self._cond:
                self._available = written // BYTES_PER_FRAME
                self._cond.notify_all()
        self.decoded_frames = produced // BYTES_PER_FRAME
        if written < limit:  # the resampler gave a little less: pad with silence
            os.ftruncate(wfd, limit)

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


class PcmCache:
    """Decoded clips by content, on disk, bounded; one decoding worker per cache."""

    def __init__(
        self, root: Path | None = None, rate: int = 48_000, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        if root is None:
            from ..core.store import paths

            root = paths.cache_dir() / "pcm"
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.rate = rate
        self.max_bytes = max_bytes
        self._clips: dict[Path, CachedClip] = {}  # entries this process opened, by file
        self._lock = threading.Lock()
        self._queue: list[CachedClip] = []
        self._wake = threading.Condition(self._lock)
        self._active = 0  # decoding workers running
        self._closed = False
        self._remove_stale_parts()

    def clip(self, path: Path, info: ClipInfo) -> CachedClip:
        """The clip for `path`, decoding it in the background if it is not cached yet.

        Raises CacheFull when decoding it would take the cache past `max_bytes`.
        """
        final = self.root / f"{content_key(path)}-{self.rate}.f32"
        with self._lock:
            existing = self._clips.get(final)
            if existing is not None and existing.error is None:
                existing.pins += 1
                return existing
            clip = CachedClip(path, info, self.rate, final)
            complete = _is_complete(final, clip.length)
            if not complete:
                self._make_room(clip)
            clip.pins = 1
            self._clips[final] = clip
            if not complete:
                self._queue_decode(clip)
        if complete:
            try:
                clip._open_complete()
            except OSError:  # evicted by another process in between: decode it again
                with self._lock:
                    try:
                        self._make_room(clip)
                    except CacheFull:
                        self._forget(clip)
                        raise
                    self._queue_decode(clip)
        return clip

    def release(self, clip: CachedClip) -> None:
        """A session no longer needs `clip`; it may be evicted later."""
        with self._lock:
            clip.pins = max(0, clip.pins - 1)
            if clip.pins == 0 and clip.done:
                self._forget(clip)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._wake.notify_all()

    def _forget(self, clip: CachedClip) -> None:
        """Drop `clip` from the entries held (lock held). Only this very clip: a failed one
        may have been replaced by a new one for the same file, which a session now holds."""
        if self._clips.get(clip.final_path) is clip:
            del self._clips[clip.final_path]
        clip.close()

    # -- the bound -----------------------------------------------------------------------

    def _make_room(self, clip: CachedClip) -> None:
        """Reserve room for decoding `clip` (lock held): evict what no session holds, least
        recently used first, until the cache plus the clip fits `max_bytes`; CacheFull if the
        clips in use leave too little room. Decided under the lock `clip()` pins under, so a
        session that has just started to use an entry never loses it."""
        in_use = {c.final_path for c in self._clips.values() if c.pins > 0 or not c.done}
        decoding = [c for c in self._clips.values() if not c.done]
        held = sum(c.size for c in self._clips.values() if c.final_path in in_use)
        if held + clip.size > self.max_bytes:
            raise CacheFull(self._full_message(clip, held))
        total = clip.size + sum(c.size for c in decoding)  # those write up to their size
        candidates: list[tuple[float, int, Path]] = []
        for path in self._entries():
            with contextlib.suppress(OSError):
                st = path.stat()
                if path.suffix == ".part" and path.name.split(".")[-3] == str(os.getpid()):
                    continue  # our own decodes, counted at their full size above
                total += st.st_size
                if path.suffix == ".f32" and path not in in_use:
                    candidates.append((st.st_mtime, st.st_size, path))
        for _mtime, size, path in sorted(candidates):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
        if total > self.max_bytes:  # other processes' decodes and entries fill it
            raise CacheFull(self._full_message(clip, total - clip.size))

    def _full_message(self, clip: CachedClip, used: int) -> str:
        advice = _(
            "A session may use at most {sound} of sound; close other sessions or, when "
            "rendering, choose a lower sample rate."
        ).format(sound=format_duration(MAX_SESSION_SOUND))
        if used <= 0:
            problem = _(
                "'{name}' needs {needed} of room in the sound cache, more than the {most} it "
                "may hold; nothing was played."
            )
        else:
            problem = _(
                "'{name}' needs {needed} of room in the sound cache, and {used} of its {most} "
                "are in use; nothing was played."
            )
        text = problem.format(
            name=clip.source.name,
            needed=_gigabytes(clip.size),
            used=_gigabytes(used),
            most=_gigabytes(self.max_bytes),
        )
        return f"{text} {advice}"

    def _entries(self) -> list[Path]:
        try:
            return [p for p in self.root.iterdir() if p.suffix in (".f32", ".part")]
        except OSError:
            return []

    def evict(self) -> None:
        """Delete least-recently-used entries no session holds until the cache fits."""
        with self._lock:
            in_use = {c.final_path for c in self._clips.values() if c.pins > 0 or not c.done}
            entries = []
            for path in self._entries():
                with contextlib.suppress(OSError):
                    entries.append((path.stat(), path))
            total = sum(st.st_size for st, _path in entries)
            for st, path in sorted(entries, key=lambda e: e[0].st_mtime):
                if total <= self.max_bytes:
                    break
                if path.suffix != ".f32" or path in in_use:
                    continue
                with contextlib.suppress(OSError):
                    path.unlink()
                    total -= st.st_size

    # -- the decoding worker -------------------------------------------------------------

    def _queue_decode(self, clip: CachedClip) -> None:
        """Lock held. Two workers at most: a long voice decoding cannot hold back the short
        bell or the bed, and two ffmpegs already fill a small machine."""
        self._queue.append(clip)
        if self._active < 2:
            self._active += 1
            threading.Thread(target=self._work, name="vallei-decode", daemon=True).start()
        self._wake.notify_all()

    def _work(self) -> None:
        while True:
            with self._lock:
                # Decided and counted under one lock: a clip queued just after this worker
                # decided to stop finds _active already lowered and starts its own worker.
                if self._closed or not self._queue:
                    self._active -= 1
                    return
                clip = self._queue.pop(0)
            try:
                clip._decode()  # ends the clip whatever happens inside
            except BaseException:
                with self._lock:
                    self._active -= 1
                raise

    def _remove_stale_parts(self) -> None:
        """Remove half-decoded files left by a process that has ended (a crash, a failed
        render, Ctrl-C): their names carry the writer's pid. Day-old ones go regardless."""
        day_ago = time.time() - 86_400
        for part in self.root.glob("*.part"):
            with contextlib.suppress(OSError, ValueError):
                pid = int(part.name.split(".")[-3])
                if not process_running(pid) or part.stat().st_mtime < day_ago:
                    part.unlink()


def _pread_into(fd: int, target: Frames, offset: int) -> int:
    """Read whole frames at `offset` into `target`; how many frames arrived."""
    want = target.nbytes
    if hasattr(os, "preadv"):  # POSIX: straight into the array, no bytes object between
        view = target.data.cast("B")
        done = 0
        while done < want:
            n = os.preadv(fd, [view[done:]], offset + done)
            if n <= 0:
                break
            done += n
    else:  # Windows has no preadv
        data = os.pread(fd, want, offset)
        done = len(data)
        target.reshape(-1)[: done // 4] = np.frombuffer(data, dtype=np.float32, count=done // 4)
    return done // BYTES_PER_FRAME


def _gigabytes(size: int) -> str:
    if size < 1_000_000_000:
        return _("{amount} MB").format(amount=-(-size // 1_000_000))
    return _("{amount} GB").format(amount=f"{size / 1e9:.1f}")


def _is_complete(path: Path, length: int) -> bool:
    try:
        return path.stat().st_size == length * BYTES_PER_FRAME
    except OSError:
        return False


_keys: dict[tuple[str, int, int, int], str] = {}
_keys_lock = threading.Lock()


def content_key(path: Path) -> str:
    """sha256 of the file's bytes plus the layout tag, memoised per (path, inode, size, mtime)."""
    st = path.stat()
    memo = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    with _keys_lock:
        hit = _keys.get(memo)
    if hit is not None:
        return hit
    digest = hashlib.sha256(_FORMAT_TAG.encode())
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    key = digest.hexdigest()[:40]
    with _keys_lock:
        _keys[memo] = key
    return key
