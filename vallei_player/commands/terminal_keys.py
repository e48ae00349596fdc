"""Keys pressed in the terminal while `play` runs, as names: "escape", "up", "down", or the
character itself (lower case).

An arrow key arrives as an escape sequence: ESC [ A (or ESC O A in a terminal's application
mode), all at once. A lone Escape is the ESC byte with nothing after it. So after an ESC we
wait ESCAPE_WAIT_S for more: a sequence's bytes come within a millisecond or two, even over
ssh they come in the same packet, and a person pressing Escape cannot follow it with "[A"
that fast. Sequences we have no use for (other arrows, function keys) are swallowed whole,
so their letters never act as commands.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import time
from collections.abc import Callable, Iterator

ESC = 0x1B
ESCAPE_WAIT_S = 0.05
ARROWS = {ord("A"): "up", ord("B"): "down"}

ReadKey = Callable[[float], "str | None"]


class KeyReader:
    """Reads bytes from `fd` (in cbreak mode) and hands out one key at a time."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._pending = bytearray()

    def read(self, timeout: float) -> str | None:
        """The next key within `timeout` seconds, or None."""
        while True:
            if not self._pending and not self._fill(timeout):
                return None
            key = self._take()
            if key is not None:
                return key
            timeout = 0.0  # a swallowed sequence: look at what came with it, do not wait

    def _fill(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        data = os.read(self.fd, 64)
        self._pending += data
        return bool(data)

    def _take(self) -> str | None:
        first = self._pending[0]
        if first != ESC:
            return self._character()
        if len(self._pending) == 1 and not self._fill(ESCAPE_WAIT_S):
            del self._pending[0]
            return "escape"
        if self._pending[1] not in (ord("["), ord("O")):
            del self._pending[0]  # Escape then another key (Alt+key): the Escape counts
            return "escape"
        # CSI / SS3: parameters, then one final byte in 0x40-0x7E.
        end = 2
        while True:
            while end >= len(self._pending):
                if not self._fill(ESCAPE_WAIT_S):
                    del self._pending[:end]  # a cut-off sequence: drop it, do not stop
                    return None
            if 0x40 <= self._pending[end] <= 0x7E:
                break
            end += 1
        final = self._pending[end]
        plain = end == 2  # no parameters: a bare arrow
        del self._pending[: end + 1]
        return ARROWS.get(final) if plain else None

    def _character(self) -> str | None:
        # One UTF-8 character (a Dutch keyboard's ë must not split into two keys).
        first = self._pending[0]
        size = 1 if first < 0x80 else 2 if first < 0xE0 else 3 if first < 0xF0 else 4
        while len(self._pending) < size and self._fill(ESCAPE_WAIT_S):
            pass
        chunk, self._pending[:size] = bytes(self._pending[:size]), b""
        return chunk.decode("utf-8", "replace").lower()


@contextlib.contextmanager
def keys(tty: bool) -> Iterator[ReadKey]:
    """A function reading one key (or None) within a timeout; cbreak mode while playing."""
    if not tty:
        yield lambda timeout: time.sleep(timeout)
        return
    import termios
    import tty as tty_mod

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty_mod.setcbreak(fd)
    try:
        yield KeyReader(fd).read
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
