"""Running ffmpeg on untrusted audio files, safely, to stream canonical PCM out of them.

Every clip is decoded by one ffmpeg child process writing interleaved float32 stereo at the
engine's rate to a pipe. The command line is a list (never a shell), reads only the one file
it is given (`-protocol_whitelist file`, `file:` URL, so a crafted playlist or HLS file cannot
make ffmpeg open other files or the network), pins the demuxer to what the content was judged
to be by `core.audioprobe` (so a file cannot talk ffmpeg into another parser), takes the
first audio stream only, and is killed when it runs past a time limit.

Why not pydub's `AudioSegment.from_file`: it decodes a whole file into memory at once and keeps
about three copies while doing so (1 GB for a 30-minute MP3, ENVIRONMENT.md). Streaming the
same ffmpeg output in small chunks into a disk cache (`cache.py`) keeps memory flat whatever
the length. pydub is still what finds ffmpeg (`pydub.utils.which`), so the app and pydub agree
on which binary runs.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from ..core.audiofiles import AudioFormat, ClipInfo
from ..core.problems import UserError

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

INSTALL_HINT = (
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
    """The ffmpeg to run: VALLEI_PLAYER_FFMPEG, else the frozen app's own, else the one pydub
    finds on PATH; raises FfmpegMissing."""
    global _ffmpeg_path
    with _lock:
        if _ffmpeg_path is None:
            override = os.environ.get("VALLEI_PLAYER_FFMPEG")
            bundled = bundled_ffmpeg()
            if override:
                found: str | None = override if os.access(override, os.X_OK) else None
            elif bundled is not None:
                found = str(bundled)
            else:
                import warnings

                with warnings.catch_warnings():
                    # pydub warns about audioop's deprecation and a missing ffmpeg at import.
                    warnings.simplefilter("ignore")
                    from pydub.utils import which

                found = which("ffmpeg")
            if not found:
                raise FfmpegMissing(INSTALL_HINT)
            _ffmpeg_path = str(found)
        return _ffmpeg_path


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
    """Seconds a decode may take: generous (slow machines, busy disks) but finite."""
    return 30.0 + info.seconds / 2.0


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
        raise FfmpegMissing(f"{INSTALL_HINT} ({e.strerror or e})") from None
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
            f"decoding '{path.name}' took longer than {time_limit(info):.0f} s and was stopped; "
            "the file may be damaged: export it again from your audio editor"
        )
    if code != 0:
        detail = b"".join(errors).decode("utf-8", "replace").strip().splitlines()
        last = detail[-1] if detail else f"exit code {code}"
        raise DecodeError(
            f"'{path.name}' could not be decoded ({last}); "
            "the file may be damaged: export it again from your audio editor"
        )
