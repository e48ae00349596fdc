"""Reminders as the desktop's own notifications, and which slot deserves one.

A reminder is sent to `org.freedesktop.Notifications` on the session bus (GNOME, KDE, XFCE,
dunst and most others serve it) with two actions, "Start now" and "Later"; where no server
answers, the caller falls back to the tray balloon or the in-app banner. In discreet mode the
notification names no app and shows no icon (the text is the caller's neutral one).

Which slot: a reminder comes once per planned slot, from the minutes before that the
participant chose until `LATE_LIMIT` after the slot's time. A computer that slept through the
slot, or an app started hours later, does not remind of it late: the gentle "moved on" of the
planner takes over. The last slot reminded of is kept in the settings, so a restart (the
tray app at login) does not remind of it again.

D-Bus is local inter-process communication (the session bus's Unix socket); nothing here
reaches another machine. The Notify call is typed from the server's introspection (its
`replaces_id` is an unsigned integer, which a plain message from Python could not carry) and
waits at most `CALL_TIMEOUT_MS` for the answer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

from . import identity
from .i18n import tr

if TYPE_CHECKING:
    from ..core.practice import Slot as PracticeSlot

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
LATE_LIMIT = timedelta(minutes=30)
CALL_TIMEOUT_MS = 3000
START, LATER = "start", "later"


def slot_to_remind(
    due: Sequence[PracticeSlot], now: datetime, ahead: timedelta, last_reminded: str
) -> PracticeSlot | None:
    """The due slot to remind of now, if any: in its time window and not reminded before.

    `last_reminded` is the ISO start of the last slot reminded of ("" for none); slots come
    in order, so nothing at or before it is reminded of again.
    """
    before = datetime.fromisoformat(last_reminded) if last_reminded else None
    for slot in due:
        if before is not None and slot.start <= before:
            continue
        if slot.start - ahead <= now <= slot.start + LATE_LIMIT:
            return slot
    return None


class DesktopNotifications(QObject):
    """Sends reminders to the desktop's notification server and hears its buttons."""

    start_requested = Signal()
    later_chosen = Signal()

    def __init__(self, connection: QDBusConnection | None = None) -> None:
        super().__init__()
        self.bus = connection if connection is not None else QDBusConnection.sessionBus()
        self._server: QDBusInterface | None = None
        self.shown_id: int | None = None  # the reminder on screen, as the server numbers it
        if self.bus.isConnected():
            for name in ("ActionInvoked", "NotificationClosed"):
                slot = f"1_{name}(QDBusMessage)"  # SLOT(): a str at run time, bytes in the stubs
                self.bus.connect(SERVICE, PATH, INTERFACE, name, self, slot)  # type: ignore[call-overload]

    def _interface(self) -> QDBusInterface | None:
        """The server, when one runs now (asked each time: it may start or stop)."""
        if not self.bus.isConnected():
            return None
        registered = self.bus.interface().isServiceRegistered(SERVICE)
        if not registered.isValid() or not registered.value():
            self._server = None
            return None
        if self._server is None or not self._server.isValid():
            server = QDBusInterface(SERVICE, PATH, INTERFACE, self.bus)
            if not server.isValid():
                return None
            server.setTimeout(CALL_TIMEOUT_MS)
            self._server = server
        return self._server

    def show(self, title: str, text: str, discreet: bool) -> bool:
        """Shows the reminder; False when there is no notification server to show it."""
        server = self._interface()
        if server is None:
            return False
        actions = [START, tr("Start now"), LATER, tr("Later")]
        hints: dict[str, Any] = {} if discreet else {"desktop-entry": identity.APP_ID}
        try:
            number = QMetaObject.invokeMethod(
                server,
                "Notify",
                Qt.ConnectionType.DirectConnection,
                Q_RETURN_ARG("uint"),
                Q_ARG(str, "" if discreet else identity.APP_NAME),
                Q_ARG("uint", self.shown_id or 0),  # replaces an older reminder still shown
                Q_ARG(str, "" if discreet else identity.APP_ID),  # the icon theme's name
                Q_ARG(str, title),
                Q_ARG(str, text),
                Q_ARG("QStringList", actions),
                Q_ARG("QVariantMap", hints),
                Q_ARG(int, -1),  # the server's usual time on screen
            )
        except RuntimeError:  # the call failed (no answer in time, an error reply)
            return False
        if not isinstance(number, int) or not number:
            return False
        self.shown_id = int(number)
        return True

    def withdraw(self) -> None:
        """Takes the reminder off the screen (the session was started some other way)."""
        server = self._interface() if self.shown_id is not None else None
        if server is not None and self.shown_id is not None:
            # Gone already, or the server went away: nothing is left to take down.
            with contextlib.suppress(RuntimeError):
                QMetaObject.invokeMethod(
                    server,
                    "CloseNotification",
                    Qt.ConnectionType.DirectConnection,
                    Q_ARG("uint", self.shown_id),
                )
        self.shown_id = None

    @Slot(QDBusMessage)
    def _ActionInvoked(self, message: QDBusMessage) -> None:
        number, key = message.arguments()[:2]
        if self.shown_id is None or int(number) != self.shown_id:
            return  # another app's notification
        self.shown_id = None
        if key == START:
            self.start_requested.emit()
        elif key == LATER:
            self.later_chosen.emit()

    @Slot(QDBusMessage)
    def _NotificationClosed(self, message: QDBusMessage) -> None:
        if self.shown_id is not None and int(message.arguments()[0]) == self.shown_id:
            self.shown_id = None
