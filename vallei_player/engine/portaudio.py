"""The one door to PortAudio in this process: device lists and every stream we open.

PortAudio reads the computer's sound devices once, when it starts, and keeps that list. An app
started before the sound system was ready (at login, with `--background`), or a Settings list
read before a headset was plugged in, would otherwise never see them: opening "the default
device" would fail, or play to whatever was there at start, until the app is restarted. So the
list is read afresh (about 30 ms) whenever none of our streams is open: when Settings or the
Studio lists devices, and just before a session, a take or a listen-back opens its stream.
With one of our streams open a fresh read would close it, so then the list stands as it is.

Stream opening and the fresh read hold one lock, so a device list read off the UI thread
never closes the stream the player is opening at that moment.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

_lock = threading.RLock()
_open: set[int] = set()  # id() of each stream we opened and have not closed


def library() -> ModuleType:
    """sounddevice, loaded; OSError when PortAudio is missing, ImportError without sounddevice."""
    import sounddevice

    module: ModuleType = sounddevice
    return module


def _fresh_list(sd: ModuleType) -> None:
    """Have PortAudio read the devices again, unless one of our streams is open."""
    if _open:
        return
    try:
        # sounddevice's documented way to re-scan (its FAQ): terminate and initialise again.
        sd._terminate()
        sd._initialize()
    except Exception:  # the sound system refused to start: the callers' errors say so
        return


@contextmanager
def fresh() -> Iterator[ModuleType]:
    """sounddevice with a fresh device list (when nothing of ours plays), under the lock.

    For reading the devices, and for opening a stream (call `opened` with it inside).
    OSError when PortAudio is missing, ImportError without sounddevice.
    """
    sd = library()
    with _lock:
        _fresh_list(sd)
        yield sd


def opened(stream: Any) -> None:
    """A stream of ours is open: the device list must stay as it is until it is `closed`."""
    with _lock:
        _open.add(id(stream))


def closed(stream: Any) -> None:
    with _lock:
        _open.discard(id(stream))


def close(stream: Any) -> None:
    """Abort and close a stream of ours (a lost device may refuse: nothing is left to free),
    and let the device list be read afresh again."""
    try:
        stream.abort(ignore_errors=True)
        stream.close(ignore_errors=True)
    except Exception:  # a lost device can fail to close; there is nothing left to free
        pass
    finally:
        closed(stream)


def streams_open() -> int:
    """How many of our streams are open (for tests and the fresh-list rule)."""
    with _lock:
        return len(_open)
