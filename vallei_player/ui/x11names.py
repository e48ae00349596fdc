"""Rewrites a shown X11 window's WM_CLASS and desktop-file properties (discreet mode).

Qt sets `WM_CLASS` once per process from the application name, and `_GTK_APPLICATION_ID` /
`_KDE_NET_WM_DESKTOP_FILE` when a window is made, with no way to change them afterwards.
Taskbars (GNOME Shell, KDE Plasma) follow changes of these properties, so when discreet
mode is switched while the app runs, the app sets them itself through Xlib, on its own
short connection to the same display. Any X client may change another window's
properties; nothing here reads or waits for the server.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from functools import cache

XA_STRING = 31
PROP_MODE_REPLACE = 0


@cache
def _xlib() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XChangeProperty.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
    ]
    lib.XDeleteProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    lib.XFlush.argtypes = [ctypes.c_void_p]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return lib


def available() -> bool:
    return bool(os.environ.get("DISPLAY")) and _xlib() is not None


def set_window_names(window: int, wm_class: str, desktop_file: str) -> None:
    """WM_CLASS becomes `wm_class` (instance and class); the desktop-file id `desktop_file`,
    or no such properties when it is empty."""
    lib = _xlib()
    if lib is None:
        return
    display = lib.XOpenDisplay(None)
    if not display:
        return
    try:
        value = wm_class.encode() + b"\0" + wm_class.encode() + b"\0"
        atom = lib.XInternAtom(display, b"WM_CLASS", 0)
        lib.XChangeProperty(
            display, window, atom, XA_STRING, 8, PROP_MODE_REPLACE, value, len(value)
        )
        utf8 = lib.XInternAtom(display, b"UTF8_STRING", 0)
        for name in (b"_GTK_APPLICATION_ID", b"_KDE_NET_WM_DESKTOP_FILE"):
            prop = lib.XInternAtom(display, name, 0)
            if desktop_file:
                data = desktop_file.encode()
                lib.XChangeProperty(
                    display, window, prop, utf8, 8, PROP_MODE_REPLACE, data, len(data)
                )
            else:
                lib.XDeleteProperty(display, window, prop)
        lib.XFlush(display)
    finally:
        lib.XCloseDisplay(display)
