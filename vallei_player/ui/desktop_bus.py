"""Messages for the desktop's session D-Bus that Qt's adaptors do not send by themselves.

D-Bus is local inter-process communication (a Unix socket to the session's bus daemon);
nothing here reaches another machine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from PySide6.QtCore import ClassInfo, QMetaType
from PySide6.QtDBus import QDBusArgument, QDBusMessage

T = TypeVar("T")


def dbus_interface(name: str) -> Callable[[T], T]:
    """The class decorator that names an adaptor's D-Bus interface (Q_CLASSINFO); PySide6's
    stubs do not describe ClassInfo as the decorator it is."""
    return cast(Callable[[T], T], cast(Any, ClassInfo)({"D-Bus Interface": name}))


def string_list(items: list[str]) -> QDBusArgument:
    """An `as` array, typed even when empty (an empty Python list would go out as `av`)."""
    argument = QDBusArgument()
    argument.beginArray(QMetaType(QMetaType.Type.QString))
    for item in items:
        argument << item
    argument.endArray()
    return argument


def properties_changed(path: str, interface: str, changed: dict[str, Any]) -> QDBusMessage:
    """org.freedesktop.DBus.Properties.PropertiesChanged(s, a{sv}, as) for `changed`."""
    message = QDBusMessage.createSignal(
        path, "org.freedesktop.DBus.Properties", "PropertiesChanged"
    )
    message.setArguments([interface, changed, string_list([])])
    return message
