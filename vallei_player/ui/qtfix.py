"""A guard against PySide6 6.12.0 losing a reference to `True` on every signal emit.

Measured here: each Python call of `SignalInstance.emit()` returns True without taking a
reference for it, so `True`'s reference count falls by one per emit. The app emits a few
signals every 30 ms while playing, so within minutes the count reaches zero and CPython
aborts ("bool_dealloc: deallocating True or False"), taking the session with it.

`True` is a static singleton that is never freed (Python 3.12 makes it immortal for this
very reason), so giving it a very large reference count changes nothing else. The guard
first measures whether emits leak at all and only then adds 2**40 references: at 100
emits a second that lasts for centuries. On a fixed PySide6 it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_PROBES = 16
_applied = False


class _Probe(QObject):
    ping = Signal()


def emit_leak() -> int:
    """How many references to True one emit loses (0 on a PySide6 without the bug)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    return max(0, round((before - sys.getrefcount(True)) / _PROBES))


def guard_true_refcount() -> bool:
    """Applies the guard once when emits leak; returns whether it is in force."""
    global _applied
    if _applied:
        return True
    if sys.implementation.name != "cpython" or emit_leak() == 0:
        return False
    # ob_refcnt is the first field of every CPython object.
    ctypes.c_ssize_t.from_address(id(True)).value += 1 << 40
    _applied = True
    return True
