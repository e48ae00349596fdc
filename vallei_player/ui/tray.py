"""Reminders: a tray icon that notifies at practice time, or an in-app banner without a tray.

Every minute the planner's reminders are read on the journal thread; a slot that became due
is announced once, in neutral words (in discreet mode without even saying what for), with
an offer to start.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from . import identity
from .context import AppContext
from .i18n import tr

CHECK_EVERY_MS = 60_000


class Reminders(QObject):
    """Announces due practice slots through the tray or, without one, through the banner."""

    def __init__(self, context: AppContext, window: Any) -> None:
        super().__init__()
        self.context = context
        self.window = window
        self.icon: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = QSystemTrayIcon(identity.icon(context.settings.values.discreet_mode), self)
            self.menu = QMenu()
            self.open_action = QAction(self.menu)
            self.start_action = QAction(self.menu)
            self.quit_action = QAction(self.menu)
            self.open_action.triggered.connect(window.bring_back)
            self.start_action.triggered.connect(self.start_now)
            self.quit_action.triggered.connect(window.quit)
            for action in (self.open_action, self.start_action, self.quit_action):
                self.menu.addAction(action)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.messageClicked.connect(self.start_now)
            self.icon.show()
        from .notifications import DesktopNotifications

        self.notifications = DesktopNotifications()
        self.notifications.start_requested.connect(self.start_now)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        context.language_changed.connect(self.retranslate)
        context.settings_changed.connect(
            lambda key: self.retranslate() if key == "discreet_mode" else None
        )
        self.retranslate()

    def available(self) -> bool:
        return self.icon is not None

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()

    def retranslate(self) -> None:
        if self.icon is None:
            return
        discreet = bool(self.context.settings.values.discreet_mode)
        self.icon.setIcon(identity.icon(discreet))
        self.icon.setToolTip(identity.display_name(discreet))
        self.open_action.setText(tr("Open"))
        self.start_action.setText(tr("Start now"))
        self.quit_action.setText(tr("Quit"))

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.window.bring_back()

    def hidden_to_tray(self) -> None:
        if self.icon is not None:
            self.icon.showMessage(
                tr("Still here"),
                tr("The app keeps running here, for your reminders."),
                QSystemTrayIcon.MessageIcon.NoIcon,
                4000,
            )

    # -- checking ---------------------------------------------------------------------------
    def check(self) -> None:
        program = self.context.program
        if (
            program is None
            or not self.context.journal_open
            or not self.context.settings.values.reminders
        ):
            return
        from ..core import practice

        def work(j: Any) -> Any:
            schedule = self.context.schedule_for(j, program)
            return practice.reminders(
                program, schedule, j.attempts(program.id), self.context.clock()
            )

        self.context.with_journal(work, self._announce)

    def _announce(self, found: Any) -> None:
        playback = self.context.playback
        if playback is not None and playback.active:
            return
        from datetime import timedelta

        from .notifications import slot_to_remind

        values = self.context.settings.values
        ahead = timedelta(minutes=values.remind_minutes_before)
        slot = slot_to_remind(found.due_now, self.context.clock(), ahead, values.reminded_slot)
        if slot is not None:  # once per slot, restarts included; never hours late
            self.context.set_setting("reminded_slot", slot.start.isoformat())
            self.notify()

    def notify(self) -> None:
        """Shows the reminder: a tray notification, or the banner when there is no tray."""
        discreet = self.context.settings.values.discreet_mode
        title = tr("Reminder") if discreet else tr("Time to practise")
        text = (
            tr("You planned something for now.")
            if discreet
            else tr("Your session is ready when you are. Take your time.")
        )
        if self.notifications.show(title, text, bool(discreet)):
            return  # the desktop's notification, with its Start now and Later buttons
        if self.icon is not None:
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.NoIcon, 15_000)
        else:
            self.window.banner.show_message(f"{title}. {text}", [(tr("Start now"), self.start_now)])

    def start_now(self) -> None:
        self.notifications.withdraw()
        self.window.bring_back()
        home = self.window.view("home")
        self.window.show_view("home")
        home._start()
