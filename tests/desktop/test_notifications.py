"""Reminders as desktop notifications (issue 15 item 6), on a private session bus with a
small notification server in its own process (tests/desktop/fake_notifications.py) that
writes down every call it gets.

The tiny course is planned Mon/Wed/Fri at 20:00 in Amsterdam; Wednesday 20:00 is the slot.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from uihelp import WEDNESDAY_2001

HERE = Path(__file__).resolve().parent
SERVER = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class FakeServer:
    def __init__(self, address: str, log: Path) -> None:
        self.log = log
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, QT_QPA_PLATFORM="offscreen")
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "fake_notifications.py"), str(log)],
            env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def calls(self, name: str = "Notify") -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        entries = [json.loads(line) for line in self.log.read_text("utf-8").splitlines()]
        return [e for e in entries if e["call"] == name]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture
def server(private_bus: Any, tmp_path: Path) -> Iterator[FakeServer]:
    fake = FakeServer(private_bus.address, tmp_path / "notifications.jsonl")
    yield fake
    fake.close()


@pytest.fixture
def reminding(make_app: Any, connection: Any, qtbot: Any) -> Any:
    """The app (no tray: offscreen has none) whose reminders go to the private bus."""
    from vallei_player.ui.notifications import DesktopNotifications

    def make(discreet: bool = False) -> Any:
        app = make_app(tray=True)
        app.context.set_setting("discreet_mode", discreet)
        qtbot.waitUntil(lambda: app.context.program is not None, timeout=5000)
        reminders = app.window.tray
        reminders.notifications = DesktopNotifications(connection)
        reminders.notifications.start_requested.connect(reminders.start_now)
        return app

    return make


def _at(app: Any, when: datetime) -> None:
    app.now[0] = when
    app.window.tray.check()


def test_a_due_slot_becomes_a_desktop_notification_with_two_buttons(
    reminding: Any, server: FakeServer, qtbot: Any
) -> None:
    app = reminding()
    _at(app, WEDNESDAY_2001)
    qtbot.waitUntil(lambda: len(server.calls()) == 1)
    sent = server.calls()[0]
    assert sent["summary"] == "Time to practise"
    assert sent["body"] == "Your session is ready when you are. Take your time."
    assert sent["actions"] == ["start", "Start now", "later", "Later"]
    assert sent["app_name"] == "Vallei Player"
    assert sent["app_icon"] == "vallei-player"
    assert sent["hints"] == {"desktop-entry": "vallei-player"}
    assert not app.window.banner.isVisibleTo(app.window)  # not shown twice


def test_in_discreet_mode_the_notification_names_no_app_and_shows_no_icon(
    reminding: Any, server: FakeServer, qtbot: Any
) -> None:
    app = reminding(discreet=True)
    _at(app, WEDNESDAY_2001)
    qtbot.waitUntil(lambda: len(server.calls()) == 1)
    sent = server.calls()[0]
    assert (sent["summary"], sent["body"]) == ("Reminder", "You planned something for now.")
    assert sent["app_name"] == "" and sent["app_icon"] == "" and sent["hints"] == {}
    assert "vallei" not in json.dumps(sent).lower()


def test_start_now_on_the_notification_starts_the_session(
    reminding: Any, server: FakeServer, private_bus: Any, qtbot: Any
) -> None:
    app = reminding()
    app.window.hide()  # in the tray, as at practice time
    _at(app, WEDNESDAY_2001)
    qtbot.waitUntil(lambda: len(server.calls()) == 1)
    number = str(server.calls()[0]["id"])
    private_bus.call(SERVER, PATH, "org.example.FakeNotifications.Press", number, "start")
    qtbot.waitUntil(lambda: app.window.playback.state in ("preparing", "playing"))
    assert app.window.isVisible() and app.window.current_view() == "player"


def test_later_starts_nothing_and_the_slot_is_not_reminded_again(
    reminding: Any, server: FakeServer, private_bus: Any, qtbot: Any
) -> None:
    app = reminding()
    _at(app, WEDNESDAY_2001)
    qtbot.waitUntil(lambda: len(server.calls()) == 1)
    number = str(server.calls()[0]["id"])
    private_bus.call(SERVER, PATH, "org.example.FakeNotifications.Press", number, "later")
    qtbot.wait(100)
    assert app.window.playback.state == "idle"
    for minute in (5, 10, 20):  # the timer's later checks
        _at(app, WEDNESDAY_2001.replace(minute=minute))
    qtbot.wait(100)
    assert len(server.calls()) == 1


def test_a_restarted_app_does_not_remind_of_the_same_slot_again(
    reminding: Any, server: FakeServer, qtbot: Any
) -> None:
    app = reminding()
    _at(app, WEDNESDAY_2001)
    qtbot.waitUntil(lambda: len(server.calls()) == 1)
    app.window.shutdown()
    again = reminding()  # the same data folder: the app started again (at login, say)
    _at(again, WEDNESDAY_2001.replace(minute=15))
    qtbot.wait(100)
    assert len(server.calls()) == 1


@pytest.mark.parametrize(
    ("woke_at", "reminded"),
    [
        (datetime(2026, 11, 18, 19, 29, tzinfo=UTC), True),  # 29 minutes late: still welcome
        (datetime(2026, 11, 18, 19, 31, tzinfo=UTC), False),  # half an hour gone
        (datetime(2026, 11, 18, 22, 0, tzinfo=UTC), False),  # woke three hours later
    ],
)
def test_a_reminder_missed_while_asleep_is_not_fired_late(
    reminding: Any, server: FakeServer, qtbot: Any, woke_at: datetime, reminded: bool
) -> None:
    app = reminding()
    _at(app, woke_at)  # the first check after the computer woke up
    qtbot.wait(150)
    assert len(server.calls()) == (1 if reminded else 0)
    assert app.window.banner.isVisibleTo(app.window) is False


def test_without_a_notification_server_the_reminder_falls_back_to_the_banner(
    reminding: Any, private_bus: Any
) -> None:
    app = reminding()  # a session bus, but nothing serves notifications on it
    _at(app, WEDNESDAY_2001)
    banner = app.window.banner
    assert banner.isVisibleTo(app.window)
    assert banner.text.text().startswith("Time to practise.")


def test_the_banner_too_is_not_shown_hours_late_nor_again_after_a_restart(
    make_app: Any, qtbot: Any
) -> None:
    """Where no notification server runs (no session bus at all here), the same rules."""
    app = make_app(tray=True)
    qtbot.waitUntil(lambda: app.context.program is not None, timeout=5000)
    _at(app, datetime(2026, 11, 18, 22, 0, tzinfo=UTC))  # 23:00 in Amsterdam: slept through
    assert not app.window.banner.isVisibleTo(app.window)
    _at(app, WEDNESDAY_2001)  # (the clock set back: the slot is due)
    assert app.window.banner.isVisibleTo(app.window)
    app.window.shutdown()
    again = make_app(tray=True)  # started again on the same data folder
    qtbot.waitUntil(lambda: again.context.program is not None, timeout=5000)
    _at(again, WEDNESDAY_2001.replace(minute=10))
    assert not again.window.banner.isVisibleTo(again.window)
