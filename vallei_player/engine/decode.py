"""Running ffmpeg on untrusted audio files, safely, to stream canonical PCM out of them.

Every clip is decoded by one ffmpeg child process writing interleaved float32 stereo at the
engine's rate to a pipe. The command line is a list (never a shell), reads only the one file
it is given (`-protocol_whitelist file`, `file:` URL, so a crafted playlist or HLS file cannot
make ffmpeg open other files or the network), pins the demuxer to what the content was judged
to be by `core.audioprobe` (so a file cannot talk ffmpeg into another parser), takes the
first audio stream only, stops writing one second past the clip's probed length (`-t`), and
is killed when it runs past a time limit. Both bounds follow from `core.program.limits`: no
clip lasts longer than MAX_CLIP, so no decode runs longer than `time_limit(MAX_CLIP)`.

Which ffmpeg runs: an absolute VALLEI_PLAYER_FFMPEG, else the first `ffmpeg` in the absolute
folders of PATH (`shutil.which`). Never the current folder: `pydub.utils.which`, which this
module used before, looks there first, so an `ffmpeg` planted in a folder where the user
runs a command would have run with their rights. An empty or relative PATH entry means the
current folder too, so those entries are skipped.

Why not pydub's `AudioSegment.from_file`: it decodes a whole file into memory at once and keeps
about three copies while doing so (1 GB for a 30-minute MP3, ENVIRONMENT.md). Streaming the
same ffmpeg output in small chunks into a disk cache (`cache.py`) keeps memory flat whatever
the length.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

from ..core.audiofiles import AudioFormat, ClipInfo
from ..core.problems import UserError, os_reason
from ..core.program import MAX_CLIP
from ..i18n import _

# The demuxer for each content format: ffmpeg never guesses the container from the bytes.
DEMUXERS: dict[AudioFormat, str] = {
    "wav": "wav",
    "flac": "flac",
    "vorbis": "ogg",
    "opus": "ogg",
    "mp3": "mp3",
    "m4a": "mov",
}
CHUNK_BYTES = 1 << 18  # 256 KiB per pipe read: ~0.7 s of 48 kHz stereo float32
BYTES_PER_FRAME = 8  # stereo float32

OVERRIDE = "VALLEI_PLAYER_FFMPEG"
MIN_SPEED = 10  # times real time: ffmpeg decodes and resamples speech 100-700x on one core
TIME_LIMIT_BASE_S = 30.0  # a slow disk, a busy machine, ffmpeg's own start


def install_hint() -> str:
    return _(
        "ffmpeg is needed to play and render audio but was not found. Install it "
        "(Debian/Ubuntu: sudo apt install ffmpeg; Fedora: sudo dnf install ffmpeg; "
        "macOS: brew install ffmpeg; Windows: winget install ffmpeg) and try again."
    )


class FfmpegMissing(UserError):
    """ffmpeg is not installed or not on PATH."""


class DecodeError(UserError):
    """A clip could not be decoded; the message names the file and what to do."""


_ffmpeg_path: str | None = None
_lock = threading.Lock()


def bundled_ffmpeg() -> Path | None:
    """The ffmpeg a frozen app carries beside itself (`ffmpeg/ffmpeg`: the Linux tarball does,
    the .deb takes Debian's), so a participant on any distribution needs to install nothing."""
    if not getattr(sys, "frozen", False):
        return None
    name = "ffmpeg.exe" if sys.platform == "win32" else "ffmpeg"
    candidate = Path(sys.executable).resolve().parent / "ffmpeg" / name
    return candidate if os.access(candidate, os.X_OK) else None


def find_ffmpeg() -> str:
    """The ffmpeg to run: VALLEI_PLAYER_FFMPEG (absolute), else the frozen app's own, else
    the first on PATH's absolute folders (see the module docstring); raises FfmpegMissing."""
    global _ffmpeg_path
    with _lock:
        if _ffmpeg_path is None:
            override = os.environ.get(OVERRIDE)
            bundled = bundled_ffmpeg()
            if override:
                _ffmpeg_path = _checked_override(override)
            elif bundled is not None:
                _ffmpeg_path = str(bundled)
            else:
                _ffmpeg_path = _on_path("ffmpeg")
        return _ffmpeg_path


def _checked_override(value: str) -> str:
    if not os.path.isabs(value):
        raise FfmpegMissing(
            _(
                "{variable} is set to '{value}', which is not an absolute path. Set it to the "
                "full path of ffmpeg (like /usr/bin/ffmpeg), or unset it to use the ffmpeg "
                "on your PATH."
            ).format(variable=OVERRIDE, value=value)
        )
    if not (os.path.isfile(value) and os.access(value, os.X_OK)):
        raise FfmpegMissing(
            _(
                "{variable} is set to '{value}', but there is no program there that can be "
                "run. Set it to the full path of ffmpeg, or unset it to use the ffmpeg on "
                "your PATH."
            ).format(variable=OVERRIDE, value=value)
        )
    return value


def _on_path(name: str) -> str:
    """`name` in the absolute folders of PATH, in order; never in the current folder."""
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        if not os.path.isabs(folder):
            continue  # "", "." or "bin": the current folder or below it
        found = shutil.which(name, path=folder)
        # On Windows shutil.which also looks in the current folder first: take only a hit
        # in the folder asked for.
        if found and os.path.dirname(os.path.abspath(found)) == os.path.abspath(folder):
            return found
    raise FfmpegMissing(install_hint())


def forget_ffmpeg() -> None:
    """Look ffmpeg up again next time (tests; or after the user installed it)."""
    global _ffmpeg_path
    with _lock:
        _ffmpeg_path = None


def ffmpeg_command(ffmpeg: str, path: Path, info: ClipInfo, rate: int) -> list[str]:
    """The argument list that decodes `path` (judged to be `info.format`) to f32le stereo.

    A mono clip goes to both channels at full level, as listeners expect from a mono voice
    (ffmpeg's own upmix would put it 3 dB lower); more channels are downmixed by ffmpeg.
    """
    upmix = ["-af", "pan=stereo|c0=c0|c1=c0"] if info.channels == 1 else []
    return [
        ffmpeg,
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-protocol_whitelist",
        "file",
        "-f",
        DEMUXERS[info.format],
        "-i",
        "file:" + str(Path(path).resolve()),
        "-map",
        "0:a:0",
        "-vn",
        "-sn",
        "-dn",
        *upmix,
        "-t",
        output_seconds(info),
        "-f",
        "f32le",
        "-acodec",
        "pcm_f32le",
        "-ac",
        "2",
        "-ar",
        str(rate),
        "pipe:1",
    ]


def time_limit(info: ClipInfo) -> float:
    """Seconds a decode may take: generous (slow machines, busy disks) but finite.

    A clip is never decoded past MAX_CLIP (the cache refuses longer ones and ffmpeg stops
    at the probed length), so no decode may take more than 30 s + MAX_CLIP / MIN_SPEED
    (18.5 minutes), whatever a file claims.
    """
    seconds = min(Fraction(info.frames, info.rate), MAX_CLIP)
    return TIME_LIMIT_BASE_S + float(seconds) / MIN_SPEED


def output_seconds(info: ClipInfo) -> str:
    """ffmpeg's `-t`: the clip's probed length plus a second for the resampler's edges.

    The cache keeps exactly the probed length; a file whose content runs on far past what
    its header says (a crafted one) is not decoded to its end.
    """
    return f"{float(min(Fraction(info.frames, info.rate), MAX_CLIP)) + 1.0:.3f}"


def stream_pcm(path: Path, info: ClipInfo, rate: int) -> Iterator[bytes]:
    """Yield the decoded clip as raw f32le stereo bytes, in chunks, as ffmpeg produces them.

    Raises DecodeError when ffmpeg fails or overruns its time limit; the process is always
    reaped, also when the consumer stops iterating early.
    """
    cmd = ffmpeg_command(find_ffmpeg(), path, info, rate)
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            shell=False,
        )
    except OSError as e:
        forget_ffmpeg()
        raise FfmpegMissing(f"{install_hint()} ({os_reason(e)})") from None
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        proc.kill()

    timer = threading.Timer(time_limit(info), kill)
    timer.daemon = True
    timer.start()
    assert proc.stdout is not None and proc.stderr is not None
    stdout = proc.stdout
    assert isinstance(stdout, io.BufferedReader)
    # stderr is drained on its own thread so a chatty ffmpeg cannot block on a full pipe.
    errors: list[bytes] = []
    drain = threading.Thread(
        target=lambda: errors.append(proc.stderr.read() if proc.stderr else b"")
    )
    drain.daemon = True
    drain.start()
    finished = False
    try:
        while True:
            chunk = stdout.read1(CHUNK_BYTES)  # what is there: a cold start waits less
            if not chunk:
                break
            yield chunk
        finished = True
    finally:
        timer.cancel()
        if not finished and proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        code = proc.wait()
        drain.join(timeout=5)
    if timed_out.is_set():
        raise DecodeError(
            _(
                "decoding '{name}' took longer than {seconds} s and was stopped; "
                "the file may be damaged: export it again from your audio editor"
            ).format(name=path.name, seconds=f"{time_limit(info):.0f}")
        )
    if code != 0:
        detail = b"".join(errors).decode("utf-8", "replace").strip().splitlines()
        last = detail[-1] if detail else _("exit code {code}").format(code=code)
        raise DecodeError(
            _(
                "'{name}' could not be decoded ({problem}); "
                "the file may be damaged: export it again from your audio editor"
            ).format(name=path.name, problem=last)
        )
