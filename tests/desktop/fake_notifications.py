"""A small notification server for tests: org.freedesktop.Notifications on the session bus
given in DBUS_SESSION_BUS_ADDRESS, in its own process (as GNOME Shell, KDE or dunst would be).

Every Notify and CloseNotification is written as one JSON line to the file named by the first
argument. The test presses a notification's action through `org.example.FakeNotifications.Press
(id, action_key)`, which the server answers as a real one does: ActionInvoked(id, key), then
NotificationClosed(id, 2). Run: python fake_notifications.py LOG
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Signal, Slot
from PySide6.QtDBus import QDBusAbstractAdaptor, QDBusConnection

PATH = "/org/freedesktop/Notifications"
SERVICE = "org.freedesktop.Notifications"


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Notifications(QDBusAbstractAdaptor):
    ActionInvoked = Signal("uint", str)
    NotificationClosed = Signal("uint", "uint")

    def __init__(self, parent: QObject, log: str) -> None:
        super().__init__(parent)
        self.setAutoRelaySignals(True)
        self.log = log
        self.last_id = 0

    def _write(self, entry: dict[str, Any]) -> None:
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(
        self, app: str, replaces: int, icon: str, summary: str, body: str,
        actions: list[str], hints: dict[str, Any], timeout: int,
    ) -> int:  # fmt: skip
        self.last_id += 1
        self._write({
            "call": "Notify", "id": self.last_id, "app_name": app, "replaces_id": replaces,
            "app_icon": icon, "summary": summary, "body": body, "actions": list(actions),
            "hints": {k: str(v) for k, v in hints.items()}, "expire_timeout": timeout,
        })  # fmt: skip
        return self.last_id

    @Slot("uint")
    def CloseNotification(self, number: int) -> None:
        self._write({"call": "CloseNotification", "id": number})
        self.NotificationClosed.emit(number, 3)

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        return ["actions", "body"]

    @Slot(result="QStringList")  # name, vendor, version, spec version: four strings
    def GetServerInformation(self) -> list[str]:
        return ["fake", "tests", "1", "1.2"]


@ClassInfo({"D-Bus Interface": "org.example.FakeNotifications"})
class Control(QDBusAbstractAdaptor):
    def __init__(self, parent: QObject, server: Notifications) -> None:
        super().__init__(parent)
        self.server = server

    @Slot("uint", str)
    def Press(self, number: int, key: str) -> None:
        self.server.ActionInvoked.emit(number, key)
        self.server.NotificationClosed.emit(number, 2)


def main() -> int:
    app = QCoreApplication(sys.argv)
    bus = QDBusConnection.sessionBus()
    root = QObject()
    server = Notifications(root, sys.argv[1])
    Control(root, server)
    if not (
        bus.registerObject(PATH, root) and bus.registerService("org.freedesktop.Notifications")
    ):
        print("cannot register on the bus", file=sys.stderr)
        return 1
    print("ready", flush=True)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
